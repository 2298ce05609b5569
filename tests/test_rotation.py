"""The bowl's axes, the digits the sums lose, and honest answers beyond a float.

Oracles: exact least squares from the normal equations in ``fractions.Fraction``;
exact gradients in fractions; central differences; NIST's certified Pontius values.
LRE = number of correct significant digits, -log10(|estimate - exact| / |exact|).
"""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import bounded_floats, exact_feature_least_squares, run_example
from hypothesis import given
from hypothesis import strategies as st

import gradstep
from gradstep.datasets import nist
from gradstep.derivatives import central_difference
from gradstep.errors import GradstepError
from gradstep.further.eigenvalues import symmetric_eigen
from gradstep.further.features import gradient_and_loss
from gradstep.further.refinement import errors_from_rows, gradient_from_rows, split_rows
from gradstep.further.rotation import Axes, bowl_axes

COEFFICIENTS = (7, -3, 5, -2, 1, -1, 1)


def lre(estimate: float, exact: Fraction) -> float:
    error = abs(Fraction(estimate) - exact)
    if error == 0:
        return math.inf
    return -math.log10(error / abs(exact)) if exact != 0 else -math.log10(error)


def smallest_lre(result: gradstep.FeaturesResult, exact: list[Fraction]) -> float:
    return min(lre(value, truth) for value, truth in zip([*result.weights, result.bias], exact))


def polynomial(degree: int, noisy: bool) -> tuple[list[list[float]], list[float]]:
    """x = 0..20 and y = 7 - 3x + 5x**2 - ... exactly, or with a fixed pattern of noise."""
    xs = list(range(21))
    ys = [float(sum(c * x**j for j, c in enumerate(COEFFICIENTS[: degree + 1]))) for x in xs]
    if noisy:
        ys = [y + (3.0 if i % 3 == 0 else -1.5) for i, y in enumerate(ys)]
    return gradstep.polynomial_features(xs, degree), ys


def near_collinear(gap: float, seed: int = 7) -> tuple[list[list[float]], list[float]]:
    """Six predictors, two of them sums of others up to a small gap, as in economic data."""
    generator = random.Random(seed)
    rows = []
    for year in range(1947, 1963):
        a, b = generator.randint(100, 200), generator.randint(50, 90)
        rows.append(
            [
                a,
                b,
                a + b + generator.randint(-9, 9) * gap,
                generator.randint(0, 50),
                year,
                2 * a - b + generator.randint(-9, 9) * gap,
            ]
        )
    ys = [
        3 * r[0] - 2 * r[1] + 5 * r[2] + r[3] - 7 * r[4] + 11 * r[5] + generator.randint(-8, 8) / 8
        for r in rows
    ]
    return [[float(x) for x in row] for row in rows], ys


# --- the eigenvalue routine -------------------------------------------------------------


def test_random_nine_by_nine_matrices_converge_in_few_sweeps() -> None:
    generator = random.Random(11)
    for _ in range(100):
        matrix = [[0.0] * 9 for _ in range(9)]
        for i in range(9):
            for j in range(i, 9):
                matrix[i][j] = matrix[j][i] = generator.uniform(-1.0, 1.0)
        eigen = symmetric_eigen(matrix)
        assert eigen.sweeps <= 10
        assert math.isclose(sum(eigen.values), sum(matrix[i][i] for i in range(9)), abs_tol=1e-12)
        for value, vector in zip(eigen.values, eigen.vectors):
            stretched = [math.fsum(a * v for a, v in zip(row, vector)) for row in matrix]
            for got, expected in zip(stretched, vector):
                assert math.isclose(got, value * expected, abs_tol=1e-12)
            assert math.isclose(math.fsum(v * v for v in vector), 1.0, rel_tol=1e-13)


def test_entries_near_1e154_do_not_overflow() -> None:
    for size in (1e154, 1e-154):
        eigen = symmetric_eigen([[2 * size, size], [size, 2 * size]])
        assert math.isclose(eigen.values[0], 3 * size, rel_tol=1e-14)
        assert math.isclose(eigen.values[1], size, rel_tol=1e-14)


def test_features_near_1e77_fit_to_exact_least_squares() -> None:
    rows = [[x * 1e77, (x * x % 7) * 1e77] for x in (1.0, 2.5, 4.0, 5.5, 7.0, 8.5)]
    ys = [3.0, 4.5, 2.25, 8.0, 6.5, 9.75]
    exact = exact_feature_least_squares(rows, ys)
    result = gradstep.fit_features(rows, ys)
    assert result.converged
    assert smallest_lre(result, exact) >= 9


