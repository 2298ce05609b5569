"""``fit_features``: descent for y_hat = w1*x1 + ... + wk*xk + bias.

The same two modes as ``fit``:

**You give ``learning_rate``**: the textbook loop on your rows as they are.
Every step calls ``features.gradient_and_loss`` over all rows and moves every
weight and the bias by ``update.gradient_step``.

**You leave it out**: one pass collects the sums of ``feature_sums``, every
feature and y are standardised, and descent runs along the axes of the bowl
(``rotation``): rotated to the Hessian's eigenvectors and scaled so that the
bowl is round, where a step at rate 0.5 lands on the bottom. The first step
takes its gradient from the sums, in O(k**2); the sums have lost digits, so
every later step takes it from the rows, computed exactly (``refinement``),
and each wins back about 16 - log10(condition number) digits.

**Converged** means the same in both modes: at the returned weights, the step
to the bottom along the bowl's axes, from the gradient of the rows, would
move no coefficient by more than ``RELATIVE_TOLERANCE`` (1e-10) of its size
(or ``ABSOLUTE_TOLERANCE``, 1e-23, of its standardised unit: spread of y over
spread of the feature; for the bias, spread of y), and the steps were
shrinking (or are below 1e-11 of it, where rounding is all that moves them).
That keeps the promise ``fit`` makes (``fitting.certificate``): six
significant digits, where a coefficient below 1e-16 of its unit counts as
zero and must come within 1e-22 of it; the step is the distance to the
bottom to within the condition number times 2**-53 of itself.
Where the bowl is too thin for a float (condition number
``FLOAT_LIMIT``, 1e15, or more), it is never converged, and the note says why.
"""

from __future__ import annotations

import dataclasses
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from gradstep.bookkeeping.history import HISTORY_LIMIT, Update, kept_within
from gradstep.checks import (
    check_fit_bias,
    check_history_limit,
    check_learning_rate,
    check_prediction,
    check_progress,
    check_row,
    check_rows,
    check_seed,
    check_steps,
)
from gradstep.errors import GradstepError
from gradstep.fast.feature_sums import (
    FeatureSums,
    feature_sums,
    gradient_and_loss_from_feature_sums,
    hessian,
)
from gradstep.further.batches import descend_variant
from gradstep.further.eigenvalues import symmetric_eigenvalues
from gradstep.further.features import gradient_and_loss, predict_row
from gradstep.further.refinement import SplitRows, exact_product, gradient_from_rows, split_rows
from gradstep.further.rotation import BEST_RATE, FLOAT_RESOLUTION, Axes, bowl_axes
from gradstep.further.rules import Plain
from gradstep.further.scaling import FeatureScaling, standardise_features
from gradstep.loss import LOSS_NAME

RELATIVE_TOLERANCE = 1e-10
ABSOLUTE_TOLERANCE = 1e-23
FLOAT_LIMIT = 1e15
# A move of 2**-52 of a coefficient changes at most its last bit.
LAST_BIT = 2.0**-52 / RELATIVE_TOLERANCE
# Moves below 1e-11 of a coefficient are rounding, whether or not they still shrink.
ROUNDING = 1e-11 / RELATIVE_TOLERANCE
MAX_RAW_STEPS = 10_000
MAX_SCALED_STEPS = 100


@dataclass(frozen=True)
class FeatureStep:
    """One record of the descent: the weights, bias, loss and gradient there."""

    step: int
    weights: tuple[float, ...]
    bias: float
    loss: float
    gradient: tuple[float, ...]  # d(loss)/d(w1), ..., d(loss)/d(wk), d(loss)/d(bias)
    epoch: int = 0


