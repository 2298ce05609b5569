"""``gradstep check FILE.py``: run a learner's exercises apart, compare, and say what is wrong.

The learner's file runs in a child process (``runner.py``) with a time
limit per exercise; this process never imports it. Each exercise function
the file defines is called on the seeded cases of ``cases.py``, and its
answers are compared with the lesson's (to 1e-9, relative) and, for the two
derivatives, with central differences of the loss, which measure a slope
with no calculus at all. A wrong answer is then compared with every wrong
variant in ``mistakes.py``; the one it reproduces on every case is named.
When none does, the first wrong number is shown: which call, expected, got.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gradstep.derivatives import central_difference
from gradstep.errors import GradstepError
from gradstep.exercises.cases import SEED, Case, cases_for
from gradstep.exercises.catalogue import EXERCISES, Exercise
from gradstep.exercises.mistakes import Mistake, mistakes_of
from gradstep.gradient import gradient_and_loss
from gradstep.loss import mean_squared_error

RUNNER = Path(__file__).with_name("runner.py")
TIME_LIMIT = 5.0
REL_TOL = 1e-9  # the lesson against the learner: the same formula, summed in another order
MEASURED_REL_TOL = 1e-6  # central differences: exact for a quadratic loss, up to rounding

Answer = tuple[tuple[float, ...], ...]  # every answer as rows of numbers, to compare alike


@dataclass(frozen=True)
class Verdict:
    """What ``gradstep check`` says of one exercise: a line, and the mistake it named if any."""

    exercise: Exercise
    passed: bool
    line: str
    mistake: Mistake | None = None


@dataclass(frozen=True)
class Report:
    """What ``gradstep check`` found in one file."""

    file: str
    verdicts: tuple[Verdict, ...]
    problem: str | None = None

    @property
    def passed(self) -> bool:
        """True when the file defines exercises and every one of them passed."""
        return self.problem is None and bool(self.verdicts) and all(v.passed for v in self.verdicts)

    def lines(self) -> list[str]:
        """The report as printed: one line per exercise, then a summary."""
        if self.problem is not None:
            return [self.problem]
        lines = [f"{v.exercise.number} {v.exercise.name}: {v.line}" for v in self.verdicts]
        passed = sum(v.passed for v in self.verdicts)
        total = len(self.verdicts)
        name = os.path.basename(self.file)
        if passed == total > 1:
            lines.append(f"All {total} exercises in {name} passed.")
        else:
            lines.append(
                f"{passed} of {total} exercise{'s' if total > 1 else ''} in {name} passed."
            )
        return lines


def check_file(
    path: str | os.PathLike[str], *, time_limit: float = TIME_LIMIT, seed: int = SEED
) -> Report:
    """Check every exercise function a learner's file defines, each in a child process."""
    file = usable_file(path)
    if not (math.isfinite(time_limit) and time_limit > 0):
        raise GradstepError(
            f"The time limit is {time_limit:g} seconds; it must be a positive number of seconds."
        )
    cases = {exercise.name: cases_for(exercise, seed) for exercise in EXERCISES}
    outcomes = run_apart(file, cases, time_limit)
    name = os.path.basename(file)
    loading = outcomes.get("<import>", {})
    if "stuck" in loading:
        return Report(
            file,
            (),
            f"{name} did not finish loading within {time_limit:g} s "
            f"(an endless loop?){at_line(file, loading['stuck'])}. Code outside the "
            "functions runs when the file is loaded: put it under "
            '`if __name__ == "__main__":`.',
        )
    if "raised" in loading:
        raised = loading["raised"]
        return Report(
            file,
            (),
            f"{name} cannot be run: {raised['type']}: {raised['message']}"
            f"{at_line(file, raised.get('line'), raised.get('text'))}.",
        )
    if "crashed" in loading:
        return Report(file, (), f"{name}: {loading['crashed']}")
    verdicts = tuple(
        judge(exercise, cases[exercise.name], outcomes[exercise.name], file, time_limit)
        for exercise in EXERCISES
        if exercise.name in outcomes and not outcomes[exercise.name].get("missing")
    )
    if not verdicts:
        names = ", ".join(exercise.name for exercise in EXERCISES)
        return Report(
            file,
            (),
            f"{name} defines none of the exercise functions ({names}). "
            "Name your function as the exercise does; `gradstep exercise` lists them "
            "and `gradstep exercise NAME` writes a starter file.",
        )
    return Report(file, verdicts)


