"""Feature scaling: fit in units where the loss bowl is round, then map back.

Raw data often make a long, thin valley: on NIST's Norris data (x from 0.2
to 1000) the bowl is 700,000 times steeper one way than the other, so a
learning rate small enough for the steep way crawls along the flat way. In
standardised units, ::

    u = (x - mean_x) / spread_x        v = (y - mean_y) / spread_y

(spread = root-mean-square deviation), mean(u) = 0 and mean(u**2) = 1, the
Hessian is 2 times the identity and the bowl is round. A line fitted there,
v = weight_u * u + bias_u, is the same line as::

    weight = weight_u * spread_y / spread_x
    bias   = mean_y + spread_y * bias_u - weight * mean_x

A line through the origin must stay one, so for it nothing is shifted and
x and y are only divided by their root-mean-square.

``FeatureScaling`` does the same for k features (``features``): every
feature and y standardised, and the weights mapped back::

    wj   = wj_u * spread_y / spread_j
    bias = mean_y + spread_y * bias_u - sum(wj * mean_j)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from gradstep.checks import check_finite_result, check_values
from gradstep.fast.feature_sums import FeatureSums
from gradstep.fast.sums import LineSums


@dataclass(frozen=True)
class Scaling:
    """The shift and scale that turn x into u and y into v."""

    x_shift: float
    x_scale: float
    y_shift: float
    y_scale: float

    def to_original(self, weight_u: float, bias_u: float) -> tuple[float, float]:
        """Map a line in scaled units back to the original units.

        >>> Scaling(2.0, 1.0, 15.0, 5.0).to_original(1.0, 0.0)
        (5.0, 5.0)
        """
        weight = weight_u * self.y_scale / self.x_scale
        bias = self.y_shift + self.y_scale * bias_u - weight * self.x_shift
        return weight, bias

    def scaled_points(
        self, xs: Sequence[float], ys: Sequence[float]
    ) -> tuple[list[float], list[float]]:
        """Return the data in scaled units: u = (x - x_shift) / x_scale, and v likewise.

        >>> Scaling(2.0, 4.0, 15.0, 5.0).scaled_points([6.0, -2.0], [25.0, 5.0])
        ([1.0, -1.0], [2.0, -2.0])
        """
        us = [(x - self.x_shift) / self.x_scale for x in xs]
        vs = [(y - self.y_shift) / self.y_scale for y in ys]
        return us, vs

    def to_scaled(self, weight: float, bias: float) -> tuple[float, float]:
        """Map a line in the original units into scaled units.

        >>> Scaling(2.0, 1.0, 15.0, 5.0).to_scaled(5.0, 5.0)
        (1.0, 0.0)
        """
        weight_u = weight * self.x_scale / self.y_scale
        bias_u = (weight * self.x_shift + bias - self.y_shift) / self.y_scale
        return weight_u, bias_u


def _spread_or_one(mean_square: float) -> float:
    # Data (or a feature) with no spread keep their units: dividing by zero teaches nothing.
    spread = math.sqrt(mean_square)
    return spread if spread > 0 else 1.0


def standardise(sums: LineSums, fit_bias: bool = True) -> Scaling:
    """Return the scaling to mean 0 and spread 1 (or, without a bias, to RMS 1).

    >>> from gradstep.fast.sums import line_sums
    >>> standardise(line_sums([1.0, 3.0], [10.0, 20.0]))
    Scaling(x_shift=2.0, x_scale=1.0, y_shift=15.0, y_scale=5.0)
    """
    if fit_bias:
        # ys with no spread are measured by their size instead, so that rounding
        # in scaled units stays small next to them.
        y_spread = math.sqrt(sums.syy / sums.n)
        y_size = abs(sums.mean_y) if sums.mean_y != 0 else 1.0
        return Scaling(
            x_shift=sums.mean_x,
            x_scale=_spread_or_one(sums.sxx / sums.n),
            y_shift=sums.mean_y,
            y_scale=y_spread if y_spread > 0 else y_size,
        )
    return Scaling(
        x_shift=0.0,
        x_scale=_spread_or_one(sums.mean_x_squared),
        y_shift=0.0,
        y_scale=_spread_or_one(sums.mean_y_squared),
    )


def scaled_sums(sums: LineSums, scaling: Scaling) -> LineSums:
    """Return the sums of the scaled data u, v (no second pass over the data)."""
    return sums.rescaled(scaling.x_shift, scaling.x_scale, scaling.y_shift, scaling.y_scale)


@dataclass(frozen=True)
class FeatureScaling:
    """The shift and scale of every feature and of y."""

    shifts: tuple[float, ...]
    scales: tuple[float, ...]
    y_shift: float
    y_scale: float

    def to_original(self, weights_u: Sequence[float], bias_u: float) -> tuple[list[float], float]:
        """Map weights and bias in standardised units back to the data's units.

        >>> FeatureScaling((1.0, 2.0), (2.0, 4.0), 10.0, 8.0).to_original([0.5, 1.0], 0.25)
        ([2.0, 2.0], 6.0)
        """
        weights = [
            weight_u * self.y_scale / scale for weight_u, scale in zip(weights_u, self.scales)
        ]
        bias = self.y_shift + self.y_scale * bias_u
        bias -= math.fsum(weight * shift for weight, shift in zip(weights, self.shifts))
        return weights, bias

    def to_scaled(self, weights: Sequence[float], bias: float) -> tuple[list[float], float]:
        """Map weights and bias in the data's units into standardised units.

        >>> FeatureScaling((1.0, 2.0), (2.0, 4.0), 10.0, 8.0).to_scaled([2.0, 2.0], 6.0)
        ([0.5, 1.0], 0.25)
        """
        weights_u = [weight * scale / self.y_scale for weight, scale in zip(weights, self.scales)]
        shifted = bias - self.y_shift
        shifted += math.fsum(weight * shift for weight, shift in zip(weights, self.shifts))
        return weights_u, shifted / self.y_scale

    def rescaled(self, sums: FeatureSums) -> FeatureSums:
        """Return the sums of the standardised data (no second pass over the rows)."""
        scales = self.scales
        return FeatureSums(
            n=sums.n,
            means=tuple(
                (mean - shift) / scale
                for mean, shift, scale in zip(sums.means, self.shifts, scales)
            ),
            mean_y=(sums.mean_y - self.y_shift) / self.y_scale,
            sxx=tuple(
                tuple(value / (scales[j] * scales[m]) for m, value in enumerate(row))
                for j, row in enumerate(sums.sxx)
            ),
            sxy=tuple(value / (scale * self.y_scale) for value, scale in zip(sums.sxy, scales)),
            syy=sums.syy / (self.y_scale * self.y_scale),
        )


def standardise_features(sums: FeatureSums, fit_bias: bool = True) -> FeatureScaling:
    """Return the scaling to mean 0 and spread 1 (without a bias: to RMS 1, no shift).

    >>> from gradstep.fast.feature_sums import feature_sums
    >>> sums = feature_sums([[1.0, 4.0], [3.0, 0.0]], [2.0, 6.0])
    >>> standardise_features(sums)
    FeatureScaling(shifts=(2.0, 2.0), scales=(1.0, 2.0), y_shift=4.0, y_scale=2.0)
    """
    if fit_bias:
        return FeatureScaling(
            shifts=sums.means,
            scales=tuple(_spread_or_one(sums.sxx[j][j] / sums.n) for j in range(len(sums.means))),
            y_shift=sums.mean_y,
            y_scale=_spread_or_one(sums.syy / sums.n),
        )
    mean_products = sums.mean_products()
    return FeatureScaling(
        shifts=tuple(0.0 for _ in sums.means),
        scales=tuple(_spread_or_one(mean_products[j][j]) for j in range(len(sums.means))),
        y_shift=0.0,
        y_scale=_spread_or_one(sums.syy / sums.n + sums.mean_y**2),
    )


def standardise_values(values: Sequence[float]) -> tuple[list[float], float, float]:
    """Return values standardised to mean 0 and spread 1, with that mean and spread.

    u = (x - mean) / spread,  spread = sqrt(mean((x - mean)**2))

    so that x = mean + spread * u takes a standardised value back. Values
    8, 10 and 18 have mean 12 and spread sqrt((16 + 4 + 36) / 3):

    >>> us, mean, spread = standardise_values([8.0, 10.0, 18.0])
    >>> [round(u, 4) for u in us], mean, round(spread, 4)
    ([-0.9258, -0.4629, 1.3887], 12.0, 4.3205)
    """
    try:
        n = len(values)
        mean = math.fsum(values) / n
        spread = _spread_or_one(math.fsum((value - mean) ** 2 for value in values) / n)
    except (TypeError, ValueError, ArithmeticError):  # text, no values, 10**400, an overflow
        mean = spread = math.nan
    if not -math.inf < mean + spread < math.inf:  # never a silent NaN: name the culprit
        checked = check_values(values, "values")
        if any(type(value) is not float for value in values):
            return standardise_values(checked)
        check_finite_result(math.inf, "spread", "values")
    return [(value - mean) / spread for value in values], mean, spread
