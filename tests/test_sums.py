"""The gradient from five sums is the gradient from every point, and the sums keep their digits.

Oracles: the per-point lesson loop ``gradient.gradient_and_loss``, exact
``fractions.Fraction`` arithmetic, and NIST's certified values for Norris.
"""

from __future__ import annotations

import csv
import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import REFERENCE_DATA
from hypothesis import given
from hypothesis import strategies as st

from gradstep import fit
from gradstep.checks import check_column
from gradstep.errors import GradstepError
from gradstep.fast.sums import LineSums, centred_sums, gradient_and_loss_from_sums, line_sums
from gradstep.gradient import gradient, gradient_and_loss

GRADIENT_NAMES = ("d_loss_d_weight", "d_loss_d_bias", "loss")


def exact_sums(xs: list[float], ys: list[float]) -> tuple[Fraction, ...]:
    """n's means and centred sums in exact rational arithmetic."""
    exact_xs = [Fraction(x) for x in xs]
    exact_ys = [Fraction(y) for y in ys]
    n = len(xs)
    mean_x = sum(exact_xs, Fraction(0)) / n
    mean_y = sum(exact_ys, Fraction(0)) / n
    sxx = sum(((x - mean_x) ** 2 for x in exact_xs), Fraction(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(exact_xs, exact_ys)), Fraction(0))
    syy = sum(((y - mean_y) ** 2 for y in exact_ys), Fraction(0))
    return mean_x, mean_y, sxx, sxy, syy


def exact_gradient_and_loss(
    weight: float, bias: float, xs: list[float], ys: list[float]
) -> tuple[Fraction, Fraction, Fraction]:
    errors = [Fraction(weight) * Fraction(x) + Fraction(bias) - Fraction(y) for x, y in zip(xs, ys)]
    n = len(xs)
    d_loss_d_weight = sum((2 * error * Fraction(x) for error, x in zip(errors, xs)), Fraction(0))
    d_loss_d_bias = sum((2 * error for error in errors), Fraction(0))
    loss = sum((error * error for error in errors), Fraction(0))
    return d_loss_d_weight / n, d_loss_d_bias / n, loss / n


def as_tuple(sums: LineSums) -> tuple[float, ...]:
    return sums.mean_x, sums.mean_y, sums.sxx, sums.sxy, sums.syy


# x in [1, 10], y in [-10, 10], weight in [-3, 3] and bias in [50, 100] make
# every error at least 50 - 30 - 10 = 10: the terms of each sum share one sign,
# so no sum cancels, and 1e-12 relative is a fair demand of both ways of
# computing it (each is good to about n * 1e-16 here).
points = st.lists(
    st.tuples(st.floats(min_value=1.0, max_value=10.0), st.floats(min_value=-10.0, max_value=10.0)),
    min_size=1,
    max_size=60,
)
weights = st.floats(min_value=-3.0, max_value=3.0)
biases = st.floats(min_value=50.0, max_value=100.0)


@given(points, weights, biases)
def test_gradient_from_sums_equals_the_per_point_gradient(
    data: list[tuple[float, float]], weight: float, bias: float
) -> None:
    xs = [x for x, _ in data]
    ys = [y for _, y in data]
    per_point = gradient_and_loss(weight, bias, xs, ys)
    from_sums = gradient_and_loss_from_sums(line_sums(xs, ys), weight, bias)
    for name, expected, actual in zip(
        ("d_loss_d_weight", "d_loss_d_bias", "loss"), per_point, from_sums
    ):
        assert math.isclose(actual, expected, rel_tol=1e-12), (name, actual, expected)


@given(points, weights, biases)
def test_gradient_from_sums_equals_exact_arithmetic(
    data: list[tuple[float, float]], weight: float, bias: float
) -> None:
    xs = [x for x, _ in data]
    ys = [y for _, y in data]
    exact = exact_gradient_and_loss(weight, bias, xs, ys)
    from_sums = gradient_and_loss_from_sums(line_sums(xs, ys), weight, bias)
    for name, expected, actual in zip(
        ("d_loss_d_weight", "d_loss_d_bias", "loss"), exact, from_sums
    ):
        assert math.isclose(actual, float(expected), rel_tol=1e-12), (name, actual, expected)


def test_sums_keep_their_digits_far_from_zero() -> None:
    # x ~ 1e12 with a spread of 1: the values have only about four digits
    # after the point, and a mean rounded to the nearest float is off by up to
    # half of one of them, which spoiled sxx in its eighth digit before the
    # correction of the corrected two-pass formula. Allow 1e-10 relative.
    generator = random.Random(41)
    xs = [1e12 + generator.uniform(0.0, 1.0) for _ in range(3000)]
    ys = [2.5 * x + generator.gauss(0.0, 1.0) for x in xs]
    for name, expected, actual in zip(
        ("mean_x", "mean_y", "sxx", "sxy", "syy"), exact_sums(xs, ys), as_tuple(line_sums(xs, ys))
    ):
        assert math.isclose(actual, float(expected), rel_tol=1e-10), (name, actual, expected)


