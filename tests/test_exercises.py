"""The exercises and ``gradstep check``, tested on learners' code, right and wrong.

Every catalogued mistake has a learner's version here, written out as a
learner would type it (not generated from the catalogue's variants), and
``gradstep check`` must name that mistake. A correct version of every
exercise, also written out here, must pass. Independent oracles: central
differences for the derivatives, and the hand-worked numbers of the notes.

To keep the suite quick, one learner's file holds one function per
exercise, so that one child process checks up to seven of them.
"""

from __future__ import annotations

import doctest
import math
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SOURCE_ENV, run_example

from gradstep.commandline.cli import main
from gradstep.exercises import (
    EXERCISES,
    MISTAKES,
    Exercise,
    exercise_named,
    mistakes_of,
    starter_text,
)
from gradstep.exercises.answers import agree, answer_of, measure
from gradstep.exercises.cases import cases_for
from gradstep.exercises.checker import check_file

HEADER = "from gradstep.descent import Step\n\n"

CORRECT = {
    "error": """
def error(prediction, target):
    return prediction - target
""",
    "mean_squared_error": """
def mean_squared_error(predictions, targets):
    total = 0.0
    for prediction, target in zip(predictions, targets):
        total += (prediction - target) ** 2
    return total / len(predictions)
""",
    "d_squared_error_d_error": """
def d_squared_error_d_error(error):
    n = 2
    return n * error ** (n - 1)
""",
    "chain": """
def chain(*local_derivatives):
    product = 1
    for local_derivative in local_derivatives:
        product = product * local_derivative
    return product
""",
    "gradient": """
def gradient(weight, bias, xs, ys):
    n = len(xs)
    d_weight = d_bias = 0.0
    for x, y in zip(xs, ys):
        error = weight * x + bias - y
        d_weight += 2 * error * x
        d_bias += 2 * error
    return d_weight / n, d_bias / n
""",
    "gradient_step": """
def gradient_step(value, derivative, learning_rate):
    return value - learning_rate * derivative
""",
    "descend": """
def descend(gradient_and_loss, start, learning_rate, steps):
    weight, bias = start
    d_weight, d_bias, loss = gradient_and_loss(weight, bias)
    records = [Step(0, weight, bias, loss, (d_weight, d_bias))]
    for step in range(1, steps + 1):
        weight = weight - learning_rate * d_weight
        bias = bias - learning_rate * d_bias
        d_weight, d_bias, loss = gradient_and_loss(weight, bias)
        records.append(Step(step, weight, bias, loss, (d_weight, d_bias)))
    return records
""",
}


def gradient_with(
    error: str = "weight * x + bias - y",
    d_weight: str = "2 * error * x",
    d_bias: str = "2 * error",
    divide: str = "n",
    returned: str = "d_weight / {divide}, d_bias / {divide}",
) -> str:
    returned = returned.format(divide=divide)
    return f"""
def gradient(weight, bias, xs, ys):
    n = len(xs)
    d_weight = d_bias = 0.0
    for x, y in zip(xs, ys):
        error = {error}
        d_weight += {d_weight}
        d_bias += {d_bias}
    return {returned}
"""


def loop_with(
    before: str = "",
    step: str = "",
    record: str = "loss",
    stop: str = "steps + 1",
    first: str = "[Step(0, weight, bias, loss, (d_weight, d_bias))]",
    sign: str = "-",
    refresh: str = "d_weight, d_bias, loss = gradient_and_loss(weight, bias)",
) -> str:
    return f"""
def descend(gradient_and_loss, start, learning_rate, steps):
    weight, bias = start
    d_weight, d_bias, loss = gradient_and_loss(weight, bias)
    records = {first}
    for step in range(1, {stop}):
        {before or "pass"}
        weight = weight {sign} learning_rate * d_weight
        {step or "pass"}
        bias = bias {sign} learning_rate * d_bias
        {refresh}
        records.append(Step(step, weight, bias, {record}, (d_weight, d_bias)))
    return records
"""


