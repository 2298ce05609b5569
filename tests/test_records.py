"""Every record of a plain full-batch run obeys the update rule, in the units it says.

From nothing but a record's own fields and ``result.learning_rate``, the next
record is ``weight - learning_rate * gradient[0]`` (and likewise for the bias),
whether descent ran on the data as they are (a learning rate given) or on
standardised data (the default). The records are then checked against the
data themselves: the gradient is the gradient in the units the record names,
recomputed here in exact fractions from the definitions, and the line in the
data's units is the record's line mapped back, written out again here.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Callable
from fractions import Fraction

from conftest import exact_loss, line_data, standardising
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep import FitResult, fit
from gradstep.descent import Step
from gradstep.fast.sums import line_sums
from gradstep.fit import fit_pairs, fit_sums

Entry = Callable[..., FitResult]


def by_fit(xs: list[float], ys: list[float], **options: object) -> FitResult:
    return fit(xs, ys, **options)  # type: ignore[arg-type]


def by_sums(xs: list[float], ys: list[float], **options: object) -> FitResult:
    return fit_sums(line_sums(xs, ys), **options)  # type: ignore[arg-type]


def by_pairs(xs: list[float], ys: list[float], **options: object) -> FitResult:
    return fit_pairs(zip(xs, ys), **options)  # type: ignore[arg-type]


def largest_stable_rate(xs: list[float], fit_bias: bool) -> float:
    """2 / lambda_max of the Hessian 2 * [[mean(x**2), mean(x)], [mean(x), 1]], from scratch."""
    mean_square = statistics.fmean(x * x for x in xs)
    if not fit_bias:
        return 2 / (2 * mean_square)
    mean = statistics.fmean(xs)
    trace, determinant = 2 * mean_square + 2, 4 * (mean_square - mean * mean)
    return 2 / ((trace + math.sqrt(max(trace * trace - 4 * determinant, 0.0))) / 2)


def exact_gradient(
    weight: float, bias: float, us: list[Fraction], vs: list[Fraction]
) -> tuple[float, float]:
    """d(loss)/d(weight) = 1/n * sum(2 * error * u), d(loss)/d(bias) = 1/n * sum(2 * error)."""
    errors = [Fraction(weight) * u + Fraction(bias) - v for u, v in zip(us, vs)]
    n = len(errors)
    return (
        float(sum(2 * error * u for error, u in zip(errors, us)) / n),
        float(sum(2 * error for error in errors) / n),
    )


def obeys_the_rule(before: float, gradient: float, after: float, learning_rate: float) -> bool:
    expected = before - learning_rate * gradient
    # Relative 1e-12 of the numbers that enter the subtraction.
    size = max(abs(before), abs(learning_rate * gradient))
    return math.isclose(after, expected, rel_tol=1e-12, abs_tol=1e-12 * size)


@given(
    line_data(),
    st.sampled_from([by_fit, by_sums, by_pairs]),
    st.booleans(),
    st.one_of(st.none(), st.floats(min_value=0.05, max_value=0.9)),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=2**16),
)
def test_every_record_obeys_the_update_rule_in_its_own_units(
    data: tuple[list[float], list[float]],
    entry: Entry,
    fit_bias: bool,
    share_of_stable_rate: float | None,
    steps: int,
    seed: int,
) -> None:
    xs, ys = data
    x_shift, x_scale, y_shift, y_scale = standardising(xs, ys, fit_bias)
    # ys without spread are scaled by a rule of their own, tested apart.
    assume(y_scale > 1e-30)
    if share_of_stable_rate is None:
        result = entry(xs, ys, fit_bias=fit_bias, steps=steps, seed=seed, history_limit=None)
        units = "standardised"
        us = [(Fraction(x) - Fraction(x_shift)) / Fraction(x_scale) for x in xs]
        vs = [(Fraction(y) - Fraction(y_shift)) / Fraction(y_scale) for y in ys]
    else:
        learning_rate = share_of_stable_rate * largest_stable_rate(xs, fit_bias)
        result = entry(
            xs,
            ys,
            learning_rate=learning_rate,
            fit_bias=fit_bias,
            steps=steps,
            seed=seed,
            history_limit=None,
        )
        units = "data"
        us, vs = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
    history = result.history
    assert [record.step for record in history] == list(range(steps + 1))

    # The rule, from the records' fields and result.learning_rate alone.
    for record, after in itertools.pairwise(history):
        d_loss_d_weight, d_loss_d_bias = record.gradient
        assert obeys_the_rule(record.weight, d_loss_d_weight, after.weight, result.learning_rate)
        assert obeys_the_rule(record.bias, d_loss_d_bias, after.bias, result.learning_rate)

    # The random start lies in [-1, 1] in the units it was drawn in.
    assert -1.0 <= history[0].weight <= 1.0
    assert -1.0 <= history[0].bias <= 1.0

    # Each record is what it says: its gradient is the gradient in its units ...
    # Rounding in the scaled data and the sums is relative to the size of the terms.
    gradient_size = 1 + max(abs(v) for v in vs) * max(1, *(abs(u) for u in us))
    for record in history:
        assert record.units == units
        slope_weight, slope_bias = exact_gradient(record.weight, record.bias, us, vs)
        if not fit_bias:
            slope_bias = 0.0  # no bias to learn: its step is 0
        tolerance = 1e-9 * float(gradient_size) * (1 + abs(record.weight) + abs(record.bias))
        assert math.isclose(record.gradient[0], slope_weight, rel_tol=1e-9, abs_tol=tolerance)
        assert math.isclose(record.gradient[1], slope_bias, rel_tol=1e-9, abs_tol=tolerance)
        check_data_units(record, xs, ys, (x_shift, x_scale, y_shift, y_scale))

    # ... and the result is the last record's line, in the data's units.
    assert (result.weight, result.bias) == history[-1].data_line
    assert result.loss == history[-1].data_loss


def check_data_units(
    record: Step, xs: list[float], ys: list[float], scaling: tuple[float, float, float, float]
) -> None:
    """The record's line and loss in the data's units, recomputed from its own fields."""
    weight, bias = record.data_line
    if record.units == "data":
        assert (weight, bias) == (record.weight, record.bias)
    else:
        # v = weight_u * u + bias_u with u = (x - x_shift) / x_scale, v likewise, is the
        # line weight = weight_u * y_scale / x_scale, bias = y_shift + y_scale * bias_u
        # - weight * x_shift.
        x_shift, x_scale, y_shift, y_scale = scaling
        expected_weight = record.weight * y_scale / x_scale
        expected_bias = y_shift + y_scale * record.bias - expected_weight * x_shift
        assert math.isclose(
            weight, expected_weight, rel_tol=1e-9, abs_tol=1e-12 * y_scale / x_scale
        )
        bias_size = abs(y_shift) + y_scale * (1 + abs(record.bias)) + abs(expected_weight * x_shift)
        assert math.isclose(bias, expected_bias, rel_tol=1e-9, abs_tol=1e-12 * bias_size)
    loss_size = statistics.fmean(y * y for y in ys) + weight * weight * statistics.fmean(
        x * x for x in xs
    )
    assert math.isclose(
        record.data_loss,
        float(exact_loss(weight, bias, xs, ys)),
        rel_tol=1e-9,
        abs_tol=1e-12 * (loss_size + bias * bias),
    )


def test_the_default_records_a_step_a_learner_can_redo() -> None:
    """Forbes-like numbers: the printed step, redone by hand, gives the printed next weight."""
    xs, ys = [194.5, 197.9, 199.4, 204.6, 209.5, 212.2], [20.79, 22.4, 23.15, 25.14, 28.49, 30.06]
    result = fit(xs, ys, steps=1)
    start, after = result.history
    assert start.units == after.units == "standardised"
    assert result.learning_rate == 0.5
    d_loss_d_weight, d_loss_d_bias = start.gradient
    assert math.isclose(after.weight, start.weight - 0.5 * d_loss_d_weight, rel_tol=1e-15)
    assert math.isclose(after.bias, start.bias - 0.5 * d_loss_d_bias, rel_tol=1e-15, abs_tol=1e-15)
    # One step on the round bowl lands on the bottom: the least-squares line.
    mean_x, mean_y = statistics.fmean(xs), statistics.fmean(ys)
    slope, intercept = statistics.linear_regression(xs, ys)
    assert math.isclose(
        after.weight, slope * statistics.pstdev(xs) / statistics.pstdev(ys), rel_tol=1e-12
    )
    assert abs(after.bias) < 1e-12
    assert math.isclose(result.weight, slope, rel_tol=1e-12)
    assert math.isclose(result.bias, intercept, rel_tol=1e-12)
    assert math.isclose(result.predict(mean_x), mean_y, rel_tol=1e-12)


def test_the_steps_refined_from_the_rows_obey_the_rule_too() -> None:
    """Where the sums cannot vouch for six digits, fit steps on with the rows' gradient."""
    cases = [
        ([-1.0, -1.0, 1.0, 1.0], [1e12, -1e12, 1e12 + 3, -1e12 + 3]),
        ([1 + 1e-12, 1 + 2e-12, 1 + 3e-12], [5.0, 5.0, 5.0]),
        ([1e10 + i / 100 for i in range(50)], [2 * (1e10 + i / 100) + 1 for i in range(50)]),
    ]
    for xs, ys in cases:
        result = fit(xs, ys)
        history = result.history
        assert "from the rows" in result.note and result.converged, result
        for record, after in itertools.pairwise(history):
            d_loss_d_weight, d_loss_d_bias = record.gradient
            assert obeys_the_rule(record.weight, d_loss_d_weight, after.weight, 0.5)
            assert obeys_the_rule(record.bias, d_loss_d_bias, after.bias, 0.5)
        last = history[-1]
        assert (result.weight, result.bias) == last.data_line
        weight, bias = last.data_line
        exact = float(exact_loss(weight, bias, xs, ys))
        assert math.isclose(result.loss, exact, rel_tol=1e-9, abs_tol=1e-300), (result, exact)
