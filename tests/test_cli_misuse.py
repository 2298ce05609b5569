"""The command line as a hostile user tries it: every misuse gets one sentence and its status.

Each test calls ``cli.main`` in-process (quick), except where the operating
system's own behaviour is the point (a full disk, a closed pipe).
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SOURCE_ENV

from gradstep.commandline import cli
from gradstep.commandline.csvlines import CsvError, read_lines

GOOD = "x,y\n1,2\n2,3\n3,5\n"


def call(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(arguments))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.csv"
    path.write_text(GOOD, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("choices", "said"),
    [
        (["--x", "x", "--y", "x"], "--x 'x' and --y 'x' both name column 'x' (index 0)"),
        (["--x", "1", "--y", "y"], "--x '1' and --y 'y' both name column 'y' (index 1)"),
        (["--y", "0"], "--x (default 0) and --y '0' both name column 'x' (index 0)"),
    ],
)
def test_x_and_y_naming_one_column_is_a_usage_error(
    good: Path, choices: list[str], said: str
) -> None:
    status, out, err = call("fit", str(good), *choices)
    assert (status, out) == (2, "")
    assert err == (
        f"{good}:1: {said}; a column fitted against itself says nothing (weight 1, loss 0). "
        f"Choose two different columns.\n"
    )


@pytest.mark.parametrize("option", ["--history", "--svg"])
def test_a_dash_as_an_output_is_refused_and_no_file_named_dash_appears(
    good: Path, option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(good.parent)
    status, out, err = call("fit", str(good), option, "-")
    assert (status, out) == (2, "")
    assert err.startswith(f"gradstep fit: {option} -: '-' means standard input, and only for")
    assert not (good.parent / "-").exists()


def test_an_output_inside_a_file_says_that_it_is_a_file(good: Path) -> None:
    status, _, err = call("fit", str(good), "--svg", str(good / "deeper" / "fit.svg"))
    assert status == 2
    assert err == (
        f"gradstep fit: --svg {good / 'deeper' / 'fit.svg'}: {good} is a file, not a folder, "
        f"so nothing can be written inside it. Name a file in a folder.\n"
    )


def test_a_full_disk_on_standard_output_is_one_line_and_exit_1(good: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")  # Linux has it; the check is not counted
    with open("/dev/full", "w") as full:
        completed = subprocess.run(
            [sys.executable, "-m", "gradstep", "fit", str(good)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=SOURCE_ENV,
            timeout=60,
        )
    assert completed.returncode == 1
    assert completed.stderr == "gradstep: could not write the output: No space left on device.\n"


class FailingOutput(io.StringIO):
    """Standard output whose writes fail as a disk or a pipe does."""

    def __init__(self, problem: OSError) -> None:
        super().__init__()
        self.problem = problem

    def write(self, text: str) -> int:
        raise self.problem


@pytest.mark.parametrize(
    ("problem", "status", "said"),
    [
        (OSError(28, "No space left on device"), 1, "No space left on device"),
        (OSError(5, "Input/output error"), 1, "Input/output error"),
        (BrokenPipeError(32, "Broken pipe"), 141, None),
    ],
)
def test_an_output_error_is_not_called_a_bug(
    good: Path, problem: OSError, status: int, said: str | None
) -> None:
    err = io.StringIO()
    with contextlib.redirect_stdout(FailingOutput(problem)), contextlib.redirect_stderr(err):
        assert cli.main(["fit", str(good)]) == status
    if said is None:  # a closed pipe: quiet, as Unix tools are
        assert err.getvalue() == ""
    else:
        assert err.getvalue() == f"gradstep: could not write the output: {said}.\n"


def test_a_closed_standard_output_is_one_line_and_exit_1(good: Path) -> None:
    err = io.StringIO()
    # Python sets sys.stdout to None when started with it closed (gradstep ... >&-).
    with contextlib.redirect_stdout(None), contextlib.redirect_stderr(err):
        assert cli.main(["fit", str(good)]) == 1
    assert err.getvalue() == "gradstep: could not write the output: standard output is closed.\n"


def test_a_closed_pipe_stops_quietly(good: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "gradstep", "demo"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=SOURCE_ENV,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes away before a line is read: | head -0
    err = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert err == b""


@pytest.mark.parametrize(
    ("text", "line", "column", "last"),
    [
        ('x,y\n"1,2\n2,3\n3,5\n', 2, "'x' (index 0)", 4),  # one cell: a ragged row
        ('x,y\n1,"2\n3,4\n5,6\n', 2, "'y' (index 1)", 4),  # "2\n3,4\n5,6": a bad cell
        ('x,y\r\n1,2\r\n3,"4\r\n5,6\r\n\r\n', 3, "'y' (index 1)", 5),
        ('x,y\n1,2\n3,"4\n5,6"\n7,8\n', 3, "'y' (index 1)", 4),  # closed a line late
    ],
)
def test_an_unclosed_quote_is_reported_where_it_opened(
    tmp_path: Path, text: str, line: int, column: str, last: int
) -> None:
    path = tmp_path / "quote.csv"
    path.write_bytes(text.encode())
    status, out, err = call("fit", str(path))
    assert (status, out) == (1, "")
    assert err == (
        f'{path}:{line}: a quote (") opens in column {column} on this line and is not closed '
        f"on it, so lines {line} to {last} were read as one row. Close the quote on line "
        f"{line}, or remove it.\n"
    )


@pytest.mark.parametrize("first_row", ["2019,2020", "1e3,2e3", "-500,900"])
def test_a_first_row_of_whole_numbers_far_from_the_rest_must_be_declared(
    tmp_path: Path, first_row: str
) -> None:
    path = tmp_path / "years.csv"
    path.write_text(f"{first_row}\n1,2\n2,3\n3,5\n", encoding="utf-8")
    status, out, err = call("fit", str(path))
    assert (status, out) == (2, "")
    assert err.startswith(f"{path}:1: the first row, {first_row!r}, is whole numbers far from")
    assert err.endswith("Say which: --header (it names the columns) or --no-header (it is data).\n")
    assert call("fit", str(path), "--header")[1].startswith("header = line 1 (--header)\n")
    assert call("fit", str(path), "--no-header")[1].startswith("header = none (--no-header)")


@pytest.mark.parametrize(
    "text",
    [
        "1,2\n2,4\n3,6\n",  # the first point of a steady series is the smallest, not far
        "0,2\n1,3\n2,5\n",
        "2019,7\n1,2\n2,3\n3,5\n",  # y 7 is near 2 to 5: data
        "2019.5,2020\n1,2\n2,3\n3,5\n",  # not whole numbers
        "2019,2020\n1,2\n",  # one row below: no range to be far from
    ],
)
def test_a_first_row_of_numbers_near_the_rest_is_data(tmp_path: Path, text: str) -> None:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    status, out, err = call("fit", str(path))
    assert status == 0, err
    assert out.startswith("header = none: line 1 is data\n")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "# from the logger\nx,y\n1,2\n2,3\n",
            "{path}:1: the file has only 1 column, but fitting needs two (x and y). The line "
            "starts with '#': gradstep does not read comment lines",
        ),
        (
            "x,y\n1,2\n# a note\n3,4\n",
            "{path}:3: this row has 1 cell, but the header (line 1) has 2; every row of the "
            "table needs the same number. The line starts with '#'",
        ),
        (
            "# data: x, y\nx,y\n1,2\n2,3\n",
            "{path}:2: column '# data: x' (index 0) is 'x', not a number. Line 1 starts with '#'",
        ),
    ],
)
def test_a_comment_line_gets_a_hint(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "commented.csv"
    path.write_text(text, encoding="utf-8")
    status, out, err = call("fit", str(path))
    assert status in (1, 2) and out == ""
    assert err.startswith(said.format(path=path))
    assert "Remove the comment lines from the file." in err


def test_steps_beyond_a_billion_are_refused_before_reading(tmp_path: Path) -> None:
    missing = tmp_path / "never-read.csv"  # the refusal comes first: no file needed
    status, out, err = call("fit", str(missing), "--steps", "99999999999999999999999")
    assert (status, out) == (2, "")
    assert err.startswith(
        "gradstep fit: --steps 99999999999999999999999 is more than 1,000,000,000, the most"
    )
    assert cli.MAX_STEPS == 10**9


class FailingDisk(io.BytesIO):
    """A file whose second block cannot be read, as on a failing disk."""

    def read(self, size: int | None = -1) -> bytes:
        if self.tell() > 0:
            raise OSError(5, "Input/output error")
        return super().read(size)


def test_a_file_that_fails_while_read_is_a_data_error_not_a_bug() -> None:
    lines = read_lines(FailingDisk(b"x,y\n1,2\n2,3\n"), "disk.csv")
    assert next(lines) == ["x,y\n", "1,2\n", "2,3\n"]
    with pytest.raises(CsvError) as error:
        next(lines)
    assert str(error.value) == (
        "disk.csv:4: the file could not be read from this line on (Input/output error)."
    )
