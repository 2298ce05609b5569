"""Reading (x, y) pairs from a CSV file, one row at a time.

A CSV file from a spreadsheet or a logger can be bigger than memory, so
``CsvPairs`` reads it lazily: iterating yields one (x, y) pair of floats per
data row and keeps nothing, and ``stream.stream_sums`` sums them a chunk at a
time. The file is read in one pass.

What it accepts, and how it decides:

- The delimiter (comma, semicolon, tab or bar) is sniffed from the first
  lines with ``csv.Sniffer``; a comma if that finds none.
- Text is UTF-8, with or without the byte-order mark that spreadsheet
  programs write (``encoding="utf-8-sig"``). Blank lines are skipped.
- The first row is a header if any of its cells is not a number; then
  columns can be named. Columns can always be given by 0-based index.
  Without a choice, x is the first column and y the second.

Every problem is one sentence that starts ``FILE:LINE:`` (or ``FILE:`` when
there is no line to point at), like a compiler's, so editors can jump there.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from collections.abc import Iterator
from typing import TextIO

from gradstep.errors import GradstepError

SNIFF_LINES = 20
DELIMITERS = ",;\t|"


class CsvError(GradstepError):
    """The file cannot be read as data: it is missing, empty, or holds a bad cell."""


class ColumnError(CsvError):
    """A column asked for by name or index is not in the file."""


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _describe(column: int, header: list[str] | None) -> str:
    if header is not None:
        return f"column {header[column]!r} (index {column})"
    return f"column {column}"


class CsvPairs:
    """The (x, y) pairs of two columns of a CSV file, read lazily in one pass.

    ``x`` and ``y`` choose the columns by header name or 0-based index (as an
    int or as text such as ``"2"``); ``min_rows`` is how many data rows the
    file must have, checked when iteration reaches the end. Opening checks
    the file and the columns at once and raises ``CsvError`` (or
    ``ColumnError``); iterating raises ``CsvError`` at the first bad row.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.csv")
    >>> with open(path, "w", encoding="utf-8") as file:
    ...     _ = file.write("time;height\\n1;5\\n\\n2;8\\n")
    >>> pairs = CsvPairs(path, y="height")
    >>> list(pairs), pairs.rows
    ([(1.0, 5.0), (2.0, 8.0)], 2)
    """

    def __init__(
        self, path: str, x: str | int | None = None, y: str | int | None = None, min_rows: int = 2
    ) -> None:
        self.path = path
        self.min_rows = min_rows
        self.rows = 0
        self._file = self._open()
        try:
            first_lines = list(itertools.islice(self._file, SNIFF_LINES))
        except UnicodeDecodeError:
            self._file.close()
            raise self._not_utf8() from None
        sample = "".join(first_lines)
        if not sample.strip():
            self._file.close()
            raise CsvError(f"{path}: the file is empty; it needs a row for each data point.")
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, DELIMITERS)
        except csv.Error:
            dialect = csv.excel  # one column, or nothing to go on: assume commas
        self._reader = csv.reader(itertools.chain(first_lines, self._file), dialect)
        first_row = self._next_row()
        assert first_row is not None  # the sample held a non-blank line
        self._first_row = first_row
        self._header_line = self._reader.line_num
        is_header = not all(_is_number(cell) for cell in self._first_row)
        self.header = [cell.strip() for cell in self._first_row] if is_header else None
        try:
            self.x_column = self._find_column(x, 0, "--x")
            self.y_column = self._find_column(y, 1, "--y")
        except ColumnError:
            self._file.close()
            raise
        self.x_name = self._name(self.x_column)
        self.y_name = self._name(self.y_column)

    def _open(self) -> TextIO:
        try:
            # utf-8-sig drops the byte-order mark spreadsheet programs put first;
            # newline="" is what the csv module asks for, so quoted cells keep theirs.
            return open(self.path, encoding="utf-8-sig", newline="")
        except FileNotFoundError:
            raise CsvError(f"{self.path}: no such file. Check the name and the folder.") from None
        except IsADirectoryError:
            raise CsvError(f"{self.path}: is a folder, not a CSV file.") from None
        except OSError as problem:
            raise CsvError(f"{self.path}: cannot be read ({problem.strerror}).") from None

    def _not_utf8(self) -> CsvError:
        # Text is decoded in blocks, so the error does not know its line; find it.
        with open(self.path, "rb") as file:
            for line_number, raw_line in enumerate(file, start=1):
                try:
                    raw_line.decode("utf-8-sig" if line_number == 1 else "utf-8")
                except UnicodeDecodeError:
                    break
        return CsvError(
            f"{self.path}:{line_number}: this line is not UTF-8 text. Save the file "
            f"as UTF-8 (in a spreadsheet program: CSV UTF-8)."
        )

    def _next_row(self) -> list[str] | None:
        """The next row that is not blank, or None at the end of the file."""
        try:
            for row in self._reader:
                if "".join(row).strip():
                    return row
        except csv.Error as problem:
            raise CsvError(f"{self.path}:{self._reader.line_num}: {problem}.") from None
        except UnicodeDecodeError:
            raise self._not_utf8() from None
        return None

    @property
    def columns(self) -> list[str]:
        """The columns a user can choose from, by name (or index without a header)."""
        if self.header is not None:
            return [f"{name!r} (index {index})" for index, name in enumerate(self.header)]
        return [str(index) for index in range(len(self._first_row))]

    def _find_column(self, choice: str | int | None, default: int, option: str) -> int:
        width = len(self._first_row)
        available = ", ".join(self.columns)
        if choice is None:
            if default < width:
                return default
            raise ColumnError(
                f"{self.path}:{self._header_line}: the file has only {width} column, but "
                f"fitting needs two (x and y). Is the delimiter one of , ; tab |?"
            )
        if self.header is not None and str(choice).strip() in self.header:
            return self.header.index(str(choice).strip())
        if isinstance(choice, int) or re.fullmatch(r"\d+", choice.strip()):
            index = int(choice)
            if index < width:
                return index
            raise ColumnError(
                f"{self.path}: {option} {index} is not a column: the file has {width} "
                f"columns, indexed from 0. Available columns: {available}."
            )
        raise ColumnError(
            f"{self.path}: {option} {choice!r} is not a column of this file. "
            f"Available columns: {available}."
        )

    def _name(self, column: int) -> str:
        return self.header[column] if self.header is not None else f"column {column}"

    def _bad_cell(self, row: list[str], column: int) -> CsvError:
        line = self._reader.line_num
        where = _describe(column, self.header)
        if column >= len(row):
            return CsvError(
                f"{self.path}:{line}: the row has {len(row)} cell{'' if len(row) == 1 else 's'}, "
                f"so {where} is missing. Fill it in or remove the row."
            )
        cell = row[column].strip()
        if _is_number(cell):
            return CsvError(
                f"{self.path}:{line}: {where} is {cell!r}; every value must be a finite "
                f"number. Fix the cell or remove the row."
            )
        hint = ""
        if re.fullmatch(r"[-+]?\d+,\d+", cell):
            hint = " It looks like a decimal comma: write decimals with a point, as 1.5."
        what = "is empty" if not cell else f"is {cell!r}, not a number"
        return CsvError(
            f"{self.path}:{line}: {where} {what}.{hint} Fix the cell or remove the row."
        )

    def __iter__(self) -> Iterator[tuple[float, float]]:
        # One loop, no method call per row: for a file of ten million rows the
        # reading is most of the work. Only a bad or blank row takes the slow path.
        x_column, y_column, reader = self.x_column, self.y_column, self._reader
        min_rows = self.min_rows
        rows = 0
        last_data_line = self._header_line
        first = [] if self.header is not None else [self._first_row]
        with self._file:
            try:
                for row in itertools.chain(first, reader):
                    try:
                        x = float(row[x_column])
                        y = float(row[y_column])
                    except (ValueError, IndexError):
                        if not "".join(row).strip():
                            continue  # a blank line
                        raise self._bad_row(row) from None
                    # x - x is 0 for every finite x, and NaN for NaN and the infinities:
                    # one test for both cells, cheaper than two calls of math.isfinite.
                    if (x - x) + (y - y) != 0.0:
                        raise self._bad_row(row)
                    rows += 1
                    if rows <= min_rows:
                        last_data_line = reader.line_num
                    yield x, y
            except csv.Error as problem:
                raise CsvError(f"{self.path}:{reader.line_num}: {problem}.") from None
            except UnicodeDecodeError:
                raise self._not_utf8() from None
            finally:
                self.rows = rows
        if rows == 0:
            raise CsvError(
                f"{self.path}:{self._header_line}: the file has a header but no data rows. "
                f"Add a row for each data point."
            )
        if rows < self.min_rows:
            raise CsvError(
                f"{self.path}:{last_data_line}: the file has only {rows} data "
                f"row{'' if rows == 1 else 's'}, but fitting this line needs at least "
                f"{self.min_rows}. Add more rows."
            )

    def _bad_row(self, row: list[str]) -> CsvError:
        """The error for the first bad cell of a row, x before y."""
        for column in (self.x_column, self.y_column):
            try:
                if math.isfinite(float(row[column])):
                    continue
            except (ValueError, IndexError):
                pass
            return self._bad_cell(row, column)
        raise AssertionError("a row with two finite numbers is not bad")
