"""Integers past 2**53 in a CSV file: the command line says what ``gradstep.fit`` says.

A float cannot hold every integer past 2**53, and ``fit`` refuses a list of
ints that floats round by more than 1e-10 of its spread. The command line
reads the same numbers as text and must give the same verdict, with a
``FILE:LINE:`` sentence. Oracles: the rounding measured here with Python's
own ``int`` and ``float``, exact ``Fraction`` least squares for the fits that
pass, and, in the property test, ``gradstep.fit``'s verdict on the same
integers (the rule the command line must follow, computed by another road:
a whole list in memory rather than a file read once).
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import subprocess
import tempfile
from fractions import Fraction
from pathlib import Path

from conftest import exact_least_squares, run_gradstep
from hypothesis import event, given
from hypothesis import strategies as st

import gradstep
from gradstep.commandline import cli
from gradstep.errors import GradstepError

NANOSECONDS = [1_700_000_000_000_000_000 + i * 1000 for i in range(10)]  # 1 us apart
VALUES = [2 * i + 1 for i in range(10)]
ROUNDED = "an integer too large for a float to hold exactly"


def run(*arguments: str, data: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return run_gradstep(*arguments, stdin=None if data is None else data.decode())


def csv_text(header: str, rows: list[tuple[object, object]]) -> str:
    return header + "\n" + "".join(f"{a},{b}\n" for a, b in rows)


def worst_rounding(values: list[int]) -> tuple[int, int]:
    """The index of the value a float rounds most (the first of equals), and by how much."""
    errors = [abs(value - int(float(value))) for value in values]
    return errors.index(max(errors)), max(errors)


def printed(output: str) -> dict[str, str]:
    return dict(line.split(" = ", 1) for line in output.splitlines() if " = " in line)


def test_nanosecond_timestamps_a_microsecond_apart_are_refused_at_their_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "times.csv"
    path.write_text(csv_text("time,value", list(zip(NANOSECONDS, VALUES))), encoding="utf-8")
    index, error = worst_rounding(NANOSECONDS)
    assert error > 1e-10 * (NANOSECONDS[-1] - NANOSECONDS[0])  # the case is the one meant
    completed = run("fit", str(path))
    assert completed.returncode == 1
    assert completed.stdout == ""
    assert completed.stderr.count("\n") == 1, completed.stderr
    # Line 1 is the header, so the value at index i is on line i + 2.
    assert completed.stderr.startswith(
        f"{path}:{index + 2}: column 'time' (index 0) is {NANOSECONDS[index]}, {ROUNDED}: "
        f"it becomes {float(NANOSECONDS[index])!r}, off by {error},"
    )
    assert "Subtract an offset from every value of the column first" in completed.stderr
    assert f"such as its first value, {NANOSECONDS[0]}," in completed.stderr
    assert "bias - weight * offset" in completed.stderr
    # The library refuses the same numbers, at the same value.
    try:
        gradstep.fit(NANOSECONDS, VALUES)
    except GradstepError as problem:
        assert str(problem).startswith(f"xs[{index}] is {NANOSECONDS[index]}, {ROUNDED}")
    else:
        raise AssertionError("fit took integers that a float rounds")


def test_the_same_file_through_standard_input_is_refused_at_the_same_line() -> None:
    data = csv_text("time,value", list(zip(NANOSECONDS, VALUES))).encode()
    index, _ = worst_rounding(NANOSECONDS)
    completed = run("fit", "-", data=data)
    assert completed.returncode == 1
    assert completed.stderr.startswith(f"<stdin>:{index + 2}: column 'time' (index 0) is ")
    assert ROUNDED in completed.stderr
    assert completed.stderr.count("\n") == 1


def test_a_y_column_of_such_integers_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(csv_text("step,count", list(zip(VALUES, NANOSECONDS))), encoding="utf-8")
    index, _ = worst_rounding(NANOSECONDS)
    completed = run("fit", str(path))
    assert completed.returncode == 1
    assert completed.stderr.startswith(
        f"{path}:{index + 2}: column 'count' (index 1) is {NANOSECONDS[index]}, {ROUNDED}"
    )
    assert "bias + offset" in completed.stderr


def test_the_offset_the_message_suggests_gives_the_exact_line(tmp_path: Path) -> None:
    path = tmp_path / "shifted.csv"
    shifted = [time - NANOSECONDS[0] for time in NANOSECONDS]
    path.write_text(csv_text("time,value", list(zip(shifted, VALUES))), encoding="utf-8")
    completed = run("fit", str(path))
    assert completed.returncode == 0, completed.stderr
    weight, bias = exact_least_squares(NANOSECONDS, VALUES)
    values = printed(completed.stdout)
    assert math.isclose(float(values["weight"]), weight, rel_tol=1e-9)
    put_back = Fraction(values["bias"]) - Fraction(values["weight"]) * NANOSECONDS[0]
    assert abs(put_back - bias) <= 1e-9 * abs(weight) * NANOSECONDS[-1]


def test_rounding_tiny_next_to_a_huge_spread_is_fitted(tmp_path: Path) -> None:
    # Past 2**60 a float rounds by up to 128; these lie 2**50 apart, as in the
    # library's own test (tests/test_big_integers.py), which fit accepts.
    xs = [2**60 + 1 + i * 2**50 for i in range(10)]
    ys = [3 * i + (i % 3) for i in range(10)]
    path = tmp_path / "wide.csv"
    path.write_text(csv_text("x,y", list(zip(xs, ys))), encoding="utf-8")
    completed = run("fit", str(path))
    assert completed.returncode == 0, completed.stderr
    values = printed(completed.stdout)
    weight, _ = exact_least_squares(xs, ys)
    assert math.isclose(float(values["weight"]), weight, rel_tol=1e-9)
    assert values["converged"] == "yes"
    # The whole numbers below 2**53 are all held exactly: none is refused, however close.
    exact = [2**53 - 10 + i for i in range(10)]
    path.write_text(csv_text("x,y", list(zip(exact, ys))), encoding="utf-8")
    completed = run("fit", str(path))
    assert completed.returncode == 0, completed.stderr
    weight, _ = exact_least_squares(exact, ys)
    assert math.isclose(float(printed(completed.stdout)["weight"]), weight, rel_tol=1e-9)


def test_numbers_written_with_a_point_are_floats_and_mean_what_they_say(tmp_path: Path) -> None:
    cells = [f"{float(time)!r}" for time in NANOSECONDS]  # 1.7e+18, 1.700000000000001e+18, ...
    path = tmp_path / "floats.csv"
    path.write_text(csv_text("time,value", list(zip(cells, VALUES))), encoding="utf-8")
    completed = run("fit", str(path))
    assert completed.returncode == 0, completed.stderr
    weight, _ = exact_least_squares([float(cell) for cell in cells], VALUES)
    assert math.isclose(float(printed(completed.stdout)["weight"]), weight, rel_tol=1e-6)


@st.composite
def integer_columns(draw: st.DrawFn) -> tuple[list[int | float], str, list[str]]:
    """A column near a large power of two (either sign), its values as numbers and as cells.

    The gaps run from 0 to 2**50, so that the rounding of a float (up to
    2**(k - 53)) falls on both sides of 1e-10 of the spread; now and then one
    value is small, or written as a float (``1.7e+18``), which is what it says.
    """
    power = draw(st.integers(52, 66))
    sign = draw(st.sampled_from([1, -1]))
    base = sign * (2**power + draw(st.integers(0, 2**power - 1)))
    size = draw(st.integers(2, 8))
    gap = 2 ** draw(st.integers(0, 50))
    numbers: list[int | float] = []
    cells: list[str] = []
    for _ in range(size):
        value = base + draw(st.integers(0, gap))
        kind = draw(st.sampled_from(["int"] * 6 + ["float", "small", "spaced"]))
        if kind == "small":
            value = draw(st.integers(-(2**53), 2**53))
        if kind == "float":
            numbers.append(float(value))
            cells.append(repr(float(value)))
        else:
            numbers.append(value)
            cells.append(f" {value} " if kind == "spaced" else str(value))
    return numbers, draw(st.sampled_from(["x", "y"])), cells


@given(integer_columns(), st.lists(st.integers(-50, 50), min_size=8, max_size=8, unique=True))
def test_the_command_line_gives_fit_s_verdict_on_the_same_integers(
    column: tuple[list[int | float], str, list[str]], others: list[int]
) -> None:
    numbers, which, cells = column
    others = others[: len(numbers)]
    xs, ys = (numbers, others) if which == "x" else (others, numbers)
    try:
        gradstep.fit(xs, ys)
        verdict = "fitted"
    except GradstepError as problem:
        verdict = str(problem)
    rows = zip(cells, others) if which == "x" else zip(others, cells)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.csv"
        path.write_text(csv_text("x,y", list(rows)), encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(["fit", str(path), "--quiet"])
    refused = ROUNDED in verdict
    event(f"fit {'refuses' if refused else 'takes'} the column of {which}")
    assert (ROUNDED in err.getvalue()) == refused, (verdict, err.getvalue())
    assert (status == 0) == (verdict == "fitted"), (verdict, err.getvalue())
    if refused:
        # The same value, at its line (the header is line 1, so index i is line i + 2).
        found = re.match(r"[xy]s\[(\d+)\] is (-?\d+),", verdict)
        assert found is not None, verdict
        index, value = int(found.group(1)), found.group(2)
        column_index = 0 if which == "x" else 1
        assert err.getvalue().startswith(
            f"{path}:{index + 2}: column '{which}' (index {column_index}) is {value}, {ROUNDED}"
        ), (verdict, err.getvalue())
        assert status == 1