@dataclass(frozen=True)
class FeaturesResult:
    """The outcome of ``fit_features``; ``history`` is in the data's units.

    With your ``learning_rate`` each record leads to the next by the update rule,
    next.weights[j] = weights[j] - learning_rate * gradient[j] (the bias too).
    By default the steps are taken along the bowl's axes at rate 0.5 there; the
    records show where they land, mapped back to the data's units, with the
    gradient there, which is not what moved them (see ``_StepsToBottom``).

    ``condition_number`` is that of the standardised bowl, lambda_max / lambda_min
    (what thin valley is left once every feature is scaled);
    ``stable_learning_rate`` the largest rate plain descent on the raw rows
    survives, 2 / lambda_max.
    """

    weights: list[float]
    bias: float
    loss: float
    steps: int
    converged: bool
    learning_rate: float
    history: list[FeatureStep] = field(repr=False)
    fit_bias: bool = True
    scaling: FeatureScaling | None = None
    condition_number: float = float("nan")
    stable_learning_rate: float = float("nan")
    note: str = ""

    def predict(self, row: Sequence[float]) -> float:
        """Return y_hat = w1 * x1 + ... + wk * xk + bias for one row."""
        checked = check_row(row, len(self.weights))
        return check_prediction(predict_row(self.weights, self.bias, checked), row)

    def __str__(self) -> str:
        terms = [f"{weight:.10g} * x{j}" for j, weight in enumerate(self.weights, start=1)]
        equation = " + ".join([*terms, f"{self.bias:.10g}"] if self.fit_bias else terms)
        where = "on the raw data" if self.scaling is None else "along the bowl's axes"
        lines = [
            f"y_hat = {equation}".replace("+ -", "- "),
            f"loss ({LOSS_NAME}) = {self.loss:.10g}",
            f"{self.steps} step{'' if self.steps == 1 else 's'} of learning rate "
            f"{self.learning_rate:g} {where}, "
            f"{'converged' if self.converged else 'not converged'}",
        ]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def fit_features(
    rows: object,
    ys: object,
    *,
    learning_rate: float | None = None,
    steps: int | None = None,
    seed: int | None = 0,
    fit_bias: bool = True,
    progress: Callable[[FeatureStep], None] | None = None,
    history_limit: int | None = HISTORY_LIMIT,
) -> FeaturesResult:
    """Fit y_hat = w1 * x1 + ... + wk * xk + bias to rows of features by descent.

    Minimises loss = 1/n * sum((y_hat - y)**2). ``seed`` picks the random start
    (every weight and the bias from [-1, 1]). ``progress``, if given, is called
    with each ``FeatureStep`` as it is taken; ``history_limit`` bounds the steps
    kept in ``history`` as in ``fit`` (``None`` keeps them all).

    Rows on y = 2 * x1 - 3 * x2 + 1:

    >>> result = fit_features([[1, 0], [0, 1], [2, 1], [1, 3]], [3, -2, 2, -6])
    >>> result.weights, result.bias, result.converged
    ([2.0, -3.0], 1.0, True)
    >>> result.predict([4, 2])
    3.0
    """
    seed, fit_bias = check_seed(seed), check_fit_bias(fit_bias)
    progress, history_limit = check_progress(progress), check_history_limit(history_limit)
    checked_rows, y_column, rounding = check_rows(rows, ys, fit_bias=fit_bias)
    sums = feature_sums(checked_rows, y_column.values)
    _refuse_unsquarable(sums, checked_rows, y_column.values, fit_bias)
    _refuse_undetermined(sums, fit_bias)
    scaling = standardise_features(sums, fit_bias)
    unit_sums = _exactly_centred(scaling.rescaled(sums), scaling, checked_rows, y_column.values)
    axes = bowl_axes(hessian(unit_sums, fit_bias))
    condition = axes.curvatures[0] / axes.curvatures[-1]
    if axes.flat_axes or condition >= FLOAT_LIMIT:
        _refuse_collinear(axes, scaling, checked_rows, fit_bias)
    raw_stable_rate = 2 / symmetric_eigenvalues(hessian(sums, fit_bias))[0]
    budget = None if steps is None else check_steps(steps)
    k = len(sums.means)
    start = _random_start(seed, k, fit_bias)
    rows_split = split_rows(checked_rows, y_column.values, centres=scaling.shifts)
    steps_on = _StepsToBottom(axes, scaling, sums, rows_split, raw_stable_rate)
    if learning_rate is None:
        history = _descend_along_axes(steps_on, unit_sums, start, budget, progress, history_limit)
        rate = BEST_RATE
    else:
        rate = check_learning_rate(learning_rate)
        history = _descend_on_rows(
            steps_on,
            checked_rows,
            y_column.values,
            start,
            rate,
            budget,
            progress,
            history_limit,
        )
    last = history[-1]
    if steps_on.centred_step != last.step:
        # The certificate needs the gradient of the rows, exactly.
        history[-1] = last = steps_on.record(last.step, list(last.weights), last.bias)
    move = steps_on.move(steps_on.centred_gradient)
    size = steps_on.relative_size(move, last.weights, last.bias)
    shrinking = len(history) > 1 and size < steps_on.previous_size
    trusted = condition < FLOAT_LIMIT and not axes.flat_axes
    is_converged = trusted and size <= 1 and (shrinking or size <= ROUNDING)
    note = _note(learning_rate is not None, is_converged, trusted, condition, last.step, size)
    if is_converged and (rounding or y_column.rounding):
        # The rows' exact step is that of the floats; the data as given were not floats.
        is_converged = False
        note = note.replace(" Converged: the next step", " The next step")
        note += (
            f" But your data became floats on the way in (moved by up to {rounding:.3g} in "
            f"the features and {y_column.rounding:.3g} in y), so these are the digits of the "
            "line of those floats, not certified for the data as given: subtract an offset "
            "from the values first, exactly (in whole numbers, or Decimals), so that floats "
            "hold what is left."
        )
    return FeaturesResult(
        weights=list(last.weights),
        bias=last.bias,
        loss=last.loss,
        steps=last.step,
        converged=is_converged,
        learning_rate=rate,
        history=history,
        fit_bias=fit_bias,
        scaling=None if learning_rate is not None else scaling,
        condition_number=condition,
        stable_learning_rate=raw_stable_rate,
        note=note,
    )


