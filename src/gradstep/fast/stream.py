"""Fitting data too big to hold: one pass, a chunk at a time, flat memory.

The loss of a line and its gradient need only the sums of ``sums.LineSums``
(n, the means, sxx, sxy and syy), and the sums of two chunks merge exactly
into the sums of both. So any stream of (x, y) pairs, a CSV file of ten
million rows say, can be read once, a chunk at a time, each chunk checked
and summed and then forgotten; descent then runs on the merged sums.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import cast

from gradstep.checks import (
    check_chunk_size,
    check_column,
    check_lengths,
    check_pairs,
    check_sums,
)
from gradstep.errors import GradstepError
from gradstep.fast.sums import LineSums, centred_sums

# A chunk of a thousand pairs stays in the processor's cache while it is summed;
# ten thousand measured about 15% slower on a CSV file (benchmarks/run.py).
CHUNK_SIZE = 1_000


def _unzipped(chunk: list[object], first_index: int) -> tuple[list[object], list[object]]:
    """Split a chunk of (x, y) pairs into a column of xs and a column of ys."""
    xs: list[object] = []
    ys: list[object] = []
    for index, pair in enumerate(chunk, start=first_index):
        try:
            x, y = cast("tuple[object, object]", pair)
        except (TypeError, ValueError):
            raise GradstepError(
                f"Data point {index} is {pair!r}, not an (x, y) pair. Give each data point "
                f"as two numbers, for example (1.5, 3.0)."
            ) from None
        xs.append(x)
        ys.append(y)
    return xs, ys


def _checked_sums(
    chunk: list[object], first_index: int, origin: tuple[float, float] | None
) -> tuple[LineSums, tuple[float, float], tuple[float, float]]:
    """The careful way: split the chunk into columns, check each value, then sum.

    Return the sums about ``origin`` (the chunk's own rough means if None), the
    origin used, and the most an x and a y moved on their way to floats.
    """
    xs, ys = _unzipped(chunk, first_index)
    reference = (None, None) if origin is None else origin
    x_column = check_column(xs, "x", first_index, reference[0])
    y_column = check_column(ys, "y", first_index, reference[1])
    n = check_lengths(x_column.values, y_column.values)
    centre = (x_column.total / n, y_column.total / n)
    origin = centre if origin is None else origin
    pairs = zip(x_column.values, y_column.values)
    rounding = (x_column.rounding, y_column.rounding)
    return centred_sums(pairs, n, centre[0], centre[1], origin), origin, rounding


def _quick_sums(
    chunk: list[object], centre: tuple[float, float], origin: tuple[float, float]
) -> LineSums | None:
    """Sum a chunk straight from its pairs, centred at the means of the last chunk.

    Return None if a value is not a number, a point not a pair, or a sum not
    a finite float: the input checks then find the culprit, and turn numbers
    of other types into floats first (a sum that is not a float was computed
    in another type's arithmetic, which may round more coarsely).
    """
    pairs = cast("list[tuple[float, float]]", chunk)
    try:
        sums = centred_sums(pairs, len(pairs), centre[0], centre[1], origin)
        values = (sums.mean_x, sums.mean_y, sums.sxx, sums.sxy, sums.syy)
        # Means past 2**52 may hide integers a float rounds: the checks weigh them.
        means = (origin[0] + sums.mean_x, origin[1] + sums.mean_y)
        finite = all(type(value) is float and math.isfinite(value) for value in values)
        if finite and all(abs(mean) < 2.0**52 for mean in means):
            return sums
    except (TypeError, ValueError, ArithmeticError):
        pass
    return None


def stream_sums(pairs: Iterable[object], chunk_size: int = CHUNK_SIZE) -> LineSums:
    """Read (x, y) pairs once, a chunk at a time, into the sums of all of them.

    The first chunk is checked value by value; each later chunk is summed
    straight from its pairs, with the input checks called in only when a
    sum comes out wrong (not a number, or not finite).

    Every chunk's sums are taken about one origin, the first chunk's rough
    means, and merged there: merging chunks whose means sit near 1e9 would
    otherwise round each mean to 1e9's spacing (1.2e-7) and lose digits in
    every merge. Only the final means are moved back to the data's place.

    >>> stream_sums(iter([(1, 2), (2, 4), (3, 9)]), chunk_size=2)
    LineSums(n=3, mean_x=2.0, mean_y=5.0, sxx=2.0, sxy=7.0, syy=26.0)
    """
    return stream_sums_and_rounding(pairs, chunk_size)[0]


def stream_sums_and_rounding(
    pairs: Iterable[object], chunk_size: int = CHUNK_SIZE
) -> tuple[LineSums, tuple[float, float]]:
    """``stream_sums``, and the most any x and any y moved on their way to floats.

    Floats move by 0; whole numbers past 2**53, Decimals and Fractions may be
    rounded (``checks.check_exact_conversion``), and the certificate weighs that.
    """
    chunk_size = check_chunk_size(chunk_size)
    iterator: Iterator[object] = iter(check_pairs(pairs))
    total: LineSums | None = None
    origin: tuple[float, float] | None = None
    centre = (0.0, 0.0)
    first_index = 0
    rounding = (0.0, 0.0)
    while chunk := list(itertools.islice(iterator, chunk_size)):
        # The last chunk's means are a good centre for this one, even for
        # data that drift, such as a column of times.
        part = None if origin is None else _quick_sums(chunk, centre, origin)
        if part is None or origin is None:
            part, origin, moved = _checked_sums(chunk, first_index, origin)
            rounding = (max(rounding[0], moved[0]), max(rounding[1], moved[1]))
        centre = (origin[0] + part.mean_x, origin[1] + part.mean_y)
        total = part if total is None else total.merged(part)
        first_index += len(chunk)
    if total is None or origin is None:
        raise GradstepError("There are no data points: the stream of (x, y) pairs is empty.")
    total = replace(total, mean_x=origin[0] + total.mean_x, mean_y=origin[1] + total.mean_y)
    check_sums(total)
    return total, rounding
