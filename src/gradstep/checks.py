"""Input checks: every entry point of gradstep passes its data through here.

Data from spreadsheets and files arrive with empty cells, text, NaN and
mismatched columns. Each check turns such a value into one sentence that says
what is wrong, where it is, and what to do, instead of a NaN twenty lines
later or a traceback from deep inside a loop.

The common case costs little: the built-in ``sum`` reads a whole column in C,
refuses text and None, and comes out NaN or infinite when any value is one.
Only when it objects does the slow path walk the column to name the exact
culprit.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence, Sized
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real
from typing import Protocol

from gradstep.errors import GradstepError, NotANumberError


class Spreads(Protocol):
    """What ``check_sums`` reads of a ``fast.sums.LineSums`` (named here, not imported:
    the sums are computed from checked columns, so they sit above the checks)."""

    @property
    def n(self) -> int: ...
    @property
    def mean_x(self) -> float: ...
    @property
    def mean_y(self) -> float: ...
    @property
    def sxx(self) -> float: ...
    @property
    def sxy(self) -> float: ...
    @property
    def syy(self) -> float: ...


@dataclass(frozen=True)
class Column:
    """A column of numbers that passed the checks, as floats, with their sum.

    ``total`` is a plain floating-point sum: close, not exact. ``sums.line_sums``
    takes it as a first guess at the centre of the data and corrects it.
    """

    values: list[float]
    total: float


def as_list(values: object, name: str) -> list[object]:
    """Read values once into a list, refusing a lone number or a piece of text.

    >>> as_list(range(3), "xs")
    [0, 1, 2]
    >>> as_list("1,2,3", "xs")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: xs is the text '1,2,3', not a list of numbers. Split it \
into numbers first, for example [float(v) for v in text.split(',')].
    """
    if isinstance(values, (str, bytes)):
        raise NotANumberError(
            f"{name} is the text {values!r}, not a list of numbers. Split it into numbers "
            f"first, for example [float(v) for v in text.split(',')]."
        )
    if isinstance(values, list):
        return values
    if not isinstance(values, Iterable):
        raise NotANumberError(
            f"{name} is {values!r}, a single {type(values).__name__}, but gradstep needs a "
            f"list (or other sequence) of numbers, one per data point."
        )
    return list(values)


def check_number(value: object, name: str) -> float:
    """Return value as a float, or raise an error that names it and says why.

    >>> check_number(3, "xs[0]")
    3.0
    >>> check_number(float("nan"), "ys[4]")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: ys[4] is nan (not a number). Every value must be a finite \
