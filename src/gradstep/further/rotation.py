"""Lesson 9: turn to the bowl's own axes and scale each one, and the bowl is round.

Standardising x made a line's bowl round (``scaling``). With k correlated
features (x and x**2, say) it is not: the bowl over p = (w1, ..., wk, bias)
is a tilted ellipsoid, a long thin valley running at a slant. Its axes are
the eigenvectors q_i of the Hessian H (``eigenvalues``), and lambda_i is how
sharply it curves along axis i. So measure every point along those axes,
each axis in its own unit::

    z_i = sqrt(lambda_i / 2) * (q_i . p)      p = sum_i q_i * sqrt(2 / lambda_i) * z_i

Along each z_i the loss now curves by lambda_i * (2 / lambda_i) = 2: the
Hessian is 2 times the identity, the round bowl of a standardised line.

Descent runs in z as it always does. The chain rule gives the slope along
each new axis from the slopes we have::

    d(loss)/d(z_i) = sum_j d(loss)/d(p_j) * d(p_j)/d(z_i)
                   = sqrt(2 / lambda_i) * (q_i . gradient)

and a step at the best rate for a round bowl, 2 / (2 + 2) = 0.5, moves z by
-0.5 * d(loss)/d(z). Carried back to p, that move is
-sum_i q_i * (q_i . gradient) / lambda_i, the gradient divided by the
curvature along every axis (Newton's step, 1669): on an exact bowl one step
lands on the bottom. It is still a gradient step, in the valley's own units.

A float sees no curvature below lambda_max * 2**-52 (the last bit of the
largest): axes flatter than that are treated as that flat, and ``flat_axes``
counts them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from gradstep.further.eigenvalues import symmetric_eigen

BEST_RATE = 0.5
FLOAT_RESOLUTION = 2.0**-52


@dataclass(frozen=True)
class Axes:
    """The bowl's axes (unit vectors q_i) and its curvature lambda_i along each."""

    curvatures: tuple[float, ...]
    directions: tuple[tuple[float, ...], ...]
    flat_axes: int = 0

    def to_axes(self, values: Sequence[float]) -> list[float]:
        """Return z_i = sqrt(lambda_i / 2) * (q_i . p).

        >>> Axes((8.0, 2.0), ((1.0, 0.0), (0.0, 1.0))).to_axes([1.5, 3.0])
        [3.0, 3.0]
        """
        return [
            math.sqrt(curvature / 2) * _dot(direction, values)
            for curvature, direction in zip(self.curvatures, self.directions)
        ]

    def from_axes(self, along: Sequence[float]) -> list[float]:
        """Return p = sum_i q_i * sqrt(2 / lambda_i) * z_i (also for a move in z).

        >>> Axes((8.0, 2.0), ((1.0, 0.0), (0.0, 1.0))).from_axes([3.0, 3.0])
        [1.5, 3.0]
        """
        lengths = [math.sqrt(2 / curvature) * z for curvature, z in zip(self.curvatures, along)]
        return [
            math.fsum(direction[j] * length for direction, length in zip(self.directions, lengths))
            for j in range(len(self.directions[0]))
        ]

    def gradient_along_axes(self, gradient: Sequence[float]) -> list[float]:
        """Return d(loss)/d(z_i) = sqrt(2 / lambda_i) * (q_i . gradient), by the chain rule.

        >>> Axes((8.0, 2.0), ((1.0, 0.0), (0.0, 1.0))).gradient_along_axes([4.0, 2.0])
        [2.0, 2.0]
        """
        return [
            math.sqrt(2 / curvature) * _dot(direction, gradient)
            for curvature, direction in zip(self.curvatures, self.directions)
        ]

    def move(self, gradient: Sequence[float], learning_rate: float = BEST_RATE) -> list[float]:
        """Return the change in p of one gradient step in z: from_axes(-rate * d(loss)/d(z)).

        The bowl 4 * w**2 + (b - 1)**2 at (w, b) = (1.5, 3), gradient (12, 4),
        curvatures 8 and 2: one step lands on its bottom, (0, 1).

        >>> Axes((8.0, 2.0), ((1.0, 0.0), (0.0, 1.0))).move([12.0, 4.0])
        [-1.5, -2.0]
        """
        slopes = self.gradient_along_axes(gradient)
        return self.from_axes([-learning_rate * slope for slope in slopes])


def bowl_axes(hessian: Sequence[Sequence[float]]) -> Axes:
    """Return the axes of the bowl whose Hessian is given, steepest first.

    >>> axes = bowl_axes([[5.0, 3.0], [3.0, 5.0]])
    >>> [round(curvature, 12) for curvature in axes.curvatures]
    [8.0, 2.0]
    >>> [round(abs(entry), 12) for entry in axes.directions[1]]
    [0.707106781187, 0.707106781187]
    """
    eigen = symmetric_eigen(hessian)
    floor = max(eigen.values[0], 0.0) * FLOAT_RESOLUTION
    return Axes(
        curvatures=tuple(max(value, floor) if floor > 0 else 1.0 for value in eigen.values),
        directions=tuple(tuple(vector) for vector in eigen.vectors),
        flat_axes=sum(1 for value in eigen.values if value <= floor),
    )


def _dot(left: Sequence[float], right: Sequence[float]) -> float:
    return math.fsum(a * b for a, b in zip(left, right))
