"""Shared test helpers: hypothesis strategies, exact oracles and the NIST reference data.

The oracles here are independent of gradstep: exact ``fractions.Fraction``
least squares and plain arithmetic written out again, never a call into the
code under test.
"""

from __future__ import annotations

import csv
import json
import math
import os
import statistics
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# Modest example counts keep the whole suite quick; deadline=None because a
# shared two-core machine makes single-example timings meaningless.
settings.register_profile(
    "gradstep",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
# The mutation run executes the suite once per mutant: fewer examples there.
settings.register_profile(
    "mutation", max_examples=12, deadline=None, derandomize=True, database=None
)
# A long hunt for rare failures, run by hand: GRADSTEP_HYPOTHESIS_PROFILE=thorough.
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("GRADSTEP_HYPOTHESIS_PROFILE", "gradstep"))

REPO_ROOT = Path(__file__).resolve().parent.parent
# NIST StRD, shipped with the package (public domain); read here with the csv
# and json modules, not through gradstep.
REFERENCE_DATA = REPO_ROOT / "src" / "gradstep" / "datasets" / "nist"

# The subprocess runs this checkout's source, as the tests in-process do, even
# where an install of gradstep elsewhere sits in site-packages.
SOURCE_ENV = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
}


def run_example(
    name: str, *arguments: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``examples/NAME`` as a learner does, in a fresh process, from ``cwd``."""
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "examples" / name), *arguments],
        env=SOURCE_ENV,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def bounded_floats(limit: float = 1e3, *, min_magnitude: float = 0.0) -> st.SearchStrategy[float]:
    """Finite floats in [-limit, limit], no NaN or infinity, optionally away from 0."""
    numbers = st.floats(min_value=-limit, max_value=limit, allow_nan=False, allow_infinity=False)
    if min_magnitude > 0:
        numbers = numbers.filter(lambda value: abs(value) >= min_magnitude)
    return numbers


@st.composite
def line_data(
    draw: st.DrawFn, min_size: int = 3, max_size: int = 12, limit: float = 100.0
) -> tuple[list[float], list[float]]:
    """xs and ys of equal length whose xs are spread out enough to fix a slope."""
    # gradstep's sums square the data: magnitudes below 1e-100 would underflow
    # there (a documented limit, tested apart), so they become 0 here.
    numbers = bounded_floats(limit).map(lambda value: 0.0 if abs(value) < 1e-100 else value)
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    xs = draw(
        st.lists(numbers, min_size=size, max_size=size).filter(
            lambda values: max(values) - min(values) >= 0.5
        )
    )
    ys = draw(st.lists(numbers, min_size=size, max_size=size))
    return xs, ys


def exact_least_squares(xs: list[Any], ys: list[Any]) -> tuple[Fraction, Fraction]:
    """The least-squares weight and bias, in exact rational arithmetic."""
    n = len(xs)
    exact_xs = [Fraction(x) for x in xs]
    exact_ys = [Fraction(y) for y in ys]
    mean_x = sum(exact_xs) / n
    mean_y = sum(exact_ys) / n
    sxx = sum((x - mean_x) ** 2 for x in exact_xs)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(exact_xs, exact_ys))
    weight = sxy / sxx
    return weight, mean_y - weight * mean_x


def exact_feature_least_squares(
    rows: list[list[float]], ys: list[float], fit_bias: bool = True
) -> list[Fraction]:
    """Least squares in many features, exactly: the weights w1..wk, then the bias.

    Solves the normal equations (X^T X) beta = X^T y by Gauss-Jordan elimination
    in ``fractions.Fraction`` arithmetic.
    """
    design = [[Fraction(x) for x in row] + ([Fraction(1)] if fit_bias else []) for row in rows]
    targets = [Fraction(y) for y in ys]
    size = len(design[0])
    system = [
        [sum((row[i] * row[j] for row in design), Fraction(0)) for j in range(size)]
        + [sum((row[i] * y for row, y in zip(design, targets)), Fraction(0))]
        for i in range(size)
    ]
    for column in range(size):
        pivot = next(r for r in range(column, size) if system[r][column] != 0)
        system[column], system[pivot] = system[pivot], system[column]
        for r in range(size):
            if r != column and system[r][column] != 0:
                factor = system[r][column] / system[column][column]
                system[r] = [a - factor * b for a, b in zip(system[r], system[column])]
    return [system[i][size] / system[i][i] for i in range(size)]


def exact_slope_through_origin(xs: list[Any], ys: list[Any]) -> Fraction:
    """The least-squares weight of y = weight * x, in exact rational arithmetic."""
    exact_xs = [Fraction(x) for x in xs]
    exact_ys = [Fraction(y) for y in ys]
    return sum(x * y for x, y in zip(exact_xs, exact_ys)) / sum(x * x for x in exact_xs)


def exact_loss(weight: Any, bias: Any, xs: list[Any], ys: list[Any]) -> Fraction:
    """The mean squared error 1/n * sum((w*x + b - y)**2), exactly."""
    errors = [Fraction(weight) * Fraction(x) + Fraction(bias) - Fraction(y) for x, y in zip(xs, ys)]
    return sum(error * error for error in errors) / len(errors)


def lre(estimate: float, certified: float) -> float:
    """NIST's log relative error: the number of correct significant digits."""
    relative_error = abs(estimate - certified) / abs(certified)
    return math.inf if relative_error == 0 else -math.log10(relative_error)


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The folder of certified NIST data that ships inside the package."""
    return REFERENCE_DATA


@pytest.fixture(scope="session")
def reference(reference_data: Path) -> dict[str, Any]:
    """reference.json: certified values and conditioning of every NIST set."""
    with open(reference_data / "reference.json", encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def read_nist(reference_data: Path, file_name: str) -> tuple[list[float], list[float]]:
    """Read one NIST csv (header x,y) into two lists of floats."""
    with open(reference_data / file_name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [float(row["x"]) for row in rows], [float(row["y"]) for row in rows]


def run_gradstep(
    *arguments: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m gradstep ARGUMENTS`` as a user does, on this tree's source."""
    return subprocess.run(
        [sys.executable, "-m", "gradstep", *arguments],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env=SOURCE_ENV,
    )


def standardising(xs: list[float], ys: list[float], fit_bias: bool) -> tuple[float, ...]:
    """x_shift, x_scale, y_shift, y_scale of the standardisation, from ``statistics``.

    Means and spreads with a bias; root mean squares, no shift, without one.
    """
    if fit_bias:
        return (
            statistics.fmean(xs),
            statistics.pstdev(xs),
            statistics.fmean(ys),
            statistics.pstdev(ys),
        )
    x_scale = math.sqrt(statistics.fmean(x * x for x in xs))
    return 0.0, x_scale, 0.0, math.sqrt(statistics.fmean(y * y for y in ys))
