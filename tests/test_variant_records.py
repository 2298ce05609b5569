"""Runs with batches, momentum or Adam: every record says how it was reached, truly.

The README's rule for these runs, checked from the records' own fields alone:
each record is in the units its update was taken in (standardised when the
rate is left out, the data's when it is given), and its ``update`` holds the
rate, the gradient its batch gave at the previous record's line, and the
rule's memory after it; redoing the rule by hand on those numbers gives the
next record. The gradients are recomputed here in exact fractions from the
definitions, and the rules are written out again from their equations.
``result.loss`` is the exact loss of the returned line, and a run that has not
converged says how far off it is: both against exact ``Fraction`` arithmetic.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction

import pytest
from conftest import exact_least_squares, exact_loss, line_data, standardising
from hypothesis import assume, given
from hypothesis import strategies as st
from test_records import check_data_units, exact_gradient, largest_stable_rate

import gradstep
from gradstep.errors import GradstepError
from gradstep.further.batches import shuffled_batches

BETA = 0.9  # Momentum()'s beta, as the README states it
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8  # Adam()'s, as Kingma and Ba give them
# What each rule remembers, per number, before its first update: nothing, or zeros.
FRESH = {"plain": ((), ()), "momentum": ((0.0,), (0.0,)), "adam": ((0.0, 0.0), (0.0, 0.0))}


def close(after: float, expected: float, *sizes: float) -> bool:
    """Equal to 1e-12 of the largest number that entered the arithmetic."""
    return math.isclose(after, expected, rel_tol=1e-12, abs_tol=1e-12 * max(map(abs, sizes)))


def redo(
    optimizer: str,
    before: float,
    memory_before: tuple[float, ...],
    derivative: float,
    rate: float,
    step_number: int,
) -> tuple[float, tuple[float, ...]]:
    """One update by hand, from the equations in the README and the lessons."""
    if optimizer == "plain":
        return before - rate * derivative, ()
    if optimizer == "momentum":
        velocity = BETA * memory_before[0] + derivative
        return before - rate * velocity, (velocity,)
    first, second = memory_before
    first = BETA1 * first + (1 - BETA1) * derivative
    second = BETA2 * second + (1 - BETA2) * derivative * derivative
    corrected_first = first / (1 - BETA1**step_number)
    corrected_second = second / (1 - BETA2**step_number)
    return before - rate * corrected_first / (math.sqrt(corrected_second) + EPSILON), (
        first,
        second,
    )


@given(
    data=line_data(min_size=3, max_size=9),
    optimizer=st.sampled_from(["plain", "momentum", "adam"]),
    batch_size=st.sampled_from([None, 1, 2, 3]),
    share_of_stable_rate=st.one_of(st.none(), st.floats(min_value=0.05, max_value=0.5)),
    fit_bias=st.booleans(),
    steps=st.integers(min_value=1, max_value=12),
    seed=st.integers(min_value=0, max_value=2**16),
)
def test_every_variant_record_redoes_its_update_by_hand(
    data: tuple[list[float], list[float]],
    optimizer: str,
    batch_size: int | None,
    share_of_stable_rate: float | None,
    fit_bias: bool,
    steps: int,
    seed: int,
) -> None:
    assume(optimizer != "plain" or batch_size is not None)  # else it is plain fit
    xs, ys = data
    x_shift, x_scale, y_shift, y_scale = standardising(xs, ys, fit_bias)
    assume(y_scale > 1e-30)
    options: dict[str, object] = {"optimizer": optimizer, "batch_size": batch_size}
    if share_of_stable_rate is not None:
        # Adam's steps are about its rate long, whatever the slope: a small one.
        options["learning_rate"] = (
            0.01 * y_scale / x_scale
            if optimizer == "adam"
            else share_of_stable_rate * largest_stable_rate(xs, fit_bias)
        )
    result = gradstep.fit(
        xs, ys, fit_bias=fit_bias, steps=steps, seed=seed, history_limit=None, **options
    )  # type: ignore[arg-type]
    history = result.history
    assert [record.step for record in history] == list(range(steps + 1))
    if share_of_stable_rate is None:
        units = "standardised"
        us = [(Fraction(x) - Fraction(x_shift)) / Fraction(x_scale) for x in xs]
        vs = [(Fraction(y) - Fraction(y_shift)) / Fraction(y_scale) for y in ys]
        assert result.scaling is not None
    else:
        units = "data"
        us, vs = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
        assert result.scaling is None
    gradient_size = 1 + max(abs(v) for v in vs) * max(1, *(abs(u) for u in us))
    assert history[0].update is None
    batches = None if batch_size is None else shuffled_batches(len(xs), batch_size, seed)
    for before, after in itertools.pairwise(history):
        update = after.update
        assert update is not None and after.units == units
        # The rate: fixed, or, with batches and no rate given, falling in a line.
        rate = result.learning_rate
        if batch_size is not None and units == "standardised":
            rate *= 1 - (after.step - 1) / steps
        assert math.isclose(update.learning_rate, rate, rel_tol=1e-15)
        # The gradient the update used: of all the data at the previous line, or of its batch.
        if batches is None:
            assert update.gradient == before.gradient
        else:
            _, batch = next(batches)
            slopes = exact_gradient(
                before.weight, before.bias, [us[i] for i in batch], [vs[i] for i in batch]
            )
            tolerance = 1e-9 * float(gradient_size) * (1 + abs(before.weight) + abs(before.bias))
            for used, slope in zip(update.gradient, (slopes[0], slopes[1] if fit_bias else 0.0)):
                assert math.isclose(used, slope, rel_tol=1e-9, abs_tol=tolerance)
        # The rule, redone by hand on the recorded numbers alone.
        memory_before = FRESH[optimizer] if before.update is None else before.update.memory
        for index, (value_before, value_after) in enumerate(
            ((before.weight, after.weight), (before.bias, after.bias))
        ):
            derivative = update.gradient[index]
            expected, memory = redo(
                optimizer,
                value_before,
                memory_before[index],
                derivative,
                update.learning_rate,
                after.step,
            )
            for kept, redone in zip(update.memory[index], memory):
                assert close(kept, redone, redone, *memory_before[index], derivative)
            step_size = abs(update.learning_rate) * (abs(derivative) + sum(map(abs, memory)) + 1)
            assert close(value_after, expected, value_before, step_size), (index, after)
    for record in history:
        weight, bias = exact_gradient(record.weight, record.bias, us, vs)
        tolerance = 1e-9 * float(gradient_size) * (1 + abs(record.weight) + abs(record.bias))
        assert math.isclose(record.gradient[0], weight, rel_tol=1e-9, abs_tol=tolerance)
        if fit_bias:
            assert math.isclose(record.gradient[1], bias, rel_tol=1e-9, abs_tol=tolerance)
        check_data_units(record, xs, ys, (x_shift, x_scale, y_shift, y_scale))
    assert (result.weight, result.bias) == history[-1].data_line
    exact = exact_loss(result.weight, result.bias, xs, ys)
    assert math.isclose(result.loss, float(exact), rel_tol=1e-9, abs_tol=1e-300)
    # Short of six certified digits, the note says how far off the line is, truly.
    if not result.converged and fit_bias:
        assert_says_how_far(result, xs, ys)


def test_a_default_batch_record_steps_in_standardised_units() -> None:
    """The hostile report's numbers: 0.3129 predicted, 1.7898 next, before the fix."""
    xs, ys = [1.0, 2.0, 3.0, 4.0], [3.1, 4.9, 7.2, 8.8]
    for options in ({"batch_size": 4}, {"optimizer": "momentum"}, {"optimizer": "adam"}):
        result = gradstep.fit(xs, ys, steps=3, **options)  # type: ignore[arg-type]
        start, first = result.history[:2]
        assert result.scaling is not None and start.units == first.units == "standardised"
        assert first.update is not None
        # The batch of all four points, from the rows; the record's gradient, from the sums.
        for used, recorded in zip(first.update.gradient, start.gradient):
            assert math.isclose(used, recorded, rel_tol=1e-12)
        # The first update of every rule starts from empty memory: plain and momentum
        # step rate * gradient; Adam steps rate * gradient / |gradient|, the rate itself.
        for before, after, slope in (
            (start.weight, first.weight, start.gradient[0]),
            (start.bias, first.bias, start.gradient[1]),
        ):
            moved = slope / (abs(slope) + 1e-8) if options.get("optimizer") == "adam" else slope
            assert math.isclose(after, before - result.learning_rate * moved, rel_tol=1e-14)