# One learner's function per catalogued mistake, each making that mistake and no other.
WRONG = {
    "error-sign": "def error(prediction, target):\n    return target - prediction\n",
    "error-abs": "def error(prediction, target):\n    return abs(prediction - target)\n",
    "error-squared": "def error(prediction, target):\n    return (prediction - target) ** 2\n",
    "loss-sum": """
def mean_squared_error(predictions, targets):
    return sum((p - t) ** 2 for p, t in zip(predictions, targets))
""",
    "loss-n-minus-1": """
def mean_squared_error(predictions, targets):
    return sum((p - t) ** 2 for p, t in zip(predictions, targets)) / (len(targets) - 1)
""",
    "loss-half": """
def mean_squared_error(predictions, targets):
    n = len(targets)
    return 1 / (2 * n) * sum((p - t) ** 2 for p, t in zip(predictions, targets))
""",
    "loss-absolute": """
def mean_squared_error(predictions, targets):
    return sum(abs(p - t) for p, t in zip(predictions, targets)) / len(targets)
""",
    "loss-root": """
import math
def mean_squared_error(predictions, targets):
    return math.sqrt(sum((p - t) ** 2 for p, t in zip(predictions, targets)) / len(targets))
""",
    "loss-square-of-mean": """
def mean_squared_error(predictions, targets):
    mean_error = sum(p - t for p, t in zip(predictions, targets)) / len(targets)
    return mean_error ** 2
""",
    "derivative-missing-2": "def d_squared_error_d_error(error):\n    return error\n",
    "derivative-exponent-kept": "def d_squared_error_d_error(error):\n    return 2 * error ** 2\n",
    "derivative-is-loss": "def d_squared_error_d_error(error):\n    return error * error\n",
    "derivative-sign": "def d_squared_error_d_error(error):\n    return -2 * error\n",
    "chain-sum": """
def chain(*local_derivatives):
    total = 0
    for local_derivative in local_derivatives:
        total += local_derivative
    return total
""",
    "chain-return-in-loop": """
def chain(*local_derivatives):
    product = 1
    for local_derivative in local_derivatives:
        product *= local_derivative
        return product
""",
    "chain-from-0": """
def chain(*local_derivatives):
    product = 0
    for local_derivative in local_derivatives:
        product *= local_derivative
    return product
""",
    "chain-last-dropped": """
def chain(*local_derivatives):
    product = 1
    for i in range(len(local_derivatives) - 1):
        product *= local_derivatives[i]
    return product
""",
    "gradient-missing-2": gradient_with(d_weight="error * x", d_bias="error"),
    "gradient-sign": gradient_with(error="y - (weight * x + bias)"),
    "gradient-sum": gradient_with(returned="d_weight, d_bias"),
    "gradient-n-minus-1": gradient_with(divide="(n - 1)"),
    "gradient-x-left-out": gradient_with(d_weight="2 * error"),
    "gradient-x-in-bias": gradient_with(d_bias="2 * error * x"),
    "gradient-swapped": gradient_with(returned="d_bias / n, d_weight / n"),
    "gradient-no-bias": gradient_with(error="weight * x - y"),
    "step-plus": "def gradient_step(value, derivative, learning_rate):\n"
    "    return value + learning_rate * derivative\n",
    "step-no-rate": "def gradient_step(value, derivative, learning_rate):\n"
    "    return value - derivative\n",
    "step-divided": "def gradient_step(value, derivative, learning_rate):\n"
    "    return value - derivative / learning_rate\n",
    "step-value-left-out": "def gradient_step(value, derivative, learning_rate):\n"
    "    return -learning_rate * derivative\n",
    "loop-loss-before-step": loop_with(
        before="old_loss = gradient_and_loss(weight, bias)[2]", record="old_loss"
    ),
    "loop-weight-first": loop_with(
        before="d_weight = gradient_and_loss(weight, bias)[0]",
        step="d_bias = gradient_and_loss(weight, bias)[1]",
        refresh="loss = gradient_and_loss(weight, bias)[2]",
    ),
    "loop-plus": loop_with(sign="+"),
    "loop-gradient-once": loop_with(refresh="loss = gradient_and_loss(weight, bias)[2]"),
    "loop-no-start": loop_with(first="[]"),
    "loop-one-short": loop_with(stop="steps"),
}


