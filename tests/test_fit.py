"""fit: the explicit loop against a hand loop, the default against exact least squares."""

from __future__ import annotations

import array
import math
import random
import statistics
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from conftest import (
    bounded_floats,
    exact_least_squares,
    exact_loss,
    exact_slope_through_origin,
    line_data,
)
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep import FitResult, fit

XS = [1.5, 4.0, -2.0, 7.0, 3.25]
YS = [3.0, 11.0, -6.5, 16.0, 5.5]


def hand_loop(
    xs: list[float],
    ys: list[float],
    learning_rate: float,
    steps: int,
    seed: int,
    fit_bias: bool = True,
) -> list[tuple[int, float, float, float, float, float]]:
    """Textbook gradient descent written out from scratch: (step, w, b, loss, dw, db) rows."""
    generator = random.Random(seed)
    weight = generator.uniform(-1.0, 1.0)
    bias = generator.uniform(-1.0, 1.0)
    if not fit_bias:
        bias = 0.0
    n = len(xs)
    rows = []
    for step in range(steps + 1):
        residuals = [weight * x + bias - y for x, y in zip(xs, ys)]
        loss = sum(r * r for r in residuals) / n
        slope_weight = sum(2 * r * x for r, x in zip(residuals, xs)) / n
        slope_bias = sum(2 * r for r in residuals) / n
        if not fit_bias:
            slope_bias = 0.0  # no bias to learn: its step is 0, and so recorded
        rows.append((step, weight, bias, loss, slope_weight, slope_bias))
        weight = weight - learning_rate * slope_weight
        bias = bias - learning_rate * slope_bias
    return rows


def assert_history_matches(result: FitResult, rows: list[tuple[int, ...]]) -> None:
    assert len(result.history) == len(rows)
    for record, (step, weight, bias, loss, slope_weight, slope_bias) in zip(result.history, rows):
        assert record.step == step
        assert math.isclose(record.weight, weight, rel_tol=1e-12, abs_tol=1e-300)
        assert math.isclose(record.bias, bias, rel_tol=1e-12, abs_tol=1e-300)
        assert math.isclose(record.loss, loss, rel_tol=1e-12, abs_tol=1e-300)
        # A slope that is itself a difference of large terms rounds in absolute terms.
        assert math.isclose(record.gradient[0], slope_weight, rel_tol=1e-12, abs_tol=1e-13)
        assert math.isclose(record.gradient[1], slope_bias, rel_tol=1e-12, abs_tol=1e-13)


@pytest.mark.parametrize("seed", [0, 5, 1234])
def test_explicit_fit_is_the_hand_written_loop(seed: int) -> None:
    result = fit(XS, YS, learning_rate=0.015, steps=250, seed=seed)
    rows = hand_loop(XS, YS, 0.015, 250, seed)
    assert_history_matches(result, rows)
    assert result.steps == 250
    assert result.learning_rate == 0.015
    assert result.weight == result.history[-1].weight
    assert result.bias == result.history[-1].bias
    assert result.loss == result.history[-1].loss
    assert result.scaling is None


def test_explicit_fit_without_bias_is_the_hand_written_loop() -> None:
    result = fit(XS, YS, learning_rate=0.02, steps=60, seed=3, fit_bias=False)
    assert_history_matches(result, hand_loop(XS, YS, 0.02, 60, 3, fit_bias=False))
    assert all(record.bias == 0.0 for record in result.history)
    assert result.bias == 0.0


def test_explicit_fit_keeps_every_step_up_to_ten_thousand() -> None:
    result = fit([0.5, 1.5, 2.75], [1.0, 2.0, 2.5], learning_rate=0.001, steps=10_000)
    assert [record.step for record in result.history] == list(range(10_001))
    assert result.steps == 10_000


def test_explicit_rate_without_steps_runs_until_converged() -> None:
    result = fit(XS, YS, learning_rate=0.03)
    exact_weight, exact_bias = exact_least_squares(XS, YS)
    assert result.converged
    assert 1 < result.steps < 10_000
    assert math.isclose(result.weight, float(exact_weight), rel_tol=1e-9)
    assert math.isclose(result.bias, float(exact_bias), rel_tol=1e-9)
    assert result.scaling is None
    # The loop it ran is the textbook loop, step for step.
    assert_history_matches(result, hand_loop(XS, YS, 0.03, result.steps, 0))


