"""Comparing answers: the learner's with the lesson's, central differences' and the mistakes'.

Every answer becomes rows of numbers (one row for a number or a pair, one
per record for the loop), so that all are compared alike, to a stated
tolerance. The sentences that show a call or a wrong number live here too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from gradstep.derivatives import central_difference
from gradstep.exercises.cases import Case
from gradstep.exercises.catalogue import Exercise
from gradstep.gradient import gradient_and_loss
from gradstep.loss import mean_squared_error

REL_TOL = 1e-9  # the lesson against the learner: the same formula, summed in another order
MEASURED_REL_TOL = 1e-6  # central differences: exact for a quadratic loss, up to rounding

Answer = tuple[tuple[float, ...], ...]  # every answer as rows of numbers, to compare alike


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
        items = f"a sequence of {len(value)} item{'' if len(value) == 1 else 's'}"
        for index, item in enumerate(value):
            if isinstance(item, dict) and item.get("past_floats"):
                return f"{items}, of which item {index} is {described(item)}"
        return items
    if isinstance(value, dict) and "record" in value:
        return "one record"
    kind = str(value.get("other", "?"))
    article = "an" if kind[:1].lower() in ("a", "e", "i", "o", "u") else "a"
    if value.get("past_floats"):
        what = f"a whole number near {value['near']}" if "near" in value else f"{article} {kind}"
        return f"{what}, too large for a float (which stops near 1.8e308)"
    return f"{value.get('repr', '?')} ({article} {kind})"


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