def learner_files() -> list[tuple[str, list[str]]]:
    """The wrong functions packed into files, at most one per exercise in each file."""
    by_exercise = [[m.key for m in mistakes_of(e.name)] for e in EXERCISES]
    files = []
    for k in range(max(len(keys) for keys in by_exercise)):
        keys = [keys[k] for keys in by_exercise if k < len(keys)]
        files.append((HEADER + "\n\n".join(WRONG[key] for key in keys), keys))
    return files


def test_every_catalogued_mistake_has_a_learners_file_here() -> None:
    assert set(WRONG) == {mistake.key for mistake in MISTAKES}
    assert len({mistake.key for mistake in MISTAKES}) == len(MISTAKES)


def test_the_lessons_agree_with_central_differences_on_every_case() -> None:
    for exercise in EXERCISES:
        for case in cases_for(exercise):
            measured = measure(exercise, case)
            if measured is not None:
                assert agree(answer_of(exercise, exercise.reference, case), measured, 1e-6)


def test_every_mistake_differs_from_the_lesson_and_from_every_other_mistake() -> None:
    # Otherwise a diagnosis could name the wrong mistake, or pass a wrong answer.
    for exercise in EXERCISES:
        cases = cases_for(exercise)
        answers = {"the lesson": [answer_of(exercise, exercise.reference, c) for c in cases]}
        for mistake in mistakes_of(exercise.name):
            answers[mistake.key] = [answer_of(exercise, mistake.variant, c) for c in cases]
        for first, first_answers in answers.items():
            for second, second_answers in answers.items():
                if first < second:
                    assert not all(map(agree, first_answers, second_answers)), (first, second)


def test_the_cases_are_repeatable_and_vary_in_size_and_scale() -> None:
    gradient_cases = cases_for(exercise_named("gradient"))
    assert gradient_cases == cases_for(exercise_named("gradient"))
    assert gradient_cases != cases_for(exercise_named("gradient"), seed=14)
    sizes = {len(case[2]) for case in gradient_cases}
    scales = {round(math.log10(max(abs(x) for x in case[2]))) for case in gradient_cases[1:]}
    assert sizes == {2, 3, 8, 50}
    assert scales == {-3, 0, 3}


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda exercise: exercise.name)
def test_each_starter_file_compiles_and_its_example_holds_for_the_lesson(
    exercise: Exercise,
) -> None:
    text = starter_text(exercise)
    compile(text, exercise.starter_name, "exec")
    assert exercise.formula.splitlines()[0] in text
    assert "raise NotImplementedError" in text
    # The example in the starter's docstring, run on the lesson itself.
    namespace: dict[str, object] = {exercise.name: exercise.reference}
    parser = doctest.DocTestParser()
    test = parser.get_doctest(exercise.example, namespace, exercise.name, None, 0)
    runner = doctest.DocTestRunner()
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_a_correct_file_passes_every_exercise(tmp_path: Path) -> None:
    path = tmp_path / "mine.py"
    path.write_text(HEADER + "\n".join(CORRECT.values()), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "check", str(path)],
        capture_output=True,
        text=True,
        env=SOURCE_ENV,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    lines = completed.stdout.splitlines()
    for exercise in EXERCISES:
        assert any(
            line.startswith(f"{exercise.number} {exercise.name}: passed (") for line in lines
        )
    assert lines[-1] == "All 7 exercises in mine.py passed."
    assert "mine" not in sys.modules  # the learner's file ran in the child only


def test_gradstep_check_names_every_catalogued_mistake(tmp_path: Path) -> None:
    files = learner_files()
    paths = []
    for index, (text, _) in enumerate(files):
        paths.append(tmp_path / f"attempt_{index}.py")
        paths[-1].write_text(text, encoding="utf-8")
    # Each check is a child process of its own, so they may run side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda path: check_file(path, time_limit=20), paths))
    named = set()
    for report, (_, keys) in zip(reports, files):
        assert not report.passed
        output = "\n".join(report.lines())
        for key in keys:
            mistake = next(m for m in MISTAKES if m.key == key)
            exercise = exercise_named(mistake.exercise)
            expected = f"{exercise.number} {exercise.name}: wrong: {mistake.title}. "
            assert expected in output, (key, output)
            assert f"Read {mistake.read}." in output
            named.add(key)
    assert named == set(WRONG)