def test_explicit_rate_without_steps_stops_at_the_cap_when_slow() -> None:
    result = fit(XS, YS, learning_rate=1e-6)
    assert result.steps == 10_000
    assert not result.converged
    assert len(result.history) == 10_001


def test_default_rate_with_steps_takes_exactly_that_many_steps() -> None:
    result = fit(XS, YS, steps=4)
    assert result.steps == 4
    assert [record.step for record in result.history] == [0, 1, 2, 3, 4]
    assert result.learning_rate == 0.5
    assert result.scaling is not None
    assert result.converged


def standardised_start(seed: int, xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Without a learning rate, Step 1 draws weight then bias from [-1, 1] in
    standardised units (u = (x - mean_x) / spread_x, v likewise); this maps
    that line back to the data's units, written out again from the definitions."""
    generator = random.Random(seed)
    weight_u, bias_u = generator.uniform(-1.0, 1.0), generator.uniform(-1.0, 1.0)
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    spread_x, spread_y = statistics.pstdev(xs), statistics.pstdev(ys)
    weight = weight_u * spread_y / spread_x
    return weight, mean_y + spread_y * bias_u - weight * mean_x


def test_default_rate_with_zero_steps_is_the_random_start() -> None:
    result = fit(XS, YS, steps=0, seed=9)
    weight, bias = standardised_start(9, XS, YS)
    assert len(result.history) == 1
    assert math.isclose(result.weight, weight, rel_tol=1e-12)
    assert math.isclose(result.bias, bias, rel_tol=1e-12)
    assert not result.converged


def test_explicit_rate_with_zero_steps_is_the_random_start() -> None:
    result = fit(XS, YS, learning_rate=0.01, steps=0, seed=9)
    start = random.Random(9)
    assert (result.weight, result.bias) == (start.uniform(-1, 1), start.uniform(-1, 1))
    assert result.steps == 0
    assert not result.converged


def test_defaults_land_on_the_bottom_in_one_step() -> None:
    result = fit(XS, YS)
    exact_weight, exact_bias = exact_least_squares(XS, YS)
    assert result.steps == 1
    assert result.converged
    assert result.learning_rate == 0.5
    assert "one step" in result.note
    assert math.isclose(result.weight, float(exact_weight), rel_tol=1e-12)
    assert math.isclose(result.bias, float(exact_bias), rel_tol=1e-12)
    assert math.isclose(
        result.loss, float(exact_loss(exact_weight, exact_bias, XS, YS)), rel_tol=1e-9
    )


def test_default_history_records_each_step_in_standardised_units_with_its_data_line() -> None:
    result = fit(XS, YS, steps=3, seed=4)
    start = random.Random(4)
    first = result.history[0]
    assert (first.weight, first.bias) == (start.uniform(-1, 1), start.uniform(-1, 1))
    weight, bias = standardised_start(4, XS, YS)
    assert math.isclose(first.data_line[0], weight, rel_tol=1e-12)
    assert math.isclose(first.data_line[1], bias, rel_tol=1e-12)
    mean_x, mean_y = statistics.fmean(XS), statistics.fmean(YS)
    spread_x, spread_y = statistics.pstdev(XS), statistics.pstdev(YS)
    us = [(Fraction(x) - Fraction(mean_x)) / Fraction(spread_x) for x in XS]
    vs = [(Fraction(y) - Fraction(mean_y)) / Fraction(spread_y) for y in YS]
    for record in result.history:
        assert record.units == "standardised"
        assert math.isclose(
            record.loss, float(exact_loss(record.weight, record.bias, us, vs)), rel_tol=1e-9
        )
        data_weight, data_bias = record.data_line
        assert math.isclose(
            record.data_loss, float(exact_loss(data_weight, data_bias, XS, YS)), rel_tol=1e-9
        )
        residuals = [
            Fraction(record.weight) * u + Fraction(record.bias) - v for u, v in zip(us, vs)
        ]
        slope_weight = float(sum(2 * r * u for r, u in zip(residuals, us)) / len(XS))
        slope_bias = float(sum(2 * r for r in residuals) / len(XS))
        assert math.isclose(record.gradient[0], slope_weight, rel_tol=1e-9, abs_tol=1e-12)
        assert math.isclose(record.gradient[1], slope_bias, rel_tol=1e-9, abs_tol=1e-12)


def test_default_without_bias_fits_through_the_origin() -> None:
    result = fit(XS, YS, fit_bias=False)
    assert result.bias == 0.0
    assert all(record.bias == 0.0 for record in result.history)
    assert all(record.gradient[1] == 0.0 for record in result.history)
    assert result.converged
    assert math.isclose(result.weight, float(exact_slope_through_origin(XS, YS)), rel_tol=1e-12)


def test_result_predicts_with_its_line() -> None:
    result = fit(XS, YS)
    assert math.isclose(result.predict(2.5), result.weight * 2.5 + result.bias, rel_tol=1e-15)
    assert result.line.weight == result.weight
    assert result.line.bias == result.bias


def weight_scale(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Natural sizes of a weight and a bias for these data, for absolute tolerances."""
    spread_x = statistics.pstdev(xs)
    # All-zero ys keep their units (scale 1), so convergence is then absolute.
    spread_y = statistics.pstdev(ys) + max(abs(y) for y in ys) or 1.0
    size_weight = spread_y / spread_x
    size_bias = spread_y + size_weight * max(abs(x) for x in xs)
    return size_weight, size_bias


@given(line_data(max_size=20))
def test_defaults_agree_with_exact_least_squares(data: tuple[list[float], list[float]]) -> None:
    xs, ys = data
    result = fit(xs, ys)
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    size_weight, size_bias = weight_scale(xs, ys)
    assert result.converged
    assert math.isclose(
        result.weight, float(exact_weight), rel_tol=1e-9, abs_tol=1e-11 * size_weight
    )
    assert math.isclose(result.bias, float(exact_bias), rel_tol=1e-9, abs_tol=1e-11 * size_bias)


@given(line_data(max_size=20))
def test_defaults_agree_with_statistics_linear_regression(
    data: tuple[list[float], list[float]],
) -> None:
    xs, ys = data
    result = fit(xs, ys)
    slope, intercept = statistics.linear_regression(xs, ys)
    size_weight, size_bias = weight_scale(xs, ys)
    assert math.isclose(result.weight, slope, rel_tol=1e-9, abs_tol=1e-10 * size_weight)
    assert math.isclose(result.bias, intercept, rel_tol=1e-9, abs_tol=1e-10 * size_bias)


@given(line_data(min_size=1, max_size=20).filter(lambda d: any(abs(x) > 0.1 for x in d[0])))
def test_defaults_without_bias_agree_with_exact_least_squares(
    data: tuple[list[float], list[float]],
) -> None:
    xs, ys = data
    result = fit(xs, ys, fit_bias=False)
    exact_weight = exact_slope_through_origin(xs, ys)
    # All-zero ys keep their units (scale 1), so convergence is then absolute.
    size = (max(abs(y) for y in ys) or 1.0) / max(abs(x) for x in xs)
    assert math.isclose(result.weight, float(exact_weight), rel_tol=1e-9, abs_tol=1e-11 * size)
    assert result.bias == 0.0


def rounding_sensitivity(xs: list[float]) -> tuple[float, float]:
    """How far the least-squares weight and bias move per unit of error in each y."""
    mean_x = math.fsum(xs) / len(xs)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    weight = math.fsum(abs(x - mean_x) for x in xs) / sxx
    return weight, 1 + abs(mean_x) * weight


@given(
    line_data(max_size=15),
    st.floats(min_value=0.01, max_value=100),
    st.sampled_from([-1.0, 1.0]),
    st.floats(min_value=-1000, max_value=1000),
)
def test_fitting_a_times_y_plus_c_maps_the_line(
    data: tuple[list[float], list[float]], size: float, sign: float, shift: float
) -> None:
    xs, ys = data
    scale = sign * size
    moved_ys = [scale * y + shift for y in ys]
    base = fit(xs, ys)
    moved = fit(xs, moved_ys)
    size_weight, size_bias = weight_scale(xs, ys)
    # Rounding a*y + c to a float moves each y by up to 2 ulps of its size.
    rounding = 4.5e-16 * max(abs(y) for y in moved_ys)
    sensitivity_weight, sensitivity_bias = rounding_sensitivity(xs)
    assert math.isclose(
        moved.weight,
        scale * base.weight,
        rel_tol=1e-9,
        abs_tol=1e-10 * size * size_weight + rounding * sensitivity_weight,
    )
    assert math.isclose(
        moved.bias,
        scale * base.bias + shift,
        rel_tol=1e-9,
        abs_tol=1e-10 * (size * size_bias + abs(shift)) + rounding * sensitivity_bias,
    )


def test_constant_ys_keep_all_their_digits() -> None:
    # ys with no spread: once scaled by 1 instead of their size, LRE 6.6 for 7e-9.
    for constant in (7e-9, -3e-8, 5e7):
        result = fit([0.0, 0.0, 48.375], [constant] * 3)
        assert math.isclose(result.bias, constant, rel_tol=1e-14)
        assert abs(result.weight) <= 1e-14 * abs(constant)


def generator_of(values: list[float]) -> Iterable[float]:
    return (value for value in values)


@pytest.mark.parametrize(
    "make",
    [
        list,
        tuple,
        generator_of,
        iter,
        lambda values: array.array("d", values),
        lambda values: [Decimal(repr(value)) for value in values],
        lambda values: [Fraction(value) for value in values],
    ],
    ids=["list", "tuple", "generator", "iterator", "array", "decimal", "fraction"],
)
def test_accepted_containers_and_number_types(make) -> None:  # type: ignore[no-untyped-def]
    expected = fit(XS, YS)
    result = fit(make(XS), make(YS))
    assert math.isclose(result.weight, expected.weight, rel_tol=1e-15)
    assert math.isclose(result.bias, expected.bias, rel_tol=1e-15)
    explicit = fit(make(XS), make(YS), learning_rate=0.01, steps=20)
    assert explicit.history[-1] == fit(XS, YS, learning_rate=0.01, steps=20).history[-1]


def test_ranges_and_ints_are_accepted() -> None:
    result = fit(range(3, 9), [7, 10, 13, 16, 19, 22])
    assert math.isclose(result.weight, 3.0, rel_tol=1e-12)
    assert math.isclose(result.bias, -2.0, rel_tol=1e-12)


def test_numpy_arrays_are_accepted() -> None:
    numpy = pytest.importorskip("numpy")
    expected = fit(XS, YS)
    result = fit(numpy.array(XS), numpy.array(YS, dtype=numpy.float32).astype(numpy.float64))
    assert math.isclose(result.weight, expected.weight, rel_tol=1e-15)
    integers = fit(numpy.arange(3, 9), numpy.array([7, 10, 13, 16, 19, 22]))
    assert math.isclose(integers.weight, 3.0, rel_tol=1e-12)


def test_pandas_series_are_accepted() -> None:
    pandas = pytest.importorskip("pandas")
    expected = fit(XS, YS)
    result = fit(pandas.Series(XS), pandas.Series(YS, index=range(10, 15)))
    assert math.isclose(result.weight, expected.weight, rel_tol=1e-15)
    assert math.isclose(result.bias, expected.bias, rel_tol=1e-15)


def assert_matches_exact(
    result: FitResult, xs: list[float], ys: list[float], digits: float
) -> None:
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    assert math.isfinite(result.weight) and math.isfinite(result.bias)
    assert math.isfinite(result.loss)
    assert math.isclose(result.weight, float(exact_weight), rel_tol=10**-digits)
    assert math.isclose(result.bias, float(exact_bias), rel_tol=10**-digits)


def test_values_near_1e150() -> None:
    xs = [1.25e150, 2.5e150, 4.75e150, 7.0e150]
    ys = [3.5e150, 5.25e150, 11.0e150, 15.5e150]
    assert_matches_exact(fit(xs, ys), xs, ys, 12)


def test_values_near_1e_minus_150() -> None:
    xs = [1.25e-150, 2.5e-150, 4.75e-150, 7.0e-150]
    ys = [3.5e-150, 5.25e-150, 11.0e-150, 15.5e-150]
    assert_matches_exact(fit(xs, ys), xs, ys, 12)


def test_huge_offset_with_spread_one() -> None:
    xs = [1e9 + offset for offset in (0.0, 0.25, 0.5, 0.75, 1.0)]
    ys = [3.0, 3.75, 4.25, 5.5, 6.0]
    assert_matches_exact(fit(xs, ys), xs, ys, 9)


def test_duplicated_points() -> None:
    xs = [1.5, 1.5, 1.5, 4.0, 4.0, 7.25]
    ys = [2.0, 2.0, 3.0, 9.5, 9.5, 13.0]
    assert_matches_exact(fit(xs, ys), xs, ys, 12)


def test_exactly_collinear_data_reach_zero_loss() -> None:
    xs = [1.0, 3.0, 4.0, 8.0]
    ys = [3.25 * x - 7.5 for x in xs]
    result = fit(xs, ys)
    assert math.isclose(result.weight, 3.25, rel_tol=1e-14)
    assert math.isclose(result.bias, -7.5, rel_tol=1e-14)
    assert result.loss <= 1e-25
    explicit = fit(xs, ys, learning_rate=0.02)
    assert explicit.converged
    assert explicit.loss <= 1e-20


def test_two_points_are_enough_for_a_line_with_a_bias() -> None:
    result = fit([1.5, 4.0], [2.25, 7.25])
    assert math.isclose(result.weight, 2.0, rel_tol=1e-12)
    assert math.isclose(result.bias, -0.75, rel_tol=1e-12)


def test_the_default_seed_is_zero() -> None:
    start = random.Random(0)
    first = fit(XS, YS, learning_rate=0.01, steps=0).history[0]
    assert (first.weight, first.bias) == (start.uniform(-1, 1), start.uniform(-1, 1))
    scaled_first = fit(XS, YS, steps=0).history[0]
    start = random.Random(0)
    assert (scaled_first.weight, scaled_first.bias) == (start.uniform(-1, 1), start.uniform(-1, 1))
    weight, bias = standardised_start(0, XS, YS)
    assert math.isclose(scaled_first.data_line[0], weight, rel_tol=1e-12)
    assert math.isclose(scaled_first.data_line[1], bias, rel_tol=1e-12)


def test_explicit_rate_without_bias_runs_until_converged() -> None:
    result = fit(XS, YS, learning_rate=0.02, fit_bias=False)
    assert result.converged
    assert 1 < result.steps < 10_000
    assert math.isclose(result.weight, float(exact_slope_through_origin(XS, YS)), rel_tol=1e-9)


def test_a_round_bowl_says_so_and_nothing_about_steepness() -> None:
    result = fit([-1.0, 1.0, -1.0, 1.0], [2.5, 7.0, 3.5, 8.0])
    assert result.note == (
        "On standardised data the loss bowl is perfectly round, so one step of learning "
        "rate 0.5 landed on its bottom."
    )


def test_a_bowl_twice_as_steep_one_way_says_how_much() -> None:
    # mean x = 0.35 and spread 1: the raw bowl's condition number is 2.007.
    result = fit([-0.65, 1.35], [2.5, 7.0])
    assert (
        "landed on its bottom. On the raw data the bowl is 2.01 times steeper one way than "
        "the other."
    ) in result.note


def test_more_than_one_step_says_where_descent_ran() -> None:
    result = fit(XS, YS, steps=4)
    assert result.note == (
        "Plain descent on standardised data with learning rate 0.5 took the 4 steps asked for "
        "and has converged: the gradient, in standardised units, is 0 (at most 1e-12)."
    )


def standardised_gradient(weight: float, bias: float, xs: list[float], ys: list[float]) -> float:
    """The largest slope of the loss in standardised units, from exact fractions:
    d/d(weight) / (spread_x * spread_y) and d/d(bias) / spread_y."""
    residuals = [
        Fraction(weight) * Fraction(x) + Fraction(bias) - Fraction(y) for x, y in zip(xs, ys)
    ]
    slope_weight = float(sum(2 * r * Fraction(x) for r, x in zip(residuals, xs)) / len(xs))
    slope_bias = float(sum(2 * r for r in residuals) / len(xs))
    spread_x, spread_y = statistics.pstdev(xs), statistics.pstdev(ys)
    return max(abs(slope_weight) / (spread_x * spread_y), abs(slope_bias) / spread_y)


def test_a_raw_run_that_hits_the_cap_says_so_with_its_gradient() -> None:
    result = fit(XS, YS, learning_rate=0.0001)
    assert not result.converged and result.steps == 10_000
    slope = standardised_gradient(result.weight, result.bias, XS, YS)
    assert result.note.startswith(
        "Plain descent on the raw data with learning rate 0.0001 stopped at its cap of "
        f"10,000 steps and has not converged: the gradient, in standardised units, is still "
        f"{slope:.3g} (converged means at most 1e-12). The largest stable rate for these data "
        "is "
    )
    assert "leave learning_rate out" in result.note


def test_a_raw_run_of_a_few_steps_says_it_has_not_converged() -> None:
    result = fit(XS, YS, learning_rate=0.01, steps=20)
    slope = standardised_gradient(result.weight, result.bias, XS, YS)
    assert result.note == (
        "Plain descent on the raw data with learning rate 0.01 took the 20 steps asked for "
        f"and has not converged: the gradient, in standardised units, is still {slope:.3g} "
        "(converged means at most 1e-12)."
    )


def test_a_raw_run_that_converges_says_after_how_many_steps() -> None:
    result = fit(XS, YS, learning_rate=0.01)
    assert result.converged
    assert result.note.startswith(
        f"Plain descent on the raw data with learning rate 0.01 converged after "
        f"{result.steps:,} steps: the gradient, in standardised units, fell to "
    )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"steps": 0},
        {"steps": 3},
        {"fit_bias": False},
        {"learning_rate": 0.01},
        {"learning_rate": 0.01, "steps": 0},
        {"learning_rate": 0.01, "steps": 30},
        {"learning_rate": 0.01, "fit_bias": False},
        {"learning_rate": 0.0001},
        {"optimizer": "momentum"},
        {"batch_size": 2, "learning_rate": 0.001, "steps": 30},
    ],
)
def test_the_note_always_says_whether_the_run_converged(options: dict[str, Any]) -> None:
    result = fit(XS, YS, **options)
    assert result.note
    said_not = "has not converged" in result.note or "random start" in result.note
    assert said_not == (not result.converged)


def test_default_fit_reports_the_raw_stable_rate() -> None:
    xs = [1.5, 4.0, -2.0, 7.0]
    n = len(xs)
    a = 2 * sum(Fraction(x) ** 2 for x in xs) / n
    b = 2 * sum(Fraction(x) for x in xs) / n
    largest = (float(a + 2) + math.sqrt(float((a + 2) ** 2 - 4 * (2 * a - b * b)))) / 2
    result = fit(xs, [3.0, 11.0, -6.5, 16.0])
    assert math.isclose(result.stable_learning_rate, 2 / largest, rel_tol=1e-12)
    through_origin = fit(xs, [3.0, 11.0, -6.5, 16.0], fit_bias=False)
    assert math.isclose(through_origin.stable_learning_rate, 2 / float(a), rel_tol=1e-12)


def test_fit_sums_with_a_rate_matches_the_per_point_loop() -> None:
    from gradstep.fast.sums import line_sums
    from gradstep.fit import fit_sums

    on_points = fit(XS, YS, learning_rate=0.015, steps=40, seed=2)
    on_sums = fit_sums(line_sums(XS, YS), learning_rate=0.015, steps=40, seed=2)
    assert on_sums.steps == 40
    for point_record, sum_record in zip(on_points.history, on_sums.history):
        assert math.isclose(sum_record.weight, point_record.weight, rel_tol=1e-12)
        assert math.isclose(sum_record.bias, point_record.bias, rel_tol=1e-12)
        assert math.isclose(sum_record.loss, point_record.loss, rel_tol=1e-12)


# Units from 1e-70 to 1e70 (the raw random start, mapped into scaled units,
# overflows once spread_x / spread_y passes about 1e150); digits of u and v
# below 1e-3 dropped, so that no spread underflows when squared.
units = st.integers(min_value=-70, max_value=70)
digits = bounded_floats(10.0).map(lambda value: 0.0 if abs(value) < 1e-3 else value)


@given(
    st.lists(st.tuples(digits, digits), min_size=3, max_size=10),
    units,
    units,
    st.floats(min_value=-1e9, max_value=1e9),
    st.floats(min_value=-1e9, max_value=1e9),
)
def test_defaults_at_any_scale_and_offset(
    pairs: list[tuple[float, float]], x_power: int, y_power: int, x_offset: float, y_offset: float
) -> None:
    x_unit, y_unit = 10.0**x_power, 10.0**y_power
    xs = [(x_offset + u) * x_unit for u, _ in pairs]
    ys = [(y_offset + v) * y_unit for _, v in pairs]
    # x without spread is rejected and all-zero ys are tested apart.
    assume(max(xs) - min(xs) > 1e-6 * max(abs(x) for x in xs) and any(ys))
    result = fit(xs, ys)
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    size_weight = (max(ys) - min(ys) + max(abs(y) for y in ys)) / (max(xs) - min(xs))
    size_bias = abs(float(exact_weight)) * max(abs(x) for x in xs) + max(abs(y) for y in ys)
    # Converged means a gradient below 1e-12 in standardised units, so a weight of
    # exactly 0 is met to 1e-12 of the natural size of a weight.
    assert math.isclose(
        result.weight, float(exact_weight), rel_tol=1e-8, abs_tol=1e-12 * size_weight
    )
    assert math.isclose(result.bias, float(exact_bias), rel_tol=1e-8, abs_tol=1e-8 * size_bias)


def test_fit_sums_defaults_to_seed_zero() -> None:
    from gradstep.fast.sums import line_sums
    from gradstep.fit import fit_sums

    start = random.Random(0)
    first = fit_sums(line_sums(XS, YS), learning_rate=0.01, steps=0).history[0]
    assert (first.weight, first.bias) == (start.uniform(-1, 1), start.uniform(-1, 1))


def test_explicit_rate_stops_at_the_first_step_with_a_standardised_gradient_of_1e_minus_12() -> (
    None
):
    # fit.py's rule: converged once the gradient in standardised units
    # (d/d(weight) / (spread_x * spread_y), d/d(bias) / spread_y) is at most 1e-12.
    result = fit(XS, YS, learning_rate=0.01)
    spread_x, spread_y = statistics.pstdev(XS), statistics.pstdev(YS)

    def standardised_slope(record_index: int) -> float:
        record = result.history[record_index]
        residuals = [
            Fraction(record.weight) * Fraction(x) + Fraction(record.bias) - Fraction(y)
            for x, y in zip(XS, YS)
        ]
        slope_weight = float(sum(2 * r * Fraction(x) for r, x in zip(residuals, XS)) / len(XS))
        slope_bias = float(sum(2 * r for r in residuals) / len(XS))
        return max(abs(slope_weight) / (spread_x * spread_y), abs(slope_bias) / spread_y)

    assert result.converged
    assert standardised_slope(-1) <= 1e-12
    assert standardised_slope(-2) > 1e-12
    # Slow enough that the slope shrinks by well under half a step: the rule shows.
    assert standardised_slope(-2) < 1.5e-12


@pytest.mark.parametrize("learning_rate", [None, 0.01])
def test_progress_sees_each_step_in_the_data_units(learning_rate: float | None) -> None:
    seen: list[object] = []
    result = fit(XS, YS, learning_rate=learning_rate, steps=5, progress=seen.append)
    assert seen == result.history[1:]


@pytest.mark.parametrize("fit_bias", [True, False])
def test_the_textbook_loop_gives_the_numbers_of_the_lessons_composed(fit_bias: bool) -> None:
    """Each step is lessons 1 to 5 called one by one: the same numbers to the last bit."""
    from gradstep.gradient import gradient
    from gradstep.loss import mean_squared_error
    from gradstep.update import gradient_step

    generator = random.Random(5)
    weight, bias = generator.uniform(-1.0, 1.0), generator.uniform(-1.0, 1.0)
    bias = bias if fit_bias else 0.0
    records = []
    for _ in range(101):
        d_loss_d_weight, d_loss_d_bias = gradient(weight, bias, XS, YS)
        d_loss_d_bias = d_loss_d_bias if fit_bias else 0.0
        loss = mean_squared_error([weight * x + bias for x in XS], YS)
        records.append((weight, bias, loss, (d_loss_d_weight, d_loss_d_bias)))
        weight = gradient_step(weight, d_loss_d_weight, 0.015)
        bias = gradient_step(bias, d_loss_d_bias, 0.015)
    result = fit(XS, YS, learning_rate=0.015, steps=100, seed=5, fit_bias=fit_bias)
    assert [
        (record.weight, record.bias, record.loss, record.gradient) for record in result.history
    ] == records
