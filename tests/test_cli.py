"""The command line, run as a user runs it: ``python -m gradstep ...`` in a subprocess.

Oracles: ``statistics.linear_regression`` and exact ``Fraction`` sums for the
printed fits, the loss recomputed from the data for ``--history``, and
NIST's certified value for a line through the origin.
"""

import csv
import io
import itertools
import json
import math
import statistics
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import REFERENCE_DATA, run_example, run_gradstep

from gradstep.commandline.progress import ProgressLine
from gradstep.datasets import forbes
from gradstep.fit import fit

BOILING, PRESSURE = forbes()


def run(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_gradstep(*arguments, cwd=cwd)


def printed(output: str) -> dict[str, str]:
    return dict(line.split(" = ", 1) for line in output.splitlines() if " = " in line)


@pytest.fixture
def forbes_csv(tmp_path: Path) -> Path:
    path = tmp_path / "forbes.csv"
    rows = "".join(f"{x},{y},{k}\n" for k, (x, y) in enumerate(zip(BOILING, PRESSURE)))
    path.write_text("boiling,pressure,place\n" + rows, encoding="utf-8")
    return path


def test_demo_prints_the_four_steps_and_both_text_charts() -> None:
    completed = run("demo")
    assert completed.returncode == 0, completed.stderr
    assert "Step 4: repeat steps 2 and 3." in completed.stdout
    assert "loss at each step (" in completed.stdout
    assert "data (" in completed.stdout and "and the line y = 0.5229 x - 81.06" in completed.stdout


def test_fit_prints_the_least_squares_line(forbes_csv: Path) -> None:
    completed = run("fit", str(forbes_csv))
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""  # not a terminal: no progress line
    values = printed(completed.stdout)
    assert set(values) == {
        "header",
        "x",
        "y",
        "rows",
        "weight",
        "bias",
        "loss",
        "steps",
        "converged",
    }
    assert values["header"] == "line 1" and values["rows"] == "17"
    assert values["x"] == "'boiling' (column 0)" and values["y"] == "'pressure' (column 1)"
    slope, intercept = statistics.linear_regression(BOILING, PRESSURE)
    assert math.isclose(float(values["weight"]), slope, rel_tol=1e-9)
    assert math.isclose(float(values["bias"]), intercept, rel_tol=1e-9)
    residuals = [y - (slope * x + intercept) for x, y in zip(BOILING, PRESSURE)]
    expected_loss = math.fsum(r * r for r in residuals) / len(residuals)
    assert math.isclose(float(values["loss"]), expected_loss, rel_tol=1e-8)
    assert values["converged"] == "yes"


def test_columns_by_name_and_by_index(forbes_csv: Path) -> None:
    by_name = printed(run("fit", str(forbes_csv), "--x", "pressure", "--y", "boiling").stdout)
    by_index = printed(run("fit", str(forbes_csv), "--x", "1", "--y", "0").stdout)
    slope, _ = statistics.linear_regression(PRESSURE, BOILING)
    assert math.isclose(float(by_name["weight"]), slope, rel_tol=1e-9)
    assert by_name == by_index


def test_no_bias_fits_a_line_through_the_origin(tmp_path: Path) -> None:
    xs, ys = [1.5, 2.5, 4.0, 5.5], [4.1, 5.9, 9.2, 12.5]
    path = tmp_path / "origin.csv"
    path.write_text("".join(f"{x};{y}\n" for x, y in zip(xs, ys)), encoding="utf-8")
    values = printed(run("fit", str(path), "--no-bias").stdout)
    exact = sum(Fraction(x) * Fraction(y) for x, y in zip(xs, ys)) / sum(
        Fraction(x) ** 2 for x in xs
    )
    assert math.isclose(float(values["weight"]), float(exact), rel_tol=1e-9)
    assert float(values["bias"]) == 0.0


def test_no_bias_on_nist_noint1_reaches_the_certified_slope() -> None:
    certified = json.loads((REFERENCE_DATA / "reference.json").read_text())["nist_noint1"]
    values = printed(run("fit", str(REFERENCE_DATA / "nist_noint1.csv"), "--no-bias").stdout)
    # NIST certifies 15 significant digits.
    assert math.isclose(
        float(values["weight"]), float(certified["certified"]["weight"]), rel_tol=1e-14
    )
    assert float(values["bias"]) == 0.0


def test_learning_rate_and_steps_run_plain_descent(forbes_csv: Path, tmp_path: Path) -> None:
    history_path = tmp_path / "history.csv"
    completed = run(
        "fit", str(forbes_csv), "--learning-rate", "0.00002", "--steps", "25",
        "--history", str(history_path),
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    values = printed(completed.stdout)
    assert values["steps"] == "25" and values["converged"] == "no"
    same = fit(BOILING, PRESSURE, learning_rate=0.00002, steps=25)
    assert math.isclose(float(values["weight"]), same.weight, rel_tol=1e-9)
    with history_path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == [
        "step", "units", "weight", "bias", "loss", "d_loss_d_weight", "d_loss_d_bias",
        "data_weight", "data_bias", "data_loss",
    ]  # fmt: skip
    assert [int(row["step"]) for row in rows] == list(range(26))
    for row, after in itertools.pairwise(rows):
        # The rule, redone from the printed digits: weight - 0.00002 * d(loss)/d(weight).
        for name in ("weight", "bias"):
            redone = float(row[name]) - 0.00002 * float(row[f"d_loss_d_{name}"])
            assert math.isclose(float(after[name]), redone, rel_tol=1e-12)
    for row in rows:
        assert row["units"] == "data"
        assert (row["data_weight"], row["data_bias"], row["data_loss"]) == (
            row["weight"], row["bias"], row["loss"],
        )  # fmt: skip
        weight, bias = float(row["weight"]), float(row["bias"])
        errors = [weight * x + bias - y for x, y in zip(BOILING, PRESSURE)]
        loss = math.fsum(error * error for error in errors) / len(errors)
        d_loss_d_bias = 2 * math.fsum(errors) / len(errors)
        assert math.isclose(float(row["loss"]), loss, rel_tol=1e-9)
        assert math.isclose(float(row["d_loss_d_bias"]), d_loss_d_bias, rel_tol=1e-6)
    losses = [float(row["loss"]) for row in rows]
    assert all(after <= before for before, after in itertools.pairwise(losses))


def test_default_history_is_in_standardised_units_with_the_line_in_the_data_units(
    forbes_csv: Path, tmp_path: Path
) -> None:
    history_path = tmp_path / "history.csv"
    completed = run("fit", str(forbes_csv), "--steps", "2", "--history", str(history_path))
    assert completed.returncode == 0, completed.stderr
    with history_path.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [row["units"] for row in rows] == ["standardised"] * 3
    # The default rate on standardised data is 2 / (lambda_max + lambda_min) = 2 / (2 + 2).
    for row, after in itertools.pairwise(rows):
        for name in ("weight", "bias"):
            redone = float(row[name]) - 0.5 * float(row[f"d_loss_d_{name}"])
            assert math.isclose(float(after[name]), redone, rel_tol=1e-12, abs_tol=1e-15)
    mean_x, mean_y = statistics.fmean(BOILING), statistics.fmean(PRESSURE)
    spread_x, spread_y = statistics.pstdev(BOILING), statistics.pstdev(PRESSURE)
    for row in rows:
        # v = weight_u * u + bias_u, u = (x - mean_x) / spread_x, v likewise, in the data's units.
        weight = float(row["weight"]) * spread_y / spread_x
        bias = mean_y + spread_y * float(row["bias"]) - weight * mean_x
        assert math.isclose(float(row["data_weight"]), weight, rel_tol=1e-12)
        assert math.isclose(float(row["data_bias"]), bias, rel_tol=1e-12)
        errors = [weight * x + bias - y for x, y in zip(BOILING, PRESSURE)]
        data_loss = math.fsum(error * error for error in errors) / len(errors)
        assert math.isclose(float(row["data_loss"]), data_loss, rel_tol=1e-9)
        assert math.isclose(float(row["loss"]), data_loss / spread_y**2, rel_tol=1e-9)
    slope, intercept = statistics.linear_regression(BOILING, PRESSURE)
    assert math.isclose(float(rows[-1]["data_weight"]), slope, rel_tol=1e-12)
    assert math.isclose(float(rows[-1]["data_bias"]), intercept, rel_tol=1e-12)


def test_svg_writes_fit_loss_and_surface_in_one_file(forbes_csv: Path, tmp_path: Path) -> None:
    picture = tmp_path / "forbes.svg"
    completed = run("fit", str(forbes_csv), "--svg", str(picture), "--quiet")
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    root = ET.fromstring(picture.read_text(encoding="utf-8"))
    titles = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "The data and the fitted line" in titles
    assert any(str(title).startswith("Loss at each step") for title in titles)
    assert "Loss over (weight, bias)" in titles
    # The data's axes carry the columns' names.
    assert "boiling" in titles and "pressure" in titles
    points = [
        element
        for element in root.iter("{http://www.w3.org/2000/svg}circle")
        if element.get("class") == "point"
    ]
    assert len(points) == len(BOILING)


def test_column_names_that_are_not_plain_words_label_the_axes(tmp_path: Path) -> None:
    path = tmp_path / "odd names.csv"
    rows = "".join(f"{x},{y}\n" for x, y in zip(BOILING, PRESSURE))
    path.write_text('"T <°F> & more",p (inHg)\n' + rows, encoding="utf-8")
    picture = tmp_path / "odd.svg"
    completed = run("fit", str(path), "--svg", str(picture), "--quiet")
    assert completed.returncode == 0, completed.stderr
    root = ET.fromstring(picture.read_text(encoding="utf-8"))
    titles = [element.text for element in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "T <°F> & more" in titles and "p (inHg)" in titles


def test_a_big_file_is_sampled_for_the_picture(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text(
        "x,y\n" + "".join(f"{k * 0.01},{3.5 * k * 0.01 + 2.25 + (k % 7 - 3) * 0.1}\n"
                          for k in range(30_000)),
        encoding="utf-8",
    )  # fmt: skip
    picture = tmp_path / "big.svg"
    completed = run("fit", str(path), "--svg", str(picture))
    assert completed.returncode == 0, completed.stderr
    text = picture.read_text(encoding="utf-8")
    assert text.count('class="point"') == 2000
    assert "2,000 of 30,000 points" in text


def test_quiet_still_prints_the_answer(forbes_csv: Path) -> None:
    completed = run("fit", str(forbes_csv), "--quiet")
    assert completed.returncode == 0 and completed.stderr == ""
    assert {"weight", "bias", "loss", "steps", "converged"} <= set(printed(completed.stdout))


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["--steps", "many"], "invalid int value: 'many'"),
        (["--learning-rate", "-0.5"], "--learning-rate is -0.5, but it must be"),
        (["--steps", "-3"], "The number of steps is -3"),
        (
            ["--x", "altitude"],
            "--x 'altitude' is not a column of this file. Available columns: "
            "'boiling' (index 0), 'pressure' (index 1), 'place' (index 2).",
        ),
        (["--y", "5"], "--y 5 is not a column: the file has 3 columns"),
    ],
)
def test_usage_errors_exit_2(forbes_csv: Path, arguments: list[str], expected: str) -> None:
    completed = run("fit", str(forbes_csv), *arguments)
    assert completed.returncode == 2
    assert expected in completed.stderr
    assert "Traceback" not in completed.stderr and completed.stdout == ""


def test_fit_without_a_file_is_a_usage_error() -> None:
    completed = run("fit")
    assert completed.returncode == 2
    assert "required: FILE.csv" in completed.stderr


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("x,y\n1.5,3.25\n2.5,high\n", "{path}:3: column 'y' (index 1) is 'high', not a number."),
        ("x,y\n1.5,3.25\n", "{path}:2: the file has only 1 data row, but fitting this line"),
        ("x,y\n", "{path}:1: the file has a header but no data rows."),
        ("", "{path}: the file is empty"),
        ("x,y\n1.5,3.25\n1.5,4.75\n", "Every x is the same value (1.5)"),
    ],
)
def test_data_errors_exit_1(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    completed = run("fit", str(path))
    assert completed.returncode == 1
    assert expected.format(path=path) in completed.stderr
    assert "Traceback" not in completed.stderr


def test_a_missing_file_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    completed = run("fit", str(missing))
    assert completed.returncode == 1
    assert completed.stderr.strip() == f"{missing}: no such file. Check the name and the folder."


def test_divergence_prints_the_diagnosis_and_exits_1(forbes_csv: Path, tmp_path: Path) -> None:
    history_path = tmp_path / "diverged.csv"
    completed = run(
        "fit", str(forbes_csv), "--learning-rate", "0.001", "--history", str(history_path)
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "Gradient descent diverged at step 1" in completed.stderr
    assert "any rate above 2.426e-05" in completed.stderr
    # The advice names the command's option, not the library's parameter; the stable
    # rate, between 2.425e-05 and 2.426e-05, is rounded up after "above", down after "below".
    assert completed.stderr.rstrip().endswith(
        "Use a --learning-rate below 2.425e-05, or leave --learning-rate out and let gradstep "
        "scale the data."
    )
    # The steps up to the blow-up are kept for study.
    assert len(history_path.read_text(encoding="utf-8").splitlines()) == 1 + 2


@pytest.mark.parametrize("rate", ["0", "-0.5"])
def test_a_learning_rate_that_is_not_positive_is_named_as_the_option(
    forbes_csv: Path, rate: str
) -> None:
    completed = run("fit", str(forbes_csv), "--learning-rate", rate)
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"gradstep fit: --learning-rate is {float(rate)!r}, but")
    assert "learning_rate" not in completed.stderr


def test_every_library_advice_reads_in_the_command_line_words() -> None:
    """Each message of the library that names learning_rate, through the command line's words."""
    from gradstep.checks import check_learning_rate, check_start_loss
    from gradstep.commandline.cli import in_command_line_words
    from gradstep.errors import GradstepError, divergence_error

    messages = [
        divergence_error([], step=3, previous_loss=2.5, loss=7.5, learning_rate=0.5,
                         stable_learning_rate=0.25),
        divergence_error([], step=3, previous_loss=2.5, loss=math.inf, learning_rate=0.5,
                         stable_learning_rate=math.nan),
        divergence_error([], step=3, previous_loss=2.5, loss=7e9, learning_rate=0.5,
                         stable_learning_rate=0.25, explosion_factor=1e6),
    ]  # fmt: skip
    for failing in (
        lambda: check_learning_rate(-1.0),
        lambda: check_start_loss(math.inf, weight=0.5, bias=0.25),
    ):
        with pytest.raises(GradstepError) as caught:
            failing()
        messages.append(caught.value)
    for message in messages:
        words = in_command_line_words(message)
        assert "learning_rate" not in words and " fit " not in words, words
        assert "--learning-rate" in words, words


def test_a_folder_as_the_picture_is_refused_before_reading(
    forbes_csv: Path, tmp_path: Path
) -> None:
    target = tmp_path / "a folder, not a file.svg"
    target.mkdir()
    completed = run("fit", str(forbes_csv), "--svg", str(target))
    assert completed.returncode == 2
    assert f"--svg {target}: is a folder. Name a file in it" in completed.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full")
def test_a_picture_that_cannot_be_written_exits_1(forbes_csv: Path) -> None:
    completed = run("fit", str(forbes_csv), "--svg", "/dev/full")
    assert completed.returncode == 1
    assert completed.stderr.strip() == (
        "/dev/full: cannot be written (No space left on device); no output file was changed."
    )


def test_version_and_help() -> None:
    assert run("--version").stdout.startswith("gradstep ")
    assert run().returncode == 2


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_line_waits_a_second_then_redraws_at_most_ten_times_a_second() -> None:
    clock, stream = FakeClock(), io.StringIO()
    progress = ProgressLine(stream, clock=clock)
    records = fit(BOILING, PRESSURE, learning_rate=0.00002, steps=400).history[1:]
    for record in records[:150]:
        clock.now += 0.005  # 150 steps in three quarters of a second: silent
        progress(record)
    assert stream.getvalue() == ""
    for record in records[150:]:
        clock.now += 0.005  # 200 steps a second from here on
        progress(record)
    progress.finish()
    drawn = stream.getvalue()
    assert drawn.endswith("\n") and drawn.count("\n") == 1
    redraws = drawn.split("\r")[1:]
    steps_drawn = [int(line.split()[1].replace(",", "")) for line in redraws]
    # A tenth of a second is 20 steps: no two redraws closer than that.
    assert all(after - before >= 20 for before, after in itertools.pairwise(steps_drawn))
    assert steps_drawn[0] in (200, 201)  # after one second (give or take rounding)
    assert 9 <= len(redraws) <= 11  # the last second, at ten a second
    assert "loss" in redraws[-1] and "200 steps/s" in redraws[-1]


def test_progress_line_ends_once_however_often_it_is_finished() -> None:
    clock, stream = FakeClock(), io.StringIO()
    progress = ProgressLine(stream, clock=clock)
    clock.now += 2.0
    progress.show("read 4,096 rows")
    progress.finish()
    progress.finish()  # after an error, and again on the way out
    assert stream.getvalue() == "\rread 4,096 rows\n"


def test_progress_line_says_nothing_for_a_short_run() -> None:
    stream = io.StringIO()
    progress = ProgressLine(stream, clock=FakeClock())
    for record in fit(BOILING, PRESSURE, learning_rate=0.00002, steps=5).history[1:]:
        progress(record)
    progress.finish()
    assert stream.getvalue() == ""


def test_fit_hands_every_step_to_the_progress_callback_in_data_units() -> None:
    seen: list[object] = []
    result = fit(BOILING, PRESSURE, steps=3, progress=seen.append)
    assert seen == result.history[1:]
    seen.clear()
    result = fit(BOILING, PRESSURE, learning_rate=0.00002, steps=4, progress=seen.append)
    assert seen == result.history[1:]


def test_example_08_writes_four_pictures_from_any_folder(tmp_path: Path) -> None:
    completed = run_example("08_pictures.py", str(tmp_path / "pictures"), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "What to notice:" in completed.stdout
    written = sorted(path.name for path in (tmp_path / "pictures").iterdir())
    assert written == ["1_fit.svg", "2_loss.svg", "3_surface.svg", "4_learning_rates.svg"]
    for name in written:
        ET.fromstring((tmp_path / "pictures" / name).read_text(encoding="utf-8"))
    # What the text says of the surface is what the picture draws: the start a green
    # dot, the bottom a vermillion one, and small dots at steps 1 to 11.
    surface = ET.fromstring((tmp_path / "pictures" / "3_surface.svg").read_text(encoding="utf-8"))
    circles = list(surface.iter("{http://www.w3.org/2000/svg}circle"))
    fills = {circle.get("class"): circle.get("fill") for circle in circles}
    assert fills["start"] == "#009E73" and fills["minimum"] == "#D55E00"  # Okabe-Ito
    assert sum(circle.get("class") == "path-point" for circle in circles) == 1 + 11
    words = " ".join(completed.stdout.split())
    assert "from the green dot (the start)" in words
    assert "the small dots, steps 1 to 11," in words
    assert "to the vermillion dot, the least-squares line" in words


@pytest.mark.parametrize("name", ["02_loss.py", "04_gradient.py", "05_four_steps.py"])
def test_examples_02_04_05_use_the_same_four_points_and_say_so(name: str) -> None:
    completed = run_example(name)
    assert completed.returncode == 0, completed.stderr
    first = completed.stdout.splitlines()[0]
    assert first.startswith("Data (the same four points as")
    assert first.endswith("[(1.0, 3.1), (2.0, 4.9), (3.0, 7.2), (4.0, 8.8)]")
    assert "-0.0000" not in completed.stdout


def test_a_data_error_found_after_reading_names_the_file(tmp_path: Path) -> None:
    same = tmp_path / "same.csv"
    same.write_text("x,y\n2.5,1.0\n2.5,3.0\n2.5,4.5\n", encoding="utf-8")
    completed = run("fit", str(same))
    assert completed.returncode == 1
    assert completed.stderr.startswith(f"{same}: Every x is the same value (2.5)")


def test_an_output_folder_that_does_not_exist_is_refused_before_reading(
    forbes_csv: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "no such folder" / "fit.svg"
    completed = run("fit", str(forbes_csv), "--svg", str(missing))
    assert completed.returncode == 2
    assert f"--svg {missing}: the folder {missing.parent} does not exist" in completed.stderr
    assert completed.stdout == ""