class _StepsToBottom:
    """The step to the bottom along the bowl's axes, from a gradient in the data's units.

    A centred gradient (cj = d(loss)/d(wj) - mean_j * d(loss)/d(bias), and
    d(loss)/d(bias)) becomes one in standardised units by the chain rule,
    d(loss_u)/d(wj_u) = cj / (spread_j * spread_y) and d(loss_u)/d(bias_u) =
    d(loss)/d(bias) / spread_y; ``Axes.move`` turns it into the step, which
    maps back as wj = wj_u * spread_y / spread_j and bias = spread_y * bias_u -
    sum(wj * mean_j). ``record`` measures the centred gradient on the rows
    exactly (``refinement``): subtracting mean_j * d(loss)/d(bias) from the raw
    slope would cancel its digits away when a feature sits far from 0.
    """

    def __init__(
        self,
        axes: Axes,
        scaling: FeatureScaling,
        sums: FeatureSums,
        rows: SplitRows,
        stable_learning_rate: float,
    ):
        self.axes, self.scaling, self.sums, self.rows = axes, scaling, sums, rows
        self.stable_learning_rate = stable_learning_rate
        self.fit_bias = len(axes.curvatures) > len(sums.means)
        # The size of the last step taken, as ``relative_size`` measures it.
        self.previous_size = math.inf
        # The centred gradient at the last step recorded from the rows, and its number.
        self.centred_gradient: list[float] = []
        self.centred_step = -1

    def move_from_raw(self, gradient: list[float]) -> list[float]:
        """The step from a gradient in the data's units (its centring rounds)."""
        *d_loss_d_weights, d_loss_d_bias = gradient
        shifts = self.scaling.shifts
        centred = [slope - shift * d_loss_d_bias for slope, shift in zip(d_loss_d_weights, shifts)]
        return self.move([*centred, d_loss_d_bias])

    def move(self, centred_gradient: list[float]) -> list[float]:
        scaling = self.scaling
        *centred, d_loss_d_bias = centred_gradient
        scaled = [
            slope / (scale * scaling.y_scale) for slope, scale in zip(centred, scaling.scales)
        ]
        if self.fit_bias:
            scaled.append(d_loss_d_bias / scaling.y_scale)
        move_u = self.axes.move(scaled)
        move = [m * scaling.y_scale / scale for m, scale in zip(move_u, scaling.scales)]
        if not self.fit_bias:
            return [*move, 0.0]
        shifted = math.fsum(m * shift for m, shift in zip(move, scaling.shifts))
        return [*move, scaling.y_scale * move_u[-1] - shifted]

    def relative_size(self, move: list[float], weights: Sequence[float], bias: float) -> float:
        """The largest move as a share of what converged allows that coefficient (1 = at it)."""
        units = [self.scaling.y_scale / scale for scale in self.scaling.scales]
        units.append(self.scaling.y_scale)
        return max(
            abs(change) / (RELATIVE_TOLERANCE * abs(value) + ABSOLUTE_TOLERANCE * unit)
            for change, value, unit in zip(move, [*weights, bias], units)
        )

    def record(self, step: int, weights: list[float], bias: float) -> FeatureStep:
        """Step ``step`` at these weights, its loss and gradient from the rows, exactly."""
        centred, d_loss_d_bias, loss = gradient_from_rows(self.rows, weights, bias)
        self.centred_gradient, self.centred_step = [*centred, d_loss_d_bias], step
        # The record shows the plain slopes, d(loss)/d(wj) with the bias held.
        slopes = [c + shift * d_loss_d_bias for c, shift in zip(centred, self.scaling.shifts)]
        gradient = (*slopes, d_loss_d_bias if self.fit_bias else 0.0)
        return FeatureStep(step, tuple(weights), bias, loss, gradient, step)


