"""The same digits by every road: fit, fit_pairs (a chunk at a time) and fit_sums.

Oracle: exact ``fractions.Fraction`` least squares and exact losses on the same
floats. Offset data are the hard case: timestamps of a 100 Hz logger near
1.7e9 s, and x near 1e12, where merging chunk means rounded to the data's
spacing would lose digits.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCE_ENV, exact_least_squares, exact_loss, lre

import gradstep
from gradstep.fast.sums import gradient_and_loss_from_sums, line_loss, line_sums


def logger_data(x_offset: float, y_offset: float) -> tuple[list[float], list[float]]:
    generator = random.Random(7)
    xs = [x_offset + index / 100 for index in range(6000)]
    ys = [y_offset + 0.75 * (x - x_offset) + generator.gauss(0.0, 0.2) for x in xs]
    return xs, ys


@pytest.mark.parametrize(
    ("x_offset", "y_offset"), [(1.7e9, 0.0), (1.7e9, 2.5e6), (1e12, 3.0)], ids=str
)
def test_every_road_gives_fits_digits_on_offset_data(x_offset: float, y_offset: float) -> None:
    xs, ys = logger_data(x_offset, y_offset)
    weight, bias = exact_least_squares(xs, ys)
    direct = gradstep.fit(xs, ys)
    roads = {
        "fit_pairs": gradstep.fit_pairs(zip(xs, ys), chunk_size=500),
        "fit_pairs (one chunk)": gradstep.fit_pairs(zip(xs, ys), chunk_size=10_000),
        "fit_sums": gradstep.fit_sums(line_sums(xs, ys)),
    }
    for name, result in roads.items():
        # Within one significant digit of fit, and 11 or more digits in all.
        assert lre(result.weight, float(weight)) >= min(lre(direct.weight, float(weight)) - 1, 11)
        assert lre(result.bias, float(bias)) >= min(lre(direct.bias, float(bias)) - 1, 11), name
        assert lre(result.weight, float(weight)) >= 11, name


def test_fit_pairs_with_a_rate_below_the_stable_one_does_not_diverge() -> None:
    # y = 3x + 2 exactly, x = 0, 0.1, ..., 9.9: stable rate 0.0298. The loss from the
    # sums used to cancel to rounding noise near the line, and the noise "rose".
    xs = [index / 10 for index in range(100)]
    ys = [3 * x + 2 for x in xs]
    result = gradstep.fit_pairs(zip(xs, ys), learning_rate=0.01)
    assert result.converged
    assert math.isclose(result.weight, 3.0, rel_tol=1e-10)
    assert math.isclose(result.bias, 2.0, rel_tol=1e-9)
    # The loss from the sums is honest about its digits: within the stated
    # uncertainty of the exact loss of the returned line, and the note says so.
    sums = line_sums(xs, ys)
    exact = exact_loss(result.weight, result.bias, xs, ys)
    assert abs(result.loss - float(exact)) <= line_loss(sums, result.weight, result.bias)[1]
    assert "comes from the sums alone" in result.note


def test_a_loss_from_the_sums_is_exact_to_a_float_when_the_sums_know_it() -> None:
    generator = random.Random(3)
    xs = [generator.uniform(-5, 40) for _ in range(300)]
    ys = [1.5 - 0.25 * x + generator.gauss(0, 0.5) for x in xs]
    sums = line_sums(xs, ys)
    weight, bias = exact_least_squares(xs, ys)
    for nudge in (0.0, 1e-9, 1e-6, 0.1):
        line_weight, line_bias = float(weight) + nudge, float(bias) - nudge
        loss = gradient_and_loss_from_sums(sums, line_weight, line_bias)[2]
        exact = float(exact_loss(line_weight, line_bias, xs, ys))
        assert math.isclose(loss, exact, rel_tol=1e-12), nudge
    assert "comes from the sums alone" not in gradstep.fit(xs, ys).note


def test_the_command_line_gives_fits_digits_on_logger_timestamps(tmp_path: Path) -> None:
    xs, ys = logger_data(1.7e9, 2.5e6)
    path = tmp_path / "logger.csv"
    path.write_text(
        "t,reading\n" + "".join(f"{x!r},{y!r}\n" for x, y in zip(xs, ys)), encoding="utf-8"
    )
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "fit", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=SOURCE_ENV,
    )
    assert completed.returncode == 0, completed.stderr
    values = dict(line.split(" = ", 1) for line in completed.stdout.splitlines() if " = " in line)
    weight, bias = exact_least_squares(xs, ys)
    direct = gradstep.fit(xs, ys)
    assert lre(float(values["weight"]), float(weight)) >= lre(direct.weight, float(weight)) - 1
    assert lre(float(values["bias"]), float(bias)) >= lre(direct.bias, float(bias)) - 1