HARD_LOSSES = [
    ([0.0, 1.0, 2.0], [1e16, 1e16 + 2, 1e16 + 2]),
    ([1e9 + i * 1e-7 for i in range(6)], [1e6 + (-1) ** i * 0.25 + i for i in range(6)]),
    ([1e15, 1e15 + 3, 1e15 + 5], [0.0, 1.0, 1.5]),
]


@pytest.mark.parametrize("data", HARD_LOSSES)
def test_the_loss_is_that_of_the_returned_line(data: tuple[list[float], list[float]]) -> None:
    xs, ys = data
    for options in (
        {"optimizer": "adam"},
        {"optimizer": "momentum"},
        {"batch_size": 2, "steps": 300},
        {"optimizer": "adam", "learning_rate": 1e-3, "steps": 50},
    ):
        result = gradstep.fit(xs, ys, **options)  # type: ignore[arg-type]
        exact = exact_loss(result.weight, result.bias, xs, ys)
        assert math.isclose(result.loss, float(exact), rel_tol=1e-9), (options, result)


def six_digits(value: float, exact: Fraction) -> bool:
    return abs(Fraction(value) - exact) <= Fraction(1e-6) * abs(exact)


def test_a_run_that_stops_by_its_own_test_with_13_digits_has_converged() -> None:
    xs = [1700000000.0005813, 1700000000.0001583, 1700000000.0004306]
    ys = [1000000.691, 999998.743, 1000000.994]
    weight, bias = exact_least_squares(xs, ys)
    result = gradstep.fit(xs, ys, optimizer="momentum")
    assert result.converged and result.steps < 10_000, result
    assert six_digits(result.weight, weight) and six_digits(result.bias, bias)
    assert "has not converged" not in result.note