def test_a_guess_far_from_the_mean_is_corrected() -> None:
    # Centred 10 spreads away from the mean, the correction costs about
    # 10**2 * 1e-16 in sxx; allow 1e-12 relative.
    generator = random.Random(7)
    xs = [generator.uniform(3.0, 5.0) for _ in range(500)]
    ys = [-1.5 * x + generator.gauss(0.0, 0.25) for x in xs]
    guessed = centred_sums(zip(xs, ys), len(xs), 4.0 + 10 * 0.58, -6.0 - 10 * 0.6)
    for name, expected, actual in zip(
        ("mean_x", "mean_y", "sxx", "sxy", "syy"), exact_sums(xs, ys), as_tuple(guessed)
    ):
        assert math.isclose(actual, float(expected), rel_tol=1e-12), (name, actual, expected)


def test_numbers_of_other_types_give_the_same_sums() -> None:
    floats = line_sums([1.5, 2.25, 7.0], [3.5, -4.75, 6.0])
    column_x = check_column([Fraction(3, 2), Decimal("2.25"), 7], "xs")
    column_y = check_column([3.5, Fraction(-19, 4), True * 6], "ys")
    mixed = line_sums(column_x.values, column_y.values, column_x.total, column_y.total)
    assert mixed == floats


def test_a_signalling_nan_decimal_gets_a_sentence() -> None:
    with pytest.raises(GradstepError, match=r"xs\[1\] is Decimal\('sNaN'\)"):
        check_column([1.0, Decimal("sNaN")], "xs")


def test_norris_keeps_nine_digits() -> None:
    path = REFERENCE_DATA / "nist_norris.csv"
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    result = fit([float(row["x"]) for row in rows], [float(row["y"]) for row in rows])
    for estimate, certified in (
        (result.weight, 1.00211681802045),
        (result.bias, -0.262323073774029),
    ):
        log_relative_error = -math.log10(abs(estimate - certified) / abs(certified))
        assert log_relative_error >= 9, (estimate, certified)


@given(points, weights, biases)
def test_the_lesson_loop_equals_the_point_by_point_chain_rule_exactly(
    data: list[tuple[float, float]], weight: float, bias: float
) -> None:
    # gradient_and_loss multiplies the 2 of d(loss)/d(error) = 2 * error in
    # once, after its loop; doubling is exact in floating point, so it must
    # agree to the last bit with ``gradient``, which applies the chain rule
    # point by point.
    xs = [x for x, _ in data]
    ys = [y for _, y in data]
    d_loss_d_weight, d_loss_d_bias, _ = gradient_and_loss(weight, bias, xs, ys)
    assert (d_loss_d_weight, d_loss_d_bias) == gradient(weight, bias, xs, ys)


def test_rounding_at_a_perfect_fit_is_no_divergence() -> None:
    # y = x exactly (no bias): at the bottom the three terms of the spread
    # cancel to rounding, which once rose from 6e-19 to 2e-17 between steps
    # and was taken for divergence (found by hypothesis in test_records).
    from gradstep.fit import fit_sums

    xs = ys = [1.0, 0.0, 0.0, 0.0, 0.0]
    rate = 0.56640625 * 5  # below the stable rate 2 / (2 * mean(x**2)) = 5
    result = fit_sums(line_sums(xs, ys), learning_rate=rate, steps=10, fit_bias=False)
    assert math.isclose(result.weight, 1.0, rel_tol=1e-8)
    # The exact loss at weight w is (w - 1)**2 / 5; from the sums, within their rounding.
    assert math.isclose(result.loss, (result.weight - 1) ** 2 / 5, abs_tol=1e-16)
    # Away from a perfect fit the loss is the exact one: the points (1, 1), (0, 0.5).
    _, _, loss = gradient_and_loss_from_sums(line_sums([1.0, 0.0], [1.0, 0.5]), 1.0, 0.0)
    assert loss == Fraction(1, 8)


def test_a_huge_weight_on_xs_without_spread_keeps_the_loss_finite() -> None:
    # weight**2 overflows, but sxx is 0; the loss is the exact mean square of
    # the errors (hypothesis found the nan in test_errors). Relative 1e-12.
    xs, ys, weight = [6.789230546562957e-92] * 2, [0.0, 1.8205739832083066e63], 1.34e154
    _, _, loss = gradient_and_loss_from_sums(line_sums(xs, ys), weight, 0.0)
    exact = sum((Fraction(weight) * Fraction(x) - Fraction(y)) ** 2 for x, y in zip(xs, ys)) / 2
    assert math.isclose(loss, float(exact), rel_tol=1e-12)
