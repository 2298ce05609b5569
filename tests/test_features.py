"""Many features: the chain rule per weight, the sums, and exact least squares.

Oracles: central differences; exact least squares from the normal equations
solved by Gaussian elimination on ``fractions.Fraction``; NIST's certified
Pontius values (LRE = number of correct significant digits).
"""

from __future__ import annotations

import csv
import json
import math
import random
from fractions import Fraction

import pytest
from conftest import REFERENCE_DATA, exact_feature_least_squares
from hypothesis import given
from hypothesis import strategies as st

import gradstep
from gradstep.derivatives import central_difference
from gradstep.errors import DivergenceError, GradstepError, NotANumberError
from gradstep.fast.feature_sums import feature_sums, gradient_and_loss_from_feature_sums, hessian
from gradstep.fast.sums import line_sums
from gradstep.further.curvature import hessian_eigenvalues
from gradstep.further.eigenvalues import symmetric_eigenvalues
from gradstep.further.features import gradient_and_loss, point_gradient
from gradstep.gradient import gradient_and_loss as line_gradient_and_loss
from gradstep.loss import mean_squared_error


def random_rows(seed: int, n: int, k: int) -> tuple[list[list[float]], list[float]]:
    generator = random.Random(seed)
    true_weights = [generator.uniform(-4.0, 4.0) for _ in range(k)]
    rows = [[generator.uniform(-5.0, 5.0) + 3.0 * j for j in range(k)] for _ in range(n)]
    ys = [
        sum(w * x for w, x in zip(true_weights, row)) + 2.7 + generator.gauss(0.0, 0.8)
        for row in rows
    ]
    return rows, ys


def test_point_gradient_against_central_differences() -> None:
    weights, bias, row, target = [1.3, -0.7, 2.1], 0.45, [2.5, -1.5, 0.75], 3.2
    d_loss_d_weights, d_loss_d_bias = point_gradient(weights, bias, row, target)

    def loss_at(values: list[float]) -> float:
        prediction = sum(w * x for w, x in zip(values[:3], row)) + values[3]
        return (prediction - target) ** 2

    values = [*weights, bias]
    for index, derivative in enumerate([*d_loss_d_weights, d_loss_d_bias]):

        def along(value: float, index: int = index) -> float:
            return loss_at([*values[:index], value, *values[index + 1 :]])

        assert math.isclose(derivative, central_difference(along, values[index]), rel_tol=1e-7)


def test_one_pass_gradient_is_the_mean_of_the_point_gradients() -> None:
    rows, ys = random_rows(1, n=9, k=3)
    weights, bias = [0.3, -1.2, 0.8], 1.7
    d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss(weights, bias, rows, ys)
    points = [point_gradient(weights, bias, row, y) for row, y in zip(rows, ys)]
    for j in range(3):
        expected = math.fsum(point[0][j] for point in points) / 9
        assert math.isclose(d_loss_d_weights[j], expected, rel_tol=1e-12)
    assert math.isclose(d_loss_d_bias, math.fsum(p[1] for p in points) / 9, rel_tol=1e-12)
    predictions = [sum(w * x for w, x in zip(weights, row)) + bias for row in rows]
    assert math.isclose(loss, mean_squared_error(predictions, ys), rel_tol=1e-12)


def test_one_feature_is_the_line_lesson() -> None:
    xs, ys = [1.5, -2.0, 3.25, 4.5], [2.0, -1.5, 7.0, 8.25]
    d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss([1.7], 0.3, [[x] for x in xs], ys)
    expected = line_gradient_and_loss(1.7, 0.3, xs, ys)
    assert math.isclose(d_loss_d_weights[0], expected[0], rel_tol=1e-14)
    assert math.isclose(d_loss_d_bias, expected[1], rel_tol=1e-14)
    assert math.isclose(loss, expected[2], rel_tol=1e-14)


def test_gradient_from_the_sums_equals_the_pass_over_the_rows() -> None:
    rows, ys = random_rows(2, n=25, k=4)
    sums = feature_sums(rows, ys)
    weights, bias = [0.9, -2.3, 1.1, 0.35], -0.6
    from_rows = gradient_and_loss(weights, bias, rows, ys)
    from_sums = gradient_and_loss_from_feature_sums(sums, weights, bias)
    for expected, got in zip(
        [*from_rows[0], from_rows[1], from_rows[2]], [*from_sums[0], from_sums[1], from_sums[2]]
    ):
        assert math.isclose(got, expected, rel_tol=1e-10, abs_tol=1e-12)


@pytest.mark.parametrize("seed", [3, 4, 5])
def test_default_fit_meets_exact_least_squares(seed: int) -> None:
    rows, ys = random_rows(seed, n=30, k=3)
    exact = exact_feature_least_squares(rows, ys)
    result = gradstep.fit_features(rows, ys, seed=seed)
    assert result.converged
    for got, expected in zip([*result.weights, result.bias], exact):
        assert math.isclose(got, expected, rel_tol=1e-10)


