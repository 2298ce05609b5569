"""What ``converged=True`` vouches for: six significant digits of the exact line.

A small gradient is not yet a right answer. The gradient comes from sums
that were rounded on the way, and where y varies far more than x explains
(a correlation near 1e-12), or x sits far from 0 next to its spread, the
bottom of the rounded bowl can lie far, in significant digits, from the
bottom of the true one. So before a fit says ``converged=True`` it bounds
how far each coefficient c may be from the exact least-squares value c*, and
holds that bound to the promise in the README::

    |c - c*| <= 1e-6 * max(|c*|, 1e-16 * scale)

six significant digits, where a coefficient below 1e-16 of its scale (less
than a float of that scale can hold) counts as zero and must come within
1e-22 of the scale. The scale of the weight is spread_y / spread_x, that of
the bias spread_y * (1 + |mean_x| / spread_x) (|mean_y| stands in for
spread_y when every y is the same).

The bound comes from one of two places.

*From the sums* (``bounds_from_sums``), O(1): the exact line of the sums is
w_s = sxy / sxx, b_s = mean_y - w_s * mean_x, and each sum of n rounded
terms is off by at most about n * eps times the size of its terms, so w_s is
within n * eps * (spread_y / spread_x + |w_s|) of the true weight, and the
bias inherits that times |mean_x| besides its own roundings.

*From the rows* (``RowsEvidence``), O(n): the gradient computed exactly
from every row (``further.refinement``) and the bowl's exact curvature give
the step to the true bottom, exact to a few ulps of itself; its length is
how far off the line is.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from gradstep.descent import Step
from gradstep.fast.sums import LineSums, line_loss
from gradstep.fitting.result import FitResult
from gradstep.further.refinement import SplitRows, deviation_sums, gradient_from_rows, split_rows
from gradstep.further.scaling import Scaling, standardise

EPSILON = sys.float_info.epsilon
SIGNIFICANT = 1e-6
ZERO_BELOW = 1e-16
LOSS_DIGITS = 1e-7  # a loss is reported bare when known to this share of itself


@dataclass(frozen=True)
class Bounds:
    """How far the weight and the bias may be from the exact least-squares line."""

    weight: float
    bias: float
    source: str  # "the sums" or "the rows"
    exact_line: tuple[float, float]  # the best estimate of the exact line
    exact_line_known: bool = False  # whether that estimate is itself good to 7 digits


def coefficient_scales(sums: LineSums, fit_bias: bool) -> tuple[float, float]:
    """Return the scales of the weight and of the bias that say what counts as zero.

    >>> from gradstep.fast.sums import line_sums
    >>> coefficient_scales(line_sums([1.0, 3.0], [10.0, 20.0]), True)
    (5.0, 15.0)
    """
    scaling = standardise(sums, fit_bias)
    weight_scale = scaling.y_scale / scaling.x_scale
    if not fit_bias:
        return weight_scale, 0.0
    return weight_scale, scaling.y_scale * (1 + abs(scaling.x_shift) / scaling.x_scale)


def holds(value: float, bound: float, scale: float) -> bool:
    """True when every c* within ``bound`` of ``value`` agrees with it to six digits.

    >>> holds(1.500022, 3e-5, 1e12), holds(1.500022, 1e-7, 1e12)
    (False, True)
    """
    return bound <= SIGNIFICANT * max(abs(value) - bound, ZERO_BELOW * scale)


def bounds_from_sums(sums: LineSums, weight: float, bias: float, fit_bias: bool) -> Bounds:
    """Bound |c - c*| for each coefficient from the sums alone (see the module's notes).

    >>> from gradstep.fast.sums import line_sums
    >>> bounds = bounds_from_sums(line_sums([1.0, 2.0, 3.0], [5.0, 8.0, 11.0]), 3.0, 2.0, True)
    >>> bounds.weight < 1e-13, bounds.bias < 1e-13
    (True, True)
    """
    n = sums.n
    rounding = (n + 4) * EPSILON  # n rounded terms, each rounded a few times
    if (sums.sxx if fit_bias else sums.mean_x_squared) == 0:
        # Every x the same (or 0, through the origin): no weight is better than another.
        return Bounds(math.inf, math.inf if fit_bias else 0.0, "the sums", (math.nan, math.nan))
    if fit_bias:
        spread_x, spread_y = math.sqrt(sums.sxx / n), math.sqrt(sums.syy / n)
        exact_weight = sums.sxy / sums.sxx
        exact_bias = sums.mean_y - exact_weight * sums.mean_x
    else:
        spread_x, spread_y = math.sqrt(sums.mean_x_squared), math.sqrt(sums.mean_y_squared)
        exact_weight = (sums.sxy / n + sums.mean_x * sums.mean_y) / sums.mean_x_squared
        exact_bias = 0.0
    weight_error = rounding * (spread_y / spread_x + abs(exact_weight))
    weight_bound = weight_error + abs(weight - exact_weight) + 2 * math.ulp(weight)
    if not fit_bias:
        return Bounds(weight_bound, 0.0, "the sums", (exact_weight, exact_bias))
    # mean_y - w * mean_x: each mean is off by its rounding and by the rounding
    # of the n deviations summed into it; an error in w moves the bias by |mean_x| times.
    tilt = abs(exact_weight * sums.mean_x)
    means_error = (
        EPSILON * abs(sums.mean_y)
        + rounding * spread_y
        + abs(exact_weight) * (EPSILON * abs(sums.mean_x) + rounding * spread_x)
    )
    bias_bound = (
        means_error
        + weight_error * abs(sums.mean_x)
        + 2 * EPSILON * (abs(sums.mean_y) + tilt)
        + abs(bias - exact_bias)
        + 2 * math.ulp(bias)
    )
    return Bounds(weight_bound, bias_bound, "the sums", (exact_weight, exact_bias))


class RowsEvidence:
    """The rows, split exactly about a centre, and what the exact step needs of them."""

    def __init__(self, data: SplitRows, fit_bias: bool) -> None:
        self.data, self.fit_bias = data, fit_bias
        self.n = len(data.ys)
        self.sum_d, self.sum_d2 = deviation_sums(data)[0]
        self.largest_deviation = max(map(abs, data.deviations[0]))
        # The exact mean of x is the centre plus the mean deviation (0 without a bias).
        self.mean_deviation = self.sum_d / self.n if fit_bias else 0.0
        # The last line asked about, and the answer: a fit, its certificate and its
        # loss all ask about the same line, and each answer is a pass over the rows.
        self._last: tuple[tuple[float, float], tuple[Bounds, tuple[float, float], float]] | None
        self._last = None

    def at(self, weight: float, bias: float) -> tuple[Bounds, tuple[float, float], float]:
        """Return the bounds at this line, its centred gradient from the rows, and its loss.

        The centred gradient is d(loss)/d(weight) with the bias moving so that the
        prediction at the mean of x stays put, and d(loss)/d(bias). The mean is
        the exact one, centre + mean(d): about the rounded centre, a bias rounded
        to its last bit would tilt the line as well as lift it.

        >>> from gradstep.further.refinement import split_rows
        >>> data = split_rows([[1.0], [2.0], [3.0]], [5.0, 8.0, 11.0], centres=[2.0])
        >>> bounds, gradient, loss = RowsEvidence(data, True).at(3.0, 2.0)
        >>> bounds.exact_line, gradient, loss
        ((3.0, 2.0), (0.0, 0.0), 0.0)
        """
        if self._last is not None and self._last[0] == (weight, bias):
            return self._last[1]
        n, centre = self.n, self.data.centres[0]
        (slope,), d_loss_d_bias, loss = gradient_from_rows(self.data, [weight], bias)
        # The bottom of sum((error + a * d + b)**2): the normal equations, solved.
        sum_error_d, sum_error = n * slope / 2, n * d_loss_d_bias / 2
        if self.fit_bias:
            determinant = n * self.sum_d2 - self.sum_d * self.sum_d
            step_weight = -(n * sum_error_d - self.sum_d * sum_error) / determinant
            step_centred = -(self.sum_d2 * sum_error - self.sum_d * sum_error_d) / determinant
            step_bias = step_centred - step_weight * centre
        else:
            step_weight, step_bias, d_loss_d_bias = -sum_error_d / self.sum_d2, 0.0, 0.0
        # Each error is kept to about eps**2 of its own size, of weight * d (the
        # remainder of d is multiplied with rounding) and of the line at the centre,
        # the same in every row; no error is larger than sqrt(n * loss).
        # Summed against deviations from their mean, that common part cancels.
        largest_error = math.sqrt(n * loss) * (1 + EPSILON)
        at_centre = abs(bias + weight * centre)
        widest = self.largest_deviation
        per_row = 8 * EPSILON * EPSILON * (largest_error + abs(weight) * widest)
        spread_squared = self.sum_d2 / n
        weight_noise = (
            per_row * widest + 8 * EPSILON**3 * at_centre * abs(self.sum_d / n)
        ) / spread_squared
        noise = per_row + 8 * EPSILON * EPSILON * at_centre
        bias_noise = noise + weight_noise * (abs(centre) + widest) if self.fit_bias else 0.0
        exact_line = (weight + step_weight, bias + step_bias)
        # The step itself is exact to about 1e-12 of its length: a long step
        # (a line far off) says how far, but not the exact line to many digits.
        known = (
            math.isfinite(weight_noise + bias_noise)
            and abs(step_weight) * 1e-12 + weight_noise
            <= max(1e-7 * abs(exact_line[0]), 4 * weight_noise)
            and abs(step_bias) * 1e-12 + bias_noise
            <= max(1e-7 * abs(exact_line[1]), 4 * bias_noise)
        )
        bounds = Bounds(
            abs(step_weight) * (1 + 1e-12) + weight_noise,
            abs(step_bias) * (1 + 1e-12) + bias_noise,
            "the rows",
            exact_line,
            known,
        )
        if self.fit_bias:
            slope -= self.mean_deviation * d_loss_d_bias
        self._last = ((weight, bias), (bounds, (slope, d_loss_d_bias), loss))
        return bounds, (slope, d_loss_d_bias), loss


def data_rounding_bounds(
    sums: LineSums, weight: float, fit_bias: bool, rounding: tuple[float, float]
) -> tuple[float, float]:
    """How far the line may move because the data were rounded on their way to floats.

    Whole numbers past 2**53, Decimals and Fractions become the nearest floats,
    each x moved by at most rounding[0] and each y by rounding[1]; the exact
    line of the data as given is then within this much of that of the floats.
    To first order, with centred moves a and c (at most twice each rounding),
    d = x - mean_x and r = y - (weight * x + bias) the residuals::

        change in weight = (sum(a * (r - weight * d)) + sum(d * c)) / sxx
        change in bias   = change in mean_y - weight * change in mean_x
                           - change in weight * mean_x

    >>> from gradstep.fast.sums import line_sums
    >>> data_rounding_bounds(line_sums([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]), 2.0, True, (0.0, 0.0))
    (0.0, 0.0)
    """
    moved_x, moved_y = rounding
    if moved_x == 0 and moved_y == 0:
        return 0.0, 0.0
    n = sums.n
    if fit_bias:
        sxx, mean_x = sums.sxx, sums.mean_x
        unexplained = max(sums.syy - sums.sxy * sums.sxy / sxx, 0.0)
    else:
        sxx, mean_x = n * sums.mean_x_squared, 0.0
        sxy, syy = sums.sxy + n * sums.mean_x * sums.mean_y, n * sums.mean_y_squared
        unexplained = max(syy - sxy * sxy / sxx, 0.0)
    # sum(|r|) <= sqrt(n * sum(r**2)) and sum(|d|) <= sqrt(n * sxx); a margin for second order.
    spread_d, spread_r = math.sqrt(n * sxx), math.sqrt(n * unexplained)
    weight_moves = 2.02 * (moved_x * (spread_r + abs(weight) * spread_d) + moved_y * spread_d) / sxx
    if not fit_bias:
        return weight_moves, 0.0
    bias_moves = 1.01 * (moved_y + abs(weight) * moved_x) + weight_moves * abs(mean_x)
    return weight_moves, bias_moves


def with_moves(bounds: Bounds, moved: tuple[float, float]) -> Bounds:
    """The bounds widened by how far the data's rounding may move the line."""
    if moved == (0.0, 0.0):
        return bounds
    # The rows' exact line is that of the floats, not of the data as given.
    return replace(
        bounds,
        weight=bounds.weight + moved[0],
        bias=bounds.bias + moved[1],
        exact_line_known=False,
    )


def certified(bounds: Bounds, weight: float, bias: float, scales: tuple[float, float]) -> bool:
    """True when both coefficients are within six significant digits by ``bounds``."""
    return holds(weight, bounds.weight, scales[0]) and holds(bias, bounds.bias, scales[1])


def certify(
    result: FitResult,
    sums: LineSums,
    rows: Callable[[], RowsEvidence | None] | None = None,
    advice: str = "",
    rounding: tuple[float, float] = (0.0, 0.0),
) -> FitResult:
    """Keep ``converged=True`` only where six significant digits are certain; else say why.

    ``rounding`` is the most an x and a y moved on their way to floats; the
    certificate is then for the line of the data as given, not of the floats.

    ``rows``, if given, makes the rows (split exactly) for the bound from the
    rows, asked for only when the sums alone cannot vouch for the line.
    """
    if not result.converged:
        return result
    scales = coefficient_scales(sums, result.fit_bias)
    weight, bias = result.weight, result.bias
    if (sums.sxx if result.fit_bias else sums.mean_x_squared) == 0:
        return replace(
            result,
            converged=False,
            note=f"{result.note} Every x is the same, so no weight fits better than another: "
            "there is no one least-squares line to agree with.",
        )
    moved = data_rounding_bounds(sums, weight, result.fit_bias, rounding)
    # The bounds for the line of the floats, from the sums, else from the rows.
    floats_bounds = bounds_from_sums(sums, weight, bias, result.fit_bias)
    if rows is not None and not certified(with_moves(floats_bounds, moved), weight, bias, scales):
        evidence = rows()
        if evidence is not None:
            floats_bounds = evidence.at(weight, bias)[0]
    bounds = with_moves(floats_bounds, moved)
    if certified(bounds, weight, bias, scales):
        return result
    # The run stopped by its own test; "converged" is for what is certified.
    stopped = result.note.replace(" converged after ", " stopped after ").replace(
        " and has converged:", " and stopped:"
    )
    rounded = ""
    if moved != (0.0, 0.0):
        rounded = (
            f"your data became floats on the way in (moved by up to {rounding[0]:.3g} "
            f"in x and {rounding[1]:.3g} in y), which alone may move the line by "
            f"{moved[0]:.2g} in weight and {moved[1]:.2g} in bias: subtract an offset from "
            "the values first, exactly (in whole numbers, or Decimals), so that floats hold "
            "what is left."
        )
    if rounded and certified(floats_bounds, weight, bias, scales):
        # Six digits of the floats' line, lost only to the data's rounding.
        return replace(result, converged=False, note=f"{stopped} But {rounded}")
    why = uncertified(bounds, result, scales, advice)
    return replace(
        result,
        converged=False,
        note=f"{stopped} {why}{' And ' + rounded if rounded else ''}",
    )


def uncertified(
    bounds: Bounds, result: FitResult, scales: tuple[float, float], advice: str = ""
) -> str:
    """The sentence that says which coefficient is short of six digits, and what to do."""
    shortfalls = []
    for name, value, bound, scale in (
        ("weight", result.weight, bounds.weight, scales[0]),
        ("bias", result.bias, bounds.bias, scales[1]),
    ):
        if not holds(value, bound, scale):
            ratio = abs(value) / bound if bound > 0 else math.inf
            digits = math.floor(math.log10(ratio)) if 0 < ratio < math.inf else 0
            known = (
                f"at least {digits} significant digit{'' if digits == 1 else 's'} certain"
                if digits > 0
                else "no significant digit certain"
            )
            if not math.isfinite(bound):
                shortfall = (
                    f"how far the {name}, {value:.10g}, is from the exact one cannot be "
                    "computed in floats (a square on the way passes the largest float)"
                )
            elif abs(value) <= bound:
                shortfall = (
                    f"the {name} is 0 to within {bound:.2g}, and {bounds.source} cannot tell "
                    "its significant digits, if it has any"
                )
            else:
                shortfall = (
                    f"the {name}, {value:.10g}, may be {bound:.2g} from the exact "
                    f"least-squares {name} ({known})"
                )
            shortfalls.append(shortfall)
    if bounds.source == "the sums":
        advice = (
            "The sums alone cannot vouch for more; gradstep.fit(xs, ys) on the rows "
            "themselves wins the digits back."
        )
    elif bounds.exact_line_known:
        exact_weight, exact_bias = bounds.exact_line
        advice = (
            f"By the exact gradient from the rows, the least-squares line is y_hat = "
            f"{exact_weight:.7g} * x + {exact_bias:.7g}. {advice}"
        ).rstrip()
    return (
        f"But a small gradient is not yet a certified answer: judged by {bounds.source}, "
        f"{'; and '.join(shortfalls)}: short of the six significant digits that converged "
        f"promises. {advice}"
    )


def rows_evidence(
    xs: Sequence[float], ys: Sequence[float], scaling: Scaling, fit_bias: bool
) -> RowsEvidence:
    """Split the rows exactly about the scaling's centre, for ``RowsEvidence``."""
    return RowsEvidence(split_rows([[x] for x in xs], ys, centres=[scaling.x_shift]), fit_bias)


MAX_REFINING_STEPS = 4


def refine_from_rows(
    history: list[Step],
    scaling: Scaling,
    rows: RowsEvidence,
    rate: float,
    scales: tuple[float, float],
    progress: Callable[[Step], None] | None = None,
) -> tuple[list[Step], int]:
    """Step on with the gradient from the rows, exactly, until six digits are certain.

    Each step is the run's own step in standardised units, weight_u -
    learning_rate * d(loss_u)/d(weight_u), with that gradient now taken from
    every row exactly instead of from the rounded sums (lesson 10,
    ``further.refinement``); its line in the data's units moves by the same
    step, mapped back. Returns the history with its last record's gradient
    and loss taken from the rows, the steps added, and how many were taken.
    """
    history = list(history)
    x_scale, y_scale = scaling.x_scale, scaling.y_scale
    taken = 0
    while True:
        last = history[-1]
        weight, bias = last.data_line
        bounds, (slope, d_loss_d_bias), loss = rows.at(weight, bias)
        # The standardised loss is loss / y_scale**2, and weight = weight_u * y_scale / x_scale.
        gradient_u = (slope / (x_scale * y_scale), d_loss_d_bias / y_scale)
        last = replace(
            last,
            loss=loss / y_scale / y_scale,
            gradient=gradient_u,
            in_data_units=(weight, bias, loss),
        )
        history[-1] = last
        if taken and progress is not None:
            progress(last)
        if certified(bounds, weight, bias, scales) or taken == MAX_REFINING_STEPS:
            return history, taken
        step_weight = -rate * gradient_u[0] * y_scale / x_scale
        # The line turns about the exact mean of x, as its gradient was taken there.
        step_bias = -rate * gradient_u[1] * y_scale - step_weight * scaling.x_shift
        step_bias -= step_weight * rows.mean_deviation
        history.append(
            Step(
                step=last.step + 1,
                weight=last.weight - rate * gradient_u[0],
                bias=last.bias - rate * gradient_u[1],
                loss=math.nan,  # filled in above, on the next turn
                gradient=(math.nan, math.nan),
                units="standardised",
                in_data_units=(weight + step_weight, bias + step_bias, math.nan),
            )
        )
        taken += 1


def with_true_loss(
    result: FitResult,
    sums: LineSums,
    rows: Callable[[], RowsEvidence | None] | None = None,
    rows_at_hand: bool = True,
) -> FitResult:
    """Make ``result.loss`` the loss of the returned line, or say how many digits it has.

    From the sums when they know it to ``LOSS_DIGITS`` (1e-7) of itself (``sums.line_loss``);
    else from the rows, every error exact, when there are rows; else the
    sums' value, and a sentence with its uncertainty. Rows that must be read
    again (not ``rows_at_hand``) are asked only when the doubt is also more
    than 1e-12 of the variance of y: a loss of 0 to within rounding is not
    worth a second read of a file.
    """
    weight, bias = result.weight, result.bias
    loss, uncertainty = line_loss(sums, weight, bias)
    worth_asking = uncertainty > LOSS_DIGITS * loss and (
        rows_at_hand or uncertainty > 1e-12 * sums.syy / sums.n
    )
    evidence = rows() if worth_asking and rows is not None else None
    if evidence is not None:
        loss, uncertainty = evidence.at(weight, bias)[2], 0.0
    if evidence is None and abs(result.loss - loss) <= 1e-12 * loss:
        loss = result.loss  # the run's own loss, the same to 12 digits: keep the record
    note = result.note
    if not loss < math.inf:
        # A sum of squares is never NaN: inf - inf on the way means it overflowed.
        loss, uncertainty = math.inf, 0.0
        note += " Its loss is too large for a float: the squared errors overflow."
    if uncertainty > LOSS_DIGITS * loss:
        known = (
            "so it is 0 to within rounding"
            if loss <= uncertainty
            else f"so it has about {math.log10(loss / uncertainty):.0f} significant digits"
        )
        note += (
            f" Its loss, {loss:.3g}, comes from the sums alone, which know it only to within "
            f"{uncertainty:.2g}, {known}."
        )
    last = result.history[-1]
    if loss == result.loss:
        return replace(result, note=note)
    if last.in_data_units is None:
        last = replace(last, loss=loss)
    else:
        last = replace(last, in_data_units=(weight, bias, loss))
    return replace(result, loss=loss, note=note, history=[*result.history[:-1], last])
