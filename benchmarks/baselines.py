"""The loops gradstep is measured against, written out here so that the
benchmark compares like with like in one interpreter.

Each ``*_descent`` function takes ``steps`` steps of fixed-rate gradient
descent on the mean squared error, loss = 1/n * sum((w * x + b - y)**2); one
step is one pass over the data that yields both derivatives and the loss.
"""

from __future__ import annotations

import importlib
import math
import operator
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


def make_feature_data(n: int, k: int, seed: int = 2024) -> tuple[list[list[float]], list[float]]:
    """k correlated features (each U[0, 10] plus half the one before) and
    y = 1.5 * x1 + 2.5 * x2 + ... + 2 + N(0, 1) noise."""
    generator = random.Random(seed)
    rows = []
    for _ in range(n):
        row, previous = [], 0.0
        for _ in range(k):
            previous = generator.uniform(0.0, 10.0) + 0.5 * previous
            row.append(previous)
        rows.append(row)
    ys = [
        math.fsum((j + 1.5) * x for j, x in enumerate(row)) + 2.0 + generator.gauss(0.0, 1.0)
        for row in rows
    ]
    return rows, ys


def one_pass_over_rows(
    rows: list[list[float]], ys: list[float], weights: list[float], bias: float
) -> tuple[list[float], float, float]:
    """The floor for k features: one tight pass giving every gradient sum and the loss."""
    n = len(rows)
    sums = [0.0] * len(weights)
    sum_error = sum_squared_error = 0.0
    for row, y in zip(rows, ys):
        error = bias - y
        for weight, x in zip(weights, row):
            error += weight * x
        for j, x in enumerate(row):
            sums[j] += error * x
        sum_error += error
        sum_squared_error += error * error
    return [2.0 * total / n for total in sums], 2.0 * sum_error / n, sum_squared_error / n


def exact_feature_least_squares(rows: list[list[float]], ys: list[float]) -> list[float]:
    """Least squares for many features, exactly (integers, then fractions); bias last."""
    ratios = [value.as_integer_ratio() for row in rows for value in row]
    ratios += [value.as_integer_ratio() for value in ys]
    common = max(denominator for _, denominator in ratios)
    k = len(rows[0])
    design = [
        [
            numerator * (common // denominator)
            for numerator, denominator in ratios[i * k : i * k + k]
        ]
        + [common]
        for i in range(len(rows))
    ]
    targets = [numerator * (common // denominator) for numerator, denominator in ratios[-len(ys) :]]
    columns = list(zip(*design))
    size = k + 1
    system = [
        [Fraction(sum(map(operator.mul, columns[i], columns[j]))) for j in range(size)]
        + [Fraction(sum(map(operator.mul, columns[i], targets)))]
        for i in range(size)
    ]
    for column in range(size):
        for r in range(size):
            if r != column:
                factor = system[r][column] / system[column][column]
                system[r] = [a - factor * b for a, b in zip(system[r], system[column])]
    # The common scale cancels from the weights; the bias column was scaled by it too.
    return [float(system[i][size] / system[i][i]) for i in range(size)]
