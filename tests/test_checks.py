"""The input checks, one function at a time, with the exact sentences a learner reads."""

from __future__ import annotations

import dataclasses
import math
from decimal import Decimal
from fractions import Fraction

import pytest

import gradstep
from gradstep.checks import (
    Column,
    as_list,
    check_column,
    check_learning_rate,
    check_number,
    check_pair,
    check_steps,
)
from gradstep.errors import GradstepError, NotANumberError


class Meters:
    """A number-like object from another library: it only knows __float__."""

    def __init__(self, value: float) -> None:
        self.value = value

    def __float__(self) -> float:
        return self.value


def test_as_list_keeps_a_list_and_reads_anything_else_once() -> None:
    values = [1.5, 2.5]
    assert as_list(values, "xs") is values
    assert as_list((1.5, 2.5), "xs") == [1.5, 2.5]
    one_shot = (value for value in [3.5, 4.5])
    assert as_list(one_shot, "xs") == [3.5, 4.5]
    assert list(one_shot) == []


def test_as_list_refuses_text_and_lone_numbers() -> None:
    with pytest.raises(NotANumberError) as raised:
        as_list("1,2", "ys")
    assert str(raised.value) == (
        "ys is the text '1,2', not a list of numbers. Split it into numbers first, "
        "for example [float(v) for v in text.split(',')]."
    )
    with pytest.raises(NotANumberError, match="text b'12'"):
        as_list(b"12", "xs")
    with pytest.raises(NotANumberError) as raised:
        as_list(7.5, "xs")
    assert str(raised.value) == (
        "xs is 7.5, a single float, but gradstep needs a list (or other sequence) of "
        "numbers, one per data point."
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3.0), (2.75, 2.75), (Fraction(7, 4), 1.75), (Decimal("-0.125"), -0.125), (True, 1.0)],
)
def test_check_number_accepts_real_numbers(value: object, expected: float) -> None:
    number = check_number(value, "xs[0]")
    assert number == expected
    assert type(number) is float


def test_check_number_accepts_objects_that_convert_to_float() -> None:
    assert check_number(Meters(6.25), "xs[0]") == 6.25


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "4.5",
            "xs[3] is the text '4.5', not a number. Convert text to numbers before fitting, "
            "for example with float(text), or fix that value.",
        ),
        (
            b"4",
            "xs[3] is the text b'4', not a number. Convert text to numbers before fitting, "
            "for example with float(text), or fix that value.",
        ),
        (None, "xs[3] is None, not a number. Remove that data point or fill in its value."),
        (
            2 - 1j,
            "xs[3] is the complex number (2-1j); gradstep fits real numbers only. "
            "Use its real part if that is what you meant.",
        ),
        (
            [4.5],
            "xs[3] is [4.5], several values, not a number. Give one number per data point; "
            "to fit rows of several features use fit_features.",
        ),
    ],
)
def test_check_number_refuses_non_numbers_with_a_sentence(value: object, message: str) -> None:
    with pytest.raises(NotANumberError) as raised:
        check_number(value, "xs[3]")
    assert str(raised.value) == message


def test_check_number_refuses_nan_and_infinity() -> None:
    with pytest.raises(GradstepError) as raised:
        check_number(math.nan, "ys[4]")
    assert str(raised.value) == (
        "ys[4] is nan (not a number). Every value must be a finite number: remove that "
        "data point or fill in its value."
    )
    assert not isinstance(raised.value, TypeError)
    with pytest.raises(GradstepError) as raised:
        check_number(-math.inf, "ys[5]")
    assert str(raised.value) == (
        "ys[5] is -inf (infinite). Every value must be a finite number: remove that data "
        "point or fix its value."
    )


def test_check_number_reports_a_conversion_that_fails() -> None:
    class Broken:
        def __float__(self) -> float:
            raise OverflowError("too big")

        def __repr__(self) -> str:
            return "Broken()"

    with pytest.raises(GradstepError) as raised:
        check_number(Broken(), "xs[2]")
    assert str(raised.value) == (
        "xs[2] is Broken(), which cannot be made into a float (too big). Scale the data "
        "down or fix that value."
    )
    assert raised.value.__suppress_context__