LINE_OF_TROUBLE = """def error(prediction, target):
    print("thinking..." * 1000)
    prediction - target


def mean_squared_error(predictions, targets):
    return 1.5 * sum((p - t) ** 2 for p, t in zip(predictions, targets)) / len(targets)


def d_squared_error_d_error(error, n):
    return n * error ** (n - 1)


def chain(*local_derivatives):
    product = 1.0
    while product != 0.0:
        product = product * 1.0
    return product


def gradient(weight, bias, xs, ys):
    errors = [weight * x + bias - y for x, y in zip(xs, ys)]
    return sum(2 * e * x for e, x in zip(errors, xs)) / len(xs), sum(errors) / len(xs) * 3


def gradient_step(value, derivative, learning_rate):
    return value - learning_rate * derivative[0]


def descend(gradient_and_loss, start, learning_rate, steps):
    return [(0, start[0], start[1])]
"""


def test_endless_loops_exceptions_and_wrong_shapes_are_sentences(tmp_path: Path) -> None:
    path = tmp_path / "trouble.py"
    path.write_text(LINE_OF_TROUBLE, encoding="utf-8")
    source = LINE_OF_TROUBLE.splitlines()

    def line_of(code: str) -> int:
        return source.index(code) + 1

    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "check", str(path), "--time-limit", "1"],
        capture_output=True,
        text=True,
        env=SOURCE_ENV,
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stderr == ""
    lines = completed.stdout.splitlines()
    assert lines[0] == (
        "1 error: returned None: is a `return` missing? The exercise wants a number, when "
        "called as error(7.5, 5.0)."
    )
    assert lines[1].startswith(
        "2 mean_squared_error: wrong, and not a mistake gradstep knows. The first wrong "
        "number: mean_squared_error([3.0, 3.0, 8.0], [2.0, 5.0, 5.0]) gave 7, expected "
        "4.666666667."
    )
    assert "On every case, its answer is 1.5 times the lesson's" in lines[1]
    assert lines[2].startswith(
        "3 d_squared_error_d_error: cannot be called as the exercise calls it, "
        "d_squared_error_d_error(1.5): missing a required argument: 'n'."
    )
    assert lines[3] == (
        "4 chain: did not finish within 1 s (an endless loop, or too much work?). It was "
        f"stopped at trouble.py, line {line_of('        product = product * 1.0')}: "
        "`product = product * 1.0`. Check that every loop ends (a range, or a condition "
        "that becomes false) and that nothing grows huge."
    ) or lines[3].startswith(  # stopped on the loop's test rather than its body
        "4 chain: did not finish within 1 s (an endless loop, or too much work?). It was "
        f"stopped at trouble.py, line {line_of('    while product != 0.0:')}: "
        "`while product != 0.0:`."
    )
    # The exercises after the endless loop are still checked, in a fresh process.
    d_bias = (2 * (2 * 3 + 1 - 5) + 2 * (2 * 1 + 1 - 4)) / 2  # the notes' example, by hand
    assert lines[4].startswith(
        "5 gradient: wrong, and not a mistake gradstep knows. The first wrong number: "
        f"gradient(2.0, 1.0, [3.0, 1.0], [5.0, 4.0]) gave d_loss_d_bias = 1.5, expected {d_bias:g} "
        f"(central differences of the loss measure {d_bias:g})."
    )
    assert "On every case, d_loss_d_bias is 1.5 times the lesson's" in lines[4]
    assert lines[5] == (
        "6 gradient_step: raised TypeError: 'float' object is not subscriptable at "
        f"trouble.py, line {line_of('    return value - learning_rate * derivative[0]')}: "
        "`return value - learning_rate * derivative[0]`, when called as "
        "gradient_step(2.0, 5.0, 0.1)."
    )
    assert lines[6].startswith(
        "7 descend: returned a sequence of 1 item, where the exercise wants a list of Step "
        "records (from gradstep.descent import Step), the start first, when called as descend("
    )
    assert lines[7] == "0 of 7 exercises in trouble.py passed."
    assert "Traceback" not in completed.stdout