def test_spreads_a_float_cannot_square_are_refused_with_a_sentence() -> None:
    tiny = [[1e-160, 2.0], [3e-160, 1.0], [2e-160, 5.0], [5e-160, 4.0]]
    with pytest.raises(GradstepError) as caught:
        gradstep.fit_features(tiny, [1.0, 2.0, 3.0, 5.0])
    assert str(caught.value) == (
        "The values of feature 0 (column 0) differ by amounts too small for a float to square "
        "(the mean of their squared deviations comes out as 2.19e-320). Multiply them by a "
        "power of ten, such as 1e150, and scale the answer back."
    )
    huge = [[1e160, 2.0], [3e160, 1.0], [2e160, 5.0], [5e160, 4.0]]
    with pytest.raises(GradstepError, match=r"feature 0 \(column 0\) are too large for a float"):
        gradstep.fit_features(huge, [1.0, 2.0, 3.0, 5.0])


# --- the rotation lesson -----------------------------------------------------------------


@given(st.integers(min_value=0, max_value=10**6))
def test_one_step_along_the_axes_lands_on_the_bottom(seed: int) -> None:
    # loss(p) = p . A . p - 2 b . p, Hessian H = 2A, bottom where A p = b (solved exactly).
    generator = random.Random(seed)
    factor = [[generator.uniform(-2.0, 2.0) for _ in range(3)] for _ in range(3)]
    matrix = [
        [math.fsum(factor[i][m] * factor[j][m] for m in range(3)) + (i == j) for j in range(3)]
        for i in range(3)
    ]
    target = [generator.uniform(-5.0, 5.0) for _ in range(3)]
    point = [generator.uniform(-5.0, 5.0) for _ in range(3)]
    gradient = [
        2 * math.fsum(a * p for a, p in zip(row, point)) - 2 * b for row, b in zip(matrix, target)
    ]
    axes = bowl_axes([[2 * value for value in row] for row in matrix])
    landed = [p + m for p, m in zip(point, axes.move(gradient))]
    bottom = exact_least_squares_system(matrix, target)
    for got, expected in zip(landed, bottom):
        assert math.isclose(got, expected, rel_tol=1e-8, abs_tol=1e-8)


def exact_least_squares_system(matrix: list[list[float]], target: list[float]) -> list[float]:
    system = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(matrix, target)]
    size = len(system)
    for column in range(size):
        for r in range(size):
            if r != column:
                factor = system[r][column] / system[column][column]
                system[r] = [a - factor * b for a, b in zip(system[r], system[column])]
    return [float(system[i][size] / system[i][i]) for i in range(size)]


def test_slopes_along_the_axes_are_the_chain_rule() -> None:
    axes = Axes((9.0, 1.5), ((0.6, 0.8), (-0.8, 0.6)))

    def loss(p: list[float]) -> float:
        return 3.0 * p[0] ** 2 + 1.25 * p[0] * p[1] + 2.0 * p[1] ** 2 - 4.0 * p[1]

    point = [0.7, -1.3]
    gradient = [6.0 * point[0] + 1.25 * point[1], 1.25 * point[0] + 4.0 * point[1] - 4.0]
    along = axes.to_axes(point)
    slopes = axes.gradient_along_axes(gradient)
    for i in range(2):

        def along_i(z: float, i: int = i) -> float:
            return loss(axes.from_axes([z if m == i else along[m] for m in range(2)]))

        assert math.isclose(slopes[i], central_difference(along_i, along[i]), rel_tol=1e-7)


# --- the gradient from the rows ----------------------------------------------------------


def test_gradient_from_rows_keeps_the_digits_plain_sums_lose() -> None:
    rows, ys = polynomial(6, noisy=True)
    weights = [-3.000000001, 5.0, -2.0, 1.0, -1.0, 1.0000000003]
    bias = 7.25
    exact_errors = [
        sum((Fraction(w) * Fraction(x) for w, x in zip(weights, row)), Fraction(bias)) - Fraction(y)
        for row, y in zip(rows, ys)
    ]
    exact = [
        sum(2 * e * Fraction(row[j]) for e, row in zip(exact_errors, rows)) / 21 for j in range(6)
    ]
    exact.append(sum(2 * e for e in exact_errors) / 21)
    d_loss_d_weights, d_loss_d_bias, _ = gradient_from_rows(split_rows(rows, ys), weights, bias)
    for got, expected in zip([*d_loss_d_weights, d_loss_d_bias], exact):
        assert abs(Fraction(got) - expected) <= abs(expected) * Fraction(1, 10**15)
    rounded, remainders = errors_from_rows(split_rows(rows, ys), weights, bias)
    for high, low, expected in zip(rounded, remainders, exact_errors):
        assert abs(Fraction(high) + Fraction(low) - expected) <= abs(expected) * Fraction(1, 10**30)
    plain = gradient_and_loss(weights, bias, rows, ys)[0]
    assert max(abs(Fraction(g) - e) / abs(e) for g, e in zip(plain, exact)) > 1e-14


