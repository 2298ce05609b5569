"""Reading CSV files: columns, delimiters, encodings, and every error's FILE:LINE message."""

import io
import itertools
import tempfile
import tracemalloc
from decimal import Decimal
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep.commandline import csvlines
from gradstep.commandline.csvfile import (
    ColumnError,
    CsvError,
    CsvPairs,
    HeaderError,
    choose_delimiter,
    read_lines,
)
from gradstep.commandline.csvlines import MAX_LINE


def write(folder: Path, text: str, name: str = "data.csv", encoding: str = "utf-8") -> str:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_default_columns_are_the_first_two(tmp_path: Path) -> None:
    path = write(tmp_path, "height,weight,age\n1.5,60.5,31\n1.75,72.25,45\n")
    pairs = CsvPairs(path)
    assert list(pairs) == [(1.5, 60.5), (1.75, 72.25)]
    assert (pairs.x_name, pairs.y_name, pairs.rows) == ("height", "weight", 2)


def test_columns_by_name_and_by_index(tmp_path: Path) -> None:
    path = write(tmp_path, "height,weight,age\n1.5,60.5,31\n1.75,72.25,45\n")
    assert list(CsvPairs(path, x="age", y="height")) == [(31.0, 1.5), (45.0, 1.75)]
    assert list(CsvPairs(path, x=2, y="1")) == [(31.0, 60.5), (45.0, 72.25)]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(tmp_path: Path, delimiter: str) -> None:
    text = f"x{delimiter}y\n3.5{delimiter}7.25\n4.5{delimiter}9.75\n5.5{delimiter}11.0\n"
    assert list(CsvPairs(write(tmp_path, text))) == [(3.5, 7.25), (4.5, 9.75), (5.5, 11.0)]


def test_a_byte_order_mark_and_blank_lines_and_spaces_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffx,y\r\n\r\n 3.5 , 7.25\r\n\r\n,\r\n4.5,9.75\r\n\r\n")
    pairs = CsvPairs(path, x="x", y="y")
    assert pairs.header == ["x", "y"]
    assert list(pairs) == [(3.5, 7.25), (4.5, 9.75)]


def test_a_file_without_a_header_is_all_data(tmp_path: Path) -> None:
    pairs = CsvPairs(write(tmp_path, "3.5,7.25\n4.5,9.75\n"))
    assert pairs.header is None
    assert list(pairs) == [(3.5, 7.25), (4.5, 9.75)]
    assert pairs.x_name == "column 0"


def test_quoted_cells_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, '"boiling point, F","pressure"\n"194.5","20.79"\n"197.9","22.4"\n')
    assert list(CsvPairs(path, x="boiling point, F")) == [(194.5, 20.79), (197.9, 22.4)]


def message(error: pytest.ExceptionInfo[CsvError]) -> str:
    return str(error.value)


def test_a_cell_that_is_not_a_number_names_file_line_column_and_cell(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y\n1.5,3.25\n\n2.5,abc\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error) == (
        f"{path}:4: column 'y' (index 1) is 'abc', not a number. Fix the cell or remove the row."
    )


def test_a_decimal_comma_gets_a_hint(tmp_path: Path) -> None:
    path = write(tmp_path, "x;y\n1,5;3,25\n2,5;4,75\n")
    with pytest.raises(CsvError, match=r":2: column 'x' \(index 0\) is '1,5', not a number\. "):
        list(CsvPairs(path))
    with pytest.raises(CsvError, match="decimal comma"):
        list(CsvPairs(path))


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("2.5,", "column 'y' (index 1) is empty"),
        ("2.5,nan", "column 'y' (index 1) is 'nan'; every value must be a finite number"),
        ("inf,4.5", "column 'x' (index 0) is 'inf'; every value must be a finite number"),
        ("2.5", "this row has 1 cell, but the header (line 1) has 2; every row of the table"),
    ],
)
def test_bad_cells_are_named_with_their_line(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, f"x,y\n1.5,3.25\n{row}\n3.5,7.75\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error).startswith(f"{path}:3: {expected}")


def test_too_few_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y\n1.5,3.25\n\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error).startswith(f"{path}:2: the file has only 1 data row, but fitting")
    # A line through the origin is pinned down by one point.
    assert list(CsvPairs(path, min_rows=1)) == [(1.5, 3.25)]