NOTE_DISTANCE = re.compile(
    r"this line is (\S+) from the least-squares line in standardised units "
    r"\(its slope off by (\S+), its height at the mean x by (\S+)\)"
)


def standardised_distance(
    result: gradstep.FitResult, xs: list[float], ys: list[float]
) -> tuple[float, float]:
    """How far the returned line is, slope and height at the mean x, in spreads: exactly."""
    exact_xs, exact_ys = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
    n = len(xs)
    mean_x, mean_y = sum(exact_xs) / n, sum(exact_ys) / n
    spread_x = math.sqrt(float(sum((x - mean_x) ** 2 for x in exact_xs) / n))
    spread_y = math.sqrt(float(sum((y - mean_y) ** 2 for y in exact_ys) / n))
    weight, bias = exact_least_squares(xs, ys)
    slope_off = abs(float(Fraction(result.weight) - weight)) * spread_x / spread_y
    height = Fraction(result.weight) * mean_x + Fraction(result.bias) - (weight * mean_x + bias)
    return slope_off, abs(float(height)) / spread_y


def assert_says_how_far(result: gradstep.FitResult, xs: list[float], ys: list[float]) -> None:
    found = NOTE_DISTANCE.search(result.note)
    assert found is not None, result.note
    distance, slope_off, height_off = (float(number) for number in found.groups())
    exact_slope_off, exact_height_off = standardised_distance(result, xs, ys)
    # Two significant digits are printed: within 5% and the last printed digit.
    for said, exact in (
        (slope_off, exact_slope_off),
        (height_off, exact_height_off),
        (distance, max(exact_slope_off, exact_height_off)),
    ):
        assert math.isclose(said, exact, rel_tol=0.051), (said, exact, result.note)


def test_a_stochastic_run_says_truly_how_far_its_noise_floor_left_it() -> None:
    """x near 1e9: the sums said 0.00091 from the line; it was 0.076 away."""
    xs = [1e9 + tenths * 1e-7 for tenths in (8, 7, 5, 1, 8, 4, 8, 10, 4, 4)]
    ys = [1e6 + 1.81, 1e6 + 2.23, 1e6 - 0.05, 1e6 + 0.37, 1e6 + 1.29,
          1e6 + 1.62, 1e6 + 2.6, 1e6 + 1.15, 1e6 - 0.17, 1e6 + 1.65]  # fmt: skip
    result = gradstep.fit(xs, ys, batch_size=3, steps=2000)
    assert not result.converged
    assert_says_how_far(result, xs, ys)


def test_every_unconverged_variant_says_why_it_stopped_and_how_far() -> None:
    xs, ys = [1.5, 2.5, 4.0, 7.0, 8.5], [4.9, 8.3, 13.1, 23.2, 26.0]
    asked = gradstep.fit(xs, ys, optimizer="momentum", steps=7)
    assert "It took the 7 updates asked for" in asked.note
    assert_says_how_far(asked, xs, ys)
    noisy = gradstep.fit(xs, ys, batch_size=2, optimizer="adam", steps=40)
    assert not noisy.converged
    assert_says_how_far(noisy, xs, ys)
    capped = gradstep.fit(xs, ys, optimizer="momentum", learning_rate=1e-6)
    assert capped.steps == 10_000 and not capped.converged
    assert "It stopped at its cap" in capped.note
    assert_says_how_far(capped, xs, ys)


@pytest.mark.parametrize("options", [{"optimizer": "momentum"}, {"batch_size": 2}])
def test_no_spread_in_x_gets_a_sentence_on_the_variant_roads(options: dict[str, object]) -> None:
    with pytest.raises(GradstepError, match="Every x is 0"):
        gradstep.fit([0.0, 0.0, 0.0], [1.0, 2.0, 3.0], fit_bias=False, **options)  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match="Every x is the same"):
        gradstep.fit([2.0, 2.0, 2.0], [1.0, 2.0, 3.0], **options)  # type: ignore[arg-type]


def test_momentum_on_a_bias_near_1e8_stops_at_its_last_bits_and_has_converged() -> None:
    # A bias near 1e8 moves in steps of 1.5e-8: far more, in standardised units,
    # than a gradient of 1e-12 allows. The run stops within a few last bits.
    xs = [index / 2 - 2 for index in range(9)]
    noises = (0.3, -0.7, 0.5, 0.1, -0.2, 0.8, -0.4, 0.6, -0.9)
    ys = [1e8 + 2 * x + noise / 100 for x, noise in zip(xs, noises)]
    weight, bias = exact_least_squares(xs, ys)
    rate = 0.3 * largest_stable_rate(xs, fit_bias=True)
    result = gradstep.fit(xs, ys, learning_rate=rate, optimizer="momentum")
    assert result.converged and result.steps < 10_000, result.note
    assert six_digits(result.weight, weight) and six_digits(result.bias, bias)
