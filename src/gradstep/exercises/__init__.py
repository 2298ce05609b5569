"""Exercises that diagnose: write each formula of the notes, and gradstep says what is wrong.

Reading a lesson is not learning it; writing it is. Each exercise asks for
one lesson function again, with its name and signature (``error``,
``mean_squared_error``, ``d_squared_error_d_error``, ``chain``,
``gradient``, ``gradient_step``, ``descend``).

- ``catalogue``: the exercises, in the course's order; the lesson is each one's answer.
- ``starter``: ``gradstep exercise [NAME]``: the task, and a starter file to fill in.
- ``cases``: the seeded data every exercise is checked on, of several sizes and scales.
- ``mistakes``: the wrong variants learners write, each with its fix and what to read.
- ``checker``: ``gradstep check FILE.py``: run the file apart, compare, diagnose.
- ``apart``: starting the child process, with a time limit per exercise.
- ``runner``: the child process that runs the learner's code (standard library only).
- ``answers``: comparing answers to a stated tolerance, and showing calls and numbers.

>>> from gradstep.exercises import exercise_named, task_text
>>> print(task_text(exercise_named(6)).splitlines()[0])
Exercise 6: the update step
"""

from gradstep.exercises.catalogue import EXERCISES, Exercise, exercise_named
from gradstep.exercises.checker import TIME_LIMIT, Report, Verdict, check_command, check_file
from gradstep.exercises.mistakes import MISTAKES, Mistake, mistakes_of
from gradstep.exercises.starter import (
    exercise_command,
    exercise_list,
    starter_text,
    task_text,
    write_starter,
)

__all__ = [
    "EXERCISES",
    "MISTAKES",
    "TIME_LIMIT",
    "Exercise",
    "Mistake",
    "Report",
    "Verdict",
    "check_command",
    "check_file",
    "exercise_command",
    "exercise_list",
    "exercise_named",
    "mistakes_of",
    "starter_text",
    "task_text",
    "write_starter",
]
