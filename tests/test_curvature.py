"""Curvature: Hessian eigenvalues and learning rates against exact and certified numbers."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

from conftest import line_data, read_nist
from hypothesis import given

from gradstep.fast.sums import line_sums
from gradstep.further.curvature import (
    best_learning_rate,
    condition_number,
    hessian_eigenvalues,
    stable_learning_rate,
)


def exact_eigenvalues(xs: list[float]) -> tuple[float, float]:
    """Eigenvalues of (2/n) [[sum x^2, sum x], [sum x, n]] from trace and determinant."""
    n = len(xs)
    exact_xs = [Fraction(x) for x in xs]
    a = 2 * sum(x * x for x in exact_xs) / n
    b = 2 * sum(exact_xs) / n
    d = Fraction(2)
    trace, determinant = a + d, a * d - b * b
    root = math.sqrt(float(trace * trace - 4 * determinant))
    largest = (float(trace) + root) / 2
    return largest, float(determinant) / largest


@given(line_data())
def test_eigenvalues_against_exact_trace_and_determinant(
    data: tuple[list[float], list[float]],
) -> None:
    xs, ys = data
    largest, smallest = hessian_eigenvalues(line_sums(xs, ys))
    expected_largest, expected_smallest = exact_eigenvalues(xs)
    assert math.isclose(largest, expected_largest, rel_tol=1e-9)
    assert math.isclose(smallest, expected_smallest, rel_tol=1e-6)


def test_eigenvalues_without_bias_are_twice_the_mean_square() -> None:
    sums = line_sums([1.5, -2.5, 4.0], [0.0, 0.0, 0.0])
    largest, smallest = hessian_eigenvalues(sums, fit_bias=False)
    assert math.isclose(largest, 49 / 3, rel_tol=1e-15)  # 2 * (2.25 + 6.25 + 16) / 3
    assert smallest == largest
    assert math.isclose(stable_learning_rate(sums, fit_bias=False), 3 / 24.5, rel_tol=1e-15)


def test_learning_rates_by_hand() -> None:
    # x = -1, 1: H = 2 * identity, a round bowl.
    sums = line_sums([-1.0, 1.0], [3.0, 5.0])
    assert hessian_eigenvalues(sums) == (2.0, 2.0)
    assert stable_learning_rate(sums) == 1.0
    assert best_learning_rate(sums) == 0.5
    assert condition_number(sums) == 1.0


def test_best_rate_and_condition_on_uneven_data() -> None:
    xs = [1.0, 2.0, 3.0, 6.5]
    largest, smallest = exact_eigenvalues(xs)
    sums = line_sums(xs, [0.0] * 4)
    assert math.isclose(best_learning_rate(sums), 2 / (largest + smallest), rel_tol=1e-12)
    assert math.isclose(stable_learning_rate(sums), 2 / largest, rel_tol=1e-12)
    assert math.isclose(condition_number(sums), largest / smallest, rel_tol=1e-9)


def test_no_spread_means_an_infinite_condition_number() -> None:
    sums = line_sums([2.5, 2.5, 2.5], [1.0, 2.0, 3.0])
    assert hessian_eigenvalues(sums)[1] == 0.0
    assert condition_number(sums) == math.inf


def test_norris_conditioning_matches_reference(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    xs, ys = read_nist(reference_data, "nist_norris.csv")
    conditioning = reference["nist_norris"]["conditioning"]
    sums = line_sums(xs, ys)
    assert math.isclose(
        stable_learning_rate(sums), float(conditioning["max_stable_lr_2x2"]), rel_tol=1e-6
    )
    assert math.isclose(
        hessian_eigenvalues(sums)[0], float(conditioning["lambda_max_mse_hessian"]), rel_tol=1e-6
    )
    assert math.isclose(condition_number(sums), float(conditioning["cond_2x2"]), rel_tol=1e-6)


def test_noint1_one_parameter_conditioning_matches_reference(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    xs, ys = read_nist(reference_data, "nist_noint1.csv")
    conditioning = reference["nist_noint1"]["conditioning"]
    assert math.isclose(
        stable_learning_rate(line_sums(xs, ys), fit_bias=False),
        float(conditioning["max_stable_lr_one_param"]),
        rel_tol=1e-6,
    )