def _descend_along_axes(
    steps_on: _StepsToBottom,
    unit_sums: FeatureSums,
    start: list[float],
    budget: int | None,
    progress: Callable[[FeatureStep], None] | None,
    history_limit: int | None,
) -> list[FeatureStep]:
    """Steps at rate 0.5 along the bowl's axes: the first from the sums, the rest from the rows."""
    k, scaling, fit_bias = len(unit_sums.means), steps_on.scaling, steps_on.fit_bias
    weights, bias = scaling.to_original(start[:k], start[k])
    d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss_from_feature_sums(
        steps_on.sums, weights, bias
    )
    gradient = (*d_loss_d_weights, d_loss_d_bias if fit_bias else 0.0)
    history = [FeatureStep(0, tuple(weights), bias, loss, gradient)]
    if progress is not None:
        progress(history[0])
    stride = 1
    if budget == 0:
        return history
    # Step 1 from the sums of the standardised data: it lands as near the bottom as they know it.
    d_loss_d_weights_u, d_loss_d_bias_u, _ = gradient_and_loss_from_feature_sums(
        unit_sums, start[:k], start[k]
    )
    move_u = steps_on.axes.move([*d_loss_d_weights_u, *([d_loss_d_bias_u] if fit_bias else [])])
    landed = [value + change for value, change in zip(start, move_u)]
    weights, bias = scaling.to_original(landed[:k], landed[k] if fit_bias else 0.0)
    for step in range(1, MAX_SCALED_STEPS + 1 if budget is None else budget + 1):
        record = steps_on.record(step, weights, bias)
        history.append(record)
        if progress is not None:
            progress(record)
        history, stride = kept_within(history, stride, history_limit)
        if step == budget:
            break
        move = steps_on.move(steps_on.centred_gradient)
        size = steps_on.relative_size(move, weights, bias)
        if size > max(1.0, steps_on.previous_size):
            break  # growing steps: the valley is too thin for a float (the note says so)
        if budget is None and (size <= LAST_BIT or size > 0.5 * steps_on.previous_size):
            # The next step would only move last bits, or the steps no longer shrink:
            # rounding is all that is left.
            break
        steps_on.previous_size = size
        weights = [weight + change for weight, change in zip(weights, move)]
        bias = bias + move[k] if fit_bias else 0.0
    return history


