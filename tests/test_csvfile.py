"""Reading CSV files: columns, delimiters, encodings, and every error's FILE:LINE message."""

import itertools
import tracemalloc
from pathlib import Path

import pytest

from gradstep.commandline.csvfile import ColumnError, CsvError, CsvPairs


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
        ("2.5", "the row has 1 cell, so column 'y' (index 1) is missing"),
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
