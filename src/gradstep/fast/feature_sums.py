"""A faster path to lesson 8: the gradient for k features from their sums.

As for a line (``sums``), write each error as its mean plus what is left
over. With the means of every feature and of y, and the centred sums

    sxx[j][m] = sum((xj - mean_j) * (xm - mean_m))      (a k x k matrix)
    sxy[j]    = sum((xj - mean_j) * (y - mean_y))
    syy       = sum((y - mean_y)**2)

and mean_error = sum(wj * mean_j) + bias - mean_y, the loss and gradient are::

    loss            = mean_error**2 + (w . sxx . w - 2 * w . sxy + syy) / n
    d(loss)/d(bias) = 2 * mean_error
    d(loss)/d(wj)   = 2 * (mean_error * mean_j + (sum_m(sxx[j][m] * wm) - sxy[j]) / n)

One pass collects the sums; every step after that costs O(k**2), whatever n.
The tests hold these numbers equal to ``features.gradient_and_loss``.
Standardising every feature (``scaling.FeatureScaling``) rescales these sums
without a second pass over the rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import mul, sub


@dataclass(frozen=True)
class FeatureSums:
    """What the loss of k weights and a bias needs to know about the data."""

    n: int
    means: tuple[float, ...]
    mean_y: float
    sxx: tuple[tuple[float, ...], ...]
    sxy: tuple[float, ...]
    syy: float

    def mean_products(self) -> list[list[float]]:
        """Return the matrix of mean(xj * xm), rebuilt from the centred sums."""
        return [
            [self.sxx[j][m] / self.n + mean_j * mean_m for m, mean_m in enumerate(self.means)]
            for j, mean_j in enumerate(self.means)
        ]


def feature_sums(rows: Sequence[Sequence[float]], ys: Sequence[float]) -> FeatureSums:
    """Collect n, the means and the centred sums, in two passes over the columns.

    >>> feature_sums([[1.0, 4.0], [3.0, 0.0]], [2.0, 6.0])
    FeatureSums(n=2, means=(2.0, 2.0), mean_y=4.0, sxx=((2.0, -4.0), (-4.0, 8.0)), \
sxy=(4.0, -8.0), syy=8.0)
    """
    n = len(rows)
    k = len(rows[0])
    # Column by column: zip, map and fsum run in C, and fsum rounds each sum once.
    # fsum refuses a total past the largest float; such a sum is inf here, as
    # float addition would give, and the callers' checks name the column.
    deviations = []
    means = []
    for column in zip(*rows):
        mean = _total(column) / n
        means.append(mean)
        deviations.append(list(map(sub, column, repeat(mean))))
    mean_y = _total(ys) / n
    deviations_y = list(map(sub, ys, repeat(mean_y)))
    sxx = [[0.0] * k for _ in range(k)]
    for j in range(k):
        for m in range(j, k):
            sxx[j][m] = sxx[m][j] = _total(map(mul, deviations[j], deviations[m]))
    sxy = [_total(map(mul, deviation, deviations_y)) for deviation in deviations]
    syy = _total(map(mul, deviations_y, deviations_y))
    return FeatureSums(n, tuple(means), mean_y, tuple(tuple(row) for row in sxx), tuple(sxy), syy)


def _total(terms: Iterable[float]) -> float:
    """Return math.fsum(terms), or inf (nan for inf - inf) where fsum would refuse.

    >>> _total([1e308, 1e308]), _total([math.inf, -math.inf])
    (inf, nan)
    """
    try:
        return math.fsum(terms)
    except OverflowError:  # the exact total passes the largest float
        return math.inf  # its sign is lost: the checks read only that it is not finite
    except ValueError:  # inf and -inf among the terms
        return math.nan


def gradient_and_loss_from_feature_sums(
    sums: FeatureSums, weights: Sequence[float], bias: float
) -> tuple[list[float], float, float]:
    """Return d(loss)/d(wj) for each j, d(loss)/d(bias) and the loss, from the sums.

    The same numbers as ``features.gradient_and_loss`` on the rows:

    >>> sums = feature_sums([[3.0, 4.0], [1.0, 1.0]], [1.0, 2.5])
    >>> gradient_and_loss_from_feature_sums(sums, [2.0, -1.0], 0.5)
    ([3.5, 5.0], 0.5, 1.625)
    """
    mean_error = bias - sums.mean_y
    for weight, mean in zip(weights, sums.means):
        mean_error += weight * mean
    d_loss_d_weights = []
    spread_of_errors = sums.syy
    for j, weight_j in enumerate(weights):
        sxx_times_weights = math.fsum(
            sxx_jm * weight_m for sxx_jm, weight_m in zip(sums.sxx[j], weights)
        )
        d_loss_d_weights.append(
            2 * (mean_error * sums.means[j] + (sxx_times_weights - sums.sxy[j]) / sums.n)
        )
        spread_of_errors += weight_j * (sxx_times_weights - 2 * sums.sxy[j])
    # Rounding can push a perfect fit's spread a hair below zero; a mean of
    # squares never is.
    loss = mean_error * mean_error + max(spread_of_errors / sums.n, 0.0)
    return d_loss_d_weights, 2 * mean_error, loss


def hessian(sums: FeatureSums, fit_bias: bool = True) -> list[list[float]]:
    """Return the Hessian of the loss over (w1, ..., wk, bias); it is the same everywhere.

    H = 2 * [[mean(xj * xm), mean(xj)],
             [mean(xm),      1       ]]      (without a bias, only 2 * mean(xj * xm))

    >>> hessian(feature_sums([[1.0], [3.0]], [0.0, 0.0]))
    [[10.0, 4.0], [4.0, 2.0]]
    """
    matrix = [[2 * value for value in row] for row in sums.mean_products()]
    if fit_bias:
        for row, mean in zip(matrix, sums.means):
            row.append(2 * mean)
        matrix.append([2 * mean for mean in sums.means] + [2.0])
    return matrix
