"""``fit`` with mini-batches, momentum or Adam (``batch_size=``, ``optimizer=``).

``fit`` hands over to ``fit_variant`` when a batch size or an update rule
other than plain descent is asked for. The two modes are those of ``fit``.

**You give ``learning_rate``**: the textbook loop on the raw data, at that
rate throughout. Each update's gradient is ``gradient.gradient_and_loss`` on
the batch (on all points when ``batch_size`` is None).

**You leave it out**: the data are standardised (``scaling``) and the rate
comes from the curvature of the loss there (``curvature``):

- A batch's bowl is steepest along its largest eigenvalue, which is at most
  the trace of its Hessian, 2 * (mean(u**2 over the batch) + 1). That mean is
  at most the largest u**2, and at most n / m, where m = n // ceil(n / k) is
  the smallest batch (the u**2 add up to n; batches are cut as equal as can
  be, so m < k when k does not divide n: 17 points in batches of 16 are 9
  and 8). So the plain rate 1 / (2 * (min(max u**2, n / m) + 1)) overshoots
  no batch.
  Full batch: the best rate of ``fit``, 0.5.
- Each update rule turns that plain rate into its own (``default_rate`` in
  ``further.rules``): momentum multiplies every step by up to 1 / (1 - beta),
  so its rate is the plain one times (1 - beta); Adam's steps are about as
  long as its rate in every direction, so its rate is ``adam.ADAM_RATE``
  (0.1) standardised units.
- With batches the rate then falls in a straight line to nearly zero at the
  last update, rate_t = rate * (1 - (t - 1) / T): early steps travel, late
  steps are too small for one batch to pull the line far off, so the noise
  dies away and the line settles on the least-squares answer.

``steps`` counts updates. Left out: with batches, whole epochs until at
least ``MIN_EPOCHS`` (20) passes and ``MIN_UPDATES`` (20,000) updates are
done, so small data get many passes; full batch, until the gradient of all
the data, in standardised units, is at most 1e-12 (or, on your data as they
are, within a few last bits of the coefficients, ``line_descent.float_floor``)
or ``MAX_STEPS`` (10,000).

**The records.** Each is in the units its update was taken in: standardised
when you leave the rate out (with its line and loss in your units,
``Step.data_line``), your data's when you give it. Its loss and gradient are
those of all the data, from the sums in O(1); the last record's loss is
computed from the rows' exact errors, so ``result.loss`` is the loss of the
line returned. Each record's ``update`` says how it was reached from the one
before: the rate of that update, the gradient its batch gave at the previous
line (in full batch, the previous record's own gradient), and the rule's
memory after it. So every step can be redone by hand: plain, value -
rate * gradient; momentum, velocity = beta * previous velocity + gradient,
then value - rate * velocity; Adam, ``adam.adam_step`` from the previous
moments (zero at the start).

**Converged** means what it means everywhere: both coefficients agree with
the exact least-squares line to six significant digits, judged by the sums
or, where they cannot vouch, by the exact gradient from the rows
(``fitting.certificate``). A run short of that, at its noise floor, its
cap, or the steps you asked for, says why it stopped and how far off it is,
computed exactly from the rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from gradstep.bookkeeping.history import HISTORY_LIMIT, Update
from gradstep.checks import check_learning_rate, check_steps
from gradstep.descent import Step, random_start
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums
from gradstep.fitting.certificate import (
    Bounds,
    RowsEvidence,
    bounds_from_sums,
    certified,
    coefficient_scales,
    rows_evidence,
)
from gradstep.fitting.line_descent import float_floor, refuse_undetermined_slope
from gradstep.fitting.result import FitResult
from gradstep.further.batches import descend_variant
from gradstep.further.curvature import best_learning_rate, stable_learning_rate
from gradstep.further.rules import UpdateRule
from gradstep.further.scaling import Scaling, scaled_sums, standardise
from gradstep.gradient import gradient_and_loss

MIN_EPOCHS = 20
MIN_UPDATES = 20_000
MAX_STEPS = 10_000
FULL_BATCH_TOLERANCE = 1e-12


def fit_variant(
    xs: list[float],
    ys: list[float],
    sums: LineSums,
    *,
    learning_rate: float | None,
    steps: int | None,
    seed: int | None,
    fit_bias: bool,
    batch_size: int | None,
    rule: UpdateRule,
    history_limit: int | None = HISTORY_LIMIT,
    rows: Callable[[], RowsEvidence] | None = None,
) -> FitResult:
    """Fit a line with batches and an update rule; ``xs`` and ``ys`` already checked.

    ``rows``, if given, gives the rows split exactly (``fit`` passes the one
    split it shares with its certificate); else they are split here.

    >>> from gradstep.fast.sums import line_sums
    >>> from gradstep.further.momentum import Momentum
    >>> xs, ys = [1.0, 2.0, 3.0, 4.0], [5.0, 8.0, 11.0, 14.0]
    >>> result = fit_variant(xs, ys, line_sums(xs, ys), learning_rate=None, steps=None,
    ...     seed=0, fit_bias=True, batch_size=1, rule=Momentum())
    >>> round(result.weight, 6), round(result.bias, 6), result.steps, result.history[-1].epoch
    (3.0, 2.0, 20000, 5000)
    """
    refuse_undetermined_slope(sums, fit_bias)
    scaling = standardise(sums, fit_bias)
    unit_sums = scaled_sums(sums, scaling)
    n = sums.n
    explicit = learning_rate is not None
    if explicit:
        work_sums, work_xs, work_ys = sums, xs, ys
        rate = check_learning_rate(learning_rate)
    else:
        work_sums = unit_sums
        work_xs, work_ys = scaling.scaled_points(xs, ys)
        rate = rule.default_rate(_plain_rate(unit_sums, work_xs, batch_size, fit_bias))
    if steps is not None:
        budget = check_steps(steps)
    elif batch_size is not None:
        batches_per_epoch = math.ceil(n / batch_size)
        epochs = max(MIN_EPOCHS, math.ceil(MIN_UPDATES / batches_per_epoch))
        budget = epochs * batches_per_epoch
    else:
        budget = MAX_STEPS

    def without_bias(gradient: tuple[float, float]) -> list[float]:
        # A line through the origin keeps its bias at 0, so that slope must not move it.
        return [gradient[0], gradient[1] if fit_bias else 0.0]

    def batch_gradient(values: list[float], batch: list[int]) -> list[float]:
        weight, bias = values
        batch_xs = [work_xs[index] for index in batch]
        batch_ys = [work_ys[index] for index in batch]
        d_loss_d_weight, d_loss_d_bias, _ = gradient_and_loss(weight, bias, batch_xs, batch_ys)
        return without_bias((d_loss_d_weight, d_loss_d_bias))

    def whole_gradient_and_loss(values: list[float]) -> tuple[list[float], float]:
        weight, bias = values
        if batch_size is None and explicit:
            # The textbook loop: every point, every step.
            d_loss_d_weight, d_loss_d_bias, loss = gradient_and_loss(weight, bias, work_xs, work_ys)
        else:
            # The loss of all the data after a batch's update, in O(1).
            d_loss_d_weight, d_loss_d_bias, loss = gradient_and_loss_from_sums(
                work_sums, weight, bias
            )
        return without_bias((d_loss_d_weight, d_loss_d_bias)), loss

    def standardised_slope(values: list[float]) -> float:
        weight, bias = values
        if explicit:
            weight, bias = scaling.to_scaled(weight, bias)
        d_weight_u, d_bias_u, _ = gradient_and_loss_from_sums(unit_sums, weight, bias)
        return max(abs(d_weight_u), abs(d_bias_u) if fit_bias else 0.0)

    def tolerance(values: list[float]) -> float:
        # On your data's units a coefficient moves only in steps of its last bit.
        if not explicit:
            return FULL_BATCH_TOLERANCE
        return max(FULL_BATCH_TOLERANCE, float_floor(values[0], values[1], scaling))

    def small_gradient(values: list[float]) -> bool:
        return standardised_slope(values) <= tolerance(values)

    def make_record(
        step: int,
        epoch: int,
        values: list[float],
        loss: float,
        gradient: list[float],
        update: Update | None,
    ) -> Step:
        weight, bias = values
        slopes = (gradient[0], gradient[1])
        if explicit:
            return Step(step, weight, bias, loss, slopes, epoch, update=update)
        # Stepped in standardised units, recorded there; the line in your units rides along.
        data_weight, data_bias = scaling.to_original(weight, bias)
        data_loss = gradient_and_loss_from_sums(sums, data_weight, data_bias)[2]
        in_data_units = (data_weight, data_bias, data_loss)
        return Step(step, weight, bias, loss, slopes, epoch, "standardised", in_data_units, update)

    def schedule(update: int) -> float:
        if explicit or batch_size is None:
            return rate
        return rate * (1 - (update - 1) / budget)

    history = descend_variant(
        batch_gradient,
        whole_gradient_and_loss,
        list(random_start(seed, fit_bias)),
        make_record,
        n=n,
        batch_size=batch_size,
        rule=rule,
        learning_rate=schedule,
        steps=budget,
        seed=seed,
        is_converged=small_gradient if steps is None and batch_size is None else None,
        stable_learning_rate=stable_learning_rate(sums, fit_bias),
        history_limit=history_limit,
    )
    last = history[-1]
    weight, bias = last.data_line
    # The verdict is the certificate's (six digits of the exact line), not the
    # stopping test's; the rows, split exactly once, also give the exact loss.
    scales = coefficient_scales(sums, fit_bias)
    evidence = rows_evidence(xs, ys, scaling, fit_bias) if rows is None else rows()
    row_bounds, centred_gradient, loss = evidence.at(weight, bias)
    is_converged = certified(bounds_from_sums(sums, weight, bias, fit_bias), weight, bias, scales)
    is_converged = is_converged or certified(row_bounds, weight, bias, scales)
    history[-1] = _with_exact_loss(last, loss, scaling)

    where = "your data as they are" if explicit else "standardised data"
    batches = "full batch" if batch_size is None else f"batches of {batch_size}"
    falling = "" if explicit or batch_size is None else ", its rate falling to 0 in a line"
    updates = f"{last.step:,} update{'' if last.step == 1 else 's'}"
    values = [last.weight, last.bias]
    slope, stop_at = standardised_slope(values), tolerance(values)
    note = f"{rule.name.capitalize()} descent in {batches} on {where}{falling}: {updates}, "
    if is_converged:
        note += (
            "converged: the weight and the bias each agree with the exact least-squares "
            "line to six significant digits."
        )
        if steps is None and batch_size is None and slope > stop_at:
            note += (
                f" It ran to its cap with the gradient, in standardised units, still "
                f"{slope:.2g}, above the {stop_at:.2g} at which it would stop."
            )
        why = ""
    elif steps is not None:
        why = f"It took the {updates} asked for"
    elif batch_size is not None:
        why = "A stochastic run stops at its noise floor when its schedule ends"
    elif slope <= stop_at:
        why = (
            f"It stopped as the gradient, in standardised units, fell to {slope:.2g} (at most "
            f"{stop_at:.2g}), but a small gradient is not yet a certified answer"
        )
    else:
        why = (
            f"It stopped at its cap with the gradient, in standardised units, still "
            f"{slope:.2g} (it would stop at {stop_at:.2g})"
        )
    if not is_converged:
        note += f"has not converged. {why}: " + _how_far(
            row_bounds, centred_gradient, (weight, bias), scaling, fit_bias
        )
        note += (
            " More updates (steps=) bring a stochastic run closer; leave batch_size and "
            "optimizer out to have fit find the line to the last digits."
            if batch_size is not None
            else " Leave optimizer out to have fit refine from the rows."
        )
    return FitResult.from_history(
        history,
        converged=is_converged,
        learning_rate=rate,
        fit_bias=fit_bias,
        scaling=None if explicit else scaling,
        stable_learning_rate=stable_learning_rate(sums, fit_bias),
        note=note,
    )


def _with_exact_loss(record: Step, loss: float, scaling: Scaling) -> Step:
    """The last record, its loss that of the rows' exact errors rather than of the sums."""
    if record.in_data_units is None:
        return replace(record, loss=loss)
    weight, bias, _ = record.in_data_units
    # Standardised errors are the data's divided by y_scale.
    loss_u = loss / scaling.y_scale / scaling.y_scale
    return replace(record, loss=loss_u, in_data_units=(weight, bias, loss))


