"""Lesson 4, the gradient: against exact fractions, central differences and its meaning."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

from conftest import exact_least_squares, exact_loss, line_data
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep.gradient import gradient, gradient_and_loss, numerical_gradient, point_gradient
from gradstep.loss import mean_squared_error


def exact_gradient(
    weight: float, bias: float, xs: list[float], ys: list[float]
) -> tuple[Fraction, Fraction]:
    """d(loss)/d(weight) and d(loss)/d(bias), written out again in exact arithmetic."""
    errors = [Fraction(weight) * Fraction(x) + Fraction(bias) - Fraction(y) for x, y in zip(xs, ys)]
    n = len(xs)
    d_weight = sum(2 * error * Fraction(x) for error, x in zip(errors, xs)) / n
    d_bias = sum(2 * error for error in errors) / n
    return d_weight, d_bias


XS = [1.5, 4.0, -2.0, 7.0]
YS = [3.0, 11.0, -6.5, 16.0]
WEIGHT, BIAS = 2.25, -0.5


def test_point_gradient_by_hand() -> None:
    # x = 3, y = 5, weight 2.5, bias 1.5: error = 9 - 5 = 4; 2*4*3 and 2*4.
    assert point_gradient(weight=2.5, bias=1.5, x=3.0, target=5.0) == (24.0, 8.0)
    # A negative error: x = -1.5, y = 4, weight 3, bias 0.5: error = -8.
    assert point_gradient(weight=3.0, bias=0.5, x=-1.5, target=4.0) == (24.0, -16.0)


def test_gradient_against_exact_fractions() -> None:
    exact_weight, exact_bias = exact_gradient(WEIGHT, BIAS, XS, YS)
    d_weight, d_bias = gradient(WEIGHT, BIAS, XS, YS)
    assert math.isclose(d_weight, float(exact_weight), rel_tol=1e-14)
    assert math.isclose(d_bias, float(exact_bias), rel_tol=1e-14)


def test_gradient_and_loss_against_exact_fractions() -> None:
    exact_weight, exact_bias = exact_gradient(WEIGHT, BIAS, XS, YS)
    d_weight, d_bias, loss = gradient_and_loss(WEIGHT, BIAS, XS, YS)
    assert math.isclose(d_weight, float(exact_weight), rel_tol=1e-14)
    assert math.isclose(d_bias, float(exact_bias), rel_tol=1e-14)
    assert math.isclose(loss, float(exact_loss(WEIGHT, BIAS, XS, YS)), rel_tol=1e-14)


@given(line_data(), st.floats(min_value=-5, max_value=5), st.floats(min_value=-5, max_value=5))
def test_gradient_against_numerical_gradient(
    data: tuple[list[float], list[float]], weight: float, bias: float
) -> None:
    xs, ys = data
    d_weight, d_bias = gradient(weight, bias, xs, ys)
    numerical_weight, numerical_bias = numerical_gradient(weight, bias, xs, ys, h=1e-3)
    # The loss is quadratic, so the central difference is exact up to rounding of
    # losses of size up to about 1e5: absolute tolerance 1e-4.
    assert math.isclose(d_weight, numerical_weight, rel_tol=1e-6, abs_tol=1e-4)
    assert math.isclose(d_bias, numerical_bias, rel_tol=1e-6, abs_tol=1e-4)


@given(line_data(), st.floats(min_value=-5, max_value=5), st.floats(min_value=-5, max_value=5))
def test_one_pass_equals_the_lesson_functions(
    data: tuple[list[float], list[float]], weight: float, bias: float
) -> None:
    xs, ys = data
    d_weight, d_bias, loss = gradient_and_loss(weight, bias, xs, ys)
    lesson_weight, lesson_bias = gradient(weight, bias, xs, ys)
    lesson_loss = mean_squared_error([weight * x + bias for x in xs], ys)
    # The same operations in the same order: equal to the last bit, not only close.
    assert (d_weight, d_bias, loss) == (lesson_weight, lesson_bias, lesson_loss)


def test_numerical_gradient_against_exact_fractions() -> None:
    exact_weight, exact_bias = exact_gradient(WEIGHT, BIAS, XS, YS)
    numerical_weight, numerical_bias = numerical_gradient(WEIGHT, BIAS, XS, YS)
    assert math.isclose(numerical_weight, float(exact_weight), rel_tol=1e-7)
    assert math.isclose(numerical_bias, float(exact_bias), rel_tol=1e-7)


@given(line_data(limit=50.0))
def test_gradient_is_zero_at_the_least_squares_answer(
    data: tuple[list[float], list[float]],
) -> None:
    xs, ys = data
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    d_weight, d_bias = gradient(float(exact_weight), float(exact_bias), xs, ys)
    # Rounding the answer to floats leaves a gradient of order eps * sum(|x| * |y|).
    scale = sum(abs(x) * (abs(x) + abs(y) + 1) for x, y in zip(xs, ys)) / len(xs)
    assert abs(d_weight) <= 1e-12 * scale
    assert abs(d_bias) <= 1e-12 * scale


@given(line_data(limit=50.0))
def test_statistics_answer_has_zero_gradient(data: tuple[list[float], list[float]]) -> None:
    xs, ys = data
    slope, intercept = statistics.linear_regression(xs, ys)
    d_weight, d_bias = gradient(slope, intercept, xs, ys)
    scale = sum(abs(x) * (abs(x) + abs(y) + 1) for x, y in zip(xs, ys)) / len(xs)
    assert abs(d_weight) <= 1e-9 * scale
    assert abs(d_bias) <= 1e-9 * scale


@given(line_data(limit=20.0), st.floats(min_value=-5, max_value=5), st.floats(-5, 5))
def test_one_small_step_against_the_gradient_lowers_the_loss(
    data: tuple[list[float], list[float]], weight: float, bias: float
) -> None:
    xs, ys = data
    d_weight, d_bias, loss = gradient_and_loss(weight, bias, xs, ys)
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    # Only where the line is measurably away from the bottom can a step show.
    assume(exact_loss(weight, bias, xs, ys) - exact_loss(exact_weight, exact_bias, xs, ys) >= 1e-6)
    # Below 1 / (largest curvature) every step lowers the loss; the curvature is
    # at most 2 * mean(x**2 + 1).
    curvature_bound = 2 * sum(x * x + 1 for x in xs) / len(xs)
    learning_rate = 0.5 / curvature_bound
    new_weight = weight - learning_rate * d_weight
    new_bias = bias - learning_rate * d_bias
    assert exact_loss(new_weight, new_bias, xs, ys) < exact_loss(weight, bias, xs, ys)
    assert gradient_and_loss(new_weight, new_bias, xs, ys)[2] < loss
