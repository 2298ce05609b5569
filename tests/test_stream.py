"""A stream of pairs, read once a chunk at a time, fits the same line as the lists.

Oracles: ``fit`` and ``line_sums`` on the same data held in lists, and exact
``fractions.Fraction`` sums.
"""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest

from gradstep import fit
from gradstep.errors import GradstepError, NotANumberError
from gradstep.fast.stream import stream_sums
from gradstep.fast.sums import line_sums
from gradstep.fit import fit_pairs


def noisy_line(n: int, seed: int) -> tuple[list[float], list[float]]:
    generator = random.Random(seed)
    xs = [generator.uniform(-4.0, 9.0) for _ in range(n)]
    ys = [-2.5 * x + 7.0 + generator.gauss(0.0, 1.5) for x in xs]
    return xs, ys


@pytest.mark.parametrize("chunk_size", [1, 7, 1000, 5000])
def test_fit_pairs_equals_fit_on_the_same_data(chunk_size: int) -> None:
    xs, ys = noisy_line(2503, seed=3)
    streamed = fit_pairs(zip(xs, ys), chunk_size=chunk_size)
    listed = fit(xs, ys)
    assert math.isclose(streamed.weight, listed.weight, rel_tol=1e-12)
    assert math.isclose(streamed.bias, listed.bias, rel_tol=1e-12)
    assert math.isclose(streamed.loss, listed.loss, rel_tol=1e-12)


def test_fit_pairs_with_a_learning_rate_equals_fit() -> None:
    xs, ys = noisy_line(400, seed=8)
    streamed = fit_pairs(zip(xs, ys), learning_rate=0.01, steps=300, chunk_size=64)
    listed = fit(xs, ys, learning_rate=0.01, steps=300)
    assert streamed.steps == listed.steps == 300
    assert math.isclose(streamed.weight, listed.weight, rel_tol=1e-12)
    assert math.isclose(streamed.bias, listed.bias, rel_tol=1e-12)


def test_stream_sums_equal_exact_sums_of_drifting_data() -> None:
    # x runs 0, 1, 2, ...: each chunk's mean lies far from the last one's,
    # which the correction in centred_sums must absorb. Allow 1e-12 relative.
    xs = [float(index) for index in range(20_000)]
    ys = [0.5 * x + math.sin(x) for x in xs]
    streamed = stream_sums(zip(xs, ys), chunk_size=999)
    exact_xs, exact_ys = [Fraction(x) for x in xs], [Fraction(y) for y in ys]
    mean_x = sum(exact_xs, Fraction(0)) / len(xs)
    mean_y = sum(exact_ys, Fraction(0)) / len(ys)
    exact = {
        "mean_x": mean_x,
        "mean_y": mean_y,
        "sxx": sum(((x - mean_x) ** 2 for x in exact_xs), Fraction(0)),
        "sxy": sum(((x - mean_x) * (y - mean_y) for x, y in zip(exact_xs, exact_ys)), Fraction(0)),
        "syy": sum(((y - mean_y) ** 2 for y in exact_ys), Fraction(0)),
    }
    assert streamed.n == len(xs)
    for name, value in exact.items():
        assert math.isclose(getattr(streamed, name), float(value), rel_tol=1e-12), name


def test_fit_pairs_reads_a_csv_file_once(tmp_path: Path) -> None:
    xs, ys = noisy_line(3000, seed=11)
    path = tmp_path / "points.csv"
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["x", "y"])
        writer.writerows(zip(xs, ys))

    def pairs() -> Iterator[tuple[float, float]]:
        with path.open(newline="") as file:
            rows = csv.reader(file)
            next(rows)
            for x_text, y_text in rows:
                yield float(x_text), float(y_text)

    streamed = fit_pairs(pairs())
    listed = fit(xs, ys)
    assert math.isclose(streamed.weight, listed.weight, rel_tol=1e-12)
    assert math.isclose(streamed.bias, listed.bias, rel_tol=1e-12)


def test_numbers_of_other_types_in_later_chunks_count_as_floats() -> None:
    xs, ys = noisy_line(30, seed=2)
    pairs: list[tuple[object, object]] = list(zip(xs, ys))
    pairs[13] = (Fraction(7, 4), 3)  # an int and a Fraction, in the third chunk
    expected = line_sums([*xs[:13], 1.75, *xs[14:]], [*ys[:13], 3.0, *ys[14:]])
    streamed = stream_sums(pairs, chunk_size=5)
    for name in ("mean_x", "mean_y", "sxx", "sxy", "syy"):
        assert math.isclose(getattr(streamed, name), getattr(expected, name), rel_tol=1e-12)


@pytest.mark.parametrize(
    ("bad_pair", "error", "message"),
    [
        ((1.0, "2.5"), NotANumberError, r"y\[23\] is the text '2.5'"),
        ((None, 2.0), NotANumberError, r"x\[23\] is None"),
        ((1.0, float("nan")), GradstepError, r"y\[23\] is nan"),
        ((float("inf"), 2.0), GradstepError, r"x\[23\] is inf"),
        ((1.0, 2.0, 3.0), GradstepError, r"Data point 23 is \(1.0, 2.0, 3.0\)"),
        (4.0, GradstepError, r"Data point 23 is 4.0, not an \(x, y\) pair"),
        ((1.0, 2j), NotANumberError, r"y\[23\] is the complex number 2j"),
    ],
)
def test_a_bad_point_in_a_later_chunk_is_named_by_its_position(
    bad_pair: object, error: type[Exception], message: str
) -> None:
    xs, ys = noisy_line(40, seed=4)
    pairs: list[object] = list(zip(xs, ys))
    pairs[23] = bad_pair
    with pytest.raises(error, match=message):
        stream_sums(pairs, chunk_size=10)


class Tenths:
    """A number whose own arithmetic keeps only tenths (as float32 keeps 7 digits)."""

    def __init__(self, value: float) -> None:
        self.value = round(value, 1)

    def __float__(self) -> float:
        return self.value

    def __add__(self, other: object) -> Tenths:
        return Tenths(self.value + float(other))  # type: ignore[arg-type]

    def __sub__(self, other: object) -> Tenths:
        return Tenths(self.value - float(other))  # type: ignore[arg-type]

    def __rsub__(self, other: object) -> Tenths:
        return Tenths(float(other) - self.value)  # type: ignore[arg-type]

    def __mul__(self, other: object) -> Tenths:
        return Tenths(self.value * float(other))  # type: ignore[arg-type]

    def __truediv__(self, other: object) -> Tenths:
        return Tenths(self.value / float(other))  # type: ignore[arg-type]

    __radd__ = __add__
    __rmul__ = __mul__


def test_numbers_with_coarser_arithmetic_are_summed_as_floats() -> None:
    # Summed in their own arithmetic, deviations such as 0.04 would round to
    # 0.0; the stream must turn them into floats first. Allow 1e-12 relative.
    xs, ys = noisy_line(30, seed=6)
    pairs: list[tuple[object, object]] = list(zip(xs, ys))
    pairs[17] = (Tenths(xs[17]), ys[17])  # in the fourth chunk, past the checked first one
    rounded_xs = [*xs[:17], round(xs[17], 1), *xs[18:]]
    expected = line_sums(rounded_xs, ys)
    streamed = stream_sums(pairs, chunk_size=5)
    for name in ("mean_x", "mean_y", "sxx", "sxy", "syy"):
        assert type(getattr(streamed, name)) is float
        assert math.isclose(getattr(streamed, name), getattr(expected, name), rel_tol=1e-12)
