"""``gradstep exercise [NAME]``: list the exercises, print a task, write its starter file.

A starter file holds the task and its formula in a docstring, the lesson's
signature and a body that raises ``NotImplementedError``, so that
``gradstep check`` on a fresh starter says "not written yet" rather than
"wrong". It is never written over a file that is already there: that file
may hold the learner's work.
"""

from __future__ import annotations

import os
import sys
import textwrap
from pathlib import Path

from gradstep.errors import GradstepError
from gradstep.exercises.catalogue import EXERCISES, Exercise, exercise_named


def exercise_list() -> str:
    """The exercises, one a line, in the course's order.

    >>> print(exercise_list().splitlines()[1])
      1  error                    the error of one prediction
    """
    lines = ["The exercises, in the order of the course (gradstep exercise NAME or NUMBER):"]
    for exercise in EXERCISES:
        lines.append(f"  {exercise.number}  {exercise.name:<24} {exercise.title}")
    lines.append("Then: gradstep check FILE.py checks every exercise function the file defines.")
    return "\n".join(lines)


def task_text(exercise: Exercise) -> str:
    """The task of one exercise: what to compute, the formula in the notes' notation, the signature.

    >>> print(task_text(exercise_named("gradient_step")).splitlines()[0])
    Exercise 6: the update step
    """
    task = textwrap.fill(exercise.task, width=78)
    formula = textwrap.indent(exercise.formula, "    ")
    signature = textwrap.indent(exercise.signature, "    ")
    return (
        f"Exercise {exercise.number}: {exercise.title}\n\n{task}\n\n{formula}\n\n"
        f"Write it with the lesson's name and signature:\n\n{signature}\n        ...\n\n"
        f"The lesson that answers it: {exercise.lesson} (read it after you have tried)."
    )


def starter_text(exercise: Exercise) -> str:
    """The text of the starter file: the task, the signature, a body still to write."""
    file = exercise.starter_name
    task = textwrap.fill(exercise.task, width=78)
    formula = textwrap.indent(exercise.formula, "    ")
    example = textwrap.indent(exercise.example, "    ")
    imports = f"\n{exercise.imports}" if exercise.imports else ""
    return f'''"""Exercise {exercise.number} of gradstep: {exercise.title}.

{task}

{formula}

Write the body of {exercise.name} below, then check it from this folder:

    gradstep check {file}

The lesson {exercise.lesson} holds the answer: try first, then compare.
"""

from __future__ import annotations
{imports}

{exercise.signature}
    """{exercise.title[0].upper()}{exercise.title[1:]}.

{textwrap.indent(exercise.formula, "    ")}

{example}
    """
    raise NotImplementedError("write the body of {exercise.name}")
'''


def write_starter(exercise: Exercise, folder: str | os.PathLike[str] = ".") -> Path:
    """Write the exercise's starter file in the folder and return its path; never overwrite."""
    path = Path(folder) / exercise.starter_name
    try:
        with open(path, "x", encoding="utf-8") as handle:  # "x": fails if the file exists
            handle.write(starter_text(exercise))
    except FileExistsError:
        raise GradstepError(
            f"{path} is already there, and gradstep never writes over a file (it may hold your "
            f"work). Check it with `gradstep check {path}`, or rename it to start afresh."
        ) from None
    return path


def exercise_command(name: str | None, folder: str | os.PathLike[str] = ".") -> int:
    """``gradstep exercise [NAME]``: 0 when the task printed, 1 if the file is there, 2 no such."""
    if name is None:
        print(exercise_list())
        return 0
    try:
        exercise = exercise_named(name)
    except GradstepError as problem:
        print(f"gradstep exercise: {problem}", file=sys.stderr)
        return 2
    print(task_text(exercise))
    print()
    try:
        path = write_starter(exercise, folder)
    except GradstepError as problem:
        print(problem, file=sys.stderr)
        return 1
    except OSError as problem:
        print(f"{problem.filename}: cannot be written ({problem.strerror}).", file=sys.stderr)
        return 1
    print(f"Wrote {path}: write the body of {exercise.name}, then run `gradstep check {path}`.")
    return 0
