"""How curved is the loss bowl, and so how large a step is safe?

The loss of a line is a bowl over (weight, bias). Its second derivatives,
the Hessian, do not depend on where you stand::

    H = (2/n) * [[sum(x**2), sum(x)],
                 [sum(x),    n     ]]

(for a line through the origin, only (2/n) * sum(x**2)). Along the steepest
direction of the bowl, with curvature lambda_max (H's largest eigenvalue), a
step of learning rate lr multiplies the distance to the bottom by
(1 - lr * lambda_max). Descent is stable while that factor stays between -1
and 1, that is while::

    learning_rate < 2 / lambda_max

The ratio lambda_max / lambda_min, the condition number, says how long and
thin the valley is: the larger it is, the more steps plain descent needs.
On standardised data the bowl is perfectly round (both eigenvalues are 2),
and one step of learning rate 2 / (lambda_max + lambda_min) = 0.5 lands on
the bottom.
"""

from __future__ import annotations

import math

from gradstep.checks import check_finite_result, check_line_sums
from gradstep.fast.sums import LineSums


def hessian_eigenvalues(sums: LineSums, fit_bias: bool = True) -> tuple[float, float]:
    """Return the largest and smallest eigenvalue of the Hessian of the loss.

    For x = 1, 2, 3: H = (2/3) * [[14, 6], [6, 3]], whose eigenvalues add up to its
    trace, 34/3, and multiply to its determinant, 8/3:

    >>> from gradstep.fast.sums import line_sums
    >>> largest, smallest = hessian_eigenvalues(line_sums([1.0, 2.0, 3.0], [0.0, 0.0, 0.0]))
    >>> round(largest, 6), round(smallest, 6)
    (11.09294, 0.240393)
    """
    try:
        largest, smallest = _eigenvalues(sums, fit_bias)
        if largest + smallest < math.inf:  # NaN fails this too
            return largest, smallest
    except (AttributeError, TypeError, ArithmeticError):  # not sums, or n = 0
        pass
    # The rare path: a sentence for missing or impossible sums, or for sums past floats.
    try:
        largest, smallest = _eigenvalues(LineSums(*check_line_sums(sums, min_points=1)), fit_bias)
    except ArithmeticError:  # an n past the largest float
        largest = smallest = math.inf
    check_finite_result(largest + smallest, "curvature", "sums")
    return largest, smallest


def _eigenvalues(sums: LineSums, fit_bias: bool) -> tuple[float, float]:
    """The eigenvalues, as ``hessian_eigenvalues`` explains, for sums that make sense."""
    if not fit_bias:
        curvature = 2 * sums.mean_x_squared
        return curvature, curvature
    weight_weight = 2 * sums.mean_x_squared
    weight_bias = 2 * sums.mean_x
    bias_bias = 2.0
    middle = (weight_weight + bias_bias) / 2
    radius = math.hypot((weight_weight - bias_bias) / 2, weight_bias)
    largest = middle + radius
    # smallest = determinant / largest, where the determinant is
    # 4 * (mean(x**2) - mean_x**2) = 4 * sxx / n, computed without cancellation.
    determinant = 4 * sums.sxx / sums.n
    smallest = determinant / largest if largest > 0 else 0.0
    return largest, smallest


def stable_learning_rate(sums: LineSums, fit_bias: bool = True) -> float:
    """Return 2 / lambda_max, the learning rate above which descent blows up.

    >>> from gradstep.fast.sums import line_sums
    >>> round(stable_learning_rate(line_sums([1.0, 2.0, 3.0], [0.0, 0.0, 0.0])), 6)
    0.180295
    """
    largest, _ = hessian_eigenvalues(sums, fit_bias)
    # With every x = 0 and no bias the loss is flat: no rate can blow it up.
    return 2 / largest if largest > 0 else math.inf


def best_learning_rate(sums: LineSums, fit_bias: bool = True) -> float:
    """Return 2 / (lambda_max + lambda_min), the fixed rate that shrinks the slowest
    direction fastest. On a round bowl it is 1 / lambda: one step to the bottom.

    >>> from gradstep.fast.sums import line_sums
    >>> best_learning_rate(line_sums([-1.0, 1.0], [0.0, 0.0]))
    0.5
    """
    largest, smallest = hessian_eigenvalues(sums, fit_bias)
    return 2 / (largest + smallest)


def condition_number(sums: LineSums, fit_bias: bool = True) -> float:
    """Return lambda_max / lambda_min: 1 for a round bowl, large for a thin valley.

    >>> from gradstep.fast.sums import line_sums
    >>> condition_number(line_sums([-1.0, 1.0], [0.0, 0.0]))
    1.0
    """
    largest, smallest = hessian_eigenvalues(sums, fit_bias)
    return largest / smallest if smallest > 0 else math.inf
