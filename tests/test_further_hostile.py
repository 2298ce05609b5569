"""Hostile inputs to the further lessons and the fast sums a learner calls by hand: each
gets a sentence (a GradstepError) or a correct answer, never a raw exception or a NaN."""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep import GradstepError
from gradstep.autodiff import Value
from gradstep.fast.sums import LineSums, centred_sums, line_sums
from gradstep.further.adam import adam_step
from gradstep.further.batches import shuffled_batches
from gradstep.further.curvature import condition_number, hessian_eigenvalues, stable_learning_rate
from gradstep.further.features import gradient_and_loss, point_gradient, predict_row
from gradstep.further.momentum import momentum_step
from gradstep.further.scaling import standardise_values

# Wrong values: text, None, complex, NaN, infinities, ints past the largest float,
# Decimals (a signalling NaN too), lists where one number belongs, huge floats.
hostile = st.one_of(
    st.text(max_size=3),
    st.none(),
    st.complex_numbers(allow_nan=False, allow_infinity=False).filter(lambda z: z.imag != 0),
    st.sampled_from(
        [math.nan, math.inf, -math.inf, 10**400, -(10**400), Decimal("sNaN"), Decimal("NaN")]
    ),
    st.sampled_from([[], [1.0], 0, -1, 1e308, -1e308, Decimal("2.5"), Fraction(1, 3)]),
)


def finite(result: object) -> bool:
    """Whether every number in a result is a finite real number."""
    if isinstance(result, (list, tuple)):
        return all(finite(part) for part in result)
    if hasattr(result, "__dataclass_fields__"):  # LineSums: inf is left for check_sums to name
        numbers = [getattr(result, name) for name in result.__dataclass_fields__]
        return all(type(number) in (int, float) and number == number for number in numbers)
    return not isinstance(result, complex) and (
        not isinstance(result, float) or math.isfinite(result)
    )


CALLS: list[tuple[str, Callable[[object], object]]] = [
    ("line_sums xs", lambda bad: line_sums([1.0, bad, 3.0], [1.0, 2.0, 4.0])),  # type: ignore[list-item]
    ("line_sums ys", lambda bad: line_sums([1, 2, 3], [1.0, 2.0, bad])),  # type: ignore[list-item]
    (
        "line_sums column",
        lambda bad: line_sums(bad, [1.0]),
    ),  # type: ignore[arg-type]
    ("centred_sums n", lambda bad: centred_sums([(1.0, 2.0)], bad, 1.0, 2.0)),  # type: ignore[arg-type]
    ("centred_sums pair", lambda bad: centred_sums([(1.0, bad)], 1, 1.0, 2.0)),  # type: ignore[list-item]
    ("standardise_values", lambda bad: standardise_values(bad)),  # type: ignore[arg-type]
    ("standardise_values item", lambda bad: standardise_values([1.0, bad])),  # type: ignore[list-item]
    ("momentum_step derivative", lambda bad: momentum_step(1.0, 0.0, bad, 0.1, 0.9)),  # type: ignore[arg-type]
    ("momentum_step beta", lambda bad: momentum_step(1.0, 0.0, 1.0, 0.1, bad)),  # type: ignore[arg-type]
    ("adam_step derivative", lambda bad: adam_step(1.0, 0.0, 0.0, bad, 1, 0.1)),  # type: ignore[arg-type]
    ("adam_step moment", lambda bad: adam_step(1.0, 0.0, bad, 1.0, 1, 0.1)),  # type: ignore[arg-type]
    ("adam_step step_number", lambda bad: adam_step(1.0, 0.0, 0.0, 1.0, bad, 0.1)),  # type: ignore[arg-type]
    ("adam_step beta1", lambda bad: adam_step(1.0, 0.0, 0.0, 1.0, 1, 0.1, bad)),  # type: ignore[arg-type]
    ("shuffled_batches n", lambda bad: next(shuffled_batches(bad, 2, 0))),  # type: ignore[arg-type]
    ("shuffled_batches size", lambda bad: next(shuffled_batches(4, bad, 0))),  # type: ignore[arg-type]
    ("shuffled_batches seed", lambda bad: next(shuffled_batches(4, 2, bad))),  # type: ignore[arg-type]
    ("Value ** exponent", lambda bad: Value(1.5) ** bad),  # type: ignore[operator]
    ("predict_row weight", lambda bad: predict_row([bad, 1.0], 0.5, [1.0, 2.0])),  # type: ignore[list-item]
    ("predict_row bias", lambda bad: predict_row([2.0, 1.0], bad, [1.0, 2.0])),  # type: ignore[arg-type]
    ("predict_row row", lambda bad: predict_row([2.0, 1.0], 0.5, bad)),  # type: ignore[arg-type]
    ("predict_row short", lambda bad: predict_row([2.0, 1.0], 0.5, [bad])),  # type: ignore[list-item]
    ("point_gradient x", lambda bad: point_gradient([2.0, 1.0], 0.5, [1.0, bad], 3.0)),  # type: ignore[list-item]
    ("features gradient x", lambda bad: gradient_and_loss([2.0], 0.5, [[bad], [1.0]], [1.0, 2.0])),  # type: ignore[list-item]
    ("features gradient y", lambda bad: gradient_and_loss([2.0], 0.5, [[3.0], [1.0]], [bad, 2.0])),  # type: ignore[list-item]
    ("features gradient weights", lambda bad: gradient_and_loss(bad, 0.5, [[3.0]], [1.0])),  # type: ignore[arg-type]
    ("hessian_eigenvalues", lambda bad: hessian_eigenvalues(bad)),  # type: ignore[arg-type]
    (
        "hessian_eigenvalues n",
        lambda bad: hessian_eigenvalues(LineSums(bad, 1.0, 1.0, 1.0, 1.0, 1.0)),
    ),  # type: ignore[arg-type]
    (
        "stable_learning_rate mean",
        lambda bad: stable_learning_rate(LineSums(2, bad, 1.0, 1.0, 0.0, 1.0)),
    ),  # type: ignore[arg-type]
    ("condition_number mean", lambda bad: condition_number(LineSums(2, bad, 1.0, 1.0, 0.0, 1.0))),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("label", "call"), CALLS, ids=[case[0] for case in CALLS])
