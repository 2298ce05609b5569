"""Hostile inputs to the lesson functions a learner calls by hand: every wrong value gets a
sentence naming it (a GradstepError), never a raw exception, a NaN, an inf or a complex."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep import GradstepError, NotANumberError
from gradstep.autodiff import Value
from gradstep.chain_rule import chain
from gradstep.derivatives import central_difference, d_squared_error_d_error, power_rule
from gradstep.gradient import gradient, numerical_gradient, point_gradient
from gradstep.loss import error, mean_squared_error, squared_error

# Values that are not finite real numbers: text, None, complex, NaN, infinities, an int
# too large for a float, a list where one number belongs.
not_finite_numbers = st.one_of(
    st.text(max_size=3),
    st.none(),
    st.complex_numbers(allow_nan=False, allow_infinity=False).filter(lambda z: z.imag != 0),
    st.sampled_from([math.nan, math.inf, -math.inf, 10**400, -(10**400), [1.0, 2.0]]),
)

# Each lesson function with one argument replaced by the bad value, and the words that
# name that argument in the sentence.
CALLS: list[tuple[str, Callable[[object], object], str]] = [
    ("error prediction", lambda bad: error(bad, 2.0), "prediction"),  # type: ignore[arg-type]
    ("error target", lambda bad: error(1.0, bad), "target"),  # type: ignore[arg-type]
    ("squared_error", lambda bad: squared_error(bad), "error"),  # type: ignore[arg-type]
    ("d_squared_error", lambda bad: d_squared_error_d_error(bad), "error"),  # type: ignore[arg-type]
    ("power_rule x", lambda bad: power_rule(bad, 2), "x of power_rule"),  # type: ignore[arg-type]
    ("power_rule n", lambda bad: power_rule(2.0, bad), "n of power_rule"),  # type: ignore[arg-type]
    ("chain first", lambda bad: chain(bad, 2.0), "Local derivative 0"),  # type: ignore[arg-type]
    ("chain second", lambda bad: chain(1.0, bad), "Local derivative 1"),  # type: ignore[arg-type]
    ("mse predictions", lambda bad: mean_squared_error([1.0, bad], [1.0, 2.0]), "predictions[1]"),  # type: ignore[list-item]
    ("mse targets", lambda bad: mean_squared_error([1.0, 2.0], [bad, 2.0]), "targets[0]"),  # type: ignore[list-item]
    ("point_gradient weight", lambda bad: point_gradient(bad, 1.0, 2.0, 3.0), "weight"),  # type: ignore[arg-type]
    ("point_gradient bias", lambda bad: point_gradient(1.0, bad, 2.0, 3.0), "bias"),  # type: ignore[arg-type]
    ("point_gradient x", lambda bad: point_gradient(1.0, 1.0, bad, 3.0), "x"),  # type: ignore[arg-type]
    ("point_gradient target", lambda bad: point_gradient(1.0, 1.0, 2.0, bad), "target"),  # type: ignore[arg-type]
    ("gradient weight", lambda bad: gradient(bad, 1.0, [1.0], [2.0]), "weight"),  # type: ignore[arg-type]
    ("gradient bias", lambda bad: gradient(1.0, bad, [1.0], [2.0]), "bias"),  # type: ignore[arg-type]
    ("gradient xs", lambda bad: gradient(1.0, 1.0, [1.0, bad], [2.0, 3.0]), "xs[1]"),  # type: ignore[list-item]
    ("gradient ys", lambda bad: gradient(1.0, 1.0, [1.0, 2.0], [bad, 3.0]), "ys[0]"),  # type: ignore[list-item]
    ("numerical weight", lambda bad: numerical_gradient(bad, 1.0, [1.0], [2.0]), "weight"),  # type: ignore[arg-type]
    ("numerical h", lambda bad: numerical_gradient(1.0, 1.0, [1.0], [2.0], bad), "h"),  # type: ignore[arg-type]
    ("central_difference x", lambda bad: central_difference(abs, bad), "x of central"),  # type: ignore[arg-type]
    ("central_difference h", lambda bad: central_difference(abs, 1.0, bad), "nudge h"),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(("label", "call", "name"), CALLS, ids=[case[0] for case in CALLS])
@given(bad=not_finite_numbers)
def test_a_lesson_names_a_value_that_is_not_a_finite_number(
    label: str, call: Callable[[object], object], name: str, bad: object
) -> None:
    with pytest.raises(GradstepError, match=re.escape(name)) as raised:
        call(bad)
    assert str(raised.value).endswith(".")


@given(big=st.floats(min_value=1e155, max_value=1e300), sign=st.sampled_from([1.0, -1.0]))
def test_huge_numbers_that_overflow_get_a_sentence_not_inf(big: float, sign: float) -> None:
    # Each result is at least big**2 >= 1e310 (or 2 * 1e308) past the largest float.
    overflowing: list[Callable[[], object]] = [
        lambda: mean_squared_error([sign * big], [-sign * big]),
        lambda: squared_error(sign * big),
        lambda: chain(sign * big, big),
        lambda: gradient(big, 1.0, [big], [1.0]),
        lambda: point_gradient(big, 0.0, sign * big, 0.0),
        lambda: power_rule(sign * big, 3),
        lambda: error(1.7e308, -1.7e308),
    ]
    for call in overflowing:
        with pytest.raises(GradstepError, match=r"largest float \(1\.8e308\)"):
            call()


def test_the_reported_cases() -> None:
    with pytest.raises(GradstepError, match="negative x to a fractional power"):
        power_rule(-1, 0.5)
    assert power_rule(0, 0) == 0.0  # d/dx x**0 = 0, even at 0
    assert power_rule(-2.5, 0) == 0.0
    with pytest.raises(GradstepError, match="divides by zero"):
        power_rule(0.0, 0.5)
    with pytest.raises(GradstepError, match="nudge h is 0"):
        central_difference(lambda x: x * x, 1.0, 0)
    with pytest.raises(GradstepError, match=r"nudge h is -0\.001"):
        numerical_gradient(1.0, 1.0, [1.0], [2.0], h=-0.001)
    with pytest.raises(NotANumberError, match="Local derivative 1 of the chain is the text '2'"):
        chain(1, "2")  # type: ignore[arg-type]
    with pytest.raises(NotANumberError, match="The prediction is the text '1'"):
        error("1", 2)  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match=r"predictions\[1\] is nan"):
        mean_squared_error([1, math.nan], [1, 2])
    with pytest.raises(GradstepError, match=r"prediction of these numbers passes the largest"):
        gradient(1e200, 1, [1e200], [1])
    with pytest.raises(NotANumberError, match="needs a function"):
        central_difference("x**2", 1.0)  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match="central difference of these numbers"):
        central_difference(lambda x: math.nan, 1.0)


# --- lesson 7: autodiff's Value ----------------------------------------------------------

VALUE_CALLS: list[tuple[str, Callable[[object], object], str]] = [
    ("Value(bad)", lambda bad: Value(bad), "given to Value(...)"),  # type: ignore[arg-type]
    ("Value + bad", lambda bad: Value(1.5) + bad, "other side of +"),  # type: ignore[operator]
    ("bad + Value", lambda bad: bad + Value(1.5), "other side of +"),  # type: ignore[arg-type]
    ("Value - bad", lambda bad: Value(1.5) - bad, "other side of -"),  # type: ignore[operator]
    ("bad - Value", lambda bad: bad - Value(1.5), "other side of -"),  # type: ignore[operator]
    ("Value * bad", lambda bad: Value(1.5) * bad, "other side of *"),  # type: ignore[operator]
    ("bad * Value", lambda bad: bad * Value(1.5), "other side of *"),  # type: ignore[arg-type]
    ("Value / bad", lambda bad: Value(1.5) / bad, "other side of /"),  # type: ignore[operator]
    ("bad / Value", lambda bad: bad / Value(1.5), "other side of /"),  # type: ignore[operator]
    ("Value ** bad", lambda bad: Value(1.5) ** bad, "exponent of **"),  # type: ignore[operator]
]


@pytest.mark.parametrize(
    ("label", "call", "name"), VALUE_CALLS, ids=[case[0] for case in VALUE_CALLS]
)
@given(bad=not_finite_numbers)
def test_a_value_names_a_number_that_is_not_finite(
    label: str, call: Callable[[object], object], name: str, bad: object
) -> None:
    with pytest.raises(GradstepError, match=re.escape(name)) as raised:
        call(bad)
    assert str(raised.value).endswith(".")


@given(big=st.floats(min_value=1e155, max_value=1e300), sign=st.sampled_from([1.0, -1.0]))
def test_a_value_operation_that_overflows_says_so(big: float, sign: float) -> None:
    # Each result (or the slope 1 / divisor**2) passes the largest float, 1.8e308.
    overflowing: list[Callable[[], object]] = [
        lambda: Value(sign * big) * Value(big),
        lambda: Value(sign * big) * big,
        lambda: big * Value(sign * big),
        lambda: Value(sign * big) / (1 / big),
        lambda: Value(sign * 1.7e308) + Value(sign * 1.7e308),
        lambda: Value(sign * 1.7e308) - (-sign * 1.7e308),
    ]
    for call in overflowing:
        with pytest.raises(GradstepError, match=r"\(1\.8e308\)|\(past 1\.8e308\)"):
            call()
    with pytest.raises(GradstepError, match="too large for a float"):
        Value(sign * big) ** 3


def test_the_reported_value_cases() -> None:
    with pytest.raises(GradstepError, match=r"2 \*\* Value\(\.\.\.\), a Value as the exponent"):
        2 ** Value(3.0)
    with pytest.raises(GradstepError, match=r"abs\(Value\) is not supported"):
        abs(Value(-2.0))
    assert float(Value(2)) == 2.0  # the number alone, as float(torch.tensor(2.0))
    with pytest.raises(GradstepError, match=r"Value\(\.\.\.\) is nan"):
        Value(math.nan)
    with pytest.raises(GradstepError, match=r"other side of \+ is nan"):
        Value(1.0) + math.nan
    with pytest.raises(GradstepError, match=r"1e\+200 and 1e\+200 gives inf"):
        Value(1e200) * Value(1e200)
    # x**0 = 1 is flat: its slope at 0 is 0, as the central difference of x**0 measures.
    zero_to_the_zero = Value(0.0) ** 0
    assert zero_to_the_zero.data == 1.0
    assert zero_to_the_zero.d_a == central_difference(lambda x: x**0, 0.0) == 0.0
    # The slope of a / b to b is -a / b**2, which can pass the largest float when a / b does not.
    slopes: list[Callable[[], Value]] = [
        lambda: Value(1e300) / Value(1e-5),
        lambda: 1e300 / Value(1e-5),
    ]
    for slope in slopes:
        with pytest.raises(GradstepError, match=r"slope of 1e\+300 / 1e-05 to its divisor"):
            slope()
    assert (Value(1e300) / 1e-5).data == 1e300 / 1e-5  # a constant divisor needs no slope
    divisions: list[Callable[[], Value]] = [lambda: Value(1.0) / 0, lambda: 1.0 / Value(0.0)]
    for division in divisions:
        with pytest.raises(GradstepError, match=r"/ 0\.0 divides by zero") as raised:
            division()
        assert "**" not in str(raised.value)  # division, not a power, is what went wrong
