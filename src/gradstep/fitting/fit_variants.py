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
done, so small data get many passes; full batch, until converged or
``MAX_STEPS`` (10,000).
After every update the loss and gradient of all the data are recorded, from
the sums in O(1) (``sums.gradient_and_loss_from_sums``), in your units.
A run has converged when that gradient, in standardised units, is at most
1e-12 (full batch) or ``BATCH_TOLERANCE`` (2e-6, batches: there the bowl's
curvature is 2 in every direction, so within 1e-6 of the bottom, six
significant digits on the data's scale, as ``converged`` means everywhere).
A stochastic run whose last batches leave it farther off stops at its
noise floor: it says so, and how far off it is, computed from the sums.
"""

from __future__ import annotations

import math

from gradstep.bookkeeping.history import HISTORY_LIMIT
from gradstep.checks import check_learning_rate, check_steps
from gradstep.descent import Step, random_start
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums
from gradstep.fitting.result import FitResult
from gradstep.further.batches import descend_variant
from gradstep.further.curvature import best_learning_rate, stable_learning_rate
from gradstep.further.rules import UpdateRule
from gradstep.further.scaling import scaled_sums, standardise
from gradstep.gradient import gradient_and_loss

MIN_EPOCHS = 20
MIN_UPDATES = 20_000
MAX_STEPS = 10_000
FULL_BATCH_TOLERANCE = 1e-12
BATCH_TOLERANCE = 2e-6


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
) -> FitResult:
    """Fit a line with batches and an update rule; ``xs`` and ``ys`` already checked.

    >>> from gradstep.fast.sums import line_sums
    >>> from gradstep.further.momentum import Momentum
    >>> xs, ys = [1.0, 2.0, 3.0, 4.0], [5.0, 8.0, 11.0, 14.0]
    >>> result = fit_variant(xs, ys, line_sums(xs, ys), learning_rate=None, steps=None,
    ...     seed=0, fit_bias=True, batch_size=1, rule=Momentum())
    >>> round(result.weight, 6), round(result.bias, 6), result.steps, result.history[-1].epoch
    (3.0, 2.0, 20000, 5000)
    """
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
    tolerance = FULL_BATCH_TOLERANCE if batch_size is None else BATCH_TOLERANCE

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

    def standardised_slope(weight: float, bias: float) -> float:
        if explicit:
            weight, bias = scaling.to_scaled(weight, bias)
        d_weight_u, d_bias_u, _ = gradient_and_loss_from_sums(unit_sums, weight, bias)
        return max(abs(d_weight_u), abs(d_bias_u) if fit_bias else 0.0)

    def converged(values: list[float]) -> bool:
        return standardised_slope(*values) <= tolerance

    def make_record(
        step: int, epoch: int, values: list[float], loss: float, gradient: list[float]
    ) -> Step:
        weight, bias = values
        if not explicit:
            weight, bias = scaling.to_original(weight, bias)
            d_loss_d_weight, d_loss_d_bias, loss = gradient_and_loss_from_sums(sums, weight, bias)
            gradient = without_bias((d_loss_d_weight, d_loss_d_bias))
        return Step(step, weight, bias, loss, (gradient[0], gradient[1]), epoch)

    def schedule(update: int) -> float:
        if explicit or batch_size is None:
            return rate
        return rate * (1 - (update - 1) / budget)

    weight, bias = random_start(seed, fit_bias)
    history = descend_variant(
        batch_gradient,
        whole_gradient_and_loss,
        [weight, bias],
        make_record,
        n=n,
        batch_size=batch_size,
        rule=rule,
        learning_rate=schedule,
        steps=budget,
        seed=seed,
        is_converged=converged if steps is None and batch_size is None else None,
        stable_learning_rate=stable_learning_rate(sums, fit_bias),
        history_limit=history_limit,
    )
    last = history[-1]
    last_values = [last.weight, last.bias]
    if not explicit:
        last_values = list(scaling.to_scaled(last.weight, last.bias))
    where = "your data as they are" if explicit else "standardised data"
    batches = "full batch" if batch_size is None else f"batches of {batch_size}"
    is_converged = converged(last_values)
    updates = f"{last.step:,} update{'' if last.step == 1 else 's'}"
    return FitResult.from_history(
        history,
        converged=is_converged,
        learning_rate=rate,
        fit_bias=fit_bias,
        scaling=None if explicit else scaling,
        stable_learning_rate=stable_learning_rate(sums, fit_bias),
        note=f"{rule.name.capitalize()} descent in {batches} on {where}"
        + ("" if explicit or batch_size is None else ", its rate falling to 0 in a line")
        + f": {updates}, {'converged' if is_converged else 'has not converged'}."
        + _noise_floor(batch_size, is_converged, standardised_slope(*last_values)),
    )


def _noise_floor(batch_size: int | None, converged: bool, slope: float) -> str:
    # On standardised data the bowl's curvature is 2 every way, so the line is
    # slope / 2 from the least-squares line there: computed, not guessed.
    if batch_size is None or converged:
        return ""
    distance = slope / 2
    return (
        f" A stochastic run stops at its noise floor: this line is {distance:.2g} from the "
        f"least-squares line in standardised units, about {max(-math.log10(distance), 0):.0f} "
        f"correct digits on the data's scale (converged means within 1e-6, six digits)."
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