@given(bad=hostile)
def test_a_further_lesson_gives_a_sentence_or_a_finite_answer(
    label: str, call: Callable[[object], object], bad: object
) -> None:
    try:
        result = call(bad)
    except GradstepError as error:  # NotANumberError is one too
        message = str(error)
        assert len(message.split()) >= 8 and message.endswith("."), message  # a sentence
        return
    assert finite(result), f"{label} with {bad!r} gave {result!r}"


def test_the_reported_cases_get_sentences() -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (
            lambda: line_sums([1, 2, 10**400], [1.0, 2, 4]),
            r"xs\[2\] is a whole number near 1e\+400",
        ),
        (lambda: line_sums([1, 2, 3], [1, 2, float("nan")]), r"ys\[2\] is nan"),
        (lambda: standardise_values([]), "no values"),
        (lambda: adam_step(1.0, 0.0, 0.0, 1.0, 0, 0.1), "step_number"),
        (lambda: momentum_step(1.0, 0.0, 10**400, 0.1, 0.9), "derivative"),  # type: ignore[arg-type]
        (lambda: Value(1.0) ** Decimal("sNaN"), "exponent"),  # type: ignore[operator]
        (lambda: predict_row([2.0, 1.0], 0.5, [3.0]), "The row has 1 value but the fit has 2"),
    ]
    for call, words in cases:
        with pytest.raises(GradstepError, match=words):
            call()


def test_line_sums_of_decimals_are_those_of_their_floats() -> None:
    # Oracle: statistics on the same numbers as floats; the means are exact here.
    sums = line_sums([Decimal(1), Decimal(2), Decimal(3)], [1.0, 2, 4])  # type: ignore[list-item]
    assert (sums.mean_x, sums.mean_y) == (2.0, statistics.fmean([1.0, 2.0, 4.0]))
    slope = statistics.linear_regression([1.0, 2.0, 3.0], [1.0, 2.0, 4.0]).slope
    assert math.isclose(sums.sxy / sums.sxx, slope, rel_tol=1e-15)


def test_steps_of_exact_inputs_match_the_equations() -> None:
    # Ints and Decimals are numbers too: the same step as their floats, from the equations.
    assert momentum_step(2, 4, 5, Decimal("0.5"), 0.5) == (-1.5, 7.0)  # type: ignore[arg-type]
    value, first, second = adam_step(3, 0, 0, Decimal(4), 1, 0.1, 0.5, 0.75, 0.0)  # type: ignore[arg-type]
    assert (value, first, second) == (2.9, 2.0, 4.0)