def test_header_only(tmp_path: Path) -> None:
    path = write(tmp_path, "\nx,y\n\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error).startswith(f"{path}:2: the file has a header but no data rows")


@pytest.mark.parametrize("text", ["", "\n\n  \n", "\ufeff"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CsvError) as error:
        CsvPairs(path)
    assert message(error).startswith(f"{path}: the file is empty")


def test_no_such_file_and_a_folder(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.csv")
    with pytest.raises(CsvError) as error:
        CsvPairs(missing)
    assert message(error) == f"{missing}: no such file. Check the name and the folder."
    with pytest.raises(CsvError, match="is a folder"):
        CsvPairs(str(tmp_path))


def test_text_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y\n1.5,3.25\n2.5,4.75 \xb0C\n", encoding="latin-1")
    with pytest.raises(CsvError, match=r":3: this line is not UTF-8 text"):
        list(CsvPairs(path))


def test_a_missing_column_lists_the_available_ones(tmp_path: Path) -> None:
    path = write(tmp_path, "time,height\n1.5,3.25\n2.5,4.75\n")
    with pytest.raises(ColumnError) as error:
        CsvPairs(path, y="weight")
    assert message(error) == (
        f"{path}: --y 'weight' is not a column of this file. "
        f"Available columns: 'time' (index 0), 'height' (index 1)."
    )
    with pytest.raises(ColumnError, match=r"--x 7 is not a column: the file has 2 columns"):
        CsvPairs(path, x=7)


def test_one_column_is_not_enough(tmp_path: Path) -> None:
    path = write(tmp_path, "height\n3.25\n4.75\n")
    with pytest.raises(ColumnError, match=r":1: the file has only 1 column"):
        CsvPairs(path)


def test_rows_are_read_lazily(tmp_path: Path) -> None:
    # The bad row at the end is not reached while the first rows are taken.
    rows = "".join(f"{k},{3 * k + 2}\n" for k in range(5000))
    path = write(tmp_path, "x,y\n" + rows + "oops,1\n")
    assert list(itertools.islice(CsvPairs(path), 3)) == [(0.0, 2.0), (1.0, 5.0), (2.0, 8.0)]


def test_memory_stays_flat_for_a_long_file(tmp_path: Path) -> None:
    rows = "".join(f"{k * 0.5},{k * 1.5 + 2}\n" for k in range(200_000))
    path = write(tmp_path, "x,y\n" + rows)
    tracemalloc.start()
    count = sum(1 for _ in CsvPairs(path))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 200_000
    # 200,000 pairs held at once would take over 10 MB; a stream needs a few hundred kB.
    assert peak < 2_000_000


def test_a_delimiter_at_the_end_of_every_row_does_not_make_a_header(tmp_path: Path) -> None:
    pairs = CsvPairs(write(tmp_path, "1.5,3.25,\n2.5,5.5,\n4.0,8.75,\n"))
    assert pairs.header is None and pairs.header_line is None
    assert list(pairs) == [(1.5, 3.25), (2.5, 5.5), (4.0, 8.75)]
    named = CsvPairs(write(tmp_path, "x,y,\n1.5,3.25,\n2.5,5.5,\n", name="named.csv"))
    assert named.header == ["x", "y", ""] and list(named) == [(1.5, 3.25), (2.5, 5.5)]


@pytest.mark.parametrize("first_row", ["0,1", ",0,1", "0,1,2", "0,1,"])
def test_a_header_of_column_numbers_must_be_declared(tmp_path: Path, first_row: str) -> None:
    width = first_row.count(",") + 1
    rows = "".join(",".join(f"{k + 1.5 * c}" for c in range(width)) + "\n" for k in range(3))
    path = write(tmp_path, f"{first_row}\n{rows}")
    with pytest.raises(HeaderError) as error:
        CsvPairs(path)
    assert message(error) == (
        f"{path}:1: the first row, {first_row!r}, numbers the columns 0, 1, ... as pandas does "
        f"for unnamed columns, but it could be a data point. Say which: --header (it names the "
        f"columns) or --no-header (it is data)."
    )
    as_header = CsvPairs(path, header=True)
    assert as_header.header_line == 1 and len(list(as_header)) == 3
    if not first_row.startswith(","):  # with an empty cell first, the row is no data
        as_data = CsvPairs(path, header=False)
        assert as_data.header is None and len(list(as_data)) == 4


def test_header_forced_either_way(tmp_path: Path) -> None:
    path = write(tmp_path, "3.5,7.25\n4.5,9.75\n5.5,11.5\n")
    forced = CsvPairs(path, header=True, y="7.25")
    assert forced.header == ["3.5", "7.25"] and list(forced) == [(4.5, 9.75), (5.5, 11.5)]
    text = write(tmp_path, "x,y\n4.5,9.75\n5.5,11.5\n", name="text.csv")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(text, header=False))
    assert message(error).startswith(f"{text}:1: column 0 is 'x', not a number.")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "1,234.5,7.5",
            "this row has 3 cells, but the header (line 1) has 2; every row of the table needs "
            "the same number. Numbers written with a comma, a thousands separator (1,234.5) or a "
            "decimal comma (1,5), are split at it into two cells: write them with a decimal "
            "point and no separators (1234.5, 1.5), or quote them.",
        ),
        ("1,5,2,5", "this row has 4 cells, but the header (line 1) has 2; every row"),
        ("2.5,6.5,", "The line ends with an extra delimiter: remove it, or add one to every row."),
        ("2.5,6.5,abc", "A cell may hold the delimiter, ',': quote that cell."),
        ("2.5", "A cell is missing, or this row is not split at the delimiter, ','"),
    ],
)
def test_every_row_has_the_header_s_width(tmp_path: Path, row: str, expected: str) -> None:
    path = write(tmp_path, f"x,y\n1.5,3.25\n\n{row}\n3.5,7.75\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error).startswith(f"{path}:4: this row has")
    assert expected in message(error)


def test_without_a_header_the_first_row_sets_the_width(tmp_path: Path) -> None:
    path = write(tmp_path, "1.5;3.25\n2.5;5.75;8\n")
    with pytest.raises(CsvError) as error:
        list(CsvPairs(path))
    assert message(error).startswith(
        f"{path}:2: this row has 3 cells, but the first row (line 1) has 2;"
    )


def test_a_column_named_twice_is_refused_only_when_asked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "x,y,y\n1.5,3.25,9\n2.5,4.75,8\n")
    assert list(CsvPairs(path)) == [(1.5, 3.25), (2.5, 4.75)]
    assert list(CsvPairs(path, y=2)) == [(1.5, 9.0), (2.5, 8.0)]
    with pytest.raises(ColumnError) as error:
        CsvPairs(path, y="y")
    assert message(error) == (
        f"{path}:1: --y 'y' names 2 columns (index 1 and 2), so gradstep cannot tell which "
        f"you mean. Choose one by index, as --y 1, or rename the other."
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["x;y\n", "1,5;2,5\n", "3,5;4,5\n"], ";"),
        (["x|y\n", "1|2\n", "3|4\n", "5|6|7\n"], "|"),  # one ragged row does not sway it
        (["x\ty\n", "1\t2\n"], "\t"),
        (["x\n", "1\n"], ","),  # nothing fits: a comma, and the one-column error follows
        (['"a;b",c\n', "1,2\n", "3,4\n"], ","),  # a quoted delimiter is a character
    ],
)
def test_the_delimiter_rule(lines: list[str], expected: str) -> None:
    assert choose_delimiter(lines) == expected


