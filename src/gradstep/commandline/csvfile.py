"""Reading (x, y) pairs from a CSV file, one row at a time.

A CSV file from a spreadsheet or a logger can be bigger than memory, so
``CsvPairs`` reads it lazily: iterating yields one (x, y) pair of floats per
data row and keeps nothing, and ``stream.stream_sums`` sums them a chunk at a
time. The file is read in one pass, so it can be a pipe (``-`` is stdin).

A CSV file is read as a table, by these rules:

- Text is UTF-8, with or without the byte-order mark that spreadsheet
  programs write. Lines end with ``\\n``, ``\\r\\n`` or ``\\r``; none may be
  longer than ``csvlines.MAX_LINE`` characters (so memory stays flat even for a file
  with no line breaks). Blank lines, and rows of empty cells, are skipped.
- The delimiter is the one of ``,`` ``;`` tab ``|`` that splits the most of
  the first ``SNIFF_LINES`` lines into rows of one width, at least two cells
  (a comma wins a tie, and is taken when none fits), unless a first line
  ``sep=;`` (as Excel writes) names it. Cells may be quoted with ``"``.
- The first row is a header if one of its cells is text that is not a
  number (empty cells do not count, so a delimiter at the end of every row
  does not make a header). A first row that numbers its columns 0, 1, ...
  (the names pandas writes for unnamed columns) could be either, so it is
  refused until the user says which (``header=True`` or ``False``); so is
  a first row of whole numbers each far from its column's values in the
  rows below it among the first ``SNIFF_LINES`` lines (outside their range
  widened by its width on each side), as years naming the columns are.
- Every row has as many cells as the header, or without one, as the first
  row. Columns are chosen by header name or 0-based index; a name that two
  columns share is refused, and so are x and y naming one column. Every
  value used must be a finite number.
- A float cannot hold every integer past 2**53. A column of integers that
  floats round by more than 1e-10 of the column's spread (max - min) is
  refused, as ``gradstep.fit`` refuses such a list of ints: nanosecond
  timestamps 1000 apart, say. A number written with a point or an exponent
  (``1.7e18``) is a float already, and is taken as what it says.
- A cell whose number is not 0 but whose float is (``1e-400``: floats stop
  near 5e-324) is refused, never read as 0. Between 5e-324 and 2.2e-308 a
  float keeps fewer digits, but loses less than 5e-324: nothing beside a
  spread a fit can square, and an x column that small is refused when fitted.
- There are no comment lines: a line starting with ``#`` is a row, and
  the message it causes says so. A quote left open is reported at the line
  where it opened.

Every problem is one sentence that starts ``FILE:LINE:`` (or ``FILE:`` when
there is no line to point at), like a compiler's, so editors can jump there.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
import sys
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from gradstep.commandline.csvlines import CsvError, read_lines

# CsvError and read_lines live with the reading of lines; they are part of this module's face.
__all__ = [
    "ColumnError",
    "CsvError",
    "CsvPairs",
    "HeaderError",
    "choose_delimiter",
    "read_lines",
]

SNIFF_LINES = 20
DELIMITERS = ",;\t|"
STDIN = "-"
# Below 2**52 in size a column cannot hold an integer that a float rounds by a
# noticeable share of its spread (see Rounding.refused); only cells this large
# are read a second time, as integers.
LARGE = 2.0**52


class ColumnError(CsvError):
    """A column asked for by name or index is not in the file, or is not one column."""


class HeaderError(CsvError):
    """The first row could be a header or data; the user has to say which."""


class Rounding:
    """What floats lose of one column's integers past 2**52, weighed as the file is read.

    ``gradstep.fit`` refuses a list of ints whose rounding to floats passes
    1e-10 of the list's spread (``checks.check_exact_conversion``); this keeps
    what the command line needs to say the same of a column it reads once,
    in flat memory: how many of its values are this large, their smallest and
    largest float, and the cell that rounds most. Only the large cells are
    weighed, so an ordinary file costs nothing here. The rule, as fit's:
    refused when max(|int(cell) - float(cell)|) > 1e-10 * (max - min).

    >>> rounding = Rounding()
    >>> for line, cell in enumerate(["1700000000000000000", "1700000000000001000"], start=2):
    ...     rounding.weigh(cell, float(cell), line)
    >>> rounding.worst, rounding.line, rounding.refused(rows=2)
    (24, 3, True)
    """

    def __init__(self) -> None:
        self.count = 0
        self.low = math.inf
        self.high = -math.inf
        self.first = ""
        self.worst = 0  # the largest |int(cell) - float(cell)|, an exact int
        self.line = 0
        self.cell = 0
        self.number = 0.0

    def weigh(self, cell: str, number: float, line: int) -> None:
        """Count ``number``, read from ``cell`` on ``line``, if it is past 2**52."""
        if -LARGE < number < LARGE:
            return
        self.count += 1
        self.low = min(self.low, number)
        self.high = max(self.high, number)
        if self.count == 1:
            self.first = cell.strip()
        try:
            exact = int(cell)
        except ValueError:
            return  # written with a point or an exponent: a float, and what it says
        error = abs(exact - int(number))
        if error > self.worst:
            self.worst, self.line, self.cell, self.number = error, line, exact, number

    @property
    def spread(self) -> float:
        return self.high - self.low

    def refused(self, rows: int) -> bool:
        """Does the column's worst rounding pass 1e-10 of its spread, as fit would say?

        Only when every one of the ``rows`` values is past 2**52 can it: with
        a value w below 2**52 and a value v past 2**53 (only those round, by at
        most |v| * 2**-53), the spread is at least |v| - |w| > |v| / 2, and the
        rounding under 2**-52 (2.2e-16) of it. So where ``count < rows`` nothing is
        refused, and otherwise ``low`` and ``high`` are the whole column's.
        """
        return self.count == rows >= 2 and self.worst > 1e-10 * self.spread


def _underflowed(cell: str) -> bool:
    """Is a cell that float() reads as 0 a nonzero number, too small for a float?

    It is if, past the spaces, sign, zeros, points and underscores it starts
    with, comes a digit 1 to 9 (not an exponent, nor the end).

    >>> _underflowed("1e-400"), _underflowed(" -0.000_3E-330"), _underflowed("0.000e5")
    (True, True, False)
    """
    return cell.lstrip(" \t+-0._")[:1] in NONZERO_DIGITS


NONZERO_DIGITS = frozenset("123456789")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _is_blank(row: list[str]) -> bool:
    return not "".join(row).strip()


def _numbers_its_columns(row: list[str]) -> bool:
    """Is the row 0, 1, 2, ... (after an empty cell, as pandas writes above an index)?"""
    cells = [cell.strip() for cell in row]
    while cells and cells[-1] == "":
        cells.pop()  # a delimiter at the end of the line
    if cells and cells[0] == "" and len(cells) > 2:
        cells = cells[1:]
    return len(cells) >= 2 and cells == [str(index) for index in range(len(cells))]


def _line_breaks(text: str) -> int:
    """How many line breaks (``\\n``, ``\\r\\n`` or ``\\r``) a cell holds."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _comment_hint(row: list[str], line: int | None = None) -> str:
    """Advice for a row that starts with ``#``: a comment line, which CSV does not have."""
    if not row or not row[0].lstrip().startswith("#"):
        return ""
    which = "The line" if line is None else f"Line {line}"
    return (
        f" {which} starts with '#': gradstep does not read comment lines, so it is read "
        f"as a row. Remove the comment lines from the file."
    )


