"""The curvatures of a bowl in k directions: eigenvalues of a small matrix.

With k features the Hessian of the loss is a (k + 1) x (k + 1) symmetric
matrix, and, as for a line (``curvature``), its largest eigenvalue sets the
stable learning rate and the ratio of largest to smallest says how long and
thin the valley is. For a 2 x 2 matrix a formula gives them; for more, the
Jacobi method (1846) finds them with nothing but rotations: each rotation
turns one off-diagonal entry to zero, the sum of the squares of the
off-diagonal entries shrinks at every turn, and when it is gone the
diagonal holds the eigenvalues. Multiplying the rotations together gives
the eigenvectors, the axes of the bowl (``rotation`` walks along them).

Two float details make it safe on any matrix a float can hold. The matrix
is divided by its largest entry first, so no square passes 1.8e308 (a
Hessian of features near 1e77 has entries near 1e154). And the entry a
rotation zeroes is set to exactly 0.0, so rounding cannot leave it behind to
be rotated again: a 9 x 9 matrix is done in well under ten sweeps.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

MAX_SWEEPS = 100


@dataclass(frozen=True)
class Eigen:
    """Eigenvalues, largest first; ``vectors[i]`` is the unit eigenvector of ``values[i]``."""

    values: list[float]
    vectors: list[list[float]]
    sweeps: int


def symmetric_eigen(matrix: Sequence[Sequence[float]]) -> Eigen:
    """Return the eigenvalues and eigenvectors of a symmetric matrix (Jacobi's method).

    A rotation by the angle with t = tan(angle),
    theta = (a_qq - a_pp) / (2 * a_pq) and t = sign(theta) / (|theta| + sqrt(theta**2 + 1)),
    makes a_pq zero; sweeps over all pairs p < q repeat until nothing is left
    off the diagonal.

    [[2, 1], [1, 2]] stretches (1, 1) by 3 and (1, -1) by 1:

    >>> eigen = symmetric_eigen([[2.0, 1.0], [1.0, 2.0]])
    >>> [round(value, 12) for value in eigen.values]
    [3.0, 1.0]
    >>> [round(abs(entry), 12) for entry in eigen.vectors[0]]
    [0.707106781187, 0.707106781187]
    """
    size = len(matrix)
    largest_entry = max((abs(float(value)) for row in matrix for value in row), default=0.0)
    scale = largest_entry if largest_entry > 0 else 1.0
    entries = [[float(value) / scale for value in row] for row in matrix]
    # Column i of ``axes`` collects the rotations: it ends as eigenvector i.
    axes = [[1.0 if row == column else 0.0 for column in range(size)] for row in range(size)]
    sweeps = 0
    while sweeps < MAX_SWEEPS:
        off_diagonal = math.fsum(
            entries[p][q] * entries[p][q] for p in range(size) for q in range(size) if p != q
        )
        diagonal = math.fsum(entries[p][p] * entries[p][p] for p in range(size))
        if off_diagonal <= 1e-32 * diagonal or off_diagonal == 0:
            break
        sweeps += 1
        for p in range(size - 1):
            for q in range(p + 1, size):
                if entries[p][q] != 0:
                    _rotate(entries, axes, p, q)
    order = sorted(range(size), key=lambda i: entries[i][i], reverse=True)
    return Eigen(
        values=[entries[i][i] * scale for i in order],
        vectors=[[axes[row][i] for row in range(size)] for i in order],
        sweeps=sweeps,
    )


def symmetric_eigenvalues(matrix: Sequence[Sequence[float]]) -> list[float]:
    """Return the eigenvalues of a symmetric matrix, largest first.

    >>> [round(value, 12) for value in symmetric_eigenvalues([[2.0, 1.0], [1.0, 2.0]])]
    [3.0, 1.0]
    """
    return symmetric_eigen(matrix).values


def _rotate(entries: list[list[float]], axes: list[list[float]], p: int, q: int) -> None:
    a_pq = entries[p][q]
    theta = (entries[q][q] - entries[p][p]) / (2 * a_pq)
    # hypot, not sqrt(theta**2 + 1): theta can pass 1e154 when a_pq is tiny.
    tangent = math.copysign(1.0, theta) / (abs(theta) + math.hypot(theta, 1.0))
    cosine = 1 / math.hypot(tangent, 1.0)
    sine = tangent * cosine
    for row in entries:
        # Columns p and q turn by the angle ...
        at_p, at_q = row[p], row[q]
        row[p] = cosine * at_p - sine * at_q
        row[q] = sine * at_p + cosine * at_q
    # ... and then rows p and q, so the matrix stays symmetric.
    row_p, row_q = entries[p], entries[q]
    for column in range(len(entries)):
        at_p, at_q = row_p[column], row_q[column]
        row_p[column] = cosine * at_p - sine * at_q
        row_q[column] = sine * at_p + cosine * at_q
    # The angle was chosen to make a_pq zero; rounding would leave a speck.
    row_p[q] = row_q[p] = 0.0
    for row in axes:
        at_p, at_q = row[p], row[q]
        row[p] = cosine * at_p - sine * at_q
        row[q] = sine * at_p + cosine * at_q
