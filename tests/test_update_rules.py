"""Momentum and Adam, checked against exact fractions and their closed forms."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep.errors import GradstepError
from gradstep.further.adam import adam_step
from gradstep.further.momentum import momentum_step
from gradstep.further.rules import RULES, Adam, Momentum, Plain, Updater, update_rule
from gradstep.update import gradient_step

finite = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)
nonzero = finite.filter(lambda value: abs(value) > 1e-3)


def test_momentum_step_against_exact_fractions() -> None:
    value, velocity, derivative, rate, beta = 2.75, -1.5, 3.25, 0.125, 0.375
    new_value, new_velocity = momentum_step(value, velocity, derivative, rate, beta)
    exact_velocity = Fraction(beta) * Fraction(velocity) + Fraction(derivative)
    exact_value = Fraction(value) - Fraction(rate) * exact_velocity
    # Dyadic inputs: every operation is exact in binary floating point.
    assert Fraction(new_velocity) == exact_velocity
    assert Fraction(new_value) == exact_value


@given(finite, finite, finite)
def test_momentum_with_beta_zero_is_plain_descent(
    value: float, derivative: float, rate: float
) -> None:
    new_value, _ = momentum_step(value, 123.0, derivative, rate, beta=0.0)
    assert new_value == gradient_step(value, derivative, rate)


def test_velocity_under_a_constant_gradient_is_a_geometric_sum() -> None:
    beta, derivative, steps = 0.7, 4.5, 12
    velocity = 0.0
    for _ in range(steps):
        _, velocity = momentum_step(0.0, velocity, derivative, 0.01, beta)
    expected = derivative * (1 - beta**steps) / (1 - beta)
    assert math.isclose(velocity, expected, rel_tol=1e-13)


def test_adam_step_against_the_equations_in_fractions() -> None:
    value, first, second, derivative, step_number = 1.25, 0.5, 0.75, -2.5, 3
    rate, beta1, beta2, epsilon = 0.05, 0.8, 0.95, 1e-6
    new_value, new_first, new_second = adam_step(
        value, first, second, derivative, step_number, rate, beta1, beta2, epsilon
    )
    b1, b2, grad = Fraction(beta1), Fraction(beta2), Fraction(derivative)
    exact_first = b1 * Fraction(first) + (1 - b1) * grad
    exact_second = b2 * Fraction(second) + (1 - b2) * grad * grad
    corrected_first = exact_first / (1 - b1**step_number)
    corrected_second = exact_second / (1 - b2**step_number)
    exact_value = Fraction(value) - Fraction(rate) * corrected_first / (
        Fraction(math.sqrt(corrected_second)) + Fraction(epsilon)
    )
    assert math.isclose(new_first, exact_first, rel_tol=1e-15)
    assert math.isclose(new_second, exact_second, rel_tol=1e-15)
    assert math.isclose(new_value, exact_value, rel_tol=1e-14)


@given(finite, nonzero, st.floats(min_value=1e-4, max_value=10.0))
def test_adams_first_step_is_the_rate_long_whatever_the_gradient(
    value: float, derivative: float, rate: float
) -> None:
    new_value, _, _ = adam_step(value, 0.0, 0.0, derivative, 1, rate, epsilon=0.0)
    assert math.isclose(abs(new_value - value), rate, rel_tol=1e-9, abs_tol=1e-9)
    assert (new_value < value) == (derivative > 0)


def test_bias_correction_makes_a_constant_gradient_look_constant() -> None:
    derivative, rate = 3.7, 0.02
    value, first, second = 5.0, 0.0, 0.0
    for step_number in range(1, 8):
        previous = value
        value, first, second = adam_step(
            value, first, second, derivative, step_number, rate, 0.9, 0.999, 0.0
        )
        # corrected_first = 3.7 and corrected_second = 3.7**2 at every step.
        assert math.isclose(previous - value, rate, rel_tol=1e-12)


def test_updaters_apply_the_lesson_to_every_number() -> None:
    values, gradient = [3.5, -1.25], [0.75, -2.5]
    momentum = Updater(Momentum(beta=0.6))
    first = momentum.step(values, gradient, 0.3)
    second = momentum.step(first, gradient, 0.3)
    for index in range(2):
        value, velocity = momentum_step(values[index], 0.0, gradient[index], 0.3, 0.6)
        value, velocity = momentum_step(value, velocity, gradient[index], 0.3, 0.6)
        assert second[index] == value
    adam = Updater(Adam(beta1=0.7, beta2=0.9))
    moved = adam.step(values, gradient, 0.1)
    for index in range(2):
        assert (
            moved[index] == adam_step(values[index], 0.0, 0.0, gradient[index], 1, 0.1, 0.7, 0.9)[0]
        )
    assert Updater(Plain()).step(values, gradient, 0.5) == [3.125, 0.0]


def test_update_rules_by_name_and_their_checks() -> None:
    assert update_rule("ADAM") == Adam()
    assert update_rule(Momentum(beta=0.5)) == Momentum(beta=0.5)
    with pytest.raises(
        GradstepError, match="The optimizer is 'nesterov', but gradstep knows"
    ) as raised:
        update_rule("nesterov")
    for rule in RULES:
        assert repr(rule.name) in str(raised.value)
    with pytest.raises(GradstepError, match=r"momentum beta is 1\.0"):
        update_rule(Momentum(beta=1.0))
    with pytest.raises(GradstepError, match=r"adam beta2 is -0\.5"):
        update_rule(Adam(beta2=-0.5))
    with pytest.raises(GradstepError, match="epsilon is nan"):
        update_rule(Adam(epsilon=math.nan))


def test_a_bad_beta_is_refused_in_full_when_the_rule_is_made() -> None:
    with pytest.raises(GradstepError) as raised:
        Momentum(beta=1.5)
    assert str(raised.value) == (
        "The momentum beta is 1.5, but it must be at least 0 and below 1 (0.9 is usual): "
        "it is the share of the past kept at each step."
    )


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_states_its_own_name_memory_and_default_rate(rule: type) -> None:
    # A rule that left these out would borrow another's (a subclass of Plain, say,
    # would take plain descent's rate): each must be written in the rule itself.
    for attribute in ("name", "fresh_memory", "default_rate", "moved"):
        assert attribute in vars(rule), f"{rule.__name__} does not define {attribute}"
    assert update_rule(rule.name) == rule()
    assert [other.name for other in RULES].count(rule.name) == 1


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_reaches_the_least_squares_line_at_its_default_rate(rule: type) -> None:
    # Full batch on Forbes' boiling points (a long, thin valley in the raw data),
    # learning rate left out: each rule must converge with its own default rate.
    # Oracle: statistics.linear_regression; tolerance relative 1e-9.
    from gradstep import fit
    from gradstep.datasets import forbes

    boiling, pressure = forbes()
    expected = statistics.linear_regression(boiling, pressure)
    result = fit(boiling, pressure, optimizer=rule.name, steps=3000)
    assert math.isclose(result.weight, expected.slope, rel_tol=1e-9)
    assert math.isclose(result.bias, expected.intercept, rel_tol=1e-9)
