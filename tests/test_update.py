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


def test_adam_defaults_are_the_papers_betas_and_epsilon() -> None:
    # Adam written out again (Kingma and Ba, 2015): beta1 0.9, beta2 0.999, epsilon 1e-8.
    from gradstep.further.adam import adam_step

    value, first_moment, second_moment = 3.0, 0.0, 0.0
    expected_value, expected_first, expected_second = 3.0, 0.0, 0.0
    for step_number, derivative in enumerate([4.0, -1.5, 2.5], start=1):
        value, first_moment, second_moment = adam_step(
            value, first_moment, second_moment, derivative, step_number, learning_rate=0.1
        )
        expected_first = 0.9 * expected_first + 0.1 * derivative
        expected_second = 0.999 * expected_second + 0.001 * derivative**2
        corrected_first = expected_first / (1 - 0.9**step_number)
        corrected_second = expected_second / (1 - 0.999**step_number)
        expected_value -= 0.1 * corrected_first / (math.sqrt(corrected_second) + 1e-8)
        assert math.isclose(first_moment, expected_first, rel_tol=1e-12)
        assert math.isclose(second_moment, expected_second, rel_tol=1e-12)
        assert math.isclose(value, expected_value, rel_tol=1e-12)
