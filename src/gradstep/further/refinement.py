"""Lesson 10: win back the digits the sums lose -- the gradient from the rows, exactly.

A step along the bowl's axes (``rotation``) lands on the bottom of the bowl
it was computed from. But that bowl comes from sums of squares and products
(``feature_sums``), and they square the trouble: a rounding of one part in
2**53 in the sums moves the bottom by up to the condition number times as
much. A valley 1e8 times steeper one way than the other keeps about
16 - 8 = 8 digits of its bottom.

The way back is to ask the rows. At the current weights compute every
error = y_hat - y from the data themselves, and from those errors the
gradient, as lesson 8 does::

    d(loss)/d(wj) = 1/n * sum(2 * error * xj)      d(loss)/d(bias) = 1/n * sum(2 * error)

Computed with care, this gradient is right to nearly every digit, however
thin the valley. A step along the axes with it cuts the distance to the
true bottom by a factor of about (condition number) * 2**-53, since only the
axes are approximate, not the slope: 1e-8 becomes 1e-16 in one more step.
This is iterative refinement (Wilkinson, 1963); every step is still a
gradient step.

With care means two things. *Products exactly*: a float holds 53 bits and
the product of two may need 106. Dekker's split (1971) cuts x into a high
and a low half of at most 26 bits each, so the four products of halves are
exact and add up to x * w exactly. *Sums correctly rounded*: ``math.fsum``
adds any list of floats with a single rounding at the end. Each row's error
is kept as that rounded sum and the remainder it left, about 106 bits.

Steps along the standardised axes need each slope measured from the centre,
sum(error * (xj - mean_j)). Far from 0 (x near 1e12, say) that is a small
difference of large sums, and subtracting mean_j * sum(error) afterwards
would cancel its digits away. So the rows are kept as deviations from their
centre, each exactly: the rounded x - centre and the bit rounding left.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import add, mul, neg, sub

SPLITTER = 2.0**27 + 1


def split(x: float) -> tuple[float, float]:
    """Return (high, low) with high + low == x exactly, each of at most 26 bits.

    >>> high, low = split(0.1)
    >>> high, low, high + low == 0.1
    (0.09999999962747097, 3.7252903539730653e-10, True)
    """
    spread = SPLITTER * x
    high = spread - (spread - x)
    return high, x - high


def exact_product(a: float, b: float) -> list[float]:
    """Return four floats whose exact sum is a * b (the rounded product loses the rest).

    What the rounded product 0.1 * 0.1 lost:

    >>> math.fsum([*exact_product(0.1, 0.1), -(0.1 * 0.1)])
    -8.326672684688674e-19
    """
    a_high, a_low = split(a)
    b_high, b_low = split(b)
    return [a_high * b_high, a_high * b_low, a_low * b_high, a_low * b_low]


@dataclass(frozen=True)
class SplitRows:
    """The rows as columns of deviations from a centre, kept exactly, and the ys.

    Feature j is x = centre + deviation + remainder exactly; the deviation is
    also cut into high and low halves, once for all the steps to come.
    """

    centres: list[float]
    deviations: list[list[float]]
    remainders: list[list[float]]
    highs: list[list[float]]
    lows: list[list[float]]
    ys: list[float]


def split_rows(
    rows: Sequence[Sequence[float]], ys: Sequence[float], centres: Sequence[float] | None = None
) -> SplitRows:
    """Return the rows as exact deviations from ``centres`` (default 0), split in halves.

    x - centre rounds; what rounding left is kept (Knuth's two-sum, 1969):

    >>> data = split_rows([[0.1], [0.7]], [5.0, 6.0], centres=[0.4])
    >>> data.deviations, data.remainders
    ([[-0.30000000000000004, 0.29999999999999993]], [[2.7755575615628914e-17, 0.0]])
    """
    k = len(rows[0])
    centres = [0.0] * k if centres is None else list(centres)
    deviations, remainders, highs, lows = [], [], [], []
    for column, centre in zip(zip(*rows), centres):
        deviation = list(map(sub, column, repeat(centre)))
        # two-sum: (x - (deviation - back)) + (-centre - back) is exactly what was lost.
        back = list(map(sub, deviation, column))
        lost = map(
            add, map(sub, column, map(sub, deviation, back)), map(sub, repeat(-centre), back)
        )
        high, low = _split_all(deviation)
        deviations.append(deviation)
        remainders.append(list(lost))
        highs.append(high)
        lows.append(low)
    return SplitRows(centres, deviations, remainders, highs, lows, list(ys))


def errors_from_rows(
    data: SplitRows, weights: Sequence[float], bias: float
) -> tuple[list[float], list[float]]:
    """Return every error = y_hat - y as its correctly rounded value and the remainder.

    y_hat = (bias + sum(wj * centre_j)) + sum(wj * deviation_j), every product exact.
    The float 0.1 times 3, less the float 0.3, is 2.78e-17 exactly; rounding
    the product first doubles it:

    >>> errors_from_rows(split_rows([[0.1], [0.2]], [0.3, 0.2]), [3.0], 0.0)
    ([2.7755575615628914e-17, 0.4], [0.0, 0.0])
    >>> 0.1 * 3.0 - 0.3
    5.551115123125783e-17
    """
    at_centre = [bias]
    for weight, centre in zip(weights, data.centres):
        at_centre += exact_product(weight, centre)
    at_centre_rounded = math.fsum(at_centre)
    at_centre_rest = math.fsum([*at_centre, -at_centre_rounded])
    terms = [repeat(at_centre_rounded), repeat(at_centre_rest), map(neg, data.ys)]
    for weight, highs, lows, lost in zip(weights, data.highs, data.lows, data.remainders):
        weight_high, weight_low = split(weight)
        for half in (highs, lows):
            terms += [map(mul, half, repeat(weight_high)), map(mul, half, repeat(weight_low))]
        # The remainder is below the deviation's last bit: its product may round.
        terms.append(map(mul, lost, repeat(weight)))
    # One tuple of terms per row; map, zip and fsum all run in C.
    per_row = list(zip(*terms))
    rounded = list(map(math.fsum, per_row))
    # What rounding left behind: the terms again, less the rounded sum.
    remainders = list(map(math.fsum, map(add, per_row, zip(map(neg, rounded)))))
    return rounded, remainders


def _split_all(values: list[float]) -> tuple[list[float], list[float]]:
    # ``split`` for a whole list at once.
    spread = list(map(mul, values, repeat(SPLITTER)))
    highs = list(map(sub, spread, map(sub, spread, values)))
    return highs, list(map(sub, values, highs))


def gradient_from_rows(
    data: SplitRows, weights: Sequence[float], bias: float
) -> tuple[list[float], float, float]:
    """Return d(loss)/d(wj) for each j, d(loss)/d(bias) and the loss, from the rows.

    d(loss)/d(wj) = 1/n * sum(2 * error * (xj - centre_j)), each to nearly all
    its digits. With centres 0 these are the numbers of ``features.gradient_and_loss``:

    >>> gradient_from_rows(split_rows([[3.0, 4.0], [1.0, 1.0]], [1.0, 2.5]), [2.0, -1.0], 0.5)
    ([3.5, 5.0], 0.5, 1.625)

    With centres, the slope along wj when the bias moves with it so that the
    prediction at the centres stays put: the raw slope less centre_j times
    d(loss)/d(bias). A thin valley's slope is a small difference of large sums,
    so it is computed from exact deviations rather than by subtracting.
    """
    n = len(data.ys)
    rounded, remainders = errors_from_rows(data, weights, bias)
    error_highs, error_lows = _split_all(rounded)
    d_loss_d_weights = []
    for deviations, highs, lows, lost in zip(
        data.deviations, data.highs, data.lows, data.remainders
    ):
        # sum(error * deviation): four exact products per row, then the two tiny rests.
        products = chain(
            map(mul, error_highs, highs),
            map(mul, error_highs, lows),
            map(mul, error_lows, highs),
            map(mul, error_lows, lows),
            map(mul, remainders, deviations),
            map(mul, rounded, lost),
        )
        d_loss_d_weights.append(2 * math.fsum(products) / n)
    d_loss_d_bias = 2 * math.fsum(chain(rounded, remainders)) / n
    loss = math.fsum(map(mul, rounded, rounded)) / n
    return d_loss_d_weights, d_loss_d_bias, loss


def deviation_sums(data: SplitRows) -> list[tuple[float, float]]:
    """Return sum(d) and sum(d**2) for each column's deviations d = x - centre, exactly rounded.

    With these and the gradient from the rows, the step to the bottom of the
    bowl is exact to a few ulps: the bowl's curvature along wj is 2 * sum(d**2) / n.

    >>> deviation_sums(split_rows([[1.0], [2.0], [4.0]], [0.0, 0.0, 0.0], centres=[2.0]))
    [(1.0, 5.0)]
    """
    sums = []
    for deviations, highs, lows, lost in zip(
        data.deviations, data.highs, data.lows, data.remainders
    ):
        # (high + low)**2 = high**2 + 2 * high * low + low**2, each product exact.
        squares = chain(
            map(mul, highs, highs),
            map(mul, highs, lows),
            map(mul, highs, lows),
            map(mul, lows, lows),
            map(mul, lost, deviations),
            map(mul, lost, deviations),
        )
        sums.append((math.fsum(chain(deviations, lost)), math.fsum(squares)))
    return sums