def _descend_on_rows(
    steps_on: _StepsToBottom,
    rows: list[list[float]],
    ys: list[float],
    start: list[float],
    rate: float,
    budget: int | None,
    progress: Callable[[FeatureStep], None] | None,
    history_limit: int | None,
) -> list[FeatureStep]:
    """The textbook loop: plain steps at ``rate`` on the rows as they are."""
    k, fit_bias = len(rows[0]), steps_on.fit_bias

    def whole_gradient_and_loss(values: list[float]) -> tuple[list[float], float]:
        bias = values[k] if fit_bias else 0.0
        d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss(values[:k], bias, rows, ys)
        # Without a bias there is no bias to move: its slope is left out.
        return [*d_loss_d_weights, d_loss_d_bias if fit_bias else 0.0], loss

    def converged(values: list[float]) -> bool:
        # From the sums, in O(k**2): cheap enough to ask at every step.
        weights, bias = values[:k], values[k] if fit_bias else 0.0
        d_loss_d_weights, d_loss_d_bias, _ = gradient_and_loss_from_feature_sums(
            steps_on.sums, weights, bias
        )
        move = steps_on.move_from_raw([*d_loss_d_weights, d_loss_d_bias])
        return steps_on.relative_size(move, weights, bias) <= 1

    def make_record(
        step: int,
        epoch: int,
        values: list[float],
        loss: float,
        gradient: list[float],
        update: Update | None,
    ) -> FeatureStep:
        # Plain full-batch steps: the record's own gradient is what moves it on,
        # so the update that reached it adds nothing a learner needs.
        bias = values[k] if fit_bias else 0.0
        record = FeatureStep(step, tuple(values[:k]), bias, loss, tuple(gradient), epoch)
        if progress is not None:
            progress(record)
        return record

    return descend_variant(
        lambda values, batch: whole_gradient_and_loss(values)[0],
        whole_gradient_and_loss,
        start,
        make_record,
        n=len(rows),
        batch_size=None,
        rule=Plain(),
        learning_rate=lambda update: rate,
        steps=MAX_RAW_STEPS if budget is None else budget,
        is_converged=converged if budget is None else None,
        stable_learning_rate=steps_on.stable_learning_rate,
        history_limit=history_limit,
    )


def _exactly_centred(
    unit_sums: FeatureSums, scaling: FeatureScaling, rows: list[list[float]], ys: list[float]
) -> FeatureSums:
    """The standardised sums, with the means of the standardised data as they are.

    A float mean is rounded, so (x - mean) / spread averages not 0 but a speck,
    (exact mean - float mean) / spread. Far from 0 (x near 1e12, say) that speck
    ties the bias to the weights in the Hessian, and the steps along its axes
    must know it. fsum of the values and of -n * mean, exactly, gives it.
    """
    n = float(len(ys))

    def speck(values: Sequence[float], shift: float, scale: float) -> float:
        if shift == 0:
            return math.fsum(values) / len(values) / scale
        return math.fsum([*values, *exact_product(-n, shift)]) / n / scale

    means = [
        speck([row[j] for row in rows], shift, scale)
        for j, (shift, scale) in enumerate(zip(scaling.shifts, scaling.scales))
    ]
    mean_y = speck(ys, scaling.y_shift, scaling.y_scale)
    return dataclasses.replace(unit_sums, means=tuple(means), mean_y=mean_y)


def _random_start(seed: int | None, k: int, fit_bias: bool) -> list[float]:
    # Step 1: every weight and the bias drawn from [-1, 1], as for a line.
    generator = random.Random(seed)
    weights = [generator.uniform(-1.0, 1.0) for _ in range(k)]
    bias = generator.uniform(-1.0, 1.0)
    return [*weights, bias if fit_bias else 0.0]


def _refuse_unsquarable(
    sums: FeatureSums, rows: list[list[float]], ys: list[float], fit_bias: bool
) -> None:
    # The same limits as a line's (checks.check_sums), feature by feature.
    columns = [(f"feature {j} (column {j})", j) for j in range(len(sums.means))]
    for name, j in [*columns, ("ys", -1)]:
        mean = sums.mean_y if j < 0 else sums.means[j]
        spread = sums.syy if j < 0 else sums.sxx[j][j]
        mean_square = spread / sums.n + (0.0 if fit_bias else mean * mean)
        values = ys if j < 0 else [row[j] for row in rows]
        # The row of the value largest in size is where the user should look.
        row = max(range(len(values)), key=lambda index: abs(values[index]))
        if not (math.isfinite(spread) and math.isfinite(mean_square)):
            raise GradstepError(
                f"The values of {name} are too large for a float to square (their squares "
                f"pass 1.8e308; the largest in size is {values[row]:.3g}, in row {row}). "
                f"Divide them by a power of ten, such as 1e100, and scale the answer back."
            )
        # Without a bias the values themselves are squared, not their deviations.
        vanished = min(values) != max(values) or (not fit_bias and values[row] != 0)
        if mean_square < sys.float_info.min and vanished:
            what = "differ by amounts" if fit_bias else "are"
            raise GradstepError(
                f"The values of {name} {what} too small for a float to square (the mean of "
                f"their squared {'deviations' if fit_bias else 'values'} comes out as "
                f"{mean_square:.3g}). Multiply them by a power of ten, such as 1e150, and "
                f"scale the answer back."
            )