def test_check_column_converts_and_sums_exactly() -> None:
    column = check_column([1, Fraction(1, 4), Decimal("2.5")], "xs")
    assert column == Column([1.0, 0.25, 2.5], 3.75)
    assert all(type(value) is float for value in column.values)
    assert math.isclose(check_column([0.1] * 10, "xs").total, 1.0, rel_tol=1e-15)


def test_check_column_reads_a_generator_once() -> None:
    column = check_column((value / 4 for value in range(5)), "ys")
    assert column.values == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert column.total == 2.5


def test_check_column_names_the_first_bad_value_from_the_first_index() -> None:
    with pytest.raises(NotANumberError, match=r"^x\[102\] is None"):
        check_column([1.5, 2.5, None, "a"], "x", first_index=100)
    with pytest.raises(GradstepError, match=r"^ys\[1\] is nan"):
        check_column([1.5, math.nan, math.inf], "ys")
    with pytest.raises(GradstepError, match=r"^ys\[2\] is inf"):
        check_column([1.5, 2.5, math.inf], "ys")


def test_check_column_refuses_a_sum_too_large_for_a_float() -> None:
    with pytest.raises(GradstepError) as raised:
        check_column([1.25e308, -3.5, 1.5e308], "ys")
    assert str(raised.value) == (
        "The sum of ys is too large for a float (its largest value is 1.5e+308). "
        "Divide ys by a power of ten and fit again."
    )


def test_check_column_of_mixed_huge_values_that_cancel_is_fine() -> None:
    column = check_column([1.5e308, -1.5e308, 2.5], "xs")
    assert column.total == 2.5


def test_check_pair_returns_both_columns() -> None:
    x_column, y_column = check_pair((1, 2), [3.5, 4.5], min_points=2)
    assert x_column == Column([1.0, 2.0], 3.0)
    assert y_column == Column([3.5, 4.5], 8.0)


def test_check_pair_messages() -> None:
    with pytest.raises(GradstepError) as raised:
        check_pair([1, 2, 3], [2, 4], min_points=2)
    assert str(raised.value) == (
        "xs has 3 values but ys has 2. Each data point needs one x and one y: make the two "
        "lists the same length."
    )
    with pytest.raises(GradstepError) as raised:
        check_pair([], [], min_points=3)
    assert str(raised.value) == (
        "There are no data points: xs and ys are empty. Give at least 3 points to fit a line."
    )
    with pytest.raises(GradstepError) as raised:
        check_pair([1.5], [2.5], min_points=2)
    assert str(raised.value) == (
        "There is only 1 data point, but this line needs at least 2 to be pinned down. "
        "Add more points."
    )
    with pytest.raises(GradstepError) as raised:
        check_pair([1.5, 2.5], [2.5, 3.5], min_points=3)
    assert str(raised.value) == (
        "There are only 2 data points, but this line needs at least 3 to be pinned down. "
        "Add more points."
    )


def test_check_pair_accepts_exactly_the_minimum() -> None:
    x_column, _ = check_pair([4.5], [2.5], min_points=1)
    assert x_column.values == [4.5]
    x_column, _ = check_pair([4.5, 5.5], [2.5, 3.5], min_points=2)
    assert x_column.values == [4.5, 5.5]


def test_check_learning_rate() -> None:
    assert check_learning_rate(0.03) == 0.03
    assert check_learning_rate(Fraction(1, 8)) == 0.125
    assert type(check_learning_rate(3)) is float
    assert check_learning_rate(5e-324) == 5e-324
    with pytest.raises(GradstepError) as raised:
        check_learning_rate(0)
    assert str(raised.value) == (
        "The learning rate is 0, but it must be a finite positive number, such as 0.01. "
        "Leave it out and gradstep picks one from the data."
    )
    with pytest.raises(GradstepError, match=r"^The learning rate is -0\.25, "):
        check_learning_rate(-0.25)
    with pytest.raises(GradstepError, match=r"^The learning rate is inf"):
        check_learning_rate(math.inf)
    with pytest.raises(NotANumberError, match=r"^The learning rate is the text '0\.1'"):
        check_learning_rate("0.1")


