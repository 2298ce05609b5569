"""Lesson 3: the chain rule -- derivatives through a chain of steps.

The loss does not depend on the weight directly. The weight makes the
prediction, the prediction makes the error, the error makes the loss::

    weight --> error = weight * x + bias - y --> loss = error**2

The chain rule says a derivative through a chain is the product of the local
derivatives of its links::

    d(y)/d(z) = d(y)/d(x) * d(x)/d(z)

so for the loss of one point::

    d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight)
                      =    2 * error     *        x

A longer chain just has more factors in the product.
"""

from __future__ import annotations

from gradstep.checks import check_finite_result, check_lesson_number


def chain(*local_derivatives: float) -> float:
    """Multiply the local derivatives along a chain, outermost first.

    d(y)/d(z) = d(y)/d(x) * d(x)/d(z)

    One point x = 3, target y = 5, weight 2 and bias 1: the prediction is 7,
    the error 2, d(loss)/d(error) = 2 * 2 = 4 and d(error)/d(weight) = x = 3:

    >>> chain(4.0, 3.0)
    12.0

    A chain of three links multiplies three factors:

    >>> chain(4.0, 3.0, 0.5)
    6.0
    """
    product = 1.0
    for index, local_derivative in enumerate(local_derivatives):
        product *= check_lesson_number(local_derivative, f"Local derivative {index} of the chain")
    return check_finite_result(product, "product", "local derivatives")
