"""A faster path to lesson 4: the gradient of a line from five numbers.

Expanding the sum in ``gradient.gradient_and_loss`` shows that the loss of a
line and its gradient depend on the data only through n, the means of x and
y, and three centred sums::

    sxx = sum((x - mean_x)**2)
    sxy = sum((x - mean_x) * (y - mean_y))
    syy = sum((y - mean_y)**2)

Write each error as its mean plus what is left over,
error = mean_error + (weight * (x - mean_x) - (y - mean_y)), where
mean_error = weight * mean_x + bias - mean_y. The leftovers sum to zero, so::

    loss              = mean_error**2 + (weight**2 * sxx - 2 * weight * sxy + syy) / n
    d(loss)/d(bias)   = 2 * mean_error
    d(loss)/d(weight) = 2 * (mean_error * mean_x + (weight * sxx - sxy) / n)

One pass over the data collects the sums; after that every descent step
costs the same for ten points or ten million. The tests hold these numbers
equal to ``gradient.gradient_and_loss``.

Centred sums (deviations from the mean) rather than raw ones such as
sum(x**2) keep their digits when x is large and its spread small, where
sum(x**2) - n * mean_x**2 would cancel away. Two partial sums of separate
shards merge exactly into the sums of the whole (``LineSums.merged``).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from gradstep.checks import check_column, check_lengths, shown, whole_number
from gradstep.errors import GradstepError


@dataclass(frozen=True)
class LineSums:
    """What the loss of a line needs to know about the data."""

    n: int
    mean_x: float
    mean_y: float
    sxx: float
    sxy: float
    syy: float

    @property
    def mean_x_squared(self) -> float:
        """The mean of x**2, rebuilt from the centred sums."""
        # A product, not **2: float ** raises OverflowError where * gives inf.
        return self.sxx / self.n + self.mean_x * self.mean_x

    @property
    def mean_y_squared(self) -> float:
        """The mean of y**2, rebuilt from the centred sums."""
        return self.syy / self.n + self.mean_y * self.mean_y

    def merged(self, other: LineSums) -> LineSums:
        """Combine the sums of two shards of data into the sums of both.

        The centred sums of the whole are those of the parts plus a term for
        how far apart the parts' means are (Chan, Golub and LeVeque, 1979).

        >>> left = line_sums([1.0, 2.0], [2.0, 5.0])
        >>> right = line_sums([4.0], [9.0])
        >>> left.merged(right) == line_sums([1.0, 2.0, 4.0], [2.0, 5.0, 9.0])
        True
        """
        n = self.n + other.n
        delta_x = other.mean_x - self.mean_x
        delta_y = other.mean_y - self.mean_y
        weight_of_gap = self.n * other.n / n
        return LineSums(
            n=n,
            mean_x=self.mean_x + delta_x * other.n / n,
            mean_y=self.mean_y + delta_y * other.n / n,
            sxx=self.sxx + other.sxx + delta_x * delta_x * weight_of_gap,
            sxy=self.sxy + other.sxy + delta_x * delta_y * weight_of_gap,
            syy=self.syy + other.syy + delta_y * delta_y * weight_of_gap,
        )

    def rescaled(self, x_shift: float, x_scale: float, y_shift: float, y_scale: float) -> LineSums:
        """Return the sums of u = (x - x_shift) / x_scale and v = (y - y_shift) / y_scale.

        >>> line_sums([1.0, 3.0], [10.0, 20.0]).rescaled(2.0, 1.0, 15.0, 5.0)
        LineSums(n=2, mean_x=0.0, mean_y=0.0, sxx=2.0, sxy=2.0, syy=2.0)
        """
        # Divide by each scale in turn: a product of two tiny scales can underflow to 0.
        return LineSums(
            n=self.n,
            mean_x=(self.mean_x - x_shift) / x_scale,
            mean_y=(self.mean_y - y_shift) / y_scale,
            sxx=self.sxx / x_scale / x_scale,
            sxy=self.sxy / x_scale / y_scale,
            syy=self.syy / y_scale / y_scale,
        )


def line_sums(
    xs: Sequence[float],
    ys: Sequence[float],
    total_x: float | None = None,
    total_y: float | None = None,
) -> LineSums:
    """Collect n, the means and the centred sums of the data, in one pass.

    ``total_x`` and ``total_y`` are the sums of xs and ys if already known
    (the input checks compute them on their way); they only need to be close.

    >>> line_sums([1.0, 2.0, 3.0], [2.0, 4.0, 9.0])
    LineSums(n=3, mean_x=2.0, mean_y=5.0, sxx=2.0, sxy=7.0, syy=26.0)
    """
    n = check_lengths(xs, ys)
    try:
        # A plain sum() runs in C, but rounds; its mean is only a first guess at
        # the centre of the data, which centred_sums corrects.
        centre_x = (sum(xs) if total_x is None else total_x) / n
        centre_y = (sum(ys) if total_y is None else total_y) / n
        return centred_sums(zip(xs, ys), n, centre_x, centre_y)
    except (TypeError, ArithmeticError, GradstepError):  # text, NaN, Decimals, 10**400
        # The rare path: name the culprit, or sum the values as floats.
        x_column, y_column = check_column(xs, "xs"), check_column(ys, "ys")
        columns = zip(x_column.values, y_column.values)
    try:
        return centred_sums(columns, n, x_column.total / n, y_column.total / n)
    except GradstepError:  # every value is a finite float: the sums themselves overflowed
        raise GradstepError(
            "The centred sums of these xs and ys pass the largest float (1.8e308). Divide the "
            "numbers by a power of ten (and scale the answer back)."
        ) from None


def centred_sums(
    pairs: Iterable[tuple[float, float]],
    n: int,
    centre_x: float,
    centre_y: float,
    origin: tuple[float, float] = (0.0, 0.0),
) -> LineSums:
    """Collect the sums of n (x, y) pairs in one pass, given a guess at their means.

    ``origin``, if given, is subtracted from the means returned: the sums are
    then those of (x - origin_x, y - origin_y), whose means keep the digits a
    mean near 1e9 would round away (``stream`` merges chunks that way).

    The guess only needs to lie near the middle of the data: the deviations
    from it sum to n * (mean - guess), small and summed without cancellation,
    and that corrects both the means and the centred sums, as in
    sum((x - guess)**2) = sxx + n * (mean_x - guess)**2 (the "corrected
    two-pass" formula of Chan, Golub and LeVeque, 1983).

    >>> centred_sums([(1.0, 2.0), (2.0, 4.0), (3.0, 9.0)], 3, 1.0, 4.0)
    LineSums(n=3, mean_x=2.0, mean_y=5.0, sxx=2.0, sxy=7.0, syy=26.0)
    """
    sum_dx = sum_dy = sxx = sxy = syy = 0.0
    try:
        for x, y in pairs:
            deviation_x = x - centre_x
            deviation_y = y - centre_y
            sum_dx += deviation_x
            sum_dy += deviation_y
            sxx += deviation_x * deviation_x
            sxy += deviation_x * deviation_y
            syy += deviation_y * deviation_y
        mean_dx = sum_dx / n
        mean_dy = sum_dy / n
        sums = LineSums(
            n=n,
            mean_x=(centre_x - origin[0]) + mean_dx,
            mean_y=(centre_y - origin[1]) + mean_dy,
            sxx=sxx - sum_dx * mean_dx,
            sxy=sxy - sum_dx * mean_dy,
            syy=syy - sum_dy * mean_dy,
        )
        # One look at the result, not at every value: a NaN anywhere makes it NaN. (Sums
        # past the largest float stay inf, for check_sums to say which column is too large.)
        has_nan = math.isnan(sums.mean_x + sums.mean_y + sums.sxx + sums.sxy + sums.syy)
    except (TypeError, ValueError, ArithmeticError):  # a pair that is not two floats, n = 0
        has_nan = True
    if has_nan or (whole_number(n) or 0) < 1:
        raise GradstepError(
            f"centred_sums needs pairs of two finite floats, finite centres and n (here "
            f"{shown(n)}), the number of pairs, at least 1 (or the sums overflowed to inf - inf). "
            f"Collect the sums with line_sums(xs, ys), which names a bad value."
        )
    return sums


def gradient_and_loss_from_sums(
    sums: LineSums, weight: float, bias: float
) -> tuple[float, float, float]:
    """Return d(loss)/d(weight), d(loss)/d(bias) and the loss, from the sums alone.

    The same numbers as ``gradient.gradient_and_loss(weight, bias, xs, ys)``:

    >>> gradient_and_loss_from_sums(line_sums([3.0, 1.0], [5.0, 4.0]), 2.0, 1.0)
    (5.0, 1.0, 2.5)
    """
    mean_error = weight * sums.mean_x + bias - sums.mean_y
    d_loss_d_bias = 2 * mean_error
    d_loss_d_weight = 2 * (mean_error * sums.mean_x + (weight * sums.sxx - sums.sxy) / sums.n)
    # The spread of the errors, (weight**2 * sxx - 2 * weight * sxy + syy) / n,
    # cancels to rounding near a good fit, and rounding may rise from one step
    # to the next and look like divergence. Completing the square makes it two
    # parts that are never negative: sxx * (weight - best_weight)**2, exact to a
    # few ulps, plus what no line explains, syy - sxy * best_weight (the
    # least-squares line's own spread), the same at every step; the sums hold
    # that part only to within the uncertainty ``line_loss`` gives.
    spread_of_errors = _spread_of_errors(sums, weight)
    loss = mean_error * mean_error + spread_of_errors
    return d_loss_d_weight, d_loss_d_bias, loss


def _spread_of_errors(sums: LineSums, weight: float) -> float:
    """The mean of (error - mean_error)**2, completing the square (see the comments above)."""
    if sums.sxx > 0:
        best_weight = sums.sxy / sums.sxx
        unexplained = max(sums.syy - sums.sxy * best_weight, 0.0)
        off_best = weight - best_weight
        return (sums.sxx * off_best * off_best + unexplained) / sums.n
    return sums.syy / sums.n  # every x the same: no weight changes it


def line_loss(sums: LineSums, weight: float, bias: float) -> tuple[float, float]:
    """Return the loss of a line from the sums, and how far it may be from the data's.

    The same loss as ``gradient_and_loss_from_sums``, but its mean error,
    weight * mean_x + bias - mean_y, is computed exactly (in fractions, once)
    instead of as a float difference of large numbers. What is left uncertain
    is the sums themselves: each mean is off by its rounding, and each sum of n
    rounded terms by about sqrt(n) * eps of its terms. That is an estimate, the
    size rounding errors reach when they add up at random, as they do; the
    worst case, n * eps, would call a loss known to 12 digits known to 8.

    >>> loss, uncertainty = line_loss(line_sums([0.0, 1.0, 2.0], [1.0, 3.0, 5.0]), 2.0, 1.0)
    >>> loss, uncertainty < 1e-13
    (0.0, True)
    """
    mean_error = float(
        Fraction(weight) * Fraction(sums.mean_x) + Fraction(bias) - Fraction(sums.mean_y)
    )
    loss = mean_error * mean_error + _spread_of_errors(sums, weight)
    n = sums.n
    rounding = (math.sqrt(n) + 4) * sys.float_info.epsilon
    spread_x, spread_y = math.sqrt(sums.sxx / n), math.sqrt(sums.syy / n)
    mean_off = sys.float_info.epsilon * (
        abs(sums.mean_y) + abs(weight * sums.mean_x)
    ) + rounding * (spread_y + abs(weight) * spread_x)
    size = spread_y + abs(weight) * spread_x
    spread_off = rounding * size * size  # a product: ** raises OverflowError, * gives inf
    uncertainty = 2 * abs(mean_error) * mean_off + mean_off * mean_off + spread_off
    return loss, uncertainty
