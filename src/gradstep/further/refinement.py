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
    """The rows as columns, each also cut into high and low halves, and the ys."""

    columns: list[list[float]]
    highs: list[list[float]]
    lows: list[list[float]]
    ys: list[float]


def split_rows(rows: Sequence[Sequence[float]], ys: Sequence[float]) -> SplitRows:
    """Return the rows as split columns, cut once for all the steps to come.

    >>> split_rows([[1.0, 2.0], [3.0, 4.0]], [5.0, 6.0]).columns
    [[1.0, 3.0], [2.0, 4.0]]
    """
    columns = [list(column) for column in zip(*rows)]
    halves = [_split_all(column) for column in columns]
    return SplitRows(columns, [high for high, _ in halves], [low for _, low in halves], list(ys))


def errors_from_rows(
    data: SplitRows, weights: Sequence[float], bias: float
) -> tuple[list[float], list[float]]:
    """Return every error = y_hat - y as its correctly rounded value and the remainder.

    The float 0.1 times 3, less the float 0.3, is 2.78e-17 exactly; rounding
    the product first doubles it:

    >>> errors_from_rows(split_rows([[0.1], [0.2]], [0.3, 0.2]), [3.0], 0.0)
    ([2.7755575615628914e-17, 0.4], [0.0, 0.0])
    >>> 0.1 * 3.0 - 0.3
    5.551115123125783e-17
    """
    terms = [repeat(bias), map(neg, data.ys)]
    for weight, highs, lows in zip(weights, data.highs, data.lows):
        weight_high, weight_low = split(weight)
        for half in (highs, lows):
            terms += [map(mul, half, repeat(weight_high)), map(mul, half, repeat(weight_low))]
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

    The numbers of ``features.gradient_and_loss``, each to nearly all its digits:

    >>> gradient_from_rows(split_rows([[3.0, 4.0], [1.0, 1.0]], [1.0, 2.5]), [2.0, -1.0], 0.5)
    ([3.5, 5.0], 0.5, 1.625)
    """
    n = len(data.ys)
    rounded, remainders = errors_from_rows(data, weights, bias)
    error_highs, error_lows = _split_all(rounded)
    d_loss_d_weights = []
    for column, highs, lows in zip(data.columns, data.highs, data.lows):
        # sum(error * xj): four exact products per row, and the remainder's own product.
        products = chain(
            map(mul, error_highs, highs),
            map(mul, error_highs, lows),
            map(mul, error_lows, highs),
            map(mul, error_lows, lows),
            map(mul, remainders, column),
        )
        d_loss_d_weights.append(2 * math.fsum(products) / n)
    d_loss_d_bias = 2 * math.fsum(chain(rounded, remainders)) / n
    loss = math.fsum(map(mul, rounded, rounded)) / n
    return d_loss_d_weights, d_loss_d_bias, loss
