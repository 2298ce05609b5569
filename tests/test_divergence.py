"""Divergence, diagnosed: a too-large rate stops at once with the stable rate named."""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import read_nist
from hypothesis import given
from hypothesis import strategies as st

from gradstep import DivergenceError, GradstepError, fit
from gradstep.errors import divergence_error


def test_norris_with_a_raw_rate_of_1e_minus_5_diverges(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    xs, ys = read_nist(reference_data, "nist_norris.csv")
    stable = float(reference["nist_norris"]["conditioning"]["max_stable_lr_2x2"])
    with pytest.raises(DivergenceError) as raised:
        fit(xs, ys, learning_rate=1e-5, steps=1000)
    problem = raised.value
    assert isinstance(problem, GradstepError)
    assert isinstance(problem, ValueError)
    assert problem.learning_rate == 1e-5
    assert math.isclose(problem.stable_learning_rate, stable, rel_tol=1e-6)
    message = str(problem)
    assert "1e-05" in message
    assert "3.408e-06" in message
    assert "diverged" in message
    assert "leave learning_rate out" in message
    # Stopped at once: the loss rose at the last step and at no step before it.
    losses = [record.loss for record in problem.history]
    assert problem.history[0].step == 0
    assert losses[-1] > losses[-2]
    assert all(later <= earlier for earlier, later in itertools.pairwise(losses[:-1]))
    assert len(problem.history) < 1000


def test_norris_without_steps_diverges_too(reference_data: Path) -> None:
    xs, ys = read_nist(reference_data, "nist_norris.csv")
    with pytest.raises(DivergenceError, match=r"3\.408e-06"):
        fit(xs, ys, learning_rate=1e-5)


def exact_stable_rate(xs: list[float]) -> float:
    """2 / lambda_max of (2/n) [[sum x^2, sum x], [sum x, n]], via trace and determinant."""
    n = len(xs)
    a = 2 * sum(Fraction(x) ** 2 for x in xs) / n
    b = 2 * sum(Fraction(x) for x in xs) / n
    trace, determinant = a + 2, 2 * a - b * b
    largest = (float(trace) + math.sqrt(float(trace * trace - 4 * determinant))) / 2
    return 2 / largest


def test_small_data_divergence_names_the_stable_rate() -> None:
    xs = [1.5, 4.0, -2.0, 7.0, 3.25]
    ys = [3.0, 11.0, -6.5, 16.0, 5.5]
    stable = exact_stable_rate(xs)
    with pytest.raises(DivergenceError) as raised:
        fit(xs, ys, learning_rate=1.5 * stable, steps=500)
    assert math.isclose(raised.value.stable_learning_rate, stable, rel_tol=1e-12)
    assert raised.value.learning_rate == 1.5 * stable
    assert raised.value.history[0].step == 0


def test_just_below_the_stable_rate_does_not_diverge() -> None:
    xs = [1.5, 4.0, -2.0, 7.0, 3.25]
    ys = [3.0, 11.0, -6.5, 16.0, 5.5]
    result = fit(xs, ys, learning_rate=0.95 * exact_stable_rate(xs), steps=300)
    assert result.steps == 300
    assert math.isclose(result.stable_learning_rate, exact_stable_rate(xs), rel_tol=1e-12)


def test_divergence_without_bias_uses_the_one_parameter_curvature() -> None:
    xs = [1.5, 4.0, -2.0, 7.0]
    ys = [3.0, 11.0, -6.5, 16.0]
    stable = 2 / (2 * (2.25 + 16.0 + 4.0 + 49.0) / 4)
    with pytest.raises(DivergenceError) as raised:
        fit(xs, ys, learning_rate=1.25 * stable, steps=500, fit_bias=False)
    assert math.isclose(raised.value.stable_learning_rate, stable, rel_tol=1e-12)


def test_an_enormous_rate_overflows_into_a_divergence_error_not_an_overflow() -> None:
    with pytest.raises(DivergenceError, match="finite"):
        fit([1.5, 4.0, 7.0], [3.0, 11.0, 16.0], learning_rate=1e300, steps=10)


_RATE = st.floats(min_value=1e-300, max_value=1e300, allow_nan=False, allow_infinity=False)


@given(_RATE, st.one_of(_RATE, st.floats(0.5, 2.0)))
def test_the_message_tells_the_rate_from_the_stable_rate_and_its_advice_is_true(
    stable: float, rate_or_ratio: float
) -> None:
    # Half the examples put the rate within a factor of 2 of the stable one,
    # and some of those within a few ulps of it, where 4 digits cannot tell them apart.
    learning_rate = (
        rate_or_ratio if rate_or_ratio > 2.0 or rate_or_ratio < 0.5 else (stable * rate_or_ratio)
    )
    if not 0 < learning_rate < math.inf or learning_rate == stable:
        return
    message = str(
        divergence_error(
            [],
            step=3,
            previous_loss=1.5,
            loss=2.5,
            learning_rate=learning_rate,
            stable_learning_rate=stable,
        )
    )
    found = re.search(
        r"with learning rate (\S+)\. For these data any rate above (\S+) \(.*"
        r"Use a rate below (\S+),",
        message,
    )
    assert found is not None, message
    shown, above, below = found.groups()
    # Exact oracles: the decimal texts as fractions against the floats as fractions.
    assert Fraction(above) >= Fraction(stable) >= Fraction(below), message
    if learning_rate > stable:
        assert Fraction(shown) > Fraction(above), message
    else:
        assert Fraction(shown) < Fraction(below), message


def test_a_rate_a_hair_above_the_stable_rate_is_written_so() -> None:
    xs = [1e6 + i for i in range(10)]
    ys = [float(i % 3) for i in range(10)]
    with pytest.raises(DivergenceError) as caught:
        fit(xs, ys, learning_rate=9.9999115e-13, steps=100)
    stable = caught.value.stable_learning_rate
    assert 9.99990e-13 < stable < 9.9999115e-13  # the premise: the rate is too large
    message = str(caught.value)
    assert "with learning rate 9.999911" in message
    found = re.search(r"Use a rate below (\S+),", message)
    assert found is not None and Fraction(found.group(1)) <= Fraction(stable)