def usable_file(path: str | os.PathLike[str]) -> str:
    """The path, if it is a Python file that exists; else a GradstepError that says so."""
    file = os.fspath(path)
    if not file.endswith(".py"):
        raise GradstepError(
            f"{file} is not a Python file: give a file whose name ends in .py, "
            "such as one `gradstep exercise NAME` wrote."
        )
    if os.path.isdir(file):
        raise GradstepError(f"{file} is a folder: give the Python file inside it to check.")
    if not os.path.isfile(file):
        raise GradstepError(
            f"{file}: no such file. Check the name and the folder, or write a "
            "starter file with `gradstep exercise NAME`."
        )
    return os.path.abspath(file)


def run_apart(file: str, cases: dict[str, list[Case]], time_limit: float) -> dict[str, Any]:
    """Run the exercises in child processes; after an endless loop, go on in a fresh one."""
    outcomes: dict[str, Any] = {}
    remaining = [exercise for exercise in EXERCISES]
    while True:
        events, stuck, status, errors = one_child(file, remaining, cases, time_limit)
        running = None
        for event in events:
            if event.get("event") == "start":
                running = event["name"]
            elif event.get("event") == "done":
                outcomes[event["name"]] = event
                running = None
        if running is None and "<import>" not in outcomes:
            tail = errors.strip().splitlines()[-1:] or [f"exit status {status}"]
            outcomes["<import>"] = {"crashed": f"the checker's process failed: {tail[0]}"}
        if running is None:
            return outcomes
        outcomes[running] = {"stuck": stuck_line(stuck, file), "status": status}
        remaining = [exercise for exercise in remaining if exercise.name not in outcomes]
        if running == "<import>" or not remaining:
            return outcomes


def one_child(
    file: str, exercises: Sequence[Exercise], cases: dict[str, list[Case]], time_limit: float
) -> tuple[list[dict[str, Any]], str, int, str]:
    """One child process: its events, what faulthandler wrote, its exit status, its stderr."""
    request = {
        "file": file,
        "time_limit": time_limit,
        "exercises": [
            {"name": e.name, "style": e.style, "cases": cases[e.name]} for e in exercises
        ],
    }
    # The learner's `from gradstep... import Step` finds this very gradstep.
    package_root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")]),
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ left beside the learner's file
    }
    with tempfile.TemporaryDirectory(prefix="gradstep-check-") as folder:
        paths = [
            os.path.join(folder, name)
            for name in ("request.json", "results.jsonl", "stuck.txt", "stderr.txt")
        ]
        with open(paths[0], "w", encoding="utf-8") as handle:
            json.dump(request, handle)
        with open(paths[3], "w", encoding="utf-8") as stderr:
            try:
                status = subprocess.run(
                    [sys.executable, str(RUNNER), *paths[:3]],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,  # the learner's prints go nowhere
                    stderr=stderr,
                    env=env,
                    # A backstop only: faulthandler stops a stuck exercise in the child.
                    timeout=time_limit * (len(exercises) + 2) + 30,
                    check=False,
                ).returncode
            except subprocess.TimeoutExpired:
                status = -1
        events = []
        for text in read_text(paths[1]).splitlines():
            try:
                events.append(json.loads(text))
            except json.JSONDecodeError:
                continue
        return events, read_text(paths[2]), status, read_text(paths[3])[-2000:]


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def stuck_line(dump: str, file: str) -> int | None:
    """The line of the learner's file where faulthandler found the stuck code."""
    wanted = os.path.normcase(file)
    for text in dump.splitlines():  # innermost call first
        text = text.strip()
        if text.startswith('File "') and '", line ' in text:
            path, _, rest = text[6:].partition('", line ')
            if os.path.normcase(os.path.abspath(path)) == wanted:
                number = rest.split()[0]
                return int(number) if number.isdigit() else None
    return None