def _refuse_undetermined(sums: FeatureSums, fit_bias: bool) -> None:
    for j, row in enumerate(sums.sxx):
        constant = row[j] == 0
        if constant and (fit_bias or sums.means[j] == 0):
            raise GradstepError(
                f"Feature {j} (column {j}) has the value {sums.means[j]:g} in every row, so "
                f"its weight is undetermined{' beside the bias' if fit_bias else ''}. "
                f"Remove that column, or add rows where it differs."
            )


def _refuse_collinear(
    axes: Axes, scaling: FeatureScaling, rows: list[list[float]], fit_bias: bool
) -> None:
    """Name the columns if the flattest axis is a combination that is 0 in every row."""
    # Along the flattest axis q the loss does not change: sum_j q_j * u_j (+ q_bias) = 0
    # in every row, u_j the standardised feature. Exactly collinear columns meet that
    # to rounding; a merely thin valley misses it by far more.
    direction = axes.directions[-1]
    k = len(scaling.scales)
    constant = direction[k] if fit_bias else 0.0
    for row in rows:
        terms = [
            q * (x - shift) / scale
            for q, x, shift, scale in zip(direction, row, scaling.shifts, scaling.scales)
        ]
        if abs(math.fsum(terms) + constant) > 1e-12 * (math.fsum(map(abs, terms)) + abs(constant)):
            return
    largest = max(range(k), key=lambda j: abs(direction[j]))
    factors = {
        j: -direction[j] * scaling.scales[largest] / (direction[largest] * scaling.scales[j])
        for j in range(k)
        if j != largest and abs(direction[j]) > 1e-9 * abs(direction[largest])
    }
    offset = scaling.shifts[largest] - math.fsum(
        factor * scaling.shifts[j] for j, factor in factors.items()
    )
    offset -= constant * scaling.scales[largest] / direction[largest]
    parts = [f"{factor:.6g} * column {j}" for j, factor in factors.items()]
    if abs(offset) > 1e-9 * scaling.scales[largest]:
        parts.append(f"{offset:.6g}")
    relation = " + ".join(parts).replace("+ -", "- ")
    raise GradstepError(
        f"The features are linear combinations of each other: column {largest} = "
        f"{relation or 'a constant'} in every row (to 12 digits), so many sets of weights fit "
        f"equally well. Remove column {largest} (or one of the columns it is made of)."
    )


def _note(
    explicit: bool, converged: bool, trusted: bool, condition: float, steps: int, size: float
) -> str:
    if explicit:
        note = f"Plain descent on your data as they are, {steps} steps."
    else:
        note = (
            f"Descent ran along the bowl's axes (standardised features, turned to the "
            f"Hessian's eigenvectors and scaled so the bowl is round) at learning rate 0.5, "
            f"{steps} step{'' if steps == 1 else 's'}: the first from the sums, the rest "
            f"(iterative refinement) from the rows, exactly."
        )
    at_least = "at least " if condition * FLOAT_RESOLUTION >= 1 else ""
    note += (
        f" The standardised bowl is {at_least}{condition:.3g} times steeper one way than another."
    )
    if converged:
        return note + " Converged: the next step would change no coefficient's 10th digit."
    if not trusted:
        return note + (
            " That is too thin a valley for a float, which holds about 16 digits: these "
            "weights cannot be trusted (converged=False). Centre and scale x before taking "
            "its powers, use fewer degrees or orthogonal polynomials, or drop one of the "
            "features that nearly repeat the others."
        )
    shortfall = size * RELATIVE_TOLERANCE
    return note + (
        f" Not converged: the step to the bottom (along the bowl's axes, from the exact "
        f"gradient) would still change a coefficient by {shortfall:.2g} times its size."
    )