def _how_far(
    bounds: Bounds,
    centred_gradient: tuple[float, float],
    line: tuple[float, float],
    scaling: Scaling,
    fit_bias: bool,
) -> str:
    """How far the line is from the least-squares line, from the rows' exact gradient.

    In standardised units the bowl's curvature is 2 every way, so the slope
    is off by the weight's distance times x_scale / y_scale and the height at
    the mean of x by |d(loss)/d(bias)| / 2, in spreads of y.
    """
    slope_off = bounds.weight * scaling.x_scale / scaling.y_scale
    level_off = abs(centred_gradient[1]) / 2 / scaling.y_scale
    parts = f"its slope off by {slope_off:.2g}" + (
        f", its height at the mean x by {level_off:.2g}" if fit_bias else ""
    )
    digits = [
        _digits(name, value, bound)
        for name, value, bound in (
            ("weight", line[0], bounds.weight),
            ("bias", line[1], bounds.bias),
        )
        if name == "weight" or fit_bias
    ]
    distance = max(slope_off, level_off)
    how_far = (
        f"{distance:.2g} from the least-squares line in standardised units ({parts})"
        if math.isfinite(distance)
        else "farther from the least-squares line than a float can measure"
    )
    sentence = (
        f"computed exactly from the rows, this line is {how_far}: {' and '.join(digits)}, "
        "short of the six significant digits that converged promises."
    )
    if bounds.exact_line_known:
        exact_weight, exact_bias = bounds.exact_line
        sentence += f" The least-squares line is y_hat = {exact_weight:.7g} * x + {exact_bias:.7g}."
    return sentence