def test_explicit_textbook_loop_meets_exact_least_squares() -> None:
    rows, ys = random_rows(6, n=20, k=2)
    exact = exact_feature_least_squares(rows, ys)
    rate = 0.9 * gradstep.fit_features(rows, ys).stable_learning_rate
    result = gradstep.fit_features(rows, ys, learning_rate=rate)
    assert result.converged
    assert result.scaling is None
    for got, expected in zip([*result.weights, result.bias], exact):
        assert math.isclose(got, expected, rel_tol=1e-6)


def test_without_a_bias_meets_exact_least_squares() -> None:
    rows, ys = random_rows(7, n=15, k=2)
    exact = exact_feature_least_squares(rows, ys, fit_bias=False)
    result = gradstep.fit_features(rows, ys, fit_bias=False)
    assert result.bias == 0.0
    assert all(record.bias == 0.0 for record in result.history)
    for got, expected in zip(result.weights, exact):
        assert math.isclose(got, expected, rel_tol=1e-10)


def test_a_parabola_is_a_line_in_two_features() -> None:
    xs = [-2.5, -1.0, 0.5, 1.5, 3.0, 4.25]
    ys = [1.5 - 0.75 * x + 0.3 * x * x for x in xs]
    rows = gradstep.polynomial_features(xs, 2)
    assert rows[-1] == [4.25, 4.25**2]
    result = gradstep.fit_features(rows, ys)
    assert math.isclose(result.weights[0], -0.75, rel_tol=1e-10)
    assert math.isclose(result.weights[1], 0.3, rel_tol=1e-10)
    assert math.isclose(result.bias, 1.5, rel_tol=1e-10)
    assert math.isclose(result.predict([2.0, 4.0]), 1.5 - 1.5 + 1.2, rel_tol=1e-10)


def test_nist_pontius_certified_values() -> None:
    certified = json.loads((REFERENCE_DATA / "reference.json").read_text())["nist_pontius"]
    with (REFERENCE_DATA / "nist_pontius.csv").open() as handle:
        points = list(csv.DictReader(handle))
    xs = [float(point["x"]) for point in points]
    ys = [float(point["y"]) for point in points]
    result = gradstep.fit_features(gradstep.polynomial_features(xs, 2), ys)
    assert result.converged
    got = {"weight": result.weights[0], "weight_x2": result.weights[1], "bias": result.bias}
    for name, estimate in got.items():
        value = float(certified["certified"][name])
        lre = -math.log10(abs(estimate - value) / abs(value)) if estimate != value else 15.0
        print(f"Pontius {name}: LRE {lre:.1f}")
        assert lre >= 6, f"{name}: {estimate!r} against certified {value!r}, LRE {lre:.2f}"


def test_runs_are_reproducible_and_start_at_step_zero() -> None:
    rows, ys = random_rows(8, n=12, k=2)
    first = gradstep.fit_features(rows, ys, seed=3, steps=5)
    again = gradstep.fit_features(rows, ys, seed=3, steps=5)
    assert first.history == again.history
    assert [record.step for record in first.history] == [0, 1, 2, 3, 4, 5]
    assert first.steps == 5


def test_too_large_a_rate_diverges_with_a_clear_error() -> None:
    rows, ys = random_rows(9, n=12, k=2)
    with pytest.raises(DivergenceError, match="descent diverged at step"):
        gradstep.fit_features(rows, ys, learning_rate=0.5)


def test_bad_values_are_named_by_row_and_column() -> None:
    with pytest.raises(NotANumberError, match=r"rows\[2\]\[1\] \(row 2, column 1\) is the text"):
        gradstep.fit_features([[1, 2], [3, 4], [5, "x"], [7, 9]], [1, 2, 3, 4])
    with pytest.raises(GradstepError, match=r"rows\[0\]\[0\] \(row 0, column 0\) is nan"):
        gradstep.fit_features([[math.nan, 2], [3, 4], [5, 6], [7, 9]], [1, 2, 3, 4])
    with pytest.raises(GradstepError, match="Row 1 has 1 values but row 0 has 2"):
        gradstep.fit_features([[1, 2], [3], [5, 6]], [1, 2, 3])
    with pytest.raises(GradstepError, match="3 rows but 2 ys"):
        gradstep.fit_features([[1, 2], [3, 4], [5, 7]], [1, 2])
    with pytest.raises(GradstepError, match="give at least 3 rows"):
        gradstep.fit_features([[1, 2], [3, 4]], [1, 2])
    with pytest.raises(NotANumberError, match=r"rows\[1\] is 4, not a row"):
        gradstep.fit_features([[1], 4, [5]], [1, 2, 3])
    with pytest.raises(GradstepError, match=r"ys\[1\] is inf"):
        gradstep.fit_features([[1], [4], [5]], [1, math.inf, 3])


