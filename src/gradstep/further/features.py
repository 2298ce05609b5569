"""Lesson 8: many features -- y_hat = w1*x1 + ... + wk*xk + bias.

A data point may carry k numbers instead of one: a row x1, ..., xk (size,
age and distance, say). The model gives each feature its own weight::

    y_hat = w1 * x1 + w2 * x2 + ... + wk * xk + bias
    error = y_hat - y

Nothing else changes. The loss is the same mean squared error, and the chain
rule gives every weight its own link, exactly as for the one weight of a line::

    d(loss)/d(wj)   = d(loss)/d(error) * d(error)/d(wj)   = 2 * error * xj
    d(loss)/d(bias) = d(loss)/d(error) * d(error)/d(bias) = 2 * error * 1

because the error grows by xj when wj grows by 1. With k = 1 this is
lesson 4 again. ``point_gradient`` spells it out with the earlier lessons;
``gradient_and_loss`` does the same arithmetic in one pass over the rows.

A curve is a line in more features: y = bias + w1 * x + w2 * x**2 is a sum of
weights times features, with features x and x**2 (``polynomial_features``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gradstep.chain_rule import chain
from gradstep.checks import (
    check_column,
    check_degree,
    check_lengths,
    check_row,
    check_rows,
    check_weights_and_bias,
    refuse_overflow,
)
from gradstep.derivatives import d_squared_error_d_error
from gradstep.errors import GradstepError
from gradstep.loss import error


def predict_row(weights: Sequence[float], bias: float, row: Sequence[float]) -> float:
    """Return y_hat = w1 * x1 + ... + wk * xk + bias for one row.

    >>> predict_row([2.0, -1.0], 0.5, [3.0, 4.0])
    2.5
    """
    try:
        prediction = bias
        for weight, x in zip(weights, row):
            prediction += weight * x
        fine = len(weights) == len(row) and -math.inf < prediction < math.inf
    except (TypeError, ArithmeticError):  # text, None, an int past the largest float
        fine = False
    if not fine:  # a row one feature short, or a bad number: a sentence that names it
        checked_weights, checked_bias = check_weights_and_bias(weights, bias)
        checked_row = check_row(row, len(checked_weights))
        refuse_overflow([bias, *weights, *row], "prediction", "weights, bias and row")
        return predict_row(checked_weights, checked_bias, checked_row)
    return prediction


def point_gradient(
    weights: Sequence[float], bias: float, row: Sequence[float], target: float
) -> tuple[list[float], float]:
    """Return d(loss)/d(wj) for every feature j, and d(loss)/d(bias), for one row.

    d(loss)/d(wj)   = d(loss)/d(error) * d(error)/d(wj)   = 2 * error * xj
    d(loss)/d(bias) = d(loss)/d(error) * d(error)/d(bias) = 2 * error * 1

    Row (3, 4), target 1, weights (2, -1), bias 0.5: y_hat = 2.5, error 1.5,
    d(loss)/d(error) = 3, so 3 * 3, 3 * 4 and 3 * 1:

    >>> point_gradient([2.0, -1.0], 0.5, [3.0, 4.0], 1.0)
    ([9.0, 12.0], 3.0)
    """
    d_loss_d_error = d_squared_error_d_error(error(predict_row(weights, bias, row), target))
    d_loss_d_weights = []
    for x in row:
        d_error_d_weight = x
        d_loss_d_weights.append(chain(d_loss_d_error, d_error_d_weight))
    d_error_d_bias = 1.0
    return d_loss_d_weights, chain(d_loss_d_error, d_error_d_bias)


def gradient_and_loss(
    weights: Sequence[float],
    bias: float,
    rows: Sequence[Sequence[float]],
    ys: Sequence[float],
) -> tuple[list[float], float, float]:
    """Return d(loss)/d(wj) for each j, d(loss)/d(bias) and the loss, in one pass.

    d(loss)/d(wj)   = 1/n * sum(2 * error * xj)
    d(loss)/d(bias) = 1/n * sum(2 * error)
    loss            = 1/n * sum(error**2)

    The mean of ``point_gradient`` over the rows; two rows with errors 1.5
    and -1:

    >>> gradient_and_loss([2.0, -1.0], 0.5, [[3.0, 4.0], [1.0, 1.0]], [1.0, 2.5])
    ([3.5, 5.0], 0.5, 1.625)
    """
    n = check_lengths(rows, ys, ("rows", "ys"))
    sum_d_loss_d_error = sum_squared_error = 0.0
    try:
        sum_d_loss_d_weights = [0.0] * len(weights)
        for row, target in zip(rows, ys):
            prediction = bias
            for weight, x in zip(weights, row):
                prediction += weight * x
            error = prediction - target
            # The power rule at n = 2 (derivatives.d_squared_error_d_error), inline.
            d_loss_d_error = 2.0 * error
            for j, x in enumerate(row):
                d_error_d_weight = x
                sum_d_loss_d_weights[j] += d_loss_d_error * d_error_d_weight
            sum_d_loss_d_error += d_loss_d_error
            sum_squared_error += error * error
        fine = -math.inf < sum_squared_error < math.inf  # one look, not one per value
    except (TypeError, IndexError, ArithmeticError):  # text, None, a row too long, 10**400
        fine = False
    if not fine:  # name the culprit; try again in floats; or say what overflowed
        checked_weights, checked_bias = check_weights_and_bias(weights, bias)
        checked_rows, y_column, _ = check_rows(rows, ys, fit_bias=False)
        given = [bias, *weights, *(x for row in rows for x in row), *ys]
        refuse_overflow(given, "loss", "weights, bias, rows and ys")
        return gradient_and_loss(checked_weights, checked_bias, checked_rows, y_column.values)
    d_error_d_bias = 1.0
    d_loss_d_weights = [total / n for total in sum_d_loss_d_weights]
    return d_loss_d_weights, sum_d_loss_d_error / n * d_error_d_bias, sum_squared_error / n


def polynomial_features(xs: object, degree: int) -> list[list[float]]:
    """Return one row [x, x**2, ..., x**degree] per x, to fit a curve as a line.

    y_hat = w1 * x + w2 * x**2 + ... + bias

    >>> polynomial_features([2, -3], degree=3)
    [[2.0, 4.0, 8.0], [-3.0, 9.0, -27.0]]
    """
    power_count = check_degree(degree)
    rows = []
    for index, x in enumerate(check_column(xs, "xs").values):
        row = [x]
        for _ in range(power_count - 1):
            row.append(row[-1] * x)
        if not math.isfinite(row[-1]):
            raise GradstepError(
                f"xs[{index}] = {x:g} to the power {power_count} is too large for a float "
                f"(past 1.8e308). Divide xs by a power of ten, or use a lower degree."
            )
        rows.append(row)
    return rows