def test_one_endless_line_is_refused_in_flat_memory(tmp_path: Path) -> None:
    path = tmp_path / "endless.csv"
    with path.open("w", encoding="utf-8") as file:
        file.write("x,y\n")
        for _ in range(100):
            file.write("1.5," * 100_000)  # 40 MB, no line break
    tracemalloc.start()
    with pytest.raises(CsvError) as error:
        list(CsvPairs(str(path)))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert message(error).startswith(
        f"{path}:2: this line is longer than {MAX_LINE:,} characters, so it is not a row"
    )
    # The line is read in pieces of MAX_LINE characters, never whole.
    assert peak < 5_000_000


def test_a_long_quoted_cell_that_never_closes_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, 'x,y\n1.5,"' + "2" * 90_000 + "\n" + "3\n" * 50_000)
    with pytest.raises(CsvError, match=r":\d+: field larger than field limit"):
        list(CsvPairs(path))


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("bad_line", [2, 3, 777, 4000])
def test_the_line_of_a_byte_that_is_not_utf8_is_exact(
    tmp_path: Path, ending: str, bom: str, bad_line: int
) -> None:
    # Far past the first block of text the reader decodes, and near its start.
    lines = [bom.encode() + b"x,y"] + [f"{k}.25,{k * 3}.5".encode() for k in range(4000)]
    lines[bad_line - 1] = b"7.25,8.5 \xb0C"
    path = tmp_path / "latin1.csv"
    path.write_bytes(ending.encode().join(lines) + ending.encode())
    with pytest.raises(CsvError) as error:
        list(CsvPairs(str(path), header=True))
    assert message(error).startswith(f"{path}:{bad_line}: this line is not UTF-8 text.")