TOO_LARGE = """\
from fractions import Fraction


def error(prediction, target):
    return 10**400


def chain(*local_derivatives):
    return -(10**5000)  # past 4300 digits: Python will not even print it


def gradient(weight, bias, xs, ys):
    return [1.5, 3 * 10**400]


def gradient_step(value, derivative, learning_rate):
    return Fraction(10**400, 3)
"""


def test_an_answer_too_large_for_a_float_is_described_as_it_is(tmp_path: Path) -> None:
    path = tmp_path / "large.py"
    path.write_text(TOO_LARGE, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "check", str(path)],
        capture_output=True,
        text=True,
        env=SOURCE_ENV,
        timeout=120,
    )
    assert completed.returncode == 1
    assert completed.stderr == ""
    too_large = "too large for a float (which stops near 1.8e308)"
    assert completed.stdout.splitlines() == [
        f"1 error: returned a whole number near 1e+400, {too_large}, where the exercise "
        "wants a number, when called as error(7.5, 5.0).",
        f"4 chain: returned a whole number near -1e+5000, {too_large}, where the exercise "
        "wants a number, when called as chain(4.0, 3.0).",
        f"5 gradient: returned a sequence of 2 items, of which item 1 is a whole number near "
        f"3e+400, {too_large}, where the exercise wants a pair of numbers (d_loss_d_weight, "
        "d_loss_d_bias), when called as gradient(2.0, 1.0, [3.0, 1.0], [5.0, 4.0]).",
        f"6 gradient_step: returned a Fraction, {too_large}, where the exercise wants a "
        "number, when called as gradient_step(2.0, 5.0, 0.1).",
        "0 of 4 exercises in large.py passed.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "def error(prediction, target)\n    return 1\n",
            "bad.py cannot be run: SyntaxError: expected ':' at bad.py, line 1: "
            "`def error(prediction, target)`.",
        ),
        (
            "import sys\nsys.exit(3)\n",
            "bad.py cannot be run: SystemExit: 3 at bad.py, line 2: `sys.exit(3)`.",
        ),
        (
            "def mean(xs):\n    return sum(xs) / len(xs)\n",
            "bad.py defines none of the exercise functions (error, mean_squared_error, "
            "d_squared_error_d_error, chain, gradient, gradient_step, descend). Name your "
            "function as the exercise does; `gradstep exercise` lists them and `gradstep "
            "exercise NAME` writes a starter file.",
        ),
        ("from gradstep.gradient import gradient\n", "bad.py defines none of the exercise"),
        (
            "x = 1\nraise KeyboardInterrupt\n",
            "bad.py cannot be run: KeyboardInterrupt at bad.py, line 2: `raise KeyboardInterrupt`.",
        ),
        (
            "def error(prediction, target):\n    raise KeyboardInterrupt\n",
            "1 error: raised KeyboardInterrupt at bad.py, line 2: `raise KeyboardInterrupt`, "
            "when called as error(7.5, 5.0).",
        ),
    ],
    ids=[
        "syntax error",
        "exit when loaded",
        "no exercise",
        "the lesson imported",
        "KeyboardInterrupt when loaded",
        "KeyboardInterrupt in a function",
    ],
)
def test_a_file_that_cannot_be_checked_gets_one_sentence(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "bad.py"
    path.write_text(text, encoding="utf-8")
    report = check_file(path, time_limit=20)
    assert not report.passed
    assert report.lines()[0].startswith(expected)


def test_a_fresh_starter_is_not_written_yet_and_is_never_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["exercise", "7"]) == 0
    output = capsys.readouterr().out
    assert output.startswith("Exercise 7: the four-step loop\n")
    assert "Step 2: take a step in the direction of steepest descent." in output
    assert "Wrote exercise_7_descend.py" in output
    assert main(["check", "exercise_7_descend.py", "--time-limit", "20"]) == 1
    assert "7 descend: not written yet: its body still raises NotImplementedError" in (
        capsys.readouterr().out
    )
    starter = tmp_path / "exercise_7_descend.py"
    starter.write_text("# my work\n", encoding="utf-8")
    assert main(["exercise", "descend"]) == 1
    assert "is already there, and gradstep never writes over a file" in capsys.readouterr().err
    assert starter.read_text(encoding="utf-8") == "# my work\n"


