"""Feature scaling: standardised values, the round bowl, and the way back."""

from __future__ import annotations

import math
import statistics
from decimal import Decimal, getcontext
from fractions import Fraction

import gradstep
from gradstep.datasets import forbes
from gradstep.fast.feature_sums import feature_sums, hessian
from gradstep.fast.sums import line_sums
from gradstep.further.curvature import best_learning_rate, condition_number
from gradstep.further.eigenvalues import symmetric_eigenvalues
from gradstep.further.scaling import (
    Scaling,
    scaled_sums,
    standardise,
    standardise_features,
    standardise_values,
)


def exact_condition_number(xs: list[float]) -> float:
    """lambda_max / lambda_min of (2/n) [[sum x^2, sum x], [sum x, n]], to 40 digits."""
    n = len(xs)
    a = Fraction(2, n) * sum((Fraction(x) ** 2 for x in xs), Fraction(0))
    b = Fraction(2, n) * sum((Fraction(x) for x in xs), Fraction(0))
    c = Fraction(2)
    half_trace = (a + c) / 2
    determinant = a * c - b * b
    getcontext().prec = 60

    def decimal(value: Fraction) -> Decimal:
        return Decimal(value.numerator) / Decimal(value.denominator)

    root = (decimal(half_trace * half_trace - determinant)).sqrt()
    largest = decimal(half_trace) + root
    smallest = decimal(determinant) / largest
    return float(largest / smallest)


def test_standardised_values_have_mean_zero_and_spread_one() -> None:
    values = [194.5, 197.9, 203.6, 209.5, 212.2, 201.1]
    us, mean, spread = standardise_values(values)
    assert math.isclose(statistics.fmean(us), 0.0, abs_tol=1e-14)
    assert math.isclose(statistics.pstdev(us), 1.0, rel_tol=1e-14)
    assert math.isclose(mean, statistics.fmean(values), rel_tol=1e-15)
    assert math.isclose(spread, statistics.pstdev(values), rel_tol=1e-14)
    for u, value in zip(us, values):
        assert math.isclose(mean + spread * u, value, rel_tol=1e-14)


def test_constant_values_keep_their_units() -> None:
    us, mean, spread = standardise_values([4.5, 4.5, 4.5])
    assert (us, mean, spread) == ([0.0, 0.0, 0.0], 4.5, 1.0)


def test_forbes_raw_condition_number_matches_exact_arithmetic() -> None:
    xs, ys = forbes()
    raw = condition_number(line_sums(xs, ys))
    assert math.isclose(raw, exact_condition_number(xs), rel_tol=1e-6)
    assert 4e7 < raw < 6e7


def test_standardised_bowl_is_round_and_one_step_lands() -> None:
    xs, ys = forbes()
    sums = line_sums(xs, ys)
    unit_sums = scaled_sums(sums, standardise(sums))
    assert math.isclose(condition_number(unit_sums), 1.0, rel_tol=1e-12)
    assert math.isclose(best_learning_rate(unit_sums), 0.5, rel_tol=1e-12)
    result = gradstep.fit(xs, ys)
    assert result.steps == 1
    exact = statistics.linear_regression(xs, ys)
    assert math.isclose(result.weight, exact.slope, rel_tol=1e-12)


def test_raw_descent_at_the_best_rate_crawls() -> None:
    xs, ys = forbes()
    rate = best_learning_rate(line_sums(xs, ys))
    result = gradstep.fit(xs, ys, learning_rate=rate)
    assert not result.converged
    assert result.steps == 10_000


def test_scaled_points_and_lines_map_back_and_forth() -> None:
    scaling = Scaling(x_shift=3.5, x_scale=2.5, y_shift=-1.25, y_scale=4.0)
    xs, ys = [1.0, 6.0, 8.5], [2.0, -3.5, 7.25]
    us, vs = scaling.scaled_points(xs, ys)
    weight, bias = 1.7, -0.35
    weight_u, bias_u = scaling.to_scaled(weight, bias)
    for x, u in zip(xs, us):
        # The same line, seen in either units, predicts the same point.
        in_scaled = weight_u * u + bias_u
        assert math.isclose(scaling.y_shift + scaling.y_scale * in_scaled, weight * x + bias)
    back = scaling.to_original(weight_u, bias_u)
    assert math.isclose(back[0], weight, rel_tol=1e-14)
    assert math.isclose(back[1], bias, rel_tol=1e-14)
    assert math.isclose(vs[1], (-3.5 + 1.25) / 4.0, rel_tol=1e-15)


def test_standardised_features_make_the_bias_direction_separate() -> None:
    xs, ys = forbes()
    rows = [[x, x * x] for x in xs]
    sums = feature_sums(rows, ys)
    unit_sums = standardise_features(sums).rescaled(sums)
    matrix = hessian(unit_sums)
    # Means are 0 after the shift, so the bias row is (0, 0, 2); each feature's
    # own curvature is 2; x and x**2 stay correlated (the valley that is left).
    assert all(math.isclose(value, 0.0, abs_tol=1e-12) for value in matrix[2][:2])
    assert math.isclose(matrix[0][0], 2.0, rel_tol=1e-12)
    correlation = statistics.correlation(xs, [x * x for x in xs])
    assert math.isclose(matrix[0][1], 2 * correlation, rel_tol=1e-9)
    eigenvalues = symmetric_eigenvalues(matrix)
    assert math.isclose(eigenvalues[0], 2 * (1 + correlation), rel_tol=1e-9)