def test_old_mac_line_ends_and_a_header_cell_with_a_line_break(tmp_path: Path) -> None:
    mac = CsvPairs(write(tmp_path, "x,y\r1.5,3.25\r2.5,5.75\r"))
    assert list(mac) == [(1.5, 3.25), (2.5, 5.75)]
    path = write(tmp_path, '\n"boiling\npoint",y\n1.5,3.25\n2.5,oops\n', name="broken.csv")
    pairs = CsvPairs(path, x="boiling\npoint")
    # The header starts on line 2; the bad cell is on line 5, after the break in the name.
    assert pairs.header_line == 2
    with pytest.raises(CsvError, match=r":5: column 'y' \(index 1\) is 'oops'"):
        list(pairs)


PIECES = st.text(alphabet='ab,;1.5 "é\x0c\u2028', max_size=9)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


@given(
    st.lists(st.tuples(PIECES, ENDINGS), max_size=12),
    st.booleans(),
    st.integers(min_value=1, max_value=9),
)
def test_lines_are_cut_as_python_reads_text_whatever_the_block_size(
    lines: list[tuple[str, str]], last_ended: bool, block: int
) -> None:
    text = "".join(piece + ending for piece, ending in lines)
    if lines and not last_ended:
        text = text[: -len(lines[-1][1])]
    data = text.encode("utf-8")
    # The oracle: Python's own reader of text, with the newline="" the csv module asks for.
    reference = list(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline=""))
    with patch.object(csvlines, "BLOCK", block):
        read = [line for lines in read_lines(io.BytesIO(data), "f.csv") for line in lines]
    assert read == reference