@pytest.mark.parametrize("steps", [0, 1, 37])
def test_check_steps_accepts_whole_numbers(steps: int) -> None:
    assert check_steps(steps) == steps


@pytest.mark.parametrize("steps", [-1, 2.5, 4.0, "10", None, True, False])
def test_check_steps_refuses_everything_else(steps: object) -> None:
    with pytest.raises(GradstepError) as raised:
        check_steps(steps)
    assert str(raised.value) == (
        f"The number of steps is {steps!r}, but it must be a whole number, zero or more, "
        "such as 1000."
    )


def test_checked_columns_cannot_be_changed() -> None:
    column = check_column([1.5, 2.5], "xs")
    with pytest.raises(dataclasses.FrozenInstanceError):
        column.total = 0.0  # type: ignore[misc]


def test_check_rows_messages_in_full() -> None:
    from gradstep.checks import check_rows

    with pytest.raises(NotANumberError) as raised:
        check_rows([[1.5, 2.5], "3,4"], [1.0, 2.0], fit_bias=True)
    assert str(raised.value) == (
        "rows[1] is '3,4', not a row of numbers. Give each data point as a list with one "
        "number per feature, for example [1.5, 3.0]."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([[1.5, 2.5], [3.5]], [1.0, 2.0], fit_bias=True)
    assert str(raised.value) == (
        "Row 1 has 1 values but row 0 has 2. Every row needs one value per feature (and at "
        "least one feature): fill in or remove the missing values."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([], [], fit_bias=True)
    assert str(raised.value) == (
        "There are no data points: rows is empty. Give one row of features per point."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([[1.5], [2.5], [3.5]], [1.0, 2.0], fit_bias=True)
    assert str(raised.value) == (
        "There are 3 rows but 2 ys. Each data point needs one row and one y: make the two "
        "lists the same length."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([[1.5, 2.5], [3.5, 4.5]], [1.0, 2.0], fit_bias=True)
    assert str(raised.value) == (
        "There are 2 rows but 3 numbers to learn (2 weights and a bias): give at least 3 rows."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([[1.5, 2.5]], [1.0], fit_bias=False)
    assert str(raised.value) == (
        "There is 1 row but 2 numbers to learn (2 weights): give at least 2 rows."
    )
    with pytest.raises(GradstepError) as raised:
        check_rows([[1.5]], [1.0], fit_bias=True)
    assert str(raised.value) == (
        "There is 1 row but 2 numbers to learn (1 weight and a bias): give at least 2 rows."
    )


def test_check_rows_accepts_exactly_enough_rows() -> None:
    from gradstep.checks import check_rows

    rows, y_column, _ = check_rows(((1, 2.5), (3, 4.5), (5, 7.5)), [1, 2, 3], fit_bias=True)
    assert rows == [[1.0, 2.5], [3.0, 4.5], [5.0, 7.5]]
    assert y_column.values == [1.0, 2.0, 3.0]
    rows, _, _ = check_rows([[2.5]], [1.5], fit_bias=False)
    assert rows == [[2.5]]


def test_check_history_limit_and_degree_refuse_zero_and_bools() -> None:
    from gradstep.checks import check_degree, check_history_limit

    assert check_history_limit(1) == 1
    assert check_history_limit(None) is None
    assert check_degree(1) == 1
    for bad in (0, True, 2.5):
        with pytest.raises(GradstepError, match=r"^The history limit is "):
            check_history_limit(bad)
        with pytest.raises(GradstepError, match=r"^The degree is "):
            check_degree(bad)


def test_check_sums_messages_in_full() -> None:
    from gradstep.checks import check_sums
    from gradstep.fast.sums import line_sums

    xs, ys = [1.0, 2.0, 4.0], [1e-170, 3e-170, 2e-170]
    with pytest.raises(GradstepError) as raised:
        check_sums(line_sums(xs, ys), xs, ys)
    assert str(raised.value) == (
        "The ys differ by amounts too small for a float to square (the mean of their "
        "squared deviations comes out as 0). Multiply ys by a power of ten, such as 1e150, "
        "and scale the answer back."
    )
    xs, ys = [1.0, 2.0, 4.0], [-1.5e155, 3e155, 1e155]
    with pytest.raises(GradstepError) as raised:
        check_sums(line_sums(xs, ys), xs, ys)
    assert str(raised.value) == (
        "The ys are too large for a float to square (their squares pass 1.8e308). Divide "
        "ys by a power of ten, such as 1e100, and scale the answer back."
    )
    # Spreads that sank below the smallest normal float, though not to 0.
    xs = [0.0, 1e-155]
    with pytest.raises(GradstepError, match=r"^The xs differ by amounts too small"):
        check_sums(line_sums(xs, [1.0, 2.0]))
    # Equal values have no spread to lose; the plain data pass.
    check_sums(line_sums([2.5, 2.5], [1.0, 2.0]), [2.5, 2.5], [1.0, 2.0])
    check_sums(line_sums([1.5, 2.5], [1.0, 2.0]), [1.5, 2.5], [1.0, 2.0])


def test_check_sums_quotes_the_mean_squared_deviation_and_needs_no_values() -> None:
    from gradstep.checks import check_rows, check_sums
    from gradstep.fast.sums import line_sums

    sums = line_sums([0.0, 1e-155], [1.0, 2.0])
    with pytest.raises(GradstepError) as raised:
        check_sums(sums)
    assert f"comes out as {sums.sxx / 2:.3g})" in str(raised.value)
    # Without the values, a spread of exactly 0 is taken as no spread at all.
    check_sums(line_sums([2.5, 2.5], [1.0, 2.0]))
    with pytest.raises(NotANumberError, match=r"^rows is the text 'abc'"):
        check_rows("abc", [1.0], fit_bias=True)


@pytest.mark.parametrize(
    ("tiny", "becomes"),
    [(Decimal("3E-400"), "0.0"), (Fraction(1, 10**400), "0.0"), (Decimal("3E-320"), "3e-320")],
)
def test_a_number_below_the_smallest_float_is_called_too_small_not_too_long(
    tiny: Decimal | Fraction, becomes: str
) -> None:
    # The premise: the float of the value is 0 or subnormal (digits lost to smallness).
    assert abs(float(tiny)) < 2.2250738585072014e-308
    xs = [tiny / 3, tiny / 2, tiny]
    with pytest.raises(GradstepError) as caught:
        gradstep.fit(xs, [1.0, 2.0, 4.0])
    message = str(caught.value)
    assert message.startswith(f"xs[2] is {tiny!r}, a number too small for a float to hold")
    assert f"it becomes {becomes}, off by " in message
    assert "off by 0," not in message
    assert "Multiply every value of xs by a power of ten" in message
    assert "offset" not in message


@pytest.mark.parametrize("fit_bias", [True, False])
def test_sums_of_xs_too_small_to_square_are_refused_not_called_equal(fit_bias: bool) -> None:
    # From sums alone (a stream) the spread of these xs is 0 though they differ.
    xs = [1e-310, 2e-310, 3e-310] if fit_bias else [1e-200, 2e-200, 3e-200]
    with pytest.raises(GradstepError) as caught:
        gradstep.fit_pairs(zip(xs, [1.0, 2.0, 4.0]), fit_bias=fit_bias)
    message = str(caught.value)
    assert message.startswith("The xs are all so near 0")
    assert "Every x" not in message