def _far_from_the_rows_below(first_row: list[str], rows_below: list[list[str]]) -> bool:
    """Is every cell of the first row a whole number far from its column's values below?

    Far means outside the range of the column's numbers in the rows below,
    widened by that range's width on each side: 2019 above 1, 2, 3 is far
    (outside -1 to 5); the first point of a steady series is not.

    >>> _far_from_the_rows_below(["2019", "2020"], [["1", "2"], ["2", "3"], ["3", "5"]])
    True
    >>> _far_from_the_rows_below(["0", "2"], [["1", "3"], ["2", "5"], ["3", "7"]])
    False
    """
    cells = [(index, cell.strip()) for index, cell in enumerate(first_row) if cell.strip()]
    if len(cells) < 2:
        return False
    for index, cell in cells:
        number = float(cell)  # every cell is a number: the row is not a header by its text
        if not number.is_integer():
            return False
        below = [
            float(row[index]) for row in rows_below if index < len(row) and _is_number(row[index])
        ]
        below = [value for value in below if math.isfinite(value)]
        if len(below) < 2:
            return False
        low, high = min(below), max(below)
        width = high - low
        if width == 0 or low - width <= number <= high + width:
            return False
    return True


def _split_number(row: list[str]) -> bool:
    """Could a number with a comma in it (1,234.5 or 1,5) have split into these cells?"""
    return any(
        re.fullmatch(r"\s*[-+]?\d+", before) and re.fullmatch(r"\d+(\.\d*)?\s*", after)
        for before, after in itertools.pairwise(row)
    )


