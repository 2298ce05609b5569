"""``fit``: the four steps of descent, put to work on your data.

There are two ways to run it, chosen by whether you give a learning rate.

**You give ``learning_rate``**: the textbook loop on your data exactly as
they are. Every step calls ``gradient.gradient_and_loss`` over all points
and ``update.gradient_step``; nothing is scaled or tuned. Too large a rate
raises ``DivergenceError`` with the largest stable rate for your data.

**You leave it out** ("just fit it"): one pass collects the sums of
``sums.LineSums``, the data are standardised (``scaling``), where the loss
bowl is round, and descent runs there with the rate that curvature says is
best, 2 / (lambda_max + lambda_min) = 0.5. On a round bowl one such step
lands on the bottom; the next finds a zero gradient and stops. Each step is
still a gradient step, computed from the sums in O(1), and recorded in
standardised units where it was taken, so that every record obeys
weight - learning_rate * gradient; each record also carries its line in your
units (``Step.data_line``), and the result's line is in your units.
Where the sums have rounded away digits the data need, one or two more such
steps take their gradient from the rows themselves, exactly
(``fitting.certificate.refine_from_rows``).

Step 1's random start (``seed``) is a weight and a bias drawn from [-1, 1]:
in your data's units with a learning rate, in standardised units without.

``steps`` is how many steps to take. Left out, the descent stops as soon as
the gradient, measured in standardised units where every direction is
equally steep, is at most 1e-12, or after a cap (10,000 steps on raw data,
1,000 on scaled data). ``converged=True`` says more: that each coefficient
has six significant digits of the exact least-squares line, certified by
``fitting.certificate`` on every road (the note says when it is not).

``batch_size`` (1 for stochastic descent, k for mini-batches) and
``optimizer`` (a name or a rule of ``further.rules.RULES``) hand the
run to ``fit_variants``, which explains how those runs choose their rates.

``progress``, if given, is called with each new ``Step`` as full-batch plain
descent takes it (the same record as in the history, but for two late
corrections the history keeps: where fit refines from the rows, the record it
refines from carries the gradient from the rows, which its next step used;
and the last record's loss may be recomputed from the rows); nothing is
printed unless you ask.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence, Sized

from gradstep.bookkeeping.history import HISTORY_LIMIT
from gradstep.checks import (
    check_batch_size,
    check_fit_bias,
    check_history_limit,
    check_learning_rate,
    check_line_sums,
    check_pair,
    check_progress,
    check_seed,
    check_steps,
    check_sums,
)
from gradstep.descent import Step
from gradstep.errors import GradstepError
from gradstep.fast.stream import CHUNK_SIZE, stream_sums_and_rounding
from gradstep.fast.sums import (
    LineSums,
    gradient_and_loss_from_sums,
    line_sums,
)
from gradstep.fitting.certificate import (
    RowsEvidence,
    certify,
    rows_evidence,
    with_true_loss,
)
from gradstep.fitting.fit_variants import fit_variant
from gradstep.fitting.line_descent import descend_raw, descend_scaled
from gradstep.fitting.result import FitResult
from gradstep.further.rules import Plain, UpdateRule, update_rule
from gradstep.further.scaling import standardise
from gradstep.gradient import gradient_and_loss


def fit(
    xs: object,
    ys: object,
    *,
    learning_rate: float | None = None,
    steps: int | None = None,
    seed: int | None = 0,
    fit_bias: bool = True,
    batch_size: int | None = None,
    optimizer: str | UpdateRule = "plain",
    progress: Callable[[Step], None] | None = None,
    history_limit: int | None = HISTORY_LIMIT,
) -> FitResult:
    """Fit y_hat = weight * x + bias to the data by gradient descent.

    Minimises loss = 1/n * sum((y_hat - y)**2) (with ``fit_bias=False``, the
    line y_hat = weight * x through the origin). ``seed`` picks the random
    start of Step 1. ``history_limit`` bounds the memory of long runs: up to
    that many steps ``result.history`` holds every step; beyond it, evenly
    spaced steps plus the start and the last (``None`` keeps them all).

    Points on y = 3x + 2 give back that line:

    >>> result = fit([1, 2, 3, 4], [5, 8, 11, 14])
    >>> round(result.weight, 12), round(result.bias, 12)
    (3.0, 2.0)

    The textbook loop, with your own learning rate and number of steps:

    >>> result = fit([1, 2, 3, 4], [5, 8, 11, 14], learning_rate=0.05, steps=2000)
    >>> round(result.weight, 6), round(result.bias, 6), result.steps
    (3.0, 2.0, 2000)

    Stochastic descent (one point per update) with Adam; see ``fit_variants``:

    >>> result = fit([1, 2, 3, 4], [5, 8, 11, 14], batch_size=1, optimizer="adam")
    >>> round(result.weight, 6), round(result.bias, 6)
    (3.0, 2.0)
    """
    seed, fit_bias = check_seed(seed), check_fit_bias(fit_bias)
    progress = check_progress(progress)
    x_column, y_column = check_pair(xs, ys, min_points=2 if fit_bias else 1)
    sums = line_sums(x_column.values, y_column.values, x_column.total, y_column.total)
    check_sums(sums, x_column.values, y_column.values, fit_bias=fit_bias)
    rule = update_rule(optimizer)
    batch_size = check_batch_size(batch_size, sums.n)
    xs_list, ys_list = x_column.values, y_column.values

    # Split exactly only if the sums cannot vouch for six digits, and only once.
    @functools.cache
    def rows() -> RowsEvidence:
        return rows_evidence(xs_list, ys_list, standardise(sums, fit_bias), fit_bias)

    if batch_size is not None or not isinstance(rule, Plain):
        result = fit_variant(
            xs_list,
            ys_list,
            sums,
            learning_rate=learning_rate,
            steps=steps,
            seed=seed,
            fit_bias=fit_bias,
            batch_size=batch_size,
            rule=rule,
            history_limit=check_history_limit(history_limit),
            rows=rows,
        )
    elif learning_rate is None:
        result = descend_scaled(
            sums,
            None if steps is None else check_steps(steps),
            seed,
            fit_bias,
            progress,
            check_history_limit(history_limit),
            rows,
        )
    else:
        result = descend_raw(
            sums,
            lambda weight, bias: gradient_and_loss(weight, bias, xs_list, ys_list),
            check_learning_rate(learning_rate),
            None if steps is None else check_steps(steps),
            seed,
            fit_bias,
            progress,
            check_history_limit(history_limit),
        )
    # Whichever road it took, converged=True must mean six certified digits.
    if batch_size is not None or not isinstance(rule, Plain):
        advice = "Leave optimizer and batch_size out to have fit refine from the rows."
    elif learning_rate is None:
        refined = steps is None  # it has refined from the rows already
        advice = "" if refined else "Leave steps out to have fit refine from the rows."
    else:
        advice = "Leave learning_rate out to have fit refine from the rows."
    rounding = (x_column.rounding, y_column.rounding)
    return with_true_loss(certify(result, sums, rows, advice, rounding), sums, rows)


def fit_sums(
    sums: LineSums,
    *,
    learning_rate: float | None = None,
    steps: int | None = None,
    seed: int | None = 0,
    fit_bias: bool = True,
    progress: Callable[[Step], None] | None = None,
    history_limit: int | None = HISTORY_LIMIT,
    rows: Callable[[], tuple[Sequence[float], Sequence[float]]] | None = None,
    input_rounding: tuple[float, float] = (0.0, 0.0),
) -> FitResult:
    """Fit a line by descent on the gradient from the sums alone (``sums``).

    The same choices as ``fit``; with a learning rate, each step uses
    ``sums.gradient_and_loss_from_sums`` on the raw data instead of a pass
    over the points, which gives the same numbers up to rounding.

    ``rows``, if given, reads the data again, as (xs, ys) whose sums are
    ``sums``; it is called only where the sums alone cannot vouch for six
    digits (see ``fitting.certificate``), and then the default mode refines
    from the rows as ``fit`` does (the command line passes a second read of
    its file). ``input_rounding`` is the most any x and any y moved on their
    way to floats, where the data were not floats (whole numbers past 2**53,
    Decimals, Fractions); ``converged=True`` then vouches for the line of the
    data as given (``fitting.certificate.data_rounding_bounds``).

    >>> from gradstep.fast.sums import line_sums
    >>> round(fit_sums(line_sums([1.0, 2.0, 3.0], [5.0, 8.0, 11.0])).weight, 12)
    3.0
    """
    seed, fit_bias = check_seed(seed), check_fit_bias(fit_bias)
    progress = check_progress(progress)
    sums = LineSums(*check_line_sums(sums, min_points=2 if fit_bias else 1))
    budget = None if steps is None else check_steps(steps)
    if rows is not None and not callable(rows):
        raise GradstepError(
            f"rows is {type(rows).__name__}, but it must be a function that reads the data "
            "again and returns (xs, ys), or None."
        )

    @functools.cache
    def evidence() -> RowsEvidence | None:
        return None if rows is None else _rows_again(rows, sums, fit_bias)

    if learning_rate is None:
        result = descend_scaled(
            sums, budget, seed, fit_bias, progress, check_history_limit(history_limit), evidence
        )
    else:
        result = descend_raw(
            sums,
            lambda weight, bias: gradient_and_loss_from_sums(sums, weight, bias),
            check_learning_rate(learning_rate),
            budget,
            seed,
            fit_bias,
            progress,
            check_history_limit(history_limit),
        )
    advice = "Leave learning_rate and steps out to have it refine from the rows."
    rounding = check_input_rounding(input_rounding)
    certified_result = certify(result, sums, evidence, advice, rounding)
    return with_true_loss(certified_result, sums, evidence, rows_at_hand=False)


def _rows_again(rows: Callable[[], object], sums: LineSums, fit_bias: bool) -> RowsEvidence | None:
    """The rows read again, checked and split exactly; None if they are not the rows of the sums."""
    again = rows()
    if not (isinstance(again, tuple) and len(again) == 2):
        raise GradstepError(
            f"rows gave back {type(again).__name__}, but it must return the data again as a "
            "pair (xs, ys), such as (xs, ys) read once more from their file."
        )
    if all(isinstance(part, Sized) for part in again) and len(again[0]) != sums.n:
        return None  # not as many rows as the sums counted: the data changed meanwhile
    x_column, y_column = check_pair(again[0], again[1], min_points=2 if fit_bias else 1)
    xs, ys = x_column.values, y_column.values
    if len(xs) != sums.n or not _same_sums(line_sums(xs, ys), sums):
        return None  # the data changed since the sums were taken: trust only the sums
    return rows_evidence(xs, ys, standardise(sums, fit_bias), fit_bias)


def _same_sums(again: LineSums, sums: LineSums) -> bool:
    """True when two sets of sums agree to 1e-9 of their sizes: the same data, rounded apart."""
    spread_x, spread_y = math.sqrt(sums.sxx / sums.n), math.sqrt(sums.syy / sums.n)
    close = (
        (again.mean_x, sums.mean_x, abs(sums.mean_x) + spread_x),
        (again.mean_y, sums.mean_y, abs(sums.mean_y) + spread_y),
        (again.sxx, sums.sxx, sums.sxx),
        (again.syy, sums.syy, sums.syy),
        (again.sxy, sums.sxy, math.sqrt(sums.sxx * sums.syy)),
    )
    return all(abs(one - other) <= 1e-9 * size for one, other, size in close)


def fit_pairs(
    pairs: Iterable[object],
    *,
    learning_rate: float | None = None,
    steps: int | None = None,
    seed: int | None = 0,
    fit_bias: bool = True,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[Step], None] | None = None,
    history_limit: int | None = HISTORY_LIMIT,
) -> FitResult:
    """Fit a line to a stream of (x, y) pairs, read once; see ``fit`` for the options.

    >>> result = fit_pairs((x, 3 * x + 2) for x in range(1000))
    >>> round(result.weight, 12), round(result.bias, 12)
    (3.0, 2.0)
    """
    # The options are checked before the stream is read: it can be read only once.
    seed, fit_bias = check_seed(seed), check_fit_bias(fit_bias)
    progress = check_progress(progress)
    if learning_rate is not None:
        check_learning_rate(learning_rate)
    if steps is not None:
        check_steps(steps)
    check_history_limit(history_limit)
    sums, rounding = stream_sums_and_rounding(pairs, chunk_size)
    min_points = 2 if fit_bias else 1
    if sums.n < min_points:
        raise GradstepError(
            f"There is only {sums.n} data point, but this line needs at least {min_points} "
            f"to be pinned down. Add more points."
        )
    return fit_sums(
        sums,
        learning_rate=learning_rate,
        steps=steps,
        seed=seed,
        fit_bias=fit_bias,
        progress=progress,
        history_limit=history_limit,
        input_rounding=rounding,
    )


def check_input_rounding(rounding: object) -> tuple[float, float]:
    """Return input_rounding as two numbers, each 0 or more, or say what it must be."""
    if isinstance(rounding, tuple) and len(rounding) == 2:
        try:
            moved = (float(rounding[0]), float(rounding[1]))
        except (TypeError, ValueError, OverflowError):
            moved = (math.nan, math.nan)
        if all(0 <= value < math.inf for value in moved):
            return moved
    raise GradstepError(
        f"input_rounding is {rounding!r}, but it must be a pair (x, y) of the most any x and "
        "any y moved on their way to floats, each 0 or more: (0.0, 0.0) for data that were "
        "floats."
    )