def at_line(file: str, line: int | None, text: str | None = None) -> str:
    """`` at FILE, line N: `code` `` for a message, or nothing when the line is unknown."""
    if line is None:
        return ""
    if text is None:
        source = read_text(file).splitlines()
        text = source[line - 1].strip() if 0 < line <= len(source) else ""
    code = f": `{text}`" if text else ""
    return f" at {os.path.basename(file)}, line {line}{code}"


def judge(
    exercise: Exercise, cases: list[Case], outcome: dict[str, Any], file: str, time_limit: float
) -> Verdict:
    """Passed, or the sentence that says what is wrong."""
    if "stuck" in outcome:
        return Verdict(
            exercise,
            False,
            f"did not finish within {time_limit:g} s, an endless "
            f"loop? It was stopped{at_line(file, outcome['stuck'])}. Check that every "
            "loop ends: a range, or a condition that becomes false.",
        )
    if "bad_call" in outcome:
        call = show_call(exercise, cases[len(outcome["values"])])
        wanted = " ".join(exercise.signature.split())
        return Verdict(
            exercise,
            False,
            f"cannot be called as the exercise calls it, {call}: "
            f"{outcome['bad_call']}. The exercise's signature is `{wanted}`.",
        )
    if "raised" in outcome:
        raised = outcome["raised"]
        place = at_line(file, raised.get("line"), raised.get("text"))
        if raised["type"] == "NotImplementedError":
            return Verdict(
                exercise,
                False,
                f"not written yet: its body still raises NotImplementedError (line "
                f"{raised.get('line', '?')}). Write the body, then check again.",
            )
        call = show_call(exercise, cases[outcome["case"]]) if "case" in outcome else exercise.name
        return Verdict(
            exercise,
            False,
            f"raised {raised['type']}: {raised['message']}{place}, when called as {call}.",
        )
    got: list[Answer] = []
    for case, value in zip(cases, outcome["values"]):
        answer, problem = shaped(exercise, value)
        if answer is None:
            return Verdict(
                exercise, False, f"{problem}, when called as {show_call(exercise, case)}."
            )
        got.append(answer)
    expected = [answer_of(exercise, exercise.reference, case) for case in cases]
    measured = [measure(exercise, case) for case in cases]
    if all(
        agree(mine, right) and (slope is None or agree(mine, slope, MEASURED_REL_TOL))
        for mine, right, slope in zip(got, expected, measured)
    ):
        return Verdict(exercise, True, f"passed ({len(cases)} cases).")
    for mistake in mistakes_of(exercise.name):
        if matches(exercise, mistake.variant, cases, got):
            return Verdict(
                exercise,
                False,
                f"wrong: {mistake.title}. {mistake.hint} "
                f"The notes: {mistake.formula}. Read {mistake.read}.",
                mistake,
            )
    return Verdict(exercise, False, first_wrong(exercise, cases, got, expected, measured))


def matches(
    exercise: Exercise, variant: Callable[..., Any], cases: list[Case], got: list[Answer]
) -> bool:
    """Does the learner's function give the variant's numbers on every case?"""
    for case, mine in zip(cases, got):
        try:
            theirs = answer_of(exercise, variant, case)
        except (ArithmeticError, ValueError, IndexError):
            return False
        if not agree(mine, theirs):
            return False
    return True