def test_the_list_and_the_usage_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["exercise"]) == 0
    listing = capsys.readouterr().out
    for exercise in EXERCISES:
        assert f"  {exercise.number}  {exercise.name} " in listing
    assert main(["exercise", "8"]) == 2
    assert "There is no exercise '8'. The exercises are: 1 error, 2 mean_squared_error" in (
        capsys.readouterr().err
    )
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "folder.py").mkdir()
    (tmp_path / "mine.py").write_text(CORRECT["error"], encoding="utf-8")
    for arguments, message in [
        (["check", "missing.py"], "missing.py: no such file."),
        (["check", "notes.txt"], "notes.txt is not a Python file"),
        (["check", "folder.py"], "folder.py is a folder"),
        (["check", "mine.py", "--time-limit", "0"], "The time limit is 0 seconds"),
    ]:
        assert main(arguments) == 2
        assert capsys.readouterr().err.startswith(f"gradstep check: {message}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.py", "mine.py", "notes.txt"]


def test_example_13_runs_from_any_folder_and_shows_the_round_trip(tmp_path: Path) -> None:
    completed = run_example("13_exercises.py", cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "5 gradient: wrong: x put into d(loss)/d(bias)." in completed.stdout
    assert "5 gradient: wrong: y - y_hat for y_hat - y (a sign)." in completed.stdout
    assert "5 gradient: passed (10 cases)." in completed.stdout
    assert "What to notice:" in completed.stdout
    assert list(tmp_path.iterdir()) == []  # its scratch folder is gone


def test_the_readme_counts_the_mistakes_and_lists_the_exercises() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"a catalogue of {len(MISTAKES)} mistakes" in readme
    listed = ", ".join(f"{exercise.number} {exercise.name}" for exercise in EXERCISES[:3])
    assert listed in readme


def test_a_function_that_ends_python_is_reported_and_the_rest_still_checked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ends.py"
    path.write_text(
        "import os\nimport threading\n\n\ndef error(prediction, target):\n    os._exit(7)\n\n\n"
        "def chain(*local_derivatives):\n"
        "    threading.Thread(target=lambda: threading.Event().wait()).start()\n"
        "    return local_derivatives[0] * chain(*local_derivatives[1:]) "
        "if local_derivatives else 1.0\n",
        encoding="utf-8",
    )
    lines = check_file(path, time_limit=20).lines()
    assert lines[0].startswith("1 error: ended its process (exit status 7) before returning")
    assert lines[1] == "4 chain: passed (7 cases)."  # a thread left running does not hang it


@pytest.mark.parametrize(
    ("d_weight", "d_bias", "expected"),
    [
        (
            "2 * error * x",
            "error",
            "5 gradient: d_loss_d_weight is right; wrong in "
            "d_loss_d_bias, the missing 2 of the power rule (or the 1/2 convention).",
        ),
        (
            "2 * error * x * n",
            "2 * error * x",
            "5 gradient: wrong in d_loss_d_weight, a sum where the mean belongs.",
        ),
    ],
    ids=["one number wrong", "each number its own mistake"],
)
def test_each_number_of_the_gradient_is_diagnosed_apart(
    tmp_path: Path, d_weight: str, d_bias: str, expected: str
) -> None:
    path = tmp_path / "halfway.py"
    path.write_text(gradient_with(d_weight=d_weight, d_bias=d_bias), encoding="utf-8")
    line = check_file(path, time_limit=20).lines()[0]
    assert line.startswith(expected)
    if "x * n" in d_weight:
        assert " And in d_loss_d_bias, x put into d(loss)/d(bias). " in line


def test_an_endless_loop_outside_the_functions_is_found_while_loading(tmp_path: Path) -> None:
    path = tmp_path / "loads.py"
    path.write_text("steps = 0\nwhile steps < 10:\n    steps * 2\n", encoding="utf-8")
    # Nothing legitimate runs here, so a short limit cannot cut real work short.
    (line,) = check_file(path, time_limit=0.3).lines()
    assert line.startswith(
        "loads.py did not finish loading within 0.3 s (an endless loop, or too much work?). "
        "It was stopped at loads.py, line "
    )
    assert "Code outside the functions runs when the file is loaded" in line


def test_the_learners_code_runs_in_a_folder_of_its_own_that_is_removed_afterwards(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = tmp_path / "record"
    record.mkdir()
    where = record / "where.txt"
    path = tmp_path / "sweeps.py"
    path.write_text(
        "import glob\nimport os\n\nfor name in glob.glob('*'):\n    os.remove(name)\n\n\n"
        "def error(prediction, target):\n"
        "    for name in glob.glob('*'):\n        os.remove(name)\n"
        f"    with open({str(where)!r}, 'w') as handle:\n        handle.write(os.getcwd())\n"
        "    return prediction - target\n",
        encoding="utf-8",
    )
    decoy = tmp_path / "decoy.txt"
    decoy.write_text("my notes", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the learner's folder, as when they type the command
    lines = check_file("sweeps.py", time_limit=20).lines()
    assert lines[0].startswith("1 error: passed (")
    assert decoy.read_text(encoding="utf-8") == "my notes"
    assert path.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decoy.txt", "record", "sweeps.py"]
    worked_in = Path(where.read_text(encoding="utf-8"))
    assert worked_in.resolve() != tmp_path.resolve()
    assert not worked_in.exists()  # the temporary folder is gone


def test_a_process_the_learners_code_starts_does_not_outlive_the_check(tmp_path: Path) -> None:
    started, late = tmp_path / "started", tmp_path / "late"
    later = (
        f"import pathlib, time; pathlib.Path({str(started)!r}).touch(); "
        f"time.sleep(1.5); pathlib.Path({str(late)!r}).touch()"
    )
    path = tmp_path / "spawns.py"
    path.write_text(
        "import os\nimport subprocess\nimport sys\nimport time\n\n\n"
        "def error(prediction, target):\n"
        f"    if not os.path.exists({str(started)!r}):\n"
        f"        subprocess.Popen([sys.executable, '-c', {later!r}])\n"
        "        deadline = time.monotonic() + 20\n"
        f"        while not os.path.exists({str(started)!r}) and time.monotonic() < deadline:\n"
        "            time.sleep(0.01)\n"
        "    return prediction - target\n",
        encoding="utf-8",
    )
    lines = check_file(path, time_limit=30).lines()
    assert lines[0].startswith("1 error: passed (")
    assert started.exists()  # the grandchild did run, and was running when the check ended
    # It wrote `started` before the check returned; unkilled, it writes `late` within 1.5 s.
    time.sleep(2.0)
    assert not late.exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_signal_from_the_learners_code_gets_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "signals.py"
    path.write_text(
        "import os\nimport signal\n\n\ndef error(prediction, target):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n\n\n"
        "def chain(*local_derivatives):\n    os.kill(os.getppid(), signal.SIGTERM)\n",
        encoding="utf-8",
    )
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "check", str(path), "--time-limit", "20"],
        capture_output=True,
        text=True,
        env=SOURCE_ENV,
        timeout=120,
    )
    assert completed.stdout == ""
    assert completed.stderr == "gradstep check was stopped by a signal (SIGTERM).\n"
    assert completed.returncode == 128 + signal.SIGTERM
    path.write_text(
        "import os\nimport signal\n\n\ndef error(prediction, target):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n",
        encoding="utf-8",
    )
    assert check_file(path, time_limit=20).lines()[0] == (
        "1 error: its process was stopped by SIGKILL before returning: too much memory (the "
        "system stops such a process), a crash in C code, or a signal the code sent."
    )
