"""The curvatures of a bowl in k directions: eigenvalues of a small matrix.

With k features the Hessian of the loss is a (k + 1) x (k + 1) symmetric
matrix, and, as for a line (``curvature``), its largest eigenvalue sets the
stable learning rate and the ratio of largest to smallest says how long and
thin the valley is. For a 2 x 2 matrix a formula gives them; for more, the
Jacobi method (1846) finds them with nothing but rotations: each rotation
turns one off-diagonal entry to zero, the sum of the squares of the
off-diagonal entries shrinks at every turn, and when it is gone the
diagonal holds the eigenvalues. For the small matrices here (k up to a few
dozen) a handful of sweeps suffice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

MAX_SWEEPS = 100


def symmetric_eigenvalues(matrix: Sequence[Sequence[float]]) -> list[float]:
    """Return the eigenvalues of a symmetric matrix, largest first (Jacobi's method).

    A rotation by the angle t = tan(angle) with
    theta = (a_qq - a_pp) / (2 * a_pq) and t = sign(theta) / (|theta| + sqrt(theta**2 + 1))
    makes a_pq zero; sweeps over all pairs p < q repeat until nothing is left
    off the diagonal.

    [[2, 1], [1, 2]] stretches (1, 1) by 3 and (1, -1) by 1:

    >>> [round(value, 12) for value in symmetric_eigenvalues([[2.0, 1.0], [1.0, 2.0]])]
    [3.0, 1.0]
    """
    size = len(matrix)
    entries = [[float(value) for value in row] for row in matrix]
    for _ in range(MAX_SWEEPS):
        off_diagonal = math.fsum(
            entries[p][q] ** 2 for p in range(size) for q in range(size) if p != q
        )
        diagonal = math.fsum(entries[p][p] ** 2 for p in range(size))
        if off_diagonal <= 1e-32 * diagonal or off_diagonal == 0:
            break
        for p in range(size - 1):
            for q in range(p + 1, size):
                if entries[p][q] != 0:
                    _rotate(entries, p, q)
    return sorted((entries[p][p] for p in range(size)), reverse=True)


def _rotate(entries: list[list[float]], p: int, q: int) -> None:
    theta = (entries[q][q] - entries[p][p]) / (2 * entries[p][q])
    tangent = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
    cosine = 1 / math.sqrt(tangent * tangent + 1)
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