def call_with(exercise: Exercise, function: Callable[..., Any], case: Case) -> Any:
    """Call a lesson or a variant on one case, as the child calls the learner's function."""
    if exercise.style == "loop":
        xs, ys, start, learning_rate, steps = case

        def loss_and_gradient_here(weight: float, bias: float) -> tuple[float, float, float]:
            return gradient_and_loss(weight, bias, xs, ys)

        return function(loss_and_gradient_here, tuple(start), learning_rate, steps)
    return function(*case)


def answer_of(exercise: Exercise, function: Callable[..., Any], case: Case) -> Answer:
    """A lesson's or a variant's answer on one case, as rows of numbers."""
    value = call_with(exercise, function, case)
    if exercise.returns == "records":
        return tuple((float(r.weight), float(r.bias), float(r.loss)) for r in value)
    if exercise.returns == "pair":
        return (tuple(float(number) for number in value),)
    return ((float(value),),)


def measure(exercise: Exercise, case: Case) -> Answer | None:
    """The derivative measured by central differences of the loss, for the derivative exercises."""
    if exercise.name == "d_squared_error_d_error":
        (error,) = case
        return ((central_difference(lambda e: e**2, error, 0.01 * max(1.0, abs(error))),),)
    if exercise.name == "gradient":
        weight, bias, xs, ys = case

        def loss_at(trial_weight: float, trial_bias: float) -> float:
            return mean_squared_error([trial_weight * x + trial_bias for x in xs], ys)

        # The loss is quadratic in each, so any nudge is exact up to rounding; a big one
        # keeps the rounding small.
        d_weight = central_difference(
            lambda w: loss_at(w, bias), weight, 0.01 * max(1, abs(weight))
        )
        d_bias = central_difference(lambda b: loss_at(weight, b), bias, 0.01 * max(1, abs(bias)))
        return ((d_weight, d_bias),)
    return None


def agree(mine: Answer, right: Answer, rel_tol: float = REL_TOL) -> bool:
    """The same shape, and every number the same to rel_tol."""
    return len(mine) == len(right) and all(
        len(row) == len(other)
        and all(math.isclose(a, b, rel_tol=rel_tol, abs_tol=1e-300) for a, b in zip(row, other))
        for row, other in zip(mine, right)
    )


WANTED = {
    "number": "a number",
    "pair": "a pair of numbers (d_loss_d_weight, d_loss_d_bias)",
    "records": "a list of Step records (from gradstep.descent import Step), the start first",
}


def shaped(exercise: Exercise, value: Any) -> tuple[Answer | None, str]:
    """The learner's answer as rows of numbers, or why it is not the shape wanted."""
    wanted = WANTED[exercise.returns]
    if isinstance(value, dict) and value.get("repr") == "None":
        return None, f"returned None: is a `return` missing? The exercise wants {wanted}"
    if exercise.returns == "number" and isinstance(value, float):
        return ((value,),), ""
    if (
        exercise.returns == "pair"
        and isinstance(value, list)
        and len(value) == 2
        and all(isinstance(number, float) for number in value)
    ):
        return (tuple(value),), ""
    if exercise.returns == "records" and isinstance(value, list):
        rows = [item["record"] for item in value if isinstance(item, dict) and "record" in item]
        numbers = [tuple(row.get(field) for field in ("weight", "bias", "loss")) for row in rows]
        if len(rows) == len(value) and all(
            isinstance(number, float) for row in numbers for number in row
        ):
            return tuple(numbers), ""
    return None, f"returned {described(value)}, where the exercise wants {wanted}"


def described(value: Any) -> str:
    if isinstance(value, float):
        return f"the number {value:.6g}"
    if isinstance(value, list):
        return f"a sequence of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict) and "record" in value:
        return "one record"
    return f"{value.get('repr', '?')} (a {value.get('other', '?')})"


def show_number(number: Any) -> str:
    """A short number as typed (2.0, 0.1), a long one to 6 digits."""
    if isinstance(number, float) and len(repr(number)) > 8:
        return f"{number:.6g}"
    return repr(number)


