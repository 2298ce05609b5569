"""Divergence, diagnosed: a too-large rate stops at once with the stable rate named."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from conftest import read_nist

from gradstep import DivergenceError, GradstepError, fit


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