number: remove that data point or fill in its value.
    """
    if isinstance(value, (str, bytes)):
        raise NotANumberError(
            f"{name} is the text {value!r}, not a number. Convert text to numbers before "
            f"fitting, for example with float(text), or fix that value."
        )
    if value is None:
        raise NotANumberError(
            f"{name} is None, not a number. Remove that data point or fill in its value."
        )
    if isinstance(value, complex):
        raise NotANumberError(
            f"{name} is the complex number {value!r}; gradstep fits real numbers only. "
            f"Use its real part if that is what you meant."
        )
    if not isinstance(value, (Real, Decimal)) and not hasattr(value, "__float__"):
        raise NotANumberError(
            f"{name} is {value!r}, a {type(value).__name__}, not a real number. "
            f"Every value must be an int or a float."
        )
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError) as problem:
        raise GradstepError(
            f"{name} is {value!r}, which cannot be made into a float ({problem}). "
            f"Scale the data down or fix that value."
        ) from None
    if math.isnan(number):
        raise GradstepError(
            f"{name} is nan (not a number). Every value must be a finite number: "
            f"remove that data point or fill in its value."
        )
    if math.isinf(number) and not isinstance(value, float):
        raise GradstepError(
            f"{name} is {value!r}, too large for a float (which stops near 1.8e308). "
            f"Divide the data by a power of ten and scale the answer back."
        )
    if math.isinf(number):
        raise GradstepError(
            f"{name} is {number} (infinite). Every value must be a finite number: "
            f"remove that data point or fix its value."
        )
    return number


def check_column(values: object, name: str, first_index: int = 0) -> Column:
    """Check a column of numbers and return it as floats with their sum.

    ``first_index`` is the position of the first value in the whole data set,
    for columns checked a chunk at a time; messages name positions from it.

    >>> check_column([1, 2.5, 3], "xs")
    Column(values=[1.0, 2.5, 3.0], total=6.5)
    """
    raw = as_list(values, name)
    try:
        # sum() rather than math.fsum: four times faster, and exactness is not
        # needed here (see Column).
        total = float(sum(raw))  # type: ignore[arg-type]
        floats = list(map(float, raw))  # type: ignore[arg-type]
    except (TypeError, ValueError, ArithmeticError):
        # ArithmeticError: an int too large for a float, or a signalling NaN Decimal.
        total = math.nan
    if not math.isfinite(total):
        # The slow path: find the first culprit and name it.
        floats = [
            check_number(value, f"{name}[{index}]")
            for index, value in enumerate(raw, start=first_index)
        ]
        try:
            total = math.fsum(floats)
        except OverflowError:
            total = math.inf
        if not math.isfinite(total):
            raise GradstepError(
                f"The sum of {name} is too large for a float (its largest value is "
                f"{max(floats, key=abs):g}). Divide {name} by a power of ten and fit again."
            )
    return Column(floats, total)


def check_lengths(
    xs: Sized, ys: Sized, names: tuple[str, str] = ("xs", "ys"), *, min_points: int = 1
) -> int:
    """Return the number of data points, refusing none at all or two lengths that differ.

    The lessons call this too: they take numbers as given, but a mean over no
    points, or a zip that silently drops the extra ones, would teach nothing.

    >>> check_lengths([1.0, 2.0], [3.0, 4.0])
    2
    >>> check_lengths([], [])
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: There are no data points: xs and ys are empty. Give at \
least 1 point to fit a line.
    """
    x_name, y_name = names
    n_x, n_y = len(xs), len(ys)
    if n_x != n_y:
        raise GradstepError(
            f"{x_name} has {n_x} values but {y_name} has {n_y}. Each data point needs one "
            f"{x_name[:-1]} and one {y_name[:-1]}: make the two lists the same length."
        )
    if n_x == 0:
        raise GradstepError(
            f"There are no data points: {x_name} and {y_name} are empty. Give at least "
            f"{min_points} point{'' if min_points == 1 else 's'} to fit a line."
        )
    return n_x


def check_pair(xs: object, ys: object, *, min_points: int) -> tuple[Column, Column]:
    """Check xs and ys as the two columns of one data set.

    >>> check_pair([1, 2, 3], [2, 4], min_points=2)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: xs has 3 values but ys has 2. Each data point needs \
one x and one y: make the two lists the same length.
    """
    x_column = check_column(xs, "xs")
    y_column = check_column(ys, "ys")
    n_x = check_lengths(x_column.values, y_column.values, min_points=min_points)
    if n_x < min_points:
        raise GradstepError(
            f"There {'is' if n_x == 1 else 'are'} only {n_x} data point"
            f"{'' if n_x == 1 else 's'}, but this line needs at least {min_points} to be "
            f"pinned down. Add more points."
        )
    return x_column, y_column


def check_sums(
    sums: Spreads, xs: Sequence[float] = (), ys: Sequence[float] = (), *, fit_bias: bool = True
) -> None:
    """Refuse data whose spread a float cannot hold, before it turns into inf or 0.

    Squared deviations pass the largest float (1.8e308) once values reach
    about 1e154, and below about 1e-154 they sink under the smallest normal
    float, where their digits drain away. ``xs`` and ``ys``, when given, tell
    a spread that vanished from one that was never there. A line through the
    origin (``fit_bias=False``) is scaled by the values themselves, not their
    spread, so there the mean of the squared values must fit in a float too.

    >>> from gradstep.fast.sums import line_sums
    >>> xs, ys = [1e-170, 3e-170], [1.0, 2.0]
    >>> check_sums(line_sums(xs, ys), xs, ys)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The xs differ by amounts too small for a float to square \
