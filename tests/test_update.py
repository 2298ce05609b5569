"""Lesson 5, the update: new = old - learning_rate * derivative."""

from __future__ import annotations

import math
from fractions import Fraction

from conftest import bounded_floats
from hypothesis import given
from hypothesis import strategies as st

from gradstep.update import gradient_step


def test_gradient_step_by_hand() -> None:
    assert gradient_step(value=2.5, derivative=4.0, learning_rate=0.25) == 1.5
    assert gradient_step(value=-3.0, derivative=-6.0, learning_rate=0.75) == 1.5


@given(
    value=bounded_floats(1e6),
    derivative=bounded_floats(1e6),
    learning_rate=st.floats(min_value=1e-6, max_value=1.0),
)
def test_gradient_step_against_exact_fractions(
    value: float, derivative: float, learning_rate: float
) -> None:
    exact = Fraction(value) - Fraction(learning_rate) * Fraction(derivative)
    step = gradient_step(value, derivative, learning_rate)
    assert math.isclose(step, float(exact), rel_tol=1e-12, abs_tol=1e-9)


@given(value=bounded_floats(1e3), derivative=bounded_floats(1e3, min_magnitude=1e-3))
def test_a_step_moves_against_the_derivative(value: float, derivative: float) -> None:
    moved = gradient_step(value, derivative, 0.125)
    assert (moved - value) * derivative < 0
