"""The loops gradstep is measured against, written out here so that the
benchmark compares like with like in one interpreter.

Each ``*_descent`` function takes ``steps`` steps of fixed-rate gradient
descent on the mean squared error, loss = 1/n * sum((w * x + b - y)**2); one
step is one pass over the data that yields both derivatives and the loss.
"""

from __future__ import annotations

import importlib
import os
import random
from collections.abc import Callable
from fractions import Fraction
from types import ModuleType
from typing import Any


def make_data(n: int, seed: int = 2024) -> tuple[list[float], list[float]]:
    """x ~ U[0, 10] and y = 3x + 2 + N(0, 1) noise."""
    generator = random.Random(seed)
    xs = [generator.uniform(0.0, 10.0) for _ in range(n)]
    ys = [3.0 * x + 2.0 + generator.gauss(0.0, 1.0) for x in xs]
    return xs, ys


def fused_descent(
    xs: list[float], ys: list[float], weight: float, bias: float, learning_rate: float, steps: int
) -> tuple[float, float, float]:
    """A tight hand-written loop: one zip pass accumulates both gradient sums and the loss."""
    n = len(xs)
    loss = float("nan")
    for _ in range(steps):
        sum_error_x = sum_error = sum_squared_error = 0.0
        for x, y in zip(xs, ys):
            error = weight * x + bias - y
            sum_error_x += error * x
            sum_error += error
            sum_squared_error += error * error
        loss = sum_squared_error / n
        weight -= learning_rate * 2.0 * sum_error_x / n
        bias -= learning_rate * 2.0 * sum_error / n
    return weight, bias, loss


def tutorial_descent(
    xs: list[float], ys: list[float], weight: float, bias: float, learning_rate: float, steps: int
) -> tuple[float, float, float]:
    """The loop of a typical tutorial: lists of predictions and errors, then sum()."""
    n = len(xs)
    loss = float("nan")
    for _ in range(steps):
        predictions = [weight * x + bias for x in xs]
        errors = [prediction - y for prediction, y in zip(predictions, ys)]
        loss = sum(error * error for error in errors) / n
        d_loss_d_weight = 2.0 * sum(error * x for error, x in zip(errors, xs)) / n
        d_loss_d_bias = 2.0 * sum(errors) / n
        weight -= learning_rate * d_loss_d_weight
        bias -= learning_rate * d_loss_d_bias
    return weight, bias, loss


def numpy_or_none() -> ModuleType | None:
    """NumPy if it happens to be installed; gradstep never needs it."""
    # One thread: idle BLAS threads spin on a core for a while after each
    # call, which would slow whatever the benchmark measures next.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    try:
        return importlib.import_module("numpy")
    except ImportError:
        return None


def numpy_descent(numpy: ModuleType) -> Callable[..., tuple[float, float, float]]:
    """The same descent with NumPy arrays (the arrays are made once, outside the timing)."""

    def descent(
        x: Any, y: Any, weight: float, bias: float, learning_rate: float, steps: int
    ) -> tuple[float, float, float]:
        loss = float("nan")
        for _ in range(steps):
            error = weight * x + bias - y
            loss = float(numpy.dot(error, error)) / error.size
            weight -= learning_rate * 2.0 * float(numpy.dot(error, x)) / error.size
            bias -= learning_rate * 2.0 * float(error.sum()) / error.size
        return weight, bias, loss

    return descent


def exact_least_squares(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """The least-squares line computed exactly, rounded once at the end.

    Every float is an integer times a power of two, so after scaling all of
    them by one power of two the sums are exact integer arithmetic.
    """
    ratios = [value.as_integer_ratio() for value in (*xs, *ys)]
    common = max(denominator for _, denominator in ratios)
    scaled = [numerator * (common // denominator) for numerator, denominator in ratios]
    n = len(xs)
    x_ints, y_ints = scaled[:n], scaled[n:]
    sum_x, sum_y = sum(x_ints), sum(y_ints)
    sum_xx = sum(x * x for x in x_ints)
    sum_xy = sum(x * y for x, y in zip(x_ints, y_ints))
    weight = Fraction(n * sum_xy - sum_x * sum_y, n * sum_xx - sum_x * sum_x)
    bias = Fraction(sum_y - weight * sum_x, n * common)
    return float(weight), float(bias)
