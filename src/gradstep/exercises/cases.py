"""The data each exercise is checked on: the notes' hand-sized example, then random cases.

The random cases are seeded, so a check is repeatable, and they vary in
size (n from 3 to 50) and scale (numbers near 0.001 up to near 10**6), with
both signs, so that a wrong formula cannot pass by coincidence (no 0, 1 or 2,
no n where n - 1 and n agree on every case).
"""

from __future__ import annotations

import random
from typing import Any

from gradstep.exercises.catalogue import Exercise

SEED = 13
SIZES = (3, 8, 50)
SCALES = (0.001, 1.0, 1000.0)

Case = list[Any]


def _number(generator: random.Random, scale: float) -> float:
    """A number of about this scale, either sign, never close to 0."""
    size = generator.uniform(0.2, 1.0) * scale
    return size if generator.random() < 0.5 else -size


def _column(generator: random.Random, n: int, scale: float) -> list[float]:
    return [_number(generator, scale) for _ in range(n)]


def _line_data(generator: random.Random, n: int, scale: float) -> tuple[list[float], list[float]]:
    """Points near a line, with noise: xs of this scale, ys from a random line."""
    xs = _column(generator, n, scale)
    weight, bias = generator.uniform(-3, 3), _number(generator, scale)
    ys = [weight * x + bias + _number(generator, scale) for x in xs]
    return xs, ys


def cases_for(exercise: Exercise, seed: int = SEED) -> list[Case]:
    """The argument lists the exercise is called with, the notes' example first.

    >>> from gradstep.exercises.catalogue import exercise_named
    >>> cases_for(exercise_named("gradient_step"))[0]
    [2.0, 5.0, 0.1]
    """
    # Each exercise draws from its own generator, so that one exercise's cases
    # stay the same when another's change.
    generator = random.Random(seed * 100 + exercise.number)
    name = exercise.name
    if name == "error":
        return [[7.5, 5.0], [3.0, 5.0]] + [
            [_number(generator, scale), _number(generator, scale)] for scale in SCALES * 2
        ]
    if name == "mean_squared_error":
        return [[[3.0, 3.0, 8.0], [2.0, 5.0, 5.0]]] + [
            [_column(generator, n, scale), _column(generator, n, scale)]
            for n in SIZES
            for scale in SCALES
        ]
    if name == "d_squared_error_d_error":
        return [[1.5], [-3.25]] + [[_number(generator, scale)] for scale in (*SCALES, 1e6)]
    if name == "chain":
        return [[4.0, 3.0], [4.0, 3.0, 0.5], [-2.5]] + [
            [_number(generator, 3.0) for _ in range(links)] for links in (2, 3, 4, 5)
        ]
    if name == "gradient":
        cases: list[Case] = [[2.0, 1.0, [3.0, 1.0], [5.0, 4.0]]]
        for n in SIZES:
            for scale in SCALES:
                xs, ys = _line_data(generator, n, scale)
                cases.append([_number(generator, 3.0), _number(generator, scale), xs, ys])
        return cases
    if name == "gradient_step":
        return [[2.0, 5.0, 0.1]] + [
            [_number(generator, scale), _number(generator, scale), generator.uniform(0.001, 0.3)]
            for scale in SCALES * 2
        ]
    if name == "descend":
        # Data of spread about 1, so that a rate of 0.05 to 0.2 descends steadily.
        loop_cases: list[Case] = []
        for n, steps in ((4, 3), (8, 6), (20, 10)):
            xs, ys = _line_data(generator, n, 1.5)
            start = [generator.uniform(-1, 1), generator.uniform(-1, 1)]
            loop_cases.append([xs, ys, start, generator.uniform(0.05, 0.2), steps])
        return loop_cases
    raise ValueError(f"no cases for exercise {name}")  # a new exercise needs its cases here
