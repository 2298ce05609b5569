"""Lesson 4: the gradient -- which way is downhill?

The gradient is the pair of derivatives of the loss with respect to the two
things we can change, the weight and the bias. For one point, the chain rule
(lesson 3) multiplies one local derivative per link::

    d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight) = 2 * error * x
    d(loss)/d(bias)   = d(loss)/d(error) * d(error)/d(bias)   = 2 * error * 1

because error = weight * x + bias - y changes by x when the weight grows by 1,
and by 1 when the bias does. The loss of all the data is a mean, so its
gradient is the mean of the points' gradients.

``gradient`` spells this out by calling the earlier lessons for every point.
``gradient_and_loss``, which the loop uses, does the same arithmetic and the
loss in one pass, the same named factors inline (a call per point would cost
as much as the arithmetic); the tests hold it equal, to the last bit, to
``gradient`` and ``mean_squared_error``. ``numerical_gradient`` measures the
same slopes by central differences, as an independent check.
"""

from __future__ import annotations

from collections.abc import Sequence

from gradstep.chain_rule import chain
from gradstep.checks import check_finite_result, check_lengths, check_lesson_number, check_line
from gradstep.derivatives import central_difference, d_squared_error_d_error
from gradstep.loss import error, mean_squared_error


def point_gradient(weight: float, bias: float, x: float, target: float) -> tuple[float, float]:
    """Return d(loss)/d(weight) and d(loss)/d(bias) for one point.

    d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight) = 2 * error * x
    d(loss)/d(bias)   = d(loss)/d(error) * d(error)/d(bias)   = 2 * error * 1

    x = 3, y = 5, weight 2, bias 1: error = 7 - 5 = 2, so 2*2*3 and 2*2*1:

    >>> point_gradient(weight=2.0, bias=1.0, x=3.0, target=5.0)
    (12.0, 4.0)
    """
    weight, bias = check_lesson_number(weight, "The weight"), check_lesson_number(bias, "The bias")
    x, target = check_lesson_number(x, "x"), check_lesson_number(target, "The target")
    prediction = check_finite_result(weight * x + bias, "prediction", "numbers")
    d_loss_d_error = d_squared_error_d_error(error(prediction, target))
    d_error_d_weight = x
    d_error_d_bias = 1.0
    d_loss_d_weight = chain(d_loss_d_error, d_error_d_weight)
    d_loss_d_bias = chain(d_loss_d_error, d_error_d_bias)
    return d_loss_d_weight, d_loss_d_bias


def gradient(
    weight: float, bias: float, xs: Sequence[float], ys: Sequence[float]
) -> tuple[float, float]:
    """Return the gradient of the mean squared error of a line.

    d(loss)/d(weight) = 1/n * sum(2 * error * x)
    d(loss)/d(bias)   = 1/n * sum(2 * error)

    Two points, weight 2 and bias 1: errors are 2 (at x = 3) and -1 (at x = 1),
    so d/d(weight) = (12 + -2) / 2 and d/d(bias) = (4 + -2) / 2:

    >>> gradient(2.0, 1.0, [3.0, 1.0], [5.0, 4.0])
    (5.0, 1.0)
    """
    weight, bias, xs, ys = check_line(weight, bias, xs, ys)
    n = len(xs)
    sum_d_loss_d_weight = 0.0
    sum_d_loss_d_bias = 0.0
    for x, target in zip(xs, ys):
        d_loss_d_weight, d_loss_d_bias = point_gradient(weight, bias, x, target)
        sum_d_loss_d_weight += d_loss_d_weight
        sum_d_loss_d_bias += d_loss_d_bias
    d_loss_d_weight = check_finite_result(sum_d_loss_d_weight / n, "gradient", "numbers")
    d_loss_d_bias = check_finite_result(sum_d_loss_d_bias / n, "gradient", "numbers")
    return d_loss_d_weight, d_loss_d_bias


def gradient_and_loss(
    weight: float, bias: float, xs: Sequence[float], ys: Sequence[float]
) -> tuple[float, float, float]:
    """Return d(loss)/d(weight), d(loss)/d(bias) and the loss, in one pass.

    The same numbers as ``gradient`` and ``loss.mean_squared_error``:

    >>> gradient_and_loss(2.0, 1.0, [3.0, 1.0], [5.0, 4.0])
    (5.0, 1.0, 2.5)
    """
    n = check_lengths(xs, ys)
    # d(error)/d(bias) is 1 at every point, so it can leave the sum:
    # mean(d_loss_d_error * 1) = mean(d_loss_d_error) * 1.
    d_error_d_bias = 1.0
    sum_d_loss_d_weight = 0.0
    sum_d_loss_d_error = 0.0
    sum_squared_error = 0.0
    try:
        for x, target in zip(xs, ys):
            prediction = weight * x + bias
            # loss.error and the power rule at n = 2 (d_squared_error_d_error), inline;
            # point_error, so as not to hide the function error() imported above.
            point_error = prediction - target
            d_loss_d_error = 2.0 * point_error
            d_error_d_weight = x
            sum_d_loss_d_weight += d_loss_d_error * d_error_d_weight
            sum_d_loss_d_error += d_loss_d_error
            sum_squared_error += point_error * point_error
    except (TypeError, ArithmeticError):
        # Text, None or an int past the largest float met the arithmetic: check_line
        # names it (and turns other numbers, such as Decimals, into floats).
        return gradient_and_loss(*check_line(weight, bias, xs, ys))
    d_loss_d_weight = sum_d_loss_d_weight / n
    d_loss_d_bias = sum_d_loss_d_error / n * d_error_d_bias
    loss = sum_squared_error / n
    return d_loss_d_weight, d_loss_d_bias, loss


def numerical_gradient(
    weight: float, bias: float, xs: Sequence[float], ys: Sequence[float], h: float = 1e-6
) -> tuple[float, float]:
    """Measure the gradient by central differences, with no calculus at all.

    >>> d_weight, d_bias = numerical_gradient(2.0, 1.0, [3.0, 1.0], [5.0, 4.0])
    >>> round(d_weight, 6), round(d_bias, 6)
    (5.0, 1.0)
    """
    weight, bias, xs, ys = check_line(weight, bias, xs, ys)

    def loss_at_weight(trial_weight: float) -> float:
        return mean_squared_error([trial_weight * x + bias for x in xs], ys)

    def loss_at_bias(trial_bias: float) -> float:
        return mean_squared_error([weight * x + trial_bias for x in xs], ys)

    return central_difference(loss_at_weight, weight, h), central_difference(loss_at_bias, bias, h)