@st.composite
def rows_and_weights(
    draw: st.DrawFn,
) -> tuple[list[list[float]], list[float], list[float], float]:
    k = draw(st.integers(min_value=1, max_value=3))
    n = draw(st.integers(min_value=1, max_value=8))
    # Below about 1e-100 products of these sink toward the subnormal floats (under
    # 2.2e-308), where a rounding is absolute, not 2**-52 of the answer: such
    # values become 0, as the line's strategies do (conftest.line_data).
    value = bounded_floats(1e6).map(lambda v: 0.0 if abs(v) < 1e-100 else v)
    coefficient = bounded_floats(1e3).map(lambda v: 0.0 if abs(v) < 1e-100 else v)
    rows = draw(st.lists(st.lists(value, min_size=k, max_size=k), min_size=n, max_size=n))
    ys = draw(st.lists(value, min_size=n, max_size=n))
    weights = draw(st.lists(coefficient, min_size=k, max_size=k))
    return rows, ys, weights, draw(coefficient)


@given(rows_and_weights())
def test_gradient_from_rows_is_exact_but_for_one_rounding(
    data: tuple[list[list[float]], list[float], list[float], float],
) -> None:
    rows, ys, weights, bias = data
    n = len(rows)
    errors = [
        sum((Fraction(w) * Fraction(x) for w, x in zip(weights, row)), Fraction(bias)) - Fraction(y)
        for row, y in zip(rows, ys)
    ]
    columns = [[Fraction(x) for x in column] for column in zip(*rows)]
    exact = [sum(2 * e * x for e, x in zip(errors, column)) / n for column in columns]
    exact.append(sum(2 * e for e in errors) / n)
    sizes = [sum(abs(2 * e * x) for e, x in zip(errors, column)) / n for column in columns]
    sizes.append(sum(abs(2 * e) for e in errors) / n)
    d_loss_d_weights, d_loss_d_bias, _ = gradient_from_rows(split_rows(rows, ys), weights, bias)
    # One rounding of the answer (2**-52 of it), and rounding far below it in the parts.
    for got, expected, size in zip([*d_loss_d_weights, d_loss_d_bias], exact, sizes):
        assert abs(Fraction(got) - expected) <= abs(expected) / 2**52 + size / 2**95


@given(st.lists(bounded_floats(1e15), min_size=1, max_size=6), bounded_floats(1e15))
def test_deviations_from_a_centre_are_kept_exactly(values: list[float], centre: float) -> None:
    data = split_rows([[value] for value in values], [0.0] * len(values), centres=[centre])
    for value, deviation, lost, high, low in zip(
        values, data.deviations[0], data.remainders[0], data.highs[0], data.lows[0]
    ):
        assert Fraction(deviation) + Fraction(lost) == Fraction(value) - Fraction(centre)
        assert high + low == deviation


# --- the goal: 9 digits with the defaults ----------------------------------------------


@pytest.mark.parametrize("noisy", [False, True])
@pytest.mark.parametrize("degree", [1, 2, 3, 4, 5, 6])
def test_polynomials_up_to_degree_6_reach_9_digits(degree: int, noisy: bool) -> None:
    rows, ys = polynomial(degree, noisy)
    exact = exact_feature_least_squares(rows, ys)
    if not noisy:
        assert exact == [*COEFFICIENTS[1 : degree + 1], COEFFICIENTS[0]]
    result = gradstep.fit_features(rows, ys)
    assert result.converged, result.note
    assert smallest_lre(result, exact) >= 9


def test_nist_pontius_reaches_9_digits_on_every_coefficient() -> None:
    pontius = nist("pontius")
    result = gradstep.fit_features(gradstep.polynomial_features(pontius.xs, 2), pontius.ys)
    assert result.converged
    fitted = {"weight": result.weights[0], "weight_x2": result.weights[1], "bias": result.bias}
    for name, value in fitted.items():
        certified = Fraction(pontius.certified[name])
        assert lre(value, certified) >= 9, f"{name}: {value!r} against {certified}"


@pytest.mark.parametrize("gap", [1 / 1024, 2.0**-20])
def test_near_collinear_predictors_reach_9_digits(gap: float) -> None:
    rows, ys = near_collinear(gap)
    exact = exact_feature_least_squares(rows, ys)
    result = gradstep.fit_features(rows, ys)
    assert result.condition_number > 1e8
    assert result.converged, result.note
    assert smallest_lre(result, exact) >= 9


