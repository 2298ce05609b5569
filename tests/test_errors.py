"""Every rejected input raises a gradstep error whose sentence says what, where and why."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep import DivergenceError, GradstepError, NotANumberError, fit

XS = [1.5, 4.0, -2.0, 7.0]
YS = [3.0, 11.0, -6.5, 16.0]


def test_the_error_family() -> None:
    assert issubclass(GradstepError, ValueError)
    assert issubclass(NotANumberError, GradstepError)
    assert issubclass(NotANumberError, TypeError)
    assert issubclass(DivergenceError, GradstepError)


def message_of(raised: pytest.ExceptionInfo[BaseException]) -> str:
    return str(raised.value)


@pytest.mark.parametrize("learning_rate", [None, 0.01])
def test_empty_data(learning_rate: float | None) -> None:
    with pytest.raises(GradstepError) as raised:
        fit([], [], learning_rate=learning_rate)
    assert "no data points" in message_of(raised)
    assert "empty" in message_of(raised)


def test_different_lengths_name_both() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([1.5, 2.5, 3.5, 4.5, 5.5], [2.0, 3.0, 4.0])
    message = message_of(raised)
    assert "xs has 5 values" in message
    assert "ys has 3" in message
    assert "same length" in message


def test_different_lengths_from_generators_name_both() -> None:
    with pytest.raises(GradstepError, match="xs has 3 values but ys has 4"):
        fit((x for x in [1.0, 2.0, 3.0]), (y for y in [1.0, 2.0, 3.0, 4.0]))


def test_one_point_is_too_few_for_a_line_with_a_bias() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([3.5], [7.25])
    assert "only 1 data point" in message_of(raised)
    assert "at least 2" in message_of(raised)


def test_one_point_is_enough_without_a_bias() -> None:
    result = fit([2.5], [7.5], fit_bias=False)
    assert math.isclose(result.weight, 3.0, rel_tol=1e-12)


def test_no_points_are_too_few_without_a_bias() -> None:
    with pytest.raises(GradstepError, match="at least 1"):
        fit([], [], fit_bias=False)


@pytest.mark.parametrize(
    ("bad", "shown"), [(math.nan, "nan"), (math.inf, "inf"), (-math.inf, "-inf")]
)
@pytest.mark.parametrize("column", ["xs", "ys"])
def test_nan_and_infinity_name_index_and_input(bad: float, shown: str, column: str) -> None:
    xs, ys = list(XS), list(YS)
    (xs if column == "xs" else ys)[2] = bad
    with pytest.raises(GradstepError) as raised:
        fit(xs, ys)
    message = message_of(raised)
    assert f"{column}[2] is {shown}" in message
    assert "finite" in message


@pytest.mark.parametrize(
    ("bad", "shown"),
    [("4.5", "'4.5'"), (None, "None"), (3 + 4j, "(3+4j)"), (b"7", "b'7'"), ([1.0], "[1.0]")],
)
@pytest.mark.parametrize("column", ["xs", "ys"])
def test_non_numbers_name_index_and_repr(bad: object, shown: str, column: str) -> None:
    xs: list[object] = list(XS)
    ys: list[object] = list(YS)
    (xs if column == "xs" else ys)[3] = bad
    with pytest.raises(NotANumberError) as raised:
        fit(xs, ys)
    assert isinstance(raised.value, TypeError)
    message = message_of(raised)
    assert f"{column}[3]" in message
    assert shown in message
    assert "not a" in message or "real numbers only" in message


def test_text_instead_of_a_list() -> None:
    with pytest.raises(NotANumberError, match="text '1,2,3'"):
        fit("1,2,3", YS)


def test_a_lone_number_instead_of_a_list() -> None:
    with pytest.raises(NotANumberError, match="single float"):
        fit(XS, 2.5)


def test_a_decimal_too_large_for_a_float() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([Decimal(1), Decimal("1e400"), Decimal(3)], [1.0, 2.0, 3.0])
    assert str(raised.value) == (
        "xs[1] is Decimal('1E+400'), too large for a float (which stops near 1.8e308). "
        "Divide the data by a power of ten and scale the answer back."
    )


def test_a_sum_too_large_for_a_float() -> None:
    with pytest.raises(GradstepError, match="sum of ys is too large"):
        fit([1.0, 2.0, 3.0], [1.5e308, 1.5e308, 1.5e308])


@pytest.mark.parametrize("learning_rate", [0, 0.0, -0.05, math.nan, math.inf, -math.inf])
def test_bad_learning_rates(learning_rate: float) -> None:
    with pytest.raises(GradstepError) as raised:
        fit(XS, YS, learning_rate=learning_rate, steps=5)
    assert "learning rate" in message_of(raised).lower()
    assert "finite" in message_of(raised)


@pytest.mark.parametrize("learning_rate", ["0.1", None + 0j if False else 0.1j, [0.1]])
def test_learning_rates_that_are_not_numbers(learning_rate: object) -> None:
    with pytest.raises(NotANumberError, match="learning rate"):
        fit(XS, YS, learning_rate=learning_rate, steps=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("learning_rate", [None, 0.01])
@pytest.mark.parametrize("steps", [-1, 2.5, 3.0, "10", True, None + 0j if False else 1j])
def test_bad_step_counts(learning_rate: float | None, steps: object) -> None:
    with pytest.raises(GradstepError) as raised:
        fit(XS, YS, learning_rate=learning_rate, steps=steps)  # type: ignore[arg-type]
    message = message_of(raised)
    assert "number of steps" in message
    assert repr(steps) in message
    assert "whole number" in message


def test_all_x_equal_for_the_default_fit_says_why() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([2.5, 2.5, 2.5], [1.0, 4.0, 9.0])
    message = message_of(raised)
    assert "Every x is the same value (2.5)" in message
    assert "slope is undetermined" in message


def test_all_x_zero_without_bias_says_why() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([0.0, 0.0], [1.0, 4.0], fit_bias=False)
    assert "Every x is 0" in message_of(raised)
    assert "undetermined" in message_of(raised)


def test_all_x_equal_with_an_explicit_rate_still_descends() -> None:
    # The textbook loop has no unique answer to find, but every step is still downhill.
    result = fit([2.5, 2.5, 2.5], [1.0, 4.0, 9.0], learning_rate=0.01, steps=50)
    assert math.isfinite(result.weight)
    assert result.history[-1].loss < result.history[0].loss


def test_squares_too_large_for_a_float_are_a_clear_error() -> None:
    # x**2 overflows although x does not: once an OverflowError from sums.mean_x_squared.
    with pytest.raises(GradstepError, match="too large for a float"):
        fit([1.5e154, 3.5e154], [2.5, 4.5], fit_bias=False)
    with pytest.raises(GradstepError, match="too large for a float"):
        fit([-1.5e155, 3.5e155], [2.5, 4.5])


def test_all_x_zero_without_bias_and_an_explicit_rate_cannot_diverge() -> None:
    # The loss does not depend on the weight at all: once a ZeroDivisionError.
    result = fit([0.0, 0.0], [1.5, 2.5], learning_rate=0.75, steps=3, fit_bias=False)
    assert result.stable_learning_rate == math.inf
    assert result.loss == 4.25


wild_floats = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 5e-324, 1e-300, 1e300, 1.7e308, -1.7e308, 1e9, 1e9 + 1]),
)


@given(
    xs=st.lists(wild_floats, min_size=0, max_size=6),
    ys=st.lists(wild_floats, min_size=0, max_size=6),
    learning_rate=st.one_of(st.none(), st.floats(min_value=1e-300, max_value=1e300)),
    steps=st.one_of(st.none(), st.integers(min_value=0, max_value=30)),
    fit_bias=st.booleans(),
)
def test_wild_inputs_give_a_finite_fit_or_a_gradstep_error(
    xs: list[float],
    ys: list[float],
    learning_rate: float | None,
    steps: int | None,
    fit_bias: bool,
) -> None:
    # No OverflowError, ZeroDivisionError or silent nan: a finite line or a sentence.
    try:
        result = fit(xs, ys, learning_rate=learning_rate, steps=steps, fit_bias=fit_bias)
    except GradstepError as problem:
        assert str(problem).endswith(".")
        return
    assert math.isfinite(result.weight)
    assert math.isfinite(result.bias)
    assert math.isfinite(result.loss)
    assert all(math.isfinite(record.loss) for record in result.history)


def test_the_all_x_equal_message_in_full() -> None:
    with pytest.raises(GradstepError) as raised:
        fit([2.5, 2.5, 2.5], [1.0, 4.0, 9.0])
    assert str(raised.value) == (
        "Every x is the same value (2.5), so the slope is undetermined: all lines through "
        "the point (x = 2.5, y = mean of ys) fit equally well. Add points with other x values."
    )
    with pytest.raises(GradstepError) as raised:
        fit([0.0, 0.0], [1.0, 4.0], fit_bias=False)
    assert str(raised.value) == (
        "Every x is 0, so the slope of a line through the origin is undetermined: every such "
        "line predicts 0 there. Add points with x other than 0."
    )


def test_tiny_xs_that_differ_are_told_why_they_look_equal() -> None:
    with pytest.raises(GradstepError, match="xs differ by amounts too small for a float"):
        fit([1e-200, 2e-200, 4e-200], [1.0, 2.0, 3.0])
    with pytest.raises(GradstepError, match="xs differ by amounts too small for a float"):
        fit([1e-200, 3e-200], [1.0, 2.0], fit_bias=False)
    # Around 1e-150 nothing underflows and the fit is exact.
    result = fit([1e-150, 2e-150, 4e-150], [1.0, 2.0, 3.0])
    assert math.isclose(result.weight, 9 / 14 * 1e150, rel_tol=1e-12)  # sxy 3 / sxx 14/3


def test_too_large_message_in_full() -> None:
    # Without a bias the values themselves are squared, even when they do not spread.
    with pytest.raises(GradstepError) as raised:
        fit([1.5e154, 1.5e154], [2.5, 4.5], fit_bias=False)
    assert str(raised.value) == (
        "The xs are too large for a float to square (their squares pass 1.8e308). "
        "Divide xs by a power of ten, such as 1e100, and scale the answer back."
    )
    with pytest.raises(GradstepError, match=r"^The ys are too large for a float to square"):
        fit([1.5, 2.5], [1.5e154, 1.5e154], fit_bias=False)