def test_undetermined_weights_are_refused() -> None:
    with pytest.raises(GradstepError, match=r"Feature 1 \(column 1\) has the value 7 in every row"):
        gradstep.fit_features([[1, 7], [2, 7], [4, 7], [5, 7]], [1, 2, 3, 4])
    with pytest.raises(GradstepError, match="linear combinations of each other"):
        gradstep.fit_features([[1, 2], [2, 4], [4, 8], [5, 10]], [1, 2, 3, 5])


def test_polynomial_degree_is_checked() -> None:
    with pytest.raises(GradstepError, match=r"degree is 1\.5"):
        gradstep.polynomial_features([1, 2], 1.5)  # type: ignore[arg-type]


def test_one_feature_curvatures_match_the_line_lesson() -> None:
    xs, ys = [1.5, 4.0, 6.5, 9.0, 12.5], [2.0, 3.0, 5.0, 4.0, 7.0]
    expected = hessian_eigenvalues(line_sums(xs, ys))
    got = symmetric_eigenvalues(hessian(feature_sums([[x] for x in xs], ys)))
    assert math.isclose(got[0], expected[0], rel_tol=1e-12)
    assert math.isclose(got[1], expected[1], rel_tol=1e-9)


def test_jacobi_eigenvalues_keep_trace_and_determinant() -> None:
    generator = random.Random(10)
    factor = [[generator.uniform(-2, 2) for _ in range(4)] for _ in range(4)]
    matrix = [
        [sum(factor[i][m] * factor[j][m] for m in range(4)) for j in range(4)] for i in range(4)
    ]
    eigenvalues = symmetric_eigenvalues(matrix)
    assert eigenvalues == sorted(eigenvalues, reverse=True)
    assert math.isclose(sum(eigenvalues), sum(matrix[i][i] for i in range(4)), rel_tol=1e-12)
    exact = [[Fraction(value) for value in row] for row in matrix]
    determinant = Fraction(1)
    for column in range(4):
        determinant *= exact[column][column]
        for r in range(column + 1, 4):
            factor_r = exact[r][column] / exact[column][column]
            exact[r] = [a - factor_r * b for a, b in zip(exact[r], exact[column])]
    assert math.isclose(math.prod(eigenvalues), determinant, rel_tol=1e-10)


MAX_FLOAT = 1.7976931348623157e308
_HUGE = st.one_of(
    st.floats(min_value=-MAX_FLOAT, max_value=MAX_FLOAT, allow_nan=False),
    st.sampled_from([MAX_FLOAT, -MAX_FLOAT, 2.0**1023, -(2.0**1023), 1e300, 1e155, 3.0, 0.0]),
)


@given(
    st.integers(1, 3).flatmap(
        lambda k: st.lists(st.lists(_HUGE, min_size=k, max_size=k), min_size=2, max_size=5)
    ),
    st.data(),
)
def test_huge_values_get_a_sentence_never_a_raw_exception(
    rows: list[list[float]], data: st.DataObject
) -> None:
    # fsum refuses totals past 1.8e308 with OverflowError or ValueError; fit_features
    # must turn every such input into a sentence (or a fit).
    ys = data.draw(st.lists(_HUGE, min_size=len(rows), max_size=len(rows)))
    fit_bias = data.draw(st.booleans())
    try:
        gradstep.fit_features(rows, ys, fit_bias=fit_bias)
    except (GradstepError, NotANumberError) as error:
        assert str(error).endswith(".")


@pytest.mark.parametrize(
    ("rows", "ys", "start", "row"),
    [
        ([[MAX_FLOAT], [0.0], [1.0]], [1.0, 2.0, 4.0], "The values of feature 0 (column 0)", 0),
        ([[1.0], [2.0], [3.0]], [2.0**1022, 2.0**1023, -(2.0**1023)], "The values of ys", 1),
        ([[1.0, 5.0], [2.0, 3.0], [3.0, -1e300]], [1.0, 2.0, 4.0], "The values of feature 1", 2),
    ],
)
def test_sums_past_the_largest_float_name_the_column_and_row(
    rows: list[list[float]], ys: list[float], start: str, row: int
) -> None:
    with pytest.raises(GradstepError) as caught:
        gradstep.fit_features(rows, ys)
    message = str(caught.value)
    assert message.startswith(start)
    assert "too large for a float to square" in message
    assert f"in row {row})" in message
    assert "Divide them by a power of ten" in message


def test_tiny_values_without_a_bias_are_refused_not_divided_by_zero() -> None:
    # The squares of 2.2e-311 underflow to 0, so the Hessian would be 0.
    tiny = -2.225073858507e-311
    with pytest.raises(GradstepError, match=r"too small for a float to square.*Multiply"):
        gradstep.fit_features([[tiny], [tiny]], [tiny, tiny], fit_bias=False)