@given(
    st.lists(st.tuples(PIECES, ENDINGS), min_size=1, max_size=12),
    st.data(),
    st.integers(min_value=1, max_value=9),
)
def test_the_line_of_a_bad_byte_is_exact_whatever_the_block_size(
    lines: list[tuple[str, str]], data: st.DataObject, block: int
) -> None:
    encoded = [piece.encode("utf-8") + ending.encode() for piece, ending in lines]
    where = data.draw(st.integers(0, len(encoded) - 1))
    bad = data.draw(st.sampled_from([b"\xff", b"\xb0", b"\xc3", b"\xe2\x82"]))
    encoded[where] = encoded[where][:1] + bad + encoded[where][1:]
    raw = b"".join(encoded)
    # The oracle: the same bytes cut into lines as Latin-1 (which decodes any byte,
    # and has the same line ends), and the first line that fails as UTF-8.
    cut = list(io.TextIOWrapper(io.BytesIO(raw), encoding="latin-1", newline=""))
    expected = next(
        number for number, line in enumerate(cut, start=1) if not _decodes(line.encode("latin-1"))
    )
    with patch.object(csvlines, "BLOCK", block), pytest.raises(CsvError) as error:
        for _ in read_lines(io.BytesIO(raw), "f.csv"):
            pass
    assert message(error).startswith(f"f.csv:{expected}: this line is not UTF-8 text.")


def _decodes(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_excel_s_sep_line_names_the_delimiter(tmp_path: Path) -> None:
    path = write(tmp_path, "sep=;\r\nx;y\r\n1,5;3\r\n2.5;4.75\r\n")
    pairs = CsvPairs(path)
    assert (pairs.delimiter, pairs.header, pairs.header_line) == (";", ["x", "y"], 2)
    with pytest.raises(CsvError, match=r":3: column 'x' \(index 0\) is '1,5', not a number"):
        list(pairs)
    with pytest.raises(CsvError, match="the file is empty"):
        CsvPairs(write(tmp_path, "sep=,\n\n", name="only.csv"))


@pytest.mark.parametrize(
    ("row", "column", "cell"),
    [
        ("1e-400,2", "'x' (index 0)", "1e-400"),
        ("3,-2E-330", "'y' (index 1)", "-2E-330"),
        ("3, 0.000_5e-324", "'y' (index 1)", "0.000_5e-324"),
        ("0." + "0" * 400 + "7,1", "'x' (index 0)", "0." + "0" * 400 + "7"),
    ],
)
def test_a_number_too_small_for_a_float_is_refused_not_read_as_zero(
    tmp_path: Path, row: str, column: str, cell: str
) -> None:
    # The premise, from an independent reading: the cell is not 0, its float is.
    assert Decimal(cell) != 0 and float(cell) == 0.0
    path = write(tmp_path, f"x,y\n1,2\n{row}\n4,5\n")
    with pytest.raises(CsvError) as caught:
        list(CsvPairs(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:3: column {column} is {cell!r}, a number too small")
    assert "Multiply every value of the column by a power of ten" in message


@pytest.mark.parametrize("zero", ["0", "-0", "0.000000", "+0.0e-500", "0_0.0E7", " 0 "])
def test_zeros_however_written_are_read_as_zero(tmp_path: Path, zero: str) -> None:
    path = write(tmp_path, f"x,y\n1,2\n{zero},{zero}\n4,5\n")
    assert list(CsvPairs(path))[1] == (0.0, 0.0)


@given(
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"[0-9]{1,3}", fullmatch=True),
    st.from_regex(r"[0-9]{0,3}", fullmatch=True),
    st.integers(-420, 3),
)
def test_a_cell_is_refused_exactly_when_its_nonzero_number_underflows(
    sign: str, whole: str, fraction: str, exponent: int
) -> None:
    cell = f"{sign}{whole}.{fraction}e{exponent}"
    underflows = Decimal(cell) != 0 and float(cell) == 0.0  # the oracle: exact decimals
    with tempfile.TemporaryDirectory() as folder:
        pairs = CsvPairs(write(Path(folder), f"x,y\n1,2\n{cell},3\n4,5\n"))
        if underflows:
            with pytest.raises(CsvError, match=r":3: .* too small for a float to hold"):
                list(pairs)
        else:
            assert list(pairs)[1] == (float(cell), 3.0)
