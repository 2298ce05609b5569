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

import math
import os
import signal
import sys
import threading
from dataclasses import dataclass
from typing import Any

from gradstep.errors import GradstepError
from gradstep.exercises.answers import (
    MEASURED_REL_TOL,
    Answer,
    agree,
    answer_of,
    first_wrong,
    matches,
    measure,
    shaped,
    show_call,
)
from gradstep.exercises.apart import read_text, run_apart
from gradstep.exercises.cases import SEED, Case, cases_for
from gradstep.exercises.catalogue import EXERCISES, Exercise
from gradstep.exercises.mistakes import Mistake, mistakes_of

TIME_LIMIT = 5.0


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
            f"{name} did not finish loading within {time_limit:g} s (an endless loop, or too "
            f"much work?). It was stopped{at_line(file, loading['stuck'])}. Code outside the "
            "functions runs when the file is loaded: put it under "
            '`if __name__ == "__main__":`.',
        )
    if "raised" in loading:
        raised = loading["raised"]
        return Report(
            file,
            (),
            f"{name} cannot be run: {named(raised)}"
            f"{at_line(file, raised.get('line'), raised.get('text'))}.",
        )
    if "ended" in loading:
        return Report(
            file, (), f"{name} ended Python (exit status {loading['ended']}) while loading."
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
    if "ended" in outcome:
        return Verdict(exercise, False, ended(outcome["ended"]))
    if "stuck" in outcome:
        return Verdict(
            exercise,
            False,
            f"did not finish within {time_limit:g} s (an endless loop, or too much work?). "
            f"It was stopped{at_line(file, outcome['stuck'])}. Check that every loop ends "
            "(a range, or a condition that becomes false) and that nothing grows huge.",
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
            f"raised {named(raised)}{place}, when called as {call}.",
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
    if exercise.returns == "pair":
        verdict = one_number_wrong(exercise, cases, got, expected)
        if verdict is not None:
            return verdict
    return Verdict(exercise, False, first_wrong(exercise, cases, got, expected, measured))


def named(raised: dict[str, Any]) -> str:
    """``TypeError: the message``, or the type alone when the message is empty."""
    return f"{raised['type']}: {raised['message']}" if raised["message"] else raised["type"]


def ended(status: int) -> str:
    """What to say of a process that ended before the function returned."""
    if status >= 0:
        return (
            f"ended its process (exit status {status}) before returning: a function "
            "should return its answer, not stop Python (os._exit, say)."
        )
    try:
        name = signal.Signals(-status).name
    except ValueError:
        name = f"signal {-status}"
    return (
        f"its process was stopped by {name} before returning: too much memory (the "
        "system stops such a process), a crash in C code, or a signal the code sent."
    )


def one_number_wrong(
    exercise: Exercise, cases: list[Case], got: list[Answer], expected: list[Answer]
) -> Verdict | None:
    """For a pair: name a mistake in each wrong number apart (one right, one not, say)."""
    names = ("d_loss_d_weight", "d_loss_d_bias")
    found: list[tuple[str, Mistake]] = []
    for field, name in enumerate(names):
        mine = [answer[0][field] for answer in got]
        if agree_all(mine, [answer[0][field] for answer in expected]):
            continue
        for mistake in mistakes_of(exercise.name):
            theirs = [answer_of(exercise, mistake.variant, case)[0][field] for case in cases]
            if agree_all(mine, theirs):
                found.append((name, mistake))
                break
        else:
            return None
    right = [name for name in names if name not in dict(found)]
    said = [
        f"in {name}, {mistake.title}. {mistake.hint} The notes: {mistake.formula}. "
        f"Read {mistake.read}."
        for name, mistake in found
    ]
    opening = f"{right[0]} is right; " if right else ""
    return Verdict(exercise, False, f"{opening}wrong " + " And ".join(said), found[0][1])


def agree_all(mine: list[float], right: list[float]) -> bool:
    return agree(tuple((number,) for number in mine), tuple((number,) for number in right))


class StoppedBySignal(BaseException):
    """SIGTERM reached the checker (the learner's code can find it with os.getppid())."""


def stopped_by_signal(number: int, frame: object) -> None:
    raise StoppedBySignal


def check_command(file: str, time_limit: float = TIME_LIMIT) -> int:
    """``gradstep check FILE.py``: print the report; 0 all passed, 1 not, 2 usage error."""
    # Say one line rather than vanish; unwinding also kills the child (apart's finally).
    # Python lets only the main thread set a signal handler.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stopped_by_signal) if main_thread else None
    try:
        report = check_file(file, time_limit=time_limit)
    except GradstepError as problem:
        print(f"gradstep check: {problem}", file=sys.stderr)
        return 2
    except StoppedBySignal:
        print("gradstep check was stopped by a signal (SIGTERM).", file=sys.stderr)
        return 128 + signal.SIGTERM
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)
    for line in report.lines():
        print(line)
    return 0 if report.passed else 1