def _digits(name: str, value: float, distance: float) -> str:
    """'the weight, 1.5, is 0.002 from the exact one (2 correct significant digits)'."""
    if distance == 0:
        return f"the {name}, {value:.10g}, is exact"
    if not math.isfinite(distance):
        return f"the {name}, {value:.3g}, is farther from the exact one than a float can measure"
    if abs(value) <= distance:
        return (
            f"the {name}, {value:.3g}, is {distance:.2g} from the exact one, as far as its own "
            "size: no correct digit"
        )
    digits = math.floor(math.log10(abs(value) / distance))
    return (
        f"the {name}, {value:.10g}, is {distance:.2g} from the exact one "
        f"({digits} correct significant digit{'' if digits == 1 else 's'})"
    )


def _plain_rate(
    unit_sums: LineSums, us: list[float], batch_size: int | None, fit_bias: bool
) -> float:
    # Plain descent's safe rate on standardised data; each rule scales it its own way.
    if batch_size is None:
        return best_learning_rate(unit_sums, fit_bias)
    # Batches are cut as equal as can be, so the smallest holds n // ceil(n / k)
    # points, fewer than k when k does not divide n (17 in batches of 16: 9 and 8).
    smallest_batch = unit_sums.n // math.ceil(unit_sums.n / batch_size)
    largest_mean_square = min(max(u * u for u in us), unit_sums.n / smallest_batch)
    return 1 / (2 * (largest_mean_square + (1.0 if fit_bias else 0.0)))