@pytest.mark.parametrize("offset", [1e9, 1e12, 1e15])
def test_features_far_from_zero_reach_9_digits(offset: float) -> None:
    # Timestamps, say: a spread of 15 about 1e12. The slope along each standardised
    # feature is a small difference of large sums; the rows give it exactly.
    generator = random.Random(3)
    rows = [
        [offset + generator.randint(0, 1000) / 64, offset / 2 + generator.randint(0, 1000) / 64]
        for _ in range(30)
    ]
    ys = [2 * r[0] - 3 * r[1] + generator.randint(-50, 50) / 16 for r in rows]
    exact = exact_feature_least_squares(rows, ys)
    result = gradstep.fit_features(rows, ys)
    assert result.converged, result.note
    assert smallest_lre(result, exact) >= 9


# --- honest beyond float -----------------------------------------------------------------


def test_degree_10_on_a_narrow_range_says_it_cannot_be_trusted() -> None:
    xs = [1 + i / 40 for i in range(41)]
    result = gradstep.fit_features(gradstep.polynomial_features(xs, 10), [math.sin(x) for x in xs])
    assert not result.converged
    assert result.condition_number >= 1e15
    assert "too thin a valley for a float" in result.note
    assert "Centre and scale x" in result.note
    assert f"{result.condition_number:.3g} times steeper" in result.note


def test_collinear_to_the_last_digits_is_not_converged() -> None:
    rows, ys = near_collinear(2.0**-30)
    result = gradstep.fit_features(rows, ys)
    assert not result.converged
    assert "cannot be trusted" in result.note


def test_exactly_collinear_columns_are_named() -> None:
    generator = random.Random(3)
    rows = []
    for _ in range(12):
        a, b = generator.randint(1, 50), generator.randint(1, 50)
        rows.append([float(a), float(b), float(a + 2 * b)])
    ys = [generator.uniform(0, 10) for _ in rows]
    with pytest.raises(GradstepError) as caught:
        gradstep.fit_features(rows, ys)
    message = str(caught.value)
    assert message.startswith("The features are linear combinations of each other: column ")
    named = message.split(": ", 1)[1].split(" in every row")[0]
    # The relation it names holds in every row.
    left, right = named.split(" = ")
    column = int(left.removeprefix("column "))
    terms = [term.split(" * column ") for term in right.split(" + ")]
    for row in rows:
        rebuilt = sum(float(factor) * row[int(j)] for factor, j in terms)
        assert math.isclose(rebuilt, row[column], rel_tol=1e-5)
    assert {int(j) for _, j in terms} | {column} == {0, 1, 2}


@st.composite
def feature_data(draw: st.DrawFn) -> tuple[list[list[float]], list[float]]:
    k = draw(st.integers(min_value=1, max_value=4))
    n = draw(st.integers(min_value=k + 2, max_value=12))
    cell = st.integers(min_value=-60, max_value=60).map(lambda v: v / 4)
    rows = draw(st.lists(st.lists(cell, min_size=k, max_size=k), min_size=n, max_size=n))
    ys = draw(st.lists(cell, min_size=n, max_size=n))
    return rows, ys


@given(feature_data(), st.integers(min_value=0, max_value=1000), st.booleans())
def test_converged_means_at_least_9_digits(
    data: tuple[list[list[float]], list[float]], seed: int, textbook: bool
) -> None:
    rows, ys = data
    try:
        result = gradstep.fit_features(rows, ys, seed=seed)
        if textbook:
            # The textbook loop at 0.9 of the stable rate, until converged or 10,000 steps.
            rate = 0.9 * result.stable_learning_rate
            result = gradstep.fit_features(rows, ys, seed=seed, learning_rate=rate)
    except GradstepError:
        return  # constant or collinear columns: refused with a sentence, tested above
    if result.converged:
        exact = exact_feature_least_squares(rows, ys)
        scale = 1 + max(abs(y) for y in ys)
        for value, truth in zip([*result.weights, result.bias], exact):
            error = abs(Fraction(value) - truth)
            assert error <= Fraction(1, 10**9) * abs(truth) + Fraction(1, 10**12) * scale


def test_example_14_draws_the_valley_before_and_after(tmp_path: Path) -> None:
    completed = run_example("14_rotation.py", str(tmp_path / "pictures"), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "What to notice:" in completed.stdout
    assert "converged True" in completed.stdout
    drawing = ET.fromstring((tmp_path / "pictures" / "valley.svg").read_text(encoding="utf-8"))
    assert len(drawing.findall("{http://www.w3.org/2000/svg}svg")) == 2