def show_list(values: Sequence[Any]) -> str:
    if len(values) <= 4:
        return "[" + ", ".join(show_number(value) for value in values) + "]"
    shown = ", ".join(show_number(value) for value in values[:3])
    return f"[{shown}, ... ({len(values)} numbers)]"


def show_call(exercise: Exercise, case: Case) -> str:
    """The call the checker made, as the learner would type it (long lists shortened)."""
    if exercise.style == "loop":
        xs, _, start, learning_rate, steps = case
        return (
            f"descend(gradient_and_loss of {len(xs)} points, start=({show_number(start[0])}, "
            f"{show_number(start[1])}), learning_rate={learning_rate:.6g}, steps={steps})"
        )
    shown = [show_list(a) if isinstance(a, list) else show_number(a) for a in case]
    return f"{exercise.name}({', '.join(shown)})"


def first_wrong(
    exercise: Exercise,
    cases: list[Case],
    got: list[Answer],
    expected: list[Answer],
    measured: list[Answer | None],
) -> str:
    """Where the first wrong number appeared: which call, expected, got."""
    opening = "wrong, and not a mistake gradstep knows."
    closing = f"Compare with the notes, {exercise.formula.splitlines()[0]}; read {exercise.lesson}."
    for case, mine, right, slope in zip(cases, got, expected, measured):
        if agree(mine, right):
            continue
        call = show_call(exercise, case)
        if len(mine) != len(right):
            return (
                f"{opening} {call} returned {len(mine)} records, expected steps + 1 = "
                f"{len(right)} (the start and one per step). {closing}"
            )
        for index, (row, other) in enumerate(zip(mine, right)):
            for field, (a, b) in enumerate(zip(row, other)):
                if math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-300):
                    continue
                what = number_name(exercise, index, field)
                central = ""
                if slope is not None:
                    central = f" (central differences of the loss measure {slope[0][field]:.10g})"
                return (
                    f"{opening} The first wrong number: {call} gave {what}{a:.10g}, "
                    f"expected {b:.10g}{central}.{stray_factor(exercise, got, expected)} "
                    f"{closing}"
                )
    # Every number agrees with the lesson but not with central differences: never for a
    # correct lesson, so say so rather than pass.
    return f"{opening} Its answers disagree with central differences of the loss. {closing}"


def stray_factor(exercise: Exercise, got: list[Answer], expected: list[Answer]) -> str:
    """`` On every case, ... is 1.5 times the lesson's.`` when one number is off by a factor."""
    if exercise.returns == "records":
        return ""
    for field in range(len(expected[0][0])):
        ratios = [
            mine[0][field] / right[0][field]
            for mine, right in zip(got, expected)
            if right[0][field] != 0
        ]
        scaled = len(ratios) == len(got) and not math.isclose(ratios[0], 1.0, rel_tol=REL_TOL)
        if scaled and all(math.isclose(ratio, ratios[0], rel_tol=REL_TOL) for ratio in ratios):
            name = number_name(exercise, 0, field).rstrip(" =") or "its answer"
            return (
                f" On every case, {name} is {ratios[0]:.6g} times the lesson's: look for "
                "a stray factor."
            )
    return ""


def number_name(exercise: Exercise, index: int, field: int) -> str:
    """How the first wrong number is named: ``d_loss_d_bias = ``, ``record 2's loss = ``."""
    if exercise.returns == "records":
        return f"record {index}'s {('weight', 'bias', 'loss')[field]} = "
    if exercise.returns == "pair":
        return f"{('d_loss_d_weight', 'd_loss_d_bias')[field]} = "
    return ""


def check_command(file: str, time_limit: float = TIME_LIMIT) -> int:
    """``gradstep check FILE.py``: print the report; 0 all passed, 1 not, 2 usage error."""
    try:
        report = check_file(file, time_limit=time_limit)
    except GradstepError as problem:
        print(f"gradstep check: {problem}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0 if report.passed else 1
