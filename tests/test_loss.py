"""Lesson 1, the loss: checked against exact fractions and its defining properties."""

from __future__ import annotations

import math
from fractions import Fraction

from conftest import bounded_floats, exact_loss
from hypothesis import given
from hypothesis import strategies as st

from gradstep.loss import error, mean_squared_error, squared_error


def test_error_is_prediction_minus_target() -> None:
    assert error(prediction=7.25, target=3.0) == 4.25
    assert error(prediction=3.0, target=7.25) == -4.25


def test_squared_error_squares_the_error() -> None:
    assert squared_error(-3.5) == 12.25
    assert squared_error(0.75) == 0.5625


def test_mean_squared_error_is_a_plain_mean_with_no_half() -> None:
    # Errors 1.5, -2.5 and 3: squares 2.25 + 6.25 + 9 = 17.5, mean 17.5 / 3.
    # A hidden 1/2 would give 17.5 / 6, a sum 17.5, a mean of errors 2/3.
    loss = mean_squared_error([4.5, 2.5, 10.0], [3.0, 5.0, 7.0])
    assert math.isclose(loss, 17.5 / 3, rel_tol=1e-15)


@given(st.lists(st.tuples(bounded_floats(1e6), bounded_floats(1e6)), min_size=1, max_size=20))
def test_mean_squared_error_matches_exact_fractions(pairs: list[tuple[float, float]]) -> None:
    predictions = [prediction for prediction, _ in pairs]
    targets = [target for _, target in pairs]
    exact = sum((Fraction(p) - Fraction(t)) ** 2 for p, t in pairs) / len(pairs)
    loss = mean_squared_error(predictions, targets)
    assert loss >= 0
    assert math.isclose(loss, float(exact), rel_tol=1e-12, abs_tol=1e-300)


@given(st.lists(st.tuples(bounded_floats(1e6), bounded_floats(1e6)), min_size=1, max_size=20))
def test_loss_is_never_negative(pairs: list[tuple[float, float]]) -> None:
    assert mean_squared_error([p for p, _ in pairs], [t for _, t in pairs]) >= 0


@given(
    weight=st.integers(min_value=-50, max_value=50).map(lambda k: k / 4),
    bias=st.integers(min_value=-200, max_value=200).map(lambda k: k / 8),
    xs=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=1, max_size=15),
)
def test_loss_is_exactly_zero_on_collinear_data_at_the_true_line(
    weight: float, bias: float, xs: list[int]
) -> None:
    # Quarters, eighths and small integers: every product and sum is exact in a float.
    ys = [weight * x + bias for x in xs]
    predictions = [weight * x + bias for x in xs]
    assert mean_squared_error(predictions, ys) == 0.0
    assert exact_loss(weight, bias, xs, ys) == 0


def test_loss_of_a_line_against_exact_arithmetic() -> None:
    xs, ys = [1.5, 4.0, -2.0, 7.0], [3.0, 11.0, -6.5, 16.0]
    weight, bias = 2.25, -0.5
    predictions = [weight * x + bias for x in xs]
    assert math.isclose(
        mean_squared_error(predictions, ys), float(exact_loss(weight, bias, xs, ys)), rel_tol=1e-15
    )
