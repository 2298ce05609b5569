"""The two ways ``fit`` descends on a line: the textbook loop, and the default.

``descend_raw`` is the textbook loop on the data as they are, at the
learning rate you give: each step's gradient comes from a function of the
line (a pass over the points, or the sums), and it stops when the gradient,
measured in standardised units where every direction is equally steep, is at
most ``CONVERGENCE_TOLERANCE`` (or the float spacing of the coefficients
allows no less).

``descend_scaled`` is the default: descent on standardised data, where the
bowl is round and one step of learning rate 0.5 lands on its bottom; each
record stays in standardised units, where its step was taken, and carries its
line in the data's units. Where the sums round away digits the data need, it
steps on with the gradient from the rows (``certificate.refine_from_rows``).

Both return a ``FitResult`` whose ``note`` says in words what happened;
``fit`` then certifies its ``converged`` (``certificate.certify``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from gradstep.checks import check_sums
from gradstep.descent import Step, descend, random_start
from gradstep.errors import GradstepError
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums
from gradstep.fitting.certificate import (
    RowsEvidence,
    bounds_from_sums,
    certified,
    coefficient_scales,
    refine_from_rows,
)
from gradstep.fitting.result import FitResult
from gradstep.further.curvature import best_learning_rate, condition_number, stable_learning_rate
from gradstep.further.scaling import Scaling, scaled_sums, standardise

CONVERGENCE_TOLERANCE = 1e-12
MAX_RAW_STEPS = 10_000
MAX_SCALED_STEPS = 1_000


def _largest_slope(gradient: tuple[float, float], fit_bias: bool) -> float:
    # A line through the origin has no bias to learn, so that slope does not count.
    d_loss_d_weight, d_loss_d_bias = gradient
    return max(abs(d_loss_d_weight), abs(d_loss_d_bias) if fit_bias else 0.0)


def descend_raw(
    sums: LineSums,
    gradient_and_loss_here: Callable[[float, float], tuple[float, float, float]],
    rate: float,
    budget: int | None,
    seed: int | None,
    fit_bias: bool,
    progress: Callable[[Step], None] | None,
    history_limit: int | None,
) -> FitResult:
    scaling = standardise(sums, fit_bias)
    unit_sums = scaled_sums(sums, scaling)
    stable = stable_learning_rate(sums, fit_bias)

    def standardised_slope(record: Step) -> float:
        weight_u, bias_u = scaling.to_scaled(record.weight, record.bias)
        d_weight_u, d_bias_u, _ = gradient_and_loss_from_sums(unit_sums, weight_u, bias_u)
        return _largest_slope((d_weight_u, d_bias_u), fit_bias)

    def tolerance(record: Step) -> float:
        return max(CONVERGENCE_TOLERANCE, float_floor(record.weight, record.bias, scaling))

    def converged(record: Step) -> bool:
        return standardised_slope(record) <= tolerance(record)

    history = descend(
        gradient_and_loss_here,
        random_start(seed, fit_bias),
        rate,
        MAX_RAW_STEPS if budget is None else budget,
        fit_bias=fit_bias,
        is_converged=converged if budget is None else None,
        stable_learning_rate=stable,
        progress=progress,
        history_limit=history_limit,
    )
    slope = standardised_slope(history[-1])
    within = tolerance(history[-1])
    note = _note("the raw data", rate, history[-1].step, slope, budget, MAX_RAW_STEPS, within)
    if budget is None and slope > within:
        note += (
            f" The largest stable rate for these data is {stable:.4g}, and the loss valley is "
            f"{condition_number(sums, fit_bias):.3g} times steeper one way than the other: "
            "give more steps, or leave learning_rate out to descend on standardised data, "
            "where the valley is round."
        )
    return FitResult.from_history(
        history,
        converged=slope <= within,
        learning_rate=rate,
        fit_bias=fit_bias,
        stable_learning_rate=stable,
        note=note,
    )


def float_floor(weight: float, bias: float, scaling: Scaling) -> float:
    """The standardised slope that a line exact to its last few bits may still show.

    A weight and a bias in the data's units can only move in steps of their
    spacing (``math.ulp``); a bias near 1e8 moves in steps of 1.5e-8, which in
    standardised units of a spread of 0.01 is 1.5e-6, far above 1e-12. There
    the bowl's curvature is 2, so four such steps off show a slope of 8 ulps.
    """
    weight_spacing = math.ulp(weight) * scaling.x_scale / scaling.y_scale
    bias_spacing = (
        math.ulp(bias) + math.ulp(weight * scaling.x_shift) + math.ulp(scaling.y_shift)
    ) / scaling.y_scale
    return 8 * max(weight_spacing, bias_spacing)


def _note(
    where: str,
    rate: float,
    steps: int,
    slope: float,
    budget: int | None,
    cap: int,
    tolerance: float = CONVERGENCE_TOLERANCE,
) -> str:
    """What happened, in words: where descent ran, how far, and whether it converged."""
    taken = f"{steps:,} step{'' if steps == 1 else 's'}"
    what = f"Plain descent on {where} with learning rate {rate:g}"
    if steps == 0:
        return f"{what}: no steps asked for, so the result is the random start."
    if slope <= tolerance and budget is None:
        return (
            f"{what} converged after {taken}: the gradient, in standardised units, "
            f"fell to {slope:.2g} (at most {tolerance:g})."
        )
    if slope <= tolerance:
        return (
            f"{what} took the {taken} asked for and has converged: the gradient, in "
            f"standardised units, is {slope:.2g} (at most {tolerance:g})."
        )
    if budget is not None:
        ended = f"took the {taken} asked for"
    else:
        ended = f"stopped at its cap of {cap:,} steps"
    return (
        f"{what} {ended} and has not converged: the gradient, in standardised units, is "
        f"still {slope:.3g} (converged means at most {tolerance:g})."
    )


def _with_data_units(record: Step, scaling: Scaling, sums: LineSums) -> Step:
    """The record of a step on standardised data, with its line and loss in the data's units."""
    weight, bias = scaling.to_original(record.weight, record.bias)
    loss = gradient_and_loss_from_sums(sums, weight, bias)[2]
    return replace(record, units="standardised", in_data_units=(weight, bias, loss))


