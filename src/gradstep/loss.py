"""Lesson 1: the loss -- how wrong is a line?

A line predicts ``y_hat = weight * x + bias``. For one point its *error* is how
far the prediction lands from the target::

    error = y_hat - y          (prediction minus target, in that order)

and its loss is that error squared, ``loss = error**2``, so that misses above
and below the data count the same. Over n points the loss is the mean::

    loss = 1/n * sum((y_hat - y)**2)

This is the mean squared error (MSE). gradstep uses this one convention
everywhere: a plain mean, with no hidden 1/2 in front. (Some books put a 1/2
there to cancel the 2 that the power rule brings; then their gradients are
half of gradstep's. Neither is wrong; mixing them is.)

What rests on this choice. The lessons after this one differentiate this
loss; beyond them, five places assume it, and a new loss must revisit each:

- the divergence rule (``descent.loss_rose``): below the stable rate, descent
  on this loss never raises it;
- the stable and best rates (``further.curvature``): this loss's curvature
  depends on the data alone, and standardising makes its bowl round;
- the convergence test (``fit``): at this loss's bottom the gradient is 0, so
  descent stops when it is at most 1e-12 in standardised units;
- the sums (``fast.sums``): this loss's gradient needs only n, the means and
  the centred sums, so a step costs O(1);
- its name (``LOSS_NAME``), in ``FitResult``'s summary and the command line.
"""

from __future__ import annotations

from collections.abc import Sequence

from gradstep.checks import check_column, check_finite_result, check_lengths, check_lesson_number

LOSS_NAME = "mean squared error"


def error(prediction: float, target: float) -> float:
    """Return how far a prediction lands from its target.

    error = y_hat - y

    >>> error(prediction=7.5, target=5.0)
    2.5
    >>> error(prediction=3.0, target=5.0)
    -2.0
    """
    prediction = check_lesson_number(prediction, "The prediction")
    target = check_lesson_number(target, "The target")
    return check_finite_result(prediction - target, "error", "numbers")


def squared_error(error: float) -> float:
    """Return the loss of one point: its error squared.

    loss = error**2

    >>> squared_error(-3.0)
    9.0
    """
    error = check_lesson_number(error, "The error")
    # error * error is one correctly rounded multiplication; error**2 goes through
    # pow, which may round differently from the descent loop's inline product.
    return check_finite_result(error * error, "squared error", "numbers")


def mean_squared_error(predictions: Sequence[float], targets: Sequence[float]) -> float:
    """Return the mean of the squared errors of the predictions.

    loss = 1/n * sum((y_hat - y)**2)

    Errors of 1, -2 and 3 give (1 + 4 + 9) / 3:

    >>> mean_squared_error([3.0, 3.0, 8.0], [2.0, 5.0, 5.0])
    4.666666666666667
    """
    # Checked once here, so that a bad value is named by its place in the list.
    predictions = check_column(predictions, "predictions").values
    targets = check_column(targets, "targets").values
    n = check_lengths(predictions, targets, ("predictions", "targets"))
    total = 0.0
    for prediction, target in zip(predictions, targets):
        total += squared_error(error(prediction, target))
    return check_finite_result(total / n, "loss", "predictions and targets")
