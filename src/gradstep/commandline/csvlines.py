"""The lines of a CSV file, read in blocks of bytes: bounded, checked as UTF-8, counted.

``for line in file`` reads a line of any length whole, so one 50 MB line
with no line break would fill memory before anything could be said about
it; and a text file decodes ahead of the lines it hands out, so a byte that
is not UTF-8 is found without its line. ``read_lines`` reads blocks of
bytes, decodes them, and cuts them into lines itself: memory stays flat,
every error names its exact line (even from a pipe, which cannot be read a
second time to look), and the csv module is handed whole blocks of lines, so
no Python code runs per line.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from gradstep.errors import GradstepError

# Wide enough for thousands of columns; short enough that one line can never
# fill memory (the csv module would hold every cell of it as a string).
MAX_LINE = 100_000
BLOCK = 65_536  # bytes read at a time; fewer than MAX_LINE characters
# str.splitlines also breaks lines at these; a CSV file does not.
_OTHER_BREAKS = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


class CsvError(GradstepError):
    """The file cannot be read as data: it is missing, empty, or holds a bad cell."""


def _line_ends(data: bytes) -> int:
    """How many lines end in these bytes (``\\n``, ``\\r\\n`` or ``\\r``)."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _split_lines(text: str) -> list[str]:
    """Lines ending in "\\n", "\\r\\n" or "\\r", each with its ending, as csv reads them."""
    # Eight searches for one character each are ten times faster than one regular
    # expression for the eight: this runs on every block of the file.
    if not any(mark in text for mark in _OTHER_BREAKS):
        return text.splitlines(keepends=True)  # fast, but it also breaks at the others
    return _LINE.findall(text)


def read_lines(file: BinaryIO, name: str) -> Iterator[list[str]]:
    """A file's lines, a block at a time, none longer than MAX_LINE, checked as UTF-8.

    ``for line in file`` would read a line of any length whole. Reading
    blocks of bytes and cutting them into lines keeps memory flat, finds
    the exact line of a byte that is not UTF-8 (even from a pipe, which
    cannot be read twice), and hands the csv module whole blocks, so no
    Python code runs per line.

    >>> import io
    >>> list(read_lines(io.BytesIO(b"x,y\\r\\n1,2\\r3,4"), "tiny.csv"))
    [['x,y\\r\\n', '1,2\\r'], ['3,4']]
    """
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    lines_read = 0
    unfinished = ""  # the start of a line whose end is in the next block
    while True:
        try:
            data = file.read(BLOCK)
        except OSError as problem:  # a failing disk or network share: not a bug to report
            raise CsvError(
                f"{name}:{lines_read + 1}: the file could not be read from this line on "
                f"({problem.strerror})."
            ) from None
        try:
            text = unfinished + decoder.decode(data, final=not data)
        except UnicodeDecodeError as problem:
            before = unfinished.encode() + problem.object[: problem.start]
            raise CsvError(
                f"{name}:{lines_read + 1 + _line_ends(before)}: this line is not "
                f"UTF-8 text. Save the file as UTF-8 (in a spreadsheet program: CSV UTF-8)."
            ) from None
        if data:
            # A "\r" at the very end may be half of a "\r\n": it waits for the next block.
            end = len(text) - 1 if text.endswith("\r") else len(text)
            cut = max(text.rfind("\n", 0, end), text.rfind("\r", 0, end)) + 1
        else:
            cut = len(text)
        lines = _split_lines(text[:cut])
        unfinished = text[cut:]
        # Only the first line of a block can be longer than a block.
        if lines and len(lines[0]) > MAX_LINE:
            raise _too_long(name, lines_read + 1)
        if len(unfinished) > MAX_LINE:
            raise _too_long(name, lines_read + len(lines) + 1)
        lines_read += len(lines)
        if lines:
            yield lines
        if not data:
            return


def _too_long(name: str, line: int) -> CsvError:
    return CsvError(
        f"{name}:{line}: this line is longer than {MAX_LINE:,} characters, so it is "
        f"not a row of a table. A CSV file has one data point a line: is this one, with "
        f"line breaks?"
    )