def descend_scaled(
    sums: LineSums,
    budget: int | None,
    seed: int | None,
    fit_bias: bool,
    progress: Callable[[Step], None] | None,
    history_limit: int | None,
    rows: Callable[[], RowsEvidence | None] | None = None,
) -> FitResult:
    # Sums may come straight from a user (fit_sums), so check what scaling needs.
    check_sums(sums, fit_bias=fit_bias)
    refuse_undetermined_slope(sums, fit_bias)
    scaling = standardise(sums, fit_bias)
    unit_sums = scaled_sums(sums, scaling)
    rate = best_learning_rate(unit_sums, fit_bias)

    def converged(record: Step) -> bool:
        return _largest_slope(record.gradient, fit_bias) <= CONVERGENCE_TOLERANCE

    # The random start is drawn in standardised units, so it is a line of the
    # data's own size however large or small their units are.
    # Every record stays in standardised units, where the step was taken, so that
    # weight - learning_rate * gradient can be checked on it; each also carries its
    # line in the data's units.
    scaled_history = descend(
        lambda weight, bias: gradient_and_loss_from_sums(unit_sums, weight, bias),
        random_start(seed, fit_bias),
        rate,
        MAX_SCALED_STEPS if budget is None else budget,
        fit_bias=fit_bias,
        is_converged=converged if budget is None else None,
        progress=None
        if progress is None
        else lambda record: progress(_with_data_units(record, scaling, sums)),
        history_limit=history_limit,
    )
    history = [_with_data_units(record, scaling, sums) for record in scaled_history]
    last = history[-1]
    is_converged = converged(last)
    slope = _largest_slope(last.gradient, fit_bias)
    note = _note("standardised data", rate, last.step, slope, budget, MAX_SCALED_STEPS)
    if is_converged and last.step == 1:
        note = (
            "On standardised data the loss bowl is perfectly round, so one step of "
            f"learning rate {rate:g} landed on its bottom."
        )
        raw_condition = condition_number(sums, fit_bias)
        if fit_bias and raw_condition > 1.5:
            note += (
                f" On the raw data the bowl is {raw_condition:.3g} times steeper one way "
                f"than the other."
            )
    scales = coefficient_scales(sums, fit_bias)
    weight, bias = last.data_line
    evidence = (
        rows()
        if is_converged
        and budget is None
        and rows is not None
        and not certified(bounds_from_sums(sums, weight, bias, fit_bias), weight, bias, scales)
        else None
    )
    if evidence is not None:
        history, taken = refine_from_rows(history, scaling, evidence, rate, scales, progress)
        note += (
            f" But the sums round away digits these data need, so that bottom is not quite "
            f"the data's: {taken} more step{'' if taken == 1 else 's'} took the gradient from "
            "the rows themselves, exactly (further.refinement)."
            if taken
            else " The gradient from the rows themselves, computed exactly, confirms it."
        )
    return FitResult.from_history(
        history,
        converged=is_converged,
        learning_rate=rate,
        fit_bias=fit_bias,
        scaling=scaling,
        stable_learning_rate=stable_learning_rate(sums, fit_bias),
        note=note,
    )


def refuse_undetermined_slope(sums: LineSums, fit_bias: bool) -> None:
    """Refuse data with no spread in x: there is no one line to descend to."""
    if fit_bias and sums.sxx == 0:
        raise GradstepError(
            f"Every x is the same value ({sums.mean_x:g}), so the slope is undetermined: "
            f"all lines through the point (x = {sums.mean_x:g}, y = mean of ys) fit equally "
            f"well. Add points with other x values."
        )
    if not fit_bias and sums.mean_x_squared == 0:
        raise GradstepError(
            "Every x is 0, so the slope of a line through the origin is undetermined: "
            "every such line predicts 0 there. Add points with x other than 0."
        )
