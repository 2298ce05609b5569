"""Sums of shards, merged, are the sums of the whole.

Oracles: one pass over all the data, and exact ``fractions.Fraction`` sums.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction
from functools import reduce

import pytest
from conftest import run_example
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep.fast.sums import LineSums, line_sums

NAMES = ("mean_x", "mean_y", "sxx", "sxy", "syy")


def as_tuple(sums: LineSums) -> tuple[float, ...]:
    return sums.mean_x, sums.mean_y, sums.sxx, sums.sxy, sums.syy


def noisy_line(n: int, seed: int, offset: float = 0.0) -> tuple[list[float], list[float]]:
    generator = random.Random(seed)
    xs = [offset + generator.uniform(0.0, 10.0) for _ in range(n)]
    ys = [3.0 * x + 2.0 + generator.gauss(0.0, 1.0) for x in xs]
    return xs, ys


def sorted_noisy_line(n: int, seed: int, offset: float) -> tuple[list[float], list[float]]:
    # Sorted by x, so that shards cut from it sit apart and the gap term of
    # the merge carries most of sxx.
    xs, ys = noisy_line(n, seed, offset)
    order = sorted(range(n), key=xs.__getitem__)
    return [xs[i] for i in order], [ys[i] for i in order]


@pytest.mark.parametrize(("offset", "tolerance"), [(0.0, 1e-12), (-250.0, 1e-12), (1e6, 1e-10)])
def test_two_shards_merge_into_the_one_pass_sums(offset: float, tolerance: float) -> None:
    # Each shard's mean is rounded to a float, off by up to half a unit in its
    # last place; the merge squares the gap between the means, so its relative
    # error grows like 1e-16 * mean / spread: 1e-12 holds for x within a few
    # hundred spreads of zero, 1e-10 for x ~ 1e6 with spread 3.
    xs, ys = sorted_noisy_line(3001, seed=17, offset=offset)
    whole = line_sums(xs, ys)
    for split in (1, 700, 1500, 3000):
        merged = line_sums(xs[:split], ys[:split]).merged(line_sums(xs[split:], ys[split:]))
        assert merged.n == whole.n
        for name, one_pass, two_shards in zip(NAMES, as_tuple(whole), as_tuple(merged)):
            assert math.isclose(two_shards, one_pass, rel_tol=tolerance), (split, name)


def test_merged_shards_match_exact_arithmetic() -> None:
    xs, ys = noisy_line(997, seed=5)
    shards = [
        line_sums(xs[start : start + 100], ys[start : start + 100]) for start in range(0, 997, 100)
    ]
    merged = reduce(LineSums.merged, shards)
    exact_xs, exact_ys = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
    mean_x = sum(exact_xs, Fraction(0)) / len(xs)
    mean_y = sum(exact_ys, Fraction(0)) / len(ys)
    exact = (
        mean_x,
        mean_y,
        sum(((x - mean_x) ** 2 for x in exact_xs), Fraction(0)),
        sum(((x - mean_x) * (y - mean_y) for x, y in zip(exact_xs, exact_ys)), Fraction(0)),
        sum(((y - mean_y) ** 2 for y in exact_ys), Fraction(0)),
    )
    assert merged.n == 997
    for name, expected, actual in zip(NAMES, exact, as_tuple(merged)):
        assert math.isclose(actual, float(expected), rel_tol=1e-12), name


values = st.floats(min_value=-1e3, max_value=1e3)


@given(st.lists(st.tuples(values, values), min_size=2, max_size=80), st.data())
def test_any_split_merges_into_the_one_pass_sums(
    data: list[tuple[float, float]], draw: st.DataObject
) -> None:
    xs = [x for x, _ in data]
    ys = [y for _, y in data]
    split = draw.draw(st.integers(min_value=1, max_value=len(data) - 1))
    whole = line_sums(xs, ys)
    # Relative tolerance needs sums well away from 0: a spread of at least
    # 1e-6 of the values' size.
    scale_x = max(map(abs, xs))
    scale_y = max(map(abs, ys))
    assume(whole.sxx > 1e-12 * len(xs) * scale_x**2 and whole.syy > 1e-12 * len(ys) * scale_y**2)
    # ...and sums of squares well inside the normal floats: near 1e-308 a float
    # keeps too few digits for any relative tolerance.
    assume(min(whole.sxx, whole.syy) > 1e-280)
    merged = line_sums(xs[:split], ys[:split]).merged(line_sums(xs[split:], ys[split:]))
    assert merged.n == whole.n
    # Means: 1e-12 relative to the size of the values (a mean can be near 0).
    assert math.isclose(merged.mean_x, whole.mean_x, rel_tol=1e-12, abs_tol=1e-12 * scale_x)
    assert math.isclose(merged.mean_y, whole.mean_y, rel_tol=1e-12, abs_tol=1e-12 * scale_y)
    # Sums of squares: 1e-12 relative.
    assert math.isclose(merged.sxx, whole.sxx, rel_tol=1e-12)
    assert math.isclose(merged.syy, whole.syy, rel_tol=1e-12)
    # sxy can be near 0 by chance; 1e-12 relative to its largest possible
    # size, sqrt(sxx * syy) (Cauchy-Schwarz).
    largest_sxy = math.sqrt(whole.sxx * whole.syy)
    assert math.isclose(merged.sxy, whole.sxy, rel_tol=1e-12, abs_tol=1e-12 * largest_sxy)


def test_the_example_sums_shards_in_two_processes() -> None:
    finished = run_example("09_shards_in_parallel.py")
    assert finished.returncode == 0, finished.stderr
    assert "What to notice:" in finished.stdout