def choose_delimiter(lines: list[str]) -> str:
    """The delimiter that splits the most lines into rows of one width of two or more.

    >>> choose_delimiter(["x;y\\n", "1,5;2,5\\n", "3,5;4,5\\n"])
    ';'
    """
    chosen, most_rows = ",", 0
    for delimiter in DELIMITERS:
        try:
            rows = [row for row in csv.reader(lines, delimiter=delimiter) if not _is_blank(row)]
        except csv.Error:
            continue  # a NUL byte, say: the real read reports it with its line
        widths = Counter(len(row) for row in rows)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        if width >= 2 and count > most_rows:
            chosen, most_rows = delimiter, count
    return chosen


def _spelled(delimiter: str) -> str:
    return "tab" if delimiter == "\t" else repr(delimiter)


class CsvPairs:
    """The (x, y) pairs of two columns of a CSV file, read lazily in one pass.

    ``x`` and ``y`` choose the columns by header name or 0-based index (as an
    int or as text such as ``"2"``); ``header`` forces the first row to be a
    header (True) or data (False) instead of deciding; ``min_rows`` is how
    many data rows the file must have, checked when iteration reaches the
    end. Opening checks the file and the columns at once and raises
    ``CsvError`` (or ``ColumnError``, ``HeaderError``); iterating raises
    ``CsvError`` at the first bad row.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "tiny.csv")
    >>> with open(path, "w", encoding="utf-8") as file:
    ...     _ = file.write("time;height\\n1;5\\n\\n2;8\\n")
    >>> pairs = CsvPairs(path, y="height")
    >>> list(pairs), pairs.rows, pairs.header_line, pairs.delimiter
    ([(1.0, 5.0), (2.0, 8.0)], 2, 1, ';')
    """

    def __init__(
        self,
        path: str,
        x: str | int | None = None,
        y: str | int | None = None,
        min_rows: int = 2,
        header: bool | None = None,
    ) -> None:
        self.path = path
        self.name = "<stdin>" if path == STDIN else path
        self.min_rows = min_rows
        self.rows = 0
        self.rounding = (0.0, 0.0)  # the most an x and a y moved on their way to floats
        self._lines_read = 0
        self._file = self._open()
        try:
            self._start(x, y, header)
        except BaseException:
            self._file.close()
            raise

    def _start(self, x: str | int | None, y: str | int | None, header: bool | None) -> None:
        lines = itertools.chain.from_iterable(read_lines(self._file, self.name))
        first_lines = list(itertools.islice(lines, SNIFF_LINES))
        if not "".join(first_lines).strip():
            raise CsvError(f"{self.name}: the file is empty; it needs a row for each data point.")
        # Excel may write "sep=;" as the first line to name the delimiter.
        stated = re.fullmatch(r"sep=([,;\t|])\s*", first_lines[0], re.IGNORECASE)
        self.delimiter = stated.group(1) if stated else choose_delimiter(first_lines)
        self._reader = csv.reader(
            itertools.chain(first_lines, lines), delimiter=self.delimiter, quotechar='"'
        )
        if stated:
            next(self._reader)  # read, so that line numbers stay those of the file
        first_row = self._next_row()
        if first_row is None:
            raise CsvError(f"{self.name}: the file is empty; it needs a row for each data point.")
        self._first_row = first_row
        self.width = len(first_row)
        self.first_line = self._row_start
        self.header_forced = header is not None
        if header is None:
            if _numbers_its_columns(first_row):
                raise HeaderError(
                    f"{self.name}:{self.first_line}: the first row, "
                    f"{self.delimiter.join(first_row)!r}, numbers the columns 0, 1, ... as "
                    f"pandas does for unnamed columns, but it could be a data point. Say "
                    f"which: --header (it names the columns) or --no-header (it is data)."
                )
            header = any(cell.strip() and not _is_number(cell) for cell in first_row)
            if not header and _far_from_the_rows_below(first_row, self._rows_below(first_lines)):
                raise HeaderError(
                    f"{self.name}:{self.first_line}: the first row, "
                    f"{self.delimiter.join(first_row)!r}, is whole numbers far from the "
                    f"values below them in every column, as years or codes naming the "
                    f"columns would be, but it could be a data point. Say which: --header "
                    f"(it names the columns) or --no-header (it is data)."
                )
        self.header = [cell.strip() for cell in first_row] if header else None
        self.header_line = self.first_line if header else None
        self.x_column = self._find_column(x, 0, "--x")
        self.y_column = self._find_column(y, 1, "--y")
        if self.x_column == self.y_column:
            # A column fitted against itself gives weight 1 and loss 0: it teaches nothing.
            chosen = " and ".join(
                f"{option} {choice!r}" if choice is not None else f"{option} (default {default})"
                for option, choice, default in (("--x", x, 0), ("--y", y, 1))
            )
            raise ColumnError(
                f"{self.name}:{self.first_line}: {chosen} both name "
                f"{self._describe(self.x_column)}; a column fitted against itself says "
                f"nothing (weight 1, loss 0). Choose two different columns."
            )
        self.x_name = self._name(self.x_column)
        self.y_name = self._name(self.y_column)

    def _rows_below(self, first_lines: list[str]) -> list[list[str]]:
        """The rows after the first among the lines read to choose the delimiter."""
        try:
            rows = [
                row
                for row in csv.reader(first_lines, delimiter=self.delimiter, quotechar='"')
                if not _is_blank(row)
            ]
        except csv.Error:
            return []  # the real read reports it, with its line
        if re.fullmatch(r"sep=([,;\t|])\s*", first_lines[0], re.IGNORECASE):
            rows = rows[1:]
        return rows[1:]

    def _open(self) -> BinaryIO:
        # Bytes: they are decoded a block at a time (see read_lines).
        if self.path == STDIN:
            return sys.stdin.buffer
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            raise CsvError(f"{self.name}: no such file. Check the name and the folder.") from None
        except IsADirectoryError:
            raise CsvError(f"{self.name}: is a folder, not a CSV file.") from None
        except OSError as problem:
            raise CsvError(f"{self.name}: cannot be read ({problem.strerror}).") from None

    def _next_row(self) -> list[str] | None:
        """The next row that is not blank, or None at the end of the file."""
        try:
            # A quoted cell can hold line breaks: a row starts after the last one ended.
            self._row_start = self._reader.line_num + 1
            for row in self._reader:
                if not _is_blank(row):
                    return row
                self._row_start = self._reader.line_num + 1
        except csv.Error as problem:
            raise CsvError(f"{self.name}:{self._reader.line_num}: {problem}.") from None
        return None

    @property
    def columns(self) -> list[str]:
        """The columns a user can choose from, by name (or index without a header)."""
        if self.header is not None:
            return [f"{name!r} (index {index})" for index, name in enumerate(self.header)]
        return [str(index) for index in range(self.width)]

    def _find_column(self, choice: str | int | None, default: int, option: str) -> int:
        width = self.width
        available = ", ".join(self.columns)
        if choice is None:
            if default < width:
                return default
            raise ColumnError(
                f"{self.name}:{self.first_line}: the file has only {width} column, but "
                f"fitting needs two (x and y)."
                + (_comment_hint(self._first_row) or " Is the delimiter one of , ; tab |?")
            )
        if self.header is not None and str(choice).strip() in self.header:
            name = str(choice).strip()
            indices = [index for index, cell in enumerate(self.header) if cell == name]
            if len(indices) > 1:
                listed = " and ".join(str(index) for index in indices)
                raise ColumnError(
                    f"{self.name}:{self.first_line}: {option} {name!r} names {len(indices)} "
                    f"columns (index {listed}), so gradstep cannot tell which you mean. "
                    f"Choose one by index, as {option} {indices[0]}, or rename the other."
                )
            return indices[0]
        if isinstance(choice, int) or re.fullmatch(r"\d+", choice.strip()):
            index = int(choice)
            if index < width:
                return index
            raise ColumnError(
                f"{self.name}: {option} {index} is not a column: the file has {width} "
                f"columns, indexed from 0. Available columns: {available}."
            )
        raise ColumnError(
            f"{self.name}: {option} {choice!r} is not a column of this file. "
            f"Available columns: {available}."
        )

    def _name(self, column: int) -> str:
        return self.header[column] if self.header is not None else f"column {column}"

    def _describe(self, column: int) -> str:
        if self.header is not None:
            return f"column {self.header[column]!r} (index {column})"
        return f"column {column}"

    def _open_quote(self, row: list[str], column: int) -> CsvError | None:
        """The error for a row that a quote in ``row[column]`` ran over line breaks, or None.

        A quote that is never closed swallows every line after it into one cell,
        so the row is found bad lines later: the message points where it opened.
        """
        breaks = [_line_breaks(cell) for cell in row[column:]]
        if not breaks[0]:
            return None
        last_line = self._reader.line_num
        # A quote left open to the end of the file keeps the last line's break in the cell.
        ran_to_the_end = row[-1].endswith(("\n", "\r"))
        opened = last_line - sum(breaks) + ran_to_the_end
        return CsvError(
            f'{self.name}:{opened}: a quote (") opens in {self._describe(column)} on this '
            f"line and is not closed on it, so lines {opened} to {last_line} were read as "
            f"one row. Close the quote on line {opened}, or remove it."
        )

    def _bad_cell(self, row: list[str], column: int) -> CsvError:
        open_quote = self._open_quote(row, column)
        if open_quote is not None:
            return open_quote
        line = self._reader.line_num
        where = self._describe(column)
        cell = row[column].strip()
        if _is_number(cell):
            return CsvError(
                f"{self.name}:{line}: {where} is {cell!r}; every value must be a finite "
                f"number. Fix the cell or remove the row."
            )
        hint = _comment_hint(row) or _comment_hint(self.header or [], self.header_line)
        if hint:
            pass
        elif re.search(r"\d,\d", cell):
            hint = (
                " It looks like a decimal comma or a thousands separator: write numbers "
                "with a decimal point and no separators, 1234.5, not 1234,5 or 1,234.5."
            )
        elif any(other in cell for other in DELIMITERS if other != self.delimiter):
            hint = (
                f" The lines were split at {_spelled(self.delimiter)}, from the first "
                f"{SNIFF_LINES} lines: is the file's delimiter another one?"
            )
        what = "is empty" if not cell else f"is {cell!r}, not a number"
        return CsvError(
            f"{self.name}:{line}: {where} {what}.{hint} Fix the cell or remove the row."
        )

    def _ragged(self, row: list[str]) -> CsvError:
        """The error for a row whose number of cells is not the table's."""
        for column in range(len(row)):
            open_quote = self._open_quote(row, column)
            if open_quote is not None:
                return open_quote
        line = self._reader.line_num
        cells = f"{len(row)} cell{'' if len(row) == 1 else 's'}"
        against = (
            f"the header (line {self.header_line}) has {self.width}"
            if self.header_line is not None
            else f"the first row (line {self.first_line}) has {self.width}"
        )
        delimiter = _spelled(self.delimiter)
        if _comment_hint(row):
            hint = _comment_hint(row).strip()
        elif len(row) == self.width + 1 and not row[-1].strip():
            hint = "The line ends with an extra delimiter: remove it, or add one to every row."
        elif len(row) > self.width and self.delimiter == "," and _split_number(row):
            hint = (
                "Numbers written with a comma, a thousands separator (1,234.5) or a "
                "decimal comma (1,5), are split at it into two cells: write them with a "
                "decimal point and no separators (1234.5, 1.5), or quote them."
            )
        elif len(row) > self.width:
            hint = f"A cell may hold the delimiter, {delimiter}: quote that cell."
        else:
            hint = (
                f"A cell is missing, or this row is not split at the delimiter, {delimiter}, "
                f"found from the first {SNIFF_LINES} lines."
            )
        return CsvError(
            f"{self.name}:{line}: this row has {cells}, but {against}; every row of the "
            f"table needs the same number. {hint}"
        )

    def __iter__(self) -> Iterator[tuple[float, float]]:
        # One loop, no method call per row: for a file of ten million rows the
        # reading is most of the work. Only a bad or blank row takes the slow path.
        x_column, y_column, reader, width = self.x_column, self.y_column, self._reader, self.width
        min_rows = self.min_rows
        # Local names are found faster than builtins, and the loop runs once a row.
        number, size = float, len
        low, high = -LARGE, LARGE
        x_rounding, y_rounding = Rounding(), Rounding()
        rows = 0
        last_data_line = self.first_line
        first = [] if self.header is not None else [self._first_row]
        with self._file:
            try:
                for row in itertools.chain(first, reader):
                    if size(row) != width:
                        if _is_blank(row):
                            continue  # a blank line
                        raise self._ragged(row)
                    try:
                        x = number(row[x_column])
                        y = number(row[y_column])
                    except ValueError:
                        if _is_blank(row):
                            continue  # a row of empty cells
                        raise self._bad_row(row) from None
                    # Comparisons are False for NaN: four of them find NaN, the infinities
                    # and numbers past 2**52, the cells that may hold integers a float
                    # rounds, and cost less than two calls of math.isfinite. The truth of x
                    # and y finds 0, which a cell such as 1e-400 also becomes (unchained,
                    # the six tests cost about what the two chained comparisons did).
                    if not (low < x and x < high and low < y and y < high and x and y):
                        if (x - x) + (y - y) != 0.0:
                            raise self._bad_row(row)
                        # A 0 whose cell, past its zeros, signs and point, shows a digit
                        # 1 to 9 was a number too small for a float (1e-400, say).
                        # 1 digit, "e-" and 3 more: no shorter cell underflows ("0", "0.0").
                        if not x and len(row[x_column]) > 5 and _underflowed(row[x_column]):
                            raise self._underflow(row, x_column)
                        if not y and len(row[y_column]) > 5 and _underflowed(row[y_column]):
                            raise self._underflow(row, y_column)
                        if not low < x < high:
                            x_rounding.weigh(row[x_column], x, reader.line_num)
                        if not low < y < high:
                            y_rounding.weigh(row[y_column], y, reader.line_num)
                    rows += 1
                    if rows <= min_rows:
                        last_data_line = reader.line_num
                    yield x, y
            except csv.Error as problem:
                raise CsvError(f"{self.name}:{reader.line_num}: {problem}.") from None
            finally:
                self.rows = rows
                # The most a whole number past 2**53 moved on its way to a float.
                self.rounding = (float(x_rounding.worst), float(y_rounding.worst))
        if rows == 0:
            raise CsvError(
                f"{self.name}:{self.first_line}: the file has a header but no data rows. "
                f"Add a row for each data point."
            )
        if rows < self.min_rows:
            raise CsvError(
                f"{self.name}:{last_data_line}: the file has only {rows} data "
                f"row{'' if rows == 1 else 's'}, but fitting this line needs at least "
                f"{self.min_rows}. Add more rows."
            )
        for column, rounding in ((x_column, x_rounding), (y_column, y_rounding)):
            if rounding.refused(rows):
                raise self._rounded(column, rounding)

    def _underflow(self, row: list[str], column: int) -> CsvError:
        """The error for a nonzero number that a float holds only as 0."""
        return CsvError(
            f"{self.name}:{self._reader.line_num}: {self._describe(column)} is "
            f"{row[column].strip()!r}, a number too small for a float to hold (floats stop near "
            f"5e-324, and below that a number becomes 0), so it would be read as 0. "
            f"Multiply every value of the column by a power of ten, such as 1e300, and "
            f"scale the answer back."
        )

    def _rounded(self, column: int, rounding: Rounding) -> CsvError:
        """The error for a column of integers that floats round too much, as fit's."""
        where = self._describe(column)
        # x - offset moves the line's crossing of x = 0; y - offset moves the line down.
        back = "bias - weight * offset" if column == self.x_column else "bias + offset"
        return CsvError(
            f"{self.name}:{rounding.line}: {where} is {rounding.cell}, an integer too large "
            f"for a float to hold exactly: it becomes {rounding.number!r}, off by "
            f"{rounding.worst}, while the values of the column differ by only "
            f"{rounding.spread:g}. Subtract an offset from every value of the column "
            f"first, such as its first value, {rounding.first}, in whole numbers (a "
            f"spreadsheet's numbers are floats, and round the same way), and fit those: "
            f"the weight does not change, and the bias of the line in the values as given "
            f"is {back}."
        )

    def _bad_row(self, row: list[str]) -> CsvError:
        """The error for the first bad cell of a row, x before y."""
        for column in (self.x_column, self.y_column):
            try:
                if math.isfinite(float(row[column])):
                    continue
            except ValueError:
                pass
            return self._bad_cell(row, column)
        raise AssertionError("a row with two finite numbers is not bad")
