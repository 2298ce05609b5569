"""Lesson 2, derivatives: every rule-based derivative against a central difference."""

from __future__ import annotations

import math

from conftest import bounded_floats
from hypothesis import given
from hypothesis import strategies as st

from gradstep.derivatives import central_difference, d_squared_error_d_error, power_rule
from gradstep.loss import squared_error


def test_power_rule_by_hand() -> None:
    assert power_rule(2.5, 3) == 18.75  # 3 * 2.5**2
    assert power_rule(3.0, 4) == 108.0  # 4 * 3**3
    assert power_rule(4.0, 0.5) == 0.25  # 0.5 * 4**-0.5


@given(
    x=st.floats(min_value=0.1, max_value=10.0),
    n=st.sampled_from([-3, -1, 0.5, 1.5, 3, 4, 5]),
)
def test_power_rule_against_central_difference(x: float, n: float) -> None:
    h = 1e-5 * x
    measured = central_difference(lambda value: value**n, x, h)
    assert math.isclose(power_rule(x, n), measured, rel_tol=1e-6, abs_tol=1e-9)


def test_squared_error_derivative_is_the_power_rule_at_two() -> None:
    assert d_squared_error_d_error(3.25) == 6.5
    assert d_squared_error_d_error(-1.75) == -3.5


@given(bounded_floats(1e4))
def test_squared_error_derivative_against_central_difference(error: float) -> None:
    measured = central_difference(squared_error, error, 1e-3)
    # For a square the central difference is exact up to rounding of the nudged values.
    assert math.isclose(d_squared_error_d_error(error), measured, rel_tol=1e-6, abs_tol=1e-6)


def test_central_difference_formula_with_a_given_step() -> None:
    # For x**3 the central difference is 3*x**2 + h**2 exactly: 18.75 + 0.01.
    assert math.isclose(central_difference(lambda x: x**3, 2.5, 0.1), 18.76, rel_tol=1e-12)


def test_central_difference_default_step_is_small() -> None:
    # With the default h the h**2 term of x**3 must vanish below 1e-9.
    assert math.isclose(central_difference(lambda x: x**3, 2.5), 18.75, rel_tol=1e-9)


@given(st.floats(min_value=-3.0, max_value=3.0))
def test_central_difference_of_sine_is_cosine(x: float) -> None:
    assert math.isclose(central_difference(math.sin, x), math.cos(x), rel_tol=1e-6, abs_tol=1e-8)


def test_central_difference_default_step_is_one_millionth() -> None:
    # At x = 0 the central difference of x**3 is exactly h**2: the step itself shows.
    assert math.isclose(central_difference(lambda x: x**3, 0.0), 1e-12, rel_tol=1e-9)
