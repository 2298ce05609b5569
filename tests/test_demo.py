"""``gradstep demo``, run as a learner runs it, and its arithmetic redone from what it prints.

Oracles: exact ``Fraction`` arithmetic on Forbes' data for the loss and the
gradient at the printed start, float arithmetic on the printed digits for the
update, ``statistics.correlation`` and ``statistics.linear_regression`` for
the one step of Act 2.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
import subprocess
import sys
from fractions import Fraction

import pytest
from conftest import SOURCE_ENV

from gradstep.datasets import forbes

BOILING, PRESSURE = forbes()
NUMBER = r"\(?(-?[0-9.]+(?:e[-+][0-9]+)?)\)?"
UPDATE = re.compile(rf"= {NUMBER} - {NUMBER} \* {NUMBER} = {NUMBER}$")


@pytest.fixture(scope="module")
def output() -> str:
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "demo"],
        capture_output=True,
        text=True,
        timeout=120,
        env=SOURCE_ENV,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    return completed.stdout


def act(output: str, number: int) -> str:
    one, two = output.split("Act 2:")
    return one if number == 1 else two


def updates(text: str) -> list[tuple[float, float, float, float]]:
    found = [UPDATE.search(line) for line in text.splitlines()]
    return [
        (float(match[1]), float(match[2]), float(match[3]), float(match[4]))
        for match in found
        if match
    ]


def test_every_written_out_update_redoes_from_its_printed_digits(output: str) -> None:
    steps = updates(output)
    assert len(steps) == 4  # weight and bias, in each act
    for old, learning_rate, derivative, new in steps:
        # Every digit is printed, so the float arithmetic gives the printed result exactly.
        assert old - learning_rate * derivative == new
        exact = Fraction(old) - Fraction(learning_rate) * Fraction(derivative)
        assert math.isclose(float(exact), new, rel_tol=1e-15, abs_tol=1e-300)


def test_act_one_gradient_is_the_mean_of_the_printed_columns_rules(output: str) -> None:
    text = act(output, 1)
    start = re.search(r"weight = (\S+), bias = (\S+)\n", text)
    assert start is not None
    weight, bias = Fraction(float(start[1])), Fraction(float(start[2]))
    xs = [Fraction(x) - 200 for x in BOILING]
    errors = [weight * x + bias - Fraction(y) for x, y in zip(xs, PRESSURE)]
    n = len(errors)
    (_, rate, d_weight, _), (_, _, d_bias, _) = updates(text)
    assert rate == 0.02
    assert math.isclose(
        d_weight, float(sum(2 * e * x for e, x in zip(errors, xs)) / n), rel_tol=1e-12
    )
    assert math.isclose(d_bias, float(sum(2 * e for e in errors) / n), rel_tol=1e-12)
    loss = re.search(r"loss = 1/n \* sum\(error\*\*2\) = (\S+)", text)
    assert loss is not None
    assert math.isclose(float(loss[1]), float(sum(e * e for e in errors) / n), rel_tol=1e-5)


def test_step_four_repeats_and_the_loss_falls_over_many_steps(output: str) -> None:
    text = act(output, 1)
    assert "Step 4: repeat steps 2 and 3." in text
    rows = re.findall(r"^ +(\d+) +(\S+) +(\S+) +(\S+) +(\S+) +(\S+)$", text, flags=re.M)
    steps = [int(row[0]) for row in rows]
    losses = [float(row[3]) for row in rows]
    assert steps[:9] == list(range(2, 11)) and steps[-1] == 200
    assert all(later < earlier for earlier, later in itertools.pairwise(losses))
    assert losses[-1] < losses[0] / 1000
    assert "loss at each step (" in output and "200" in output


def test_act_two_lands_on_the_correlation_in_one_step(output: str) -> None:
    text = act(output, 2)
    (_, rate, _, weight), (_, _, _, bias) = updates(text)
    assert rate == 0.5
    correlation = statistics.correlation(BOILING, PRESSURE)
    assert math.isclose(weight, correlation, rel_tol=1e-12)
    assert abs(bias) < 1e-12
    assert "converged after 1 step." in text
    # The round bowl's loss, from the printed start and r alone.
    start = re.search(r"weight = (\S+), bias = (\S+)\n  loss = .* = (\S+)\n", text)
    assert start is not None
    weight_u, bias_u, loss = (float(part) for part in start.groups())
    bowl = weight_u**2 - 2 * correlation * weight_u + bias_u**2 + 1
    assert math.isclose(loss, bowl, rel_tol=1e-5)  # printed to 6 digits
    slope, intercept = statistics.linear_regression(BOILING, PRESSURE)
    assert f"pressure = {slope:.6g} * boiling point - {-intercept:.6g}" in text
    assert "and the line y = 0.5229 x - 81.06" in text