(the mean of their squared deviations comes out as 0). Multiply xs by a power of ten, such \
as 1e150, and scale the answer back.
    """
    for name, mean, spread, values in (
        ("xs", sums.mean_x, sums.sxx, xs),
        ("ys", sums.mean_y, sums.syy, ys),
    ):
        mean_square = spread / sums.n
        squares_fit = math.isfinite(mean) and math.isfinite(spread) and math.isfinite(sums.sxy)
        if not fit_bias:
            squares_fit = squares_fit and math.isfinite(mean_square + mean * mean)
        if not squares_fit:
            raise GradstepError(
                f"The {name} are too large for a float to square (their squares pass "
                f"1.8e308). Divide {name} by a power of ten, such as 1e100, and scale the "
                f"answer back."
            )
        if mean_square < sys.float_info.min and (
            mean_square > 0 or (len(values) > 0 and min(values) != max(values))
        ):
            raise GradstepError(
                f"The {name} differ by amounts too small for a float to square (the mean of "
                f"their squared deviations comes out as {mean_square:.3g}). Multiply {name} by "
                f"a power of ten, such as 1e150, and scale the answer back."
            )


def check_history_limit(history_limit: object) -> int | None:
    """Return the history limit if it is None or a whole number, 1 or more.

    >>> check_history_limit(500)
    500
    >>> check_history_limit(0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The history limit is 0, but it must be a whole number, \
1 or more, such as 10000, or None to keep every step.
    """
    if history_limit is None:
        return None
    if isinstance(history_limit, bool) or not isinstance(history_limit, int) or history_limit < 1:
        raise GradstepError(
            f"The history limit is {history_limit!r}, but it must be a whole number, 1 or "
            f"more, such as 10000, or None to keep every step."
        )
    return history_limit


def check_learning_rate(learning_rate: object) -> float:
    """Return the learning rate as a float if it is a finite positive number.

    >>> check_learning_rate(0.01)
    0.01
    >>> check_learning_rate(-0.1)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The learning rate is -0.1, but it must be a finite \
positive number, such as 0.01. Leave it out and gradstep picks one from the data.
    """
    rate = check_number(learning_rate, "The learning rate")
    if rate <= 0:
        raise GradstepError(
            f"The learning rate is {learning_rate!r}, but it must be a finite positive "
            f"number, such as 0.01. Leave it out and gradstep picks one from the data."
        )
    return rate


def check_steps(steps: object) -> int:
    """Return the step count if it is a whole number, zero or more.

    >>> check_steps(100)
    100
    >>> check_steps(2.5)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The number of steps is 2.5, but it must be a whole \
number, zero or more, such as 1000.
    """
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 0:
        raise GradstepError(
            f"The number of steps is {steps!r}, but it must be a whole number, zero or "
            f"more, such as 1000."
        )
    return steps


def check_batch_size(batch_size: object, n: int) -> int | None:
    """Return the batch size if it is None or a whole number from 1 to n.

    >>> check_batch_size(4, n=17)
    4
    >>> check_batch_size(0, n=17)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The batch size is 0, but it must be a whole number from 1 \
(stochastic descent) to 17 (all the points), or None for full-batch descent.
    """
    if batch_size is None:
        return None
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or not 1 <= batch_size <= n:
        raise GradstepError(
            f"The batch size is {batch_size!r}, but it must be a whole number from 1 "
            f"(stochastic descent) to {n} (all the points), or None for full-batch descent."
        )
    return batch_size


def check_degree(degree: object) -> int:
    """Return the degree of a polynomial if it is a whole number, 1 or more.

    >>> check_degree(2)
    2
    >>> check_degree(0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The degree is 0, but it must be a whole number, 1 or \
more: 1 gives the line itself, 2 a parabola.
    """
    if isinstance(degree, bool) or not isinstance(degree, int) or degree < 1:
        raise GradstepError(
            f"The degree is {degree!r}, but it must be a whole number, 1 or more: 1 gives "
            f"the line itself, 2 a parabola."
        )
    return degree


def check_rows(rows: object, ys: object, *, fit_bias: bool) -> tuple[list[list[float]], Column]:
    """Check rows of features and their ys; name the row and column of a bad value.

    >>> check_rows([[1, 2], [3, 4], [5, 7]], [1, 2, 3], fit_bias=True)[0]
    [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
    >>> check_rows([[1, 2], [3, None], [5, 6]], [1, 2, 3], fit_bias=True)
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: rows[1][1] (row 1, column 1) is None, not a number. \
Remove that data point or fill in its value.
    """
    raw_rows = as_list(rows, "rows")
    checked: list[list[float]] = []
    feature_count = 0
    for index, raw_row in enumerate(raw_rows):
        if isinstance(raw_row, (str, bytes)) or not isinstance(raw_row, Iterable):
            raise NotANumberError(
                f"rows[{index}] is {raw_row!r}, not a row of numbers. Give each data point "
                f"as a list with one number per feature, for example [1.5, 3.0]."
            )
        row = list(raw_row)
        if index == 0:
            feature_count = len(row)
        if len(row) != feature_count or not row:
            raise GradstepError(
                f"Row {index} has {len(row)} values but row 0 has {feature_count}. Every row "
                f"needs one value per feature (and at least one feature): fill in or remove "
                f"the missing values."
            )
        try:
            total = math.fsum(row)
            values = list(map(float, row))
        except (TypeError, ValueError, OverflowError):
            total = math.nan
        if not math.isfinite(total):
            # The slow path: find the culprit and name its row and column.
            values = [
                check_number(value, f"rows[{index}][{column}] (row {index}, column {column})")
                for column, value in enumerate(row)
            ]
        checked.append(values)
    y_column = check_column(ys, "ys")
    if not checked:
        raise GradstepError(
            "There are no data points: rows is empty. Give one row of features per point."
        )
    if len(checked) != len(y_column.values):
        raise GradstepError(
            f"There are {len(checked)} rows but {len(y_column.values)} ys. Each data point "
            f"needs one row and one y: make the two lists the same length."
        )
    parameters = feature_count + (1 if fit_bias else 0)
    if len(checked) < parameters:
        raise GradstepError(
            f"There {'is' if len(checked) == 1 else 'are'} {len(checked)} row"
            f"{'' if len(checked) == 1 else 's'} but {parameters} numbers to learn "
            f"({feature_count} weight{'' if feature_count == 1 else 's'}"
            f"{' and a bias' if fit_bias else ''}): give at least {parameters} rows."
        )
    return checked, y_column


def check_operand(value: object, operation: str) -> float:
    """Return a number that meets an ``autodiff.Value`` in an operation, as a float.

    A float is taken as it is (NaN and infinity too, as float arithmetic takes
    them); anything else must pass ``check_number``.

    >>> check_operand(3, "*")
    3.0
    >>> check_operand("3", "*")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: The number on the other side of * is the text '3', \
not a number. Convert text to numbers before fitting, for example with float(text), or fix \
that value.
    """
    if type(value) is float:
        return value
    if type(value) is int:
        return float(value)
    if operation == "Value(...)":
        return check_number(value, "The number given to Value(...)")
    return check_number(value, f"The number on the other side of {operation}")


def check_power(base: float, exponent: object) -> float:
    """Return the exponent n of base ** n as a float if base**n and n * base**(n-1) are finite.

    The power rule's slope n * base**(n-1) divides by zero at base = 0 when
    n < 1, and a negative base to a fractional power is not a real number.

    >>> check_power(-2.0, 3)
    3.0
    >>> check_power(0.0, -1)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: Cannot take 0.0 ** -1.0: its slope by the power rule, \
-1.0 * 0.0**-2.0, divides by zero. Keep the Value away from 0 (or divide by something \
that is not 0).
    """
    if isinstance(exponent, (int, float)) and -1e6 < exponent < 1e6:
        n = float(exponent)  # the common case, without check_number's slower checks
    elif not isinstance(exponent, (Real, Decimal)):
        raise NotANumberError(
            f"The exponent of ** is {exponent!r}, a {type(exponent).__name__}; a Value can be "
            f"raised only to a fixed number, such as error ** 2, whose slope the power rule "
            f"gives. Use a number for the exponent."
        )
    else:
        n = check_number(exponent, "The exponent of **")
    if base == 0 and n < 1:
        raise GradstepError(
            f"Cannot take {base!r} ** {n!r}: its slope by the power rule, {n!r} * "
            f"{base!r}**{n - 1!r}, divides by zero. Keep the Value away from 0 (or divide by "
            f"something that is not 0)."
        )
    if base < 0 and n != math.floor(n):
        raise GradstepError(
            f"Cannot take {base!r} ** {n!r}: a negative number to a fractional power is not "
            f"a real number. Raise only positive Values to fractional powers."
        )
    if 1e-100 < abs(base) < 1e100 and -2 <= n <= 3:
        return n  # neither base**n nor base**(n-1) can pass 1e300: no need to try them
    try:
        abs(base) ** n, abs(base) ** (n - 1)
    except OverflowError:
        raise GradstepError(
            f"{base!r} ** {n!r} or its slope {n!r} * {base!r}**{n - 1!r} is too large for a "
            f"float (past 1.8e308). Divide the numbers by a power of ten first."
        ) from None
    return n


def check_share_kept(value: object, name: str) -> float:
    """Check a beta of an update rule: the share of the past kept at each step, in [0, 1).

    >>> check_share_kept(0.9, "momentum's beta")
    0.9
    """
    if not isinstance(value, (int, float)) or not 0 <= value < 1:
        raise GradstepError(
            f"The {name} is {value!r}, but it must be at least 0 and below 1 (0.9 is "
            f"usual): it is the share of the past kept at each step."
        )
    return float(value)


def check_start_loss(loss: float, weight: float, bias: float) -> float:
    """Check that the loss at descent's start is a finite number, and return it.

    >>> check_start_loss(2.5, weight=0.5, bias=-1.0)
    2.5
    """
    if not math.isfinite(loss):
        raise GradstepError(
            f"The loss at the start (weight {weight:g}, bias {bias:g}) is too large for a "
            f"float: the data are too large for descent in their own units. Leave "
            f"learning_rate out so that fit scales the data, or divide them by a power of ten."
        )
    return loss
