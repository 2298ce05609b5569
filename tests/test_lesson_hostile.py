"""Hostile inputs to the lesson functions a learner calls by hand: every wrong value gets a
sentence naming it (a GradstepError), never a raw exception, a NaN, an inf or a complex."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep import GradstepError, NotANumberError
from gradstep.autodiff import Value, count_uses
from gradstep.autodiff import gradient_and_loss as autodiff_gal
from gradstep.autodiff import mean_squared_error_graph as graph
from gradstep.bookkeeping.history import Step, kept_within
from gradstep.chain_rule import chain
from gradstep.derivatives import central_difference, d_squared_error_d_error, power_rule
from gradstep.descent import descend, loss_rose, random_start
from gradstep.gradient import gradient, numerical_gradient, point_gradient
from gradstep.gradient import gradient_and_loss as fused
from gradstep.loss import error, mean_squared_error, squared_error
from gradstep.update import gradient_step

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


# --- the loop's lessons: gradient_and_loss, gradient_step, descend and their helpers ------
# These run at every step of the textbook loop, so they check nothing up front: a value
# that the arithmetic cannot take (text, None, a list, an int past the largest float)
# raises inside it, and the lesson turns that into a sentence. NaN and infinity pass
# through the arithmetic by design; descend's divergence rule catches them.

unusable_numbers = st.one_of(
    st.text(max_size=3),
    st.none(),
    st.lists(st.floats(allow_nan=False), max_size=2),
    st.builds(object),
    st.integers(min_value=2**1024, max_value=2**1100),
    st.integers(min_value=-(2**1100), max_value=-(2**1024)),
    st.just(Decimal("nan")),  # a Decimal meets a float only to raise; its NaN, to raise too
)

LOOP_CALLS: list[tuple[str, Callable[[object], object], str]] = [
    ("gal weight", lambda bad: fused(bad, 0.5, [1.5, 2.5], [3.0, 4.5]), "weight"),  # type: ignore[arg-type]
    ("gal bias", lambda bad: fused(0.5, bad, [1.5, 2.5], [3.0, 4.5]), "bias"),  # type: ignore[arg-type]
    ("gal xs[1]", lambda bad: fused(0.5, 1.5, [1.5, bad], [3.0, 4.5]), "xs[1]"),  # type: ignore[list-item]
    ("gal ys[0]", lambda bad: fused(0.5, 1.5, [1.5, 2.5], [bad, 4.5]), "ys[0]"),  # type: ignore[list-item]
    ("gal xs", lambda bad: fused(0.5, 1.5, bad, [3.0, 4.5]), "xs"),  # type: ignore[arg-type]
    ("step value", lambda bad: gradient_step(bad, 2.5, 0.1), "value given to gradient_step"),  # type: ignore[arg-type]
    ("step derivative", lambda bad: gradient_step(1.5, bad, 0.1), "derivative given"),  # type: ignore[arg-type]
    ("step rate", lambda bad: gradient_step(1.5, 2.5, bad), "learning rate given"),  # type: ignore[arg-type]
    ("rose previous", lambda bad: loss_rose(bad, 3.5, 9.0), "previous loss given to loss_rose"),  # type: ignore[arg-type]
    ("rose loss", lambda bad: loss_rose(3.5, bad, 9.0), "The loss given to loss_rose"),  # type: ignore[arg-type]
    ("rose start", lambda bad: loss_rose(3.5, 2.5, bad), "start loss given to loss_rose"),  # type: ignore[arg-type]
    ("autodiff xs", lambda bad: autodiff_gal(0.5, 1.5, bad, [3.0, 4.5]), "xs"),  # type: ignore[arg-type]
    ("graph weight", lambda bad: graph(bad, Value(1.5), [1.5], [3.0]), "must be Values"),  # type: ignore[arg-type]
    ("count_uses", lambda bad: count_uses(bad), "count_uses"),  # type: ignore[arg-type]
    ("f(x + h)", lambda bad: central_difference(lambda x: bad, 1.5), "what f returned"),  # type: ignore[arg-type, return-value]
]


@pytest.mark.parametrize(
    ("label", "call", "name"), LOOP_CALLS, ids=[case[0] for case in LOOP_CALLS]
)
@given(bad=unusable_numbers)
def test_the_loop_s_lessons_name_a_value_their_arithmetic_cannot_take(
    label: str, call: Callable[[object], object], name: str, bad: object
) -> None:
    # A list of numbers is a good column; a huge int returned twice by f subtracts to an
    # exact 0, a slope; a huge loss compares exactly with a float (it rose: True).
    assume(not (label.endswith(" xs") and isinstance(bad, list)))
    assume(not (label in ("f(x + h)", "rose loss") and isinstance(bad, int)))
    with pytest.raises(GradstepError, match=re.escape(name)) as raised:
        call(bad)
    assert str(raised.value).endswith(".")


def bowl(weight: float, bias: float) -> tuple[float, float, float]:
    """(w - 3)**2 + (b + 1)**2: its gradient and loss, for descend."""
    return 2 * (weight - 3), 2 * (bias + 1), (weight - 3) ** 2 + (bias + 1) ** 2


# descend checks its arguments once, before its loop: NaN and infinity too.
wrong_anything = st.one_of(unusable_numbers, st.sampled_from([math.nan, math.inf, -math.inf]))
# Typed loosely: these calls give wrong types on purpose.
untyped_descend: Callable[..., list[Step]] = descend
untyped_random_start: Callable[..., tuple[float, float]] = random_start
DESCEND_CALLS: list[tuple[str, Callable[[object], object], str]] = [
    (
        "gradient_and_loss",
        lambda bad: untyped_descend(bad, (1.5, 0.5), 0.25, 3),
        "gradient_and_loss",
    ),
    ("start", lambda bad: untyped_descend(bowl, bad, 0.25, 3), "start"),
    ("start weight", lambda bad: untyped_descend(bowl, (bad, 0.5), 0.25, 3), "start's weight"),
    ("start bias", lambda bad: untyped_descend(bowl, [1.5, bad], 0.25, 3), "start's bias"),
    ("learning rate", lambda bad: untyped_descend(bowl, (1.5, 0.5), bad, 3), "learning rate"),
    ("steps", lambda bad: untyped_descend(bowl, (1.5, 0.5), 0.25, bad), "number of steps"),
    ("fit_bias", lambda bad: untyped_descend(bowl, (1.5, 0.5), 0.25, 3, fit_bias=bad), "fit_bias"),
    (
        "is_converged",
        lambda bad: untyped_descend(bowl, (1.5, 0.5), 0.25, 3, is_converged=bad),
        "is_converged",
    ),
    ("progress", lambda bad: untyped_descend(bowl, (1.5, 0.5), 0.25, 3, progress=bad), "progress"),
    (
        "history_limit",
        lambda bad: untyped_descend(bowl, (1.5, 0.5), 0.25, 3, history_limit=bad),
        "history limit",
    ),
    ("returned", lambda bad: untyped_descend(lambda w, b: bad, (1.5, 0.5), 0.25, 3), "returned"),
    ("random_start seed", lambda bad: untyped_random_start(bad), "seed"),
    ("random_start fit_bias", lambda bad: untyped_random_start(0, bad), "fit_bias"),
]


@pytest.mark.parametrize(
    ("label", "call", "name"), DESCEND_CALLS, ids=[case[0] for case in DESCEND_CALLS]
)
@given(bad=wrong_anything)
def test_descend_names_a_wrong_argument_before_its_loop(
    label: str, call: Callable[[object], object], name: str, bad: object
) -> None:
    if bad is None and label in ("is_converged", "progress", "history_limit", "random_start seed"):
        bad = "none"  # None is what these take to mean "not given"
    assume(not (label == "start" and isinstance(bad, list) and len(bad) == 2))  # a good start
    # Any whole number is a seed, and a huge one is a count of steps or records, not an error.
    assume(not (isinstance(bad, int) and bad > 0 and label in ("steps", "history_limit")))
    assume(not (isinstance(bad, int) and label == "random_start seed"))
    with pytest.raises(GradstepError, match=re.escape(name)) as raised:
        call(bad)
    assert str(raised.value).endswith(".")


def test_the_reported_loop_cases() -> None:
    with pytest.raises(NotANumberError, match="xs is 5, a single int"):
        fused(1.0, 0.0, 5, [1, 2])  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match=r"xs\[0\] is a whole number near 1e\+400, too large"):
        fused(1.0, 0.0, [10**400, 1], [1, 2])
    with pytest.raises(
        GradstepError, match=r"learning_rate\) is a whole number near 1e\+400, too large"
    ):
        gradient_step(1.0, 2.0, 10**400)
    with pytest.raises(GradstepError, match=r"The seed is \[1\.0\]"):
        random_start([1.0])  # type: ignore[arg-type]
    with pytest.raises(
        GradstepError,
        match=r"previous loss given to loss_rose\(previous_loss, loss, start_loss\) is a whole",
    ):
        loss_rose(10**400, 1, 1)
    with pytest.raises(NotANumberError, match="descend's gradient_and_loss is \\[1, 2\\], a list"):
        descend([1, 2], [3, 4], 0.1, [0.0])  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match=r"returned \(1\.5, 2\.5\), but it must return three"):
        descend(lambda w, b: (1.5, 2.5), (0.5, 0.5), 0.1, 3)  # type: ignore[arg-type, return-value]
    with pytest.raises(GradstepError, match=r"The loss at the start .* is nan, not a number"):
        descend(lambda w, b: (1.5, 2.5, math.nan), (0.5, 0.5), 0.1, 3)
    # Past 4300 digits Python cannot even print an int: the sentence gives its size instead.
    with pytest.raises(GradstepError, match=r"xs\[1\] is a whole number near 1e\+5000"):
        gradient(0.5, 1.5, [1.5, 10**5000], [3.0, 4.5])
    with pytest.raises(GradstepError, match="ys is a generator, which has no length"):
        autodiff_gal(0.5, 1.5, [1.5], (y for y in [3.0]))  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match="kept_within needs the history as a list"):
        kept_within([], 1, 10)
    with pytest.raises(GradstepError, match="The stride is 0, but it must be a whole number"):
        kept_within([Step(0, 1.5, 0.5, 2.5, (1.5, 0.5)), Step(1, 1.5, 0.5, 2.5, (1.5, 0.5))], 0, 10)


# Sixty-fourths: a float and a Decimal hold each exactly, so no check refuses them as
# rounded (which the checks do, rightly, to Decimals with more digits than a float holds).
small_fractions = st.integers(min_value=-640, max_value=640).map(lambda k: Fraction(k, 64))


@given(
    weight=small_fractions,
    bias=small_fractions,
    points=st.lists(st.tuples(small_fractions, small_fractions), min_size=1, max_size=8),
    number_type=st.sampled_from([Fraction, Decimal]),
)
def test_numbers_the_arithmetic_refuses_are_checked_and_then_used(
    weight: Fraction,
    bias: Fraction,
    points: list[tuple[Fraction, Fraction]],
    number_type: type[Fraction] | type[Decimal],
) -> None:
    # A Decimal cannot meet a float in arithmetic: gradient_and_loss's slow road checks the
    # column and turns it into floats. The oracle is exact Fraction arithmetic on the numbers
    # as given (a Decimal of 28 digits is itself a fraction).
    given_xs = [
        x if number_type is Fraction else Decimal(x.numerator) / Decimal(x.denominator)
        for x, _ in points
    ]
    xs = [Fraction(x) for x in given_xs]
    ys = [y for _, y in points]
    errors = [weight * x + bias - y for x, y in zip(xs, ys)]
    n = len(points)
    exact = (
        sum(2 * e * x for e, x in zip(errors, xs)) / n,
        sum(2 * e for e in errors) / n,
        sum(e * e for e in errors) / n,
    )
    got = fused(float(weight), float(bias), given_xs, [float(y) for y in ys])  # type: ignore[arg-type]
    # Every input rounds by 1e-16 of itself on its way to a float; sums of at most 8 terms
    # of size up to 10 * 10 keep the error below 1e-12 of 1 + the largest square, 101.
    scale = 1 + float(max(abs(weight), abs(bias), *map(abs, xs), *map(abs, ys)) ** 2)
    for value, oracle in zip(got, exact):
        assert abs(value - float(oracle)) <= 1e-12 * scale
