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

import itertools
import math
import operator
import reprlib
import sys
import warnings
from collections.abc import Iterable, Mapping, Sequence, Set, Sized
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from numbers import Complex, Integral, Rational, Real
from typing import Protocol, TypeVar

from gradstep.errors import GradstepError, NotANumberError

Given = TypeVar("Given")
MAX_DEGREE = 30
EXACT_INTEGERS = 2.0**53  # a float holds every integer below this exactly, not all above


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
    rounding: float = 0.0  # the most any value moved on its way to a float (0 for floats)


def as_list(values: object, name: str, *, table: bool = False) -> list[object]:
    """Read values once into a list, refusing a lone number, text, or values with no order.

    A set or a dict has no order, so nothing says which y belongs to which x;
    a table (a pandas DataFrame, a 2-D array) is several columns, not one.
    NumPy arrays and pandas Series are read with ``tolist()``, which gives
    Python's own numbers: their ints are then summed exactly, never wrapped.
    ``table=True`` reads rows of features, where a 2-D array is the right shape.

    >>> as_list(range(3), "xs")
    [0, 1, 2]
    >>> as_list("1,2,3", "xs")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: xs is the text '1,2,3', not a list of numbers. Split it \
into numbers first, for example [float(v) for v in text.split(',')].
    >>> as_list({3.0, 1.0}, "xs")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: xs is a set, which has no order, so nothing says which \
value belongs to which data point (and a set drops repeated values). Give a list, in the \
order of the data points.
    """
    if isinstance(values, (str, bytes)):
        raise NotANumberError(
            f"{name} is the text {values!r}, not a list of numbers. Split it into numbers "
            f"first, for example [float(v) for v in text.split(',')]."
        )
    if isinstance(values, list):
        return values
    if isinstance(values, (Set, Mapping)):
        repeats = "" if isinstance(values, Mapping) else " (and a set drops repeated values)"
        raise GradstepError(
            f"{name} is a {type(values).__name__}, which has no order, so nothing says which "
            f"value belongs to which data point{repeats}. Give a list, in the order of the "
            f"data points."
        )
    dimensions = getattr(values, "ndim", 1)
    if isinstance(dimensions, int) and dimensions != 1 and not isinstance(values, Iterable):
        dimensions = 1  # an object that merely has an ndim attribute
    if table and hasattr(values, "columns") and dimensions == 2:
        # Iterating a pandas DataFrame gives its column names, not its rows.
        raise GradstepError(
            f"{name} is a {type(values).__name__}, whose iteration gives its column names, "
            f"not its rows. Pass table.to_numpy() (or table[['x1', 'x2']].to_numpy())."
        )
    if table and dimensions == 2:
        dimensions = 1
    if isinstance(dimensions, int) and dimensions >= 2:
        raise GradstepError(
            f"{name} is a {dimensions}-dimensional {type(values).__name__} (a table), but it "
            f"must be one column, one number per data point. Pick one column, for example "
            f"table['x'] or array[:, 0]; to fit several features use fit_features(rows, ys)."
        )
    if dimensions == 0 or not isinstance(values, Iterable):
        raise NotANumberError(
            f"{name} is {values!r}, a single {type(values).__name__}, but gradstep needs a "
            f"list (or other sequence) of numbers, one per data point."
        )
    to_list = getattr(values, "tolist", None)
    if callable(to_list):
        listed = to_list()
        if isinstance(listed, list):
            return listed
    return list(values)


def check_pairs(pairs: object) -> Iterable[object]:
    """Refuse a stream of (x, y) pairs that is text, a set, a dict or a table.

    >>> check_pairs({1: 2.0, 3: 4.0})
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The pairs are a dict, whose iteration gives its keys \
alone. Pass pairs.items() for (key, value) pairs.
    """
    if isinstance(pairs, Mapping):
        raise GradstepError(
            f"The pairs are a {type(pairs).__name__}, whose iteration gives its keys alone. "
            f"Pass pairs.items() for (key, value) pairs."
        )
    if isinstance(pairs, Set):
        raise GradstepError(
            f"The pairs are a {type(pairs).__name__}, which keeps a repeated data point only "
            f"once (and in no order). Give a list or another sequence of (x, y) pairs."
        )
    if hasattr(pairs, "columns") and getattr(pairs, "ndim", None) == 2:
        raise GradstepError(
            f"The pairs are a {type(pairs).__name__}, whose iteration gives its column names. "
            f"Pass zip(table['x'], table['y'])."
        )
    lone = not isinstance(pairs, Iterable) or getattr(pairs, "ndim", 1) == 0
    if isinstance(pairs, (str, bytes)) or lone:
        as_list(pairs, "pairs")  # refuses text and lone values with a sentence
    return pairs  # type: ignore[return-value]


def check_x(x: object) -> float:
    """Return the x at which to read a line, if it is a finite number.

    >>> check_x(float("nan"))
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: x is nan, but it must be a finite number, the point at \
which to read the line, such as 5.0.
    """
    return parameter_number(x, "x", "the point at which to read the line, such as 5.0")


def check_prediction(prediction: float, at: object) -> float:
    """Return a prediction if it is finite; past the largest float, say so.

    >>> check_prediction(float("inf"), 1e308)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The prediction at 1e+308 is too large for a float (past \
1.8e308). Predict nearer the data, or divide x by a power of ten and scale the answer back.
    """
    if not math.isfinite(prediction):
        raise GradstepError(
            f"The prediction at {at!r} is too large for a float (past 1.8e308). Predict "
            f"nearer the data, or divide x by a power of ten and scale the answer back."
        )
    return prediction


def shown(value: object) -> str:
    """Return a value as a message shows it: its repr, shortened, and a huge int by its size.

    Past about 4300 digits Python refuses to print an int at all, and 400 digits
    (or a list of a million numbers) would bury the sentence around them.

    >>> shown(2.5), shown(-(10**400))
    ('2.5', 'a whole number near -1e+400, too large for a float')
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        exponent = math.floor(math.log10(abs(value)))
        mantissa = 10 ** (math.log10(abs(value)) - exponent)
        size = f"{'-' if value < 0 else ''}{mantissa:.2g}e+{exponent}"
        try:
            float(value)
        except OverflowError:
            return f"a whole number near {size}, too large for a float"
        return f"a whole number near {size}"
    return reprlib.repr(value)


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
    if isinstance(value, Complex) and not isinstance(value, Real):
        # NumPy's complex types too, which float() would cut to their real part.
        raise NotANumberError(
            f"{name} is the complex number {value!r}; gradstep fits real numbers only. "
            f"Use its real part if that is what you meant."
        )
    if isinstance(value, Iterable) and not isinstance(value, Real):
        raise NotANumberError(
            f"{name} is {value!r}, several values, not a number. Give one number per data "
            f"point; to fit rows of several features use fit_features."
        )
    if not isinstance(value, (Real, Decimal)) and not hasattr(value, "__float__"):
        raise NotANumberError(
            f"{name} is {value!r}, a {type(value).__name__}, not a real number. "
            f"Every value must be an int or a float."
        )
    try:
        number = float(value)
    except (ArithmeticError, ValueError, TypeError) as problem:  # a signalling NaN Decimal too
        if isinstance(value, Integral):
            raise GradstepError(
                f"{name} is {shown(value)} (which stops near 1.8e308). Divide the data by a "
                f"power of ten and scale the answer back."
            ) from None
        raise GradstepError(
            f"{name} is {shown(value)}, which cannot be made into a float ({problem}). "
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


def check_column(
    values: object, name: str, first_index: int = 0, reference: float | None = None
) -> Column:
    """Check a column of numbers and return it as floats with their sum.

    ``first_index`` is the position of the first value in the whole data set,
    for columns checked a chunk at a time; messages name positions from it, and
    ``reference``, a value from an earlier chunk, widens the spread against which
    ``check_exact_conversion`` weighs rounding.

    >>> check_column([1, 2.5, 3], "xs")
    Column(values=[1.0, 2.5, 3.0], total=6.5, rounding=0.0)
    """
    raw = as_list(values, name)
    try:
        # sum() rather than math.fsum: four times faster, and exactness is not
        # needed here (see Column).
        # Only Python's own ints and floats take this path: their sum is a float or
        # an exact int. Another type's arithmetic (NumPy's int64 wraps round, with
        # only a warning) is not trusted: such columns go through the checks below.
        total = math.nan
        if raw and type(raw[0]) in (float, int):
            # A NumPy scalar further on would make sum() NumPy's, which may warn
            # (an overflowing cast); its total is not trusted below anyway.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                raw_total = sum(raw)  # type: ignore[arg-type]
            if type(raw_total) in (float, int):
                total = float(raw_total)
                floats = list(map(float, raw))  # type: ignore[arg-type]
    except (TypeError, ValueError, ArithmeticError):
        # ArithmeticError: an int too large for a float, or a signalling NaN Decimal.
        total = math.nan
    careful = not math.isfinite(total)
    if careful:
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
    # Python's floats are exact as they are, and its ints below 2**53; other types
    # (Decimal, Fraction) came the slow way. Rounding of ints can pass 1e-10 of the
    # spread only if the spread is below 1.2e-6 of the values, so their mean is past
    # 2**52: a look at the mean, in O(1), finds every such column.
    rounding = 0.0
    if floats and (careful or abs(total) >= EXACT_INTEGERS / 2 * len(floats)):
        rounding = check_exact_conversion(raw, floats, name, first_index, reference=reference)
    return Column(floats, total, rounding)


def check_exact_conversion(
    raw: Sequence[object],
    floats: Sequence[float],
    name: str,
    first_index: int = 0,
    column: int | None = None,
    reference: float | None = None,
) -> float:
    """Refuse numbers that a float rounds by a noticeable share of the column's spread.

    A float holds every integer up to 2**53 exactly; past it, only some. Timestamps
    in nanoseconds (about 1.7e18) round by up to 128, harmless if they lie a second
    (1e9) apart, but integers 1000 apart near 2**64 can round onto each other and
    the line through them comes out wrong; so can Decimals or Fractions that
    differ past a float's 16th digit. The spread is max - min of the floats
    (and ``reference``, from an earlier chunk); ``column`` names a column of rows.
    A lone value, with nothing to compare it to, passes. Returns the most any
    value moved on its way to a float, for the certificate (``fitting.certificate``).

    >>> check_exact_conversion([2**64 - 1, 2**64 - 1000], [2.0**64, 2.0**64], "xs")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: xs[1] is 18446744073709550616, an integer too large \
for a float to hold exactly: it becomes 1.8446744073709552e+19, off by 1000, while the \
values of xs differ by only 0. Subtract an offset from every value of xs first, such as \
xs[0] (for example [v - xs[0] for v in xs]), and fit those: the weights do not change, and \
the offset can be put back into the bias.
    """
    ends = [min(floats), max(floats)] + ([] if reference is None else [reference])
    spread = max(ends) - min(ends)
    worst, worst_error = -1, Fraction(0)
    for index, (value, number) in enumerate(zip(raw, floats)):
        if isinstance(value, Integral):
            if -EXACT_INTEGERS < number < EXACT_INTEGERS:
                continue  # held exactly
            error = Fraction(abs(int(number) - int(value)))  # exact: both are Python ints
        elif isinstance(value, (Rational, Decimal)) and not isinstance(value, float):
            error = abs(Fraction(number) - Fraction(value))  # exact, as fractions
        else:
            continue  # a float, or a type whose exact value is not known here
        if error > worst_error:
            worst, worst_error = index, error
    # 1e-10 of the spread: rounding that small changes a fitted line by less than
    # the descent's own tolerance. A lone value, with nothing to compare it to, passes.
    if worst_error > 1e-10 * spread and (len(floats) > 1 or reference is not None):
        index = worst + first_index
        if column is None:
            where, first, values = f"{name}[{index}]", f"{name}[0]", name
            example = f" (for example [v - {first} for v in {name}])"
        else:
            where = f"{name}[{index}][{column}] (row {index}, column {column})"
            first, values, example = f"{name}[0][{column}]", f"column {column}", ""
        value = raw[worst]
        if abs(floats[worst]) < sys.float_info.min:
            # Below the smallest normal float digits drain away, and below 5e-324 all
            # of them: an offset would not help, a power of ten does.
            off = _three_digits(worst_error)
            raise GradstepError(
                f"{where} is {value!r}, a number too small for a float to hold in full "
                f"(below 2.2e-308 floats keep fewer digits, and below 5e-324 none): it "
                f"becomes {floats[worst]!r}, off by {off}, while the values of {values} "
                f"differ by only {spread:g}. Multiply every value of {values} by a power "
                f"of ten, such as 1e300, and scale the answer back."
            )
        what = (
            f"{int(value)}, an integer too large for a float to hold exactly"
            if isinstance(value, Integral)
            else f"{value!r}, which has more digits than a float holds"
        )
        exact = worst_error.denominator == 1
        off = f"{worst_error.numerator}" if exact else _three_digits(worst_error)
        raise GradstepError(
            f"{where} is {what}: it becomes {floats[worst]!r}, off by {off}, "
            f"while the values of {values} differ by only {spread:g}. Subtract an offset "
            f"from every value of {values} first, such as {first}{example}, and fit those: "
            f"the weights do not change, and the offset can be put back into the bias."
        )
    return float(worst_error)


def _three_digits(fraction: Fraction) -> str:
    """Write a positive fraction to 3 significant digits, even one below the smallest float.

    >>> _three_digits(Fraction(1, 3)), _three_digits(Fraction(1, 10**400))
    ('0.333', '1e-400')
    """
    if float(fraction) > 0:
        return f"{float(fraction):.3g}"
    return f"{Decimal(fraction.numerator) / Decimal(fraction.denominator):.3g}"


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
    try:
        n_x, n_y = len(xs), len(ys)
    except TypeError:  # a lone number, or a generator, which has no length
        raise not_a_list((xs, ys), names) from None
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


def not_a_list(columns: tuple[object, object], names: tuple[str, str]) -> GradstepError:
    """Return the sentence for a column, one of two, that has no length.

    >>> print(not_a_list(([1.0, 2.0], (x for x in "ab")), ("xs", "ys")))
    ys is a generator, which has no length, but it is read more than once here. Give a \
list, for example list(ys).
    """
    for values, name in zip(columns, names):
        if not isinstance(values, Sized):
            as_list(values, name)  # a lone number or text: its own sentence
            return NotANumberError(
                f"{name} is a {type(values).__name__}, which has no length, but it is read "
                f"more than once here. Give a list, for example list({name})."
            )
    return GradstepError(f"{names[0]} and {names[1]} must be lists of numbers of one length.")


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


# Below this in size a float's square sinks under the smallest normal float.
SQUARE_ROOT_OF_TINY = math.sqrt(sys.float_info.min)


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
        # Sums alone (a stream, a CSV file) cannot tell tiny values that differ from
        # equal ones: both have a spread of 0. Say what is true of either.
        if not values and spread == 0 and 0 < abs(mean) < SQUARE_ROOT_OF_TINY:
            raise GradstepError(
                f"The {name} are all so near 0 (their mean is {mean:.3g}) that a float cannot "
                f"square them, nor tell from their sums whether they differ. Multiply {name} "
                f"by a power of ten, such as 1e150, and scale the answer back."
            )


def whole_number(value: object) -> int | None:
    """Return value as an int if it is a whole number (NumPy's too), else None.

    >>> whole_number(7), whole_number(2.5), whole_number(True)
    (7, None, None)
    """
    if isinstance(value, bool):
        return None  # True is an int to Python, but never a count a user meant
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None


def parameter_number(value: object, description: str, requirement: str) -> float:
    """Return a parameter as a float if it is a finite real number; the messages name it.

    >>> parameter_number(0.5, "The momentum beta", "at least 0 and below 1")
    0.5
    >>> parameter_number("0.9", "The adam beta1", "at least 0 and below 1, such as 0.9")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: The adam beta1 is the text '0.9', not a number. It must be \
a number, at least 0 and below 1, such as 0.9.
    """
    if isinstance(value, (str, bytes)):
        raise NotANumberError(
            f"{description} is the text {value!r}, not a number. It must be a number, "
            f"{requirement}."
        )
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal)):
        raise NotANumberError(
            f"{description} is {value!r}, a {type(value).__name__}, not a real number. It "
            f"must be a number, {requirement}."
        )
    try:
        number = float(value)
    except (OverflowError, ValueError, ArithmeticError):
        number = math.nan
    if not math.isfinite(number):
        raise GradstepError(
            f"{description} is {shown(value)}, but it must be a finite number, {requirement}."
        )
    return number


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
    limit = whole_number(history_limit)
    if limit is None or limit < 1:
        raise GradstepError(
            f"The history limit is {history_limit!r}, but it must be a whole number, 1 or "
            f"more, such as 10000, or None to keep every step."
        )
    return limit


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
    advice = "such as 0.01. Leave it out and gradstep picks one from the data"
    rate = parameter_number(learning_rate, "The learning rate", f"positive, {advice}")
    if rate <= 0:
        raise GradstepError(
            f"The learning rate is {learning_rate!r}, but it must be a finite positive "
            f"number, {advice}."
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
    count = whole_number(steps)
    if count is None or count < 0:
        raise GradstepError(
            f"The number of steps is {steps!r}, but it must be a whole number, zero or "
            f"more, such as 1000."
        )
    return count


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
    size = whole_number(batch_size)
    if size is None or not 1 <= size <= n:
        raise GradstepError(
            f"The batch size is {batch_size!r}, but it must be a whole number from 1 "
            f"(stochastic descent) to {n} (all the points), or None for full-batch descent."
        )
    return size


def check_degree(degree: object) -> int:
    """Return the degree of a polynomial if it is a whole number from 1 to 30.

    Past degree 30 the powers of any x are so nearly multiples of each other
    that a float cannot tell their weights apart (and they soon overflow).

    >>> check_degree(2)
    2
    >>> check_degree(0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The degree is 0, but it must be a whole number from 1 to \
30: 1 gives the line itself, 2 a parabola.
    """
    whole = whole_number(degree)
    if whole is None or not 1 <= whole <= MAX_DEGREE:
        raise GradstepError(
            f"The degree is {degree!r}, but it must be a whole number from 1 to {MAX_DEGREE}: "
            f"1 gives the line itself, 2 a parabola."
        )
    return whole


def check_chunk_size(chunk_size: object) -> int:
    """Return the chunk size of a stream if it is a whole number, 1 or more.

    >>> check_chunk_size(0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The chunk size is 0, but it must be a whole number, 1 or \
more, such as 1000: the number of pairs read and summed at a time.
    """
    size = whole_number(chunk_size)
    if size is None or size < 1:
        raise GradstepError(
            f"The chunk size is {chunk_size!r}, but it must be a whole number, 1 or more, "
            f"such as 1000: the number of pairs read and summed at a time."
        )
    return min(size, sys.maxsize)  # larger is no different: every pair in one chunk


def check_seed(seed: object) -> int | None:
    """Return the seed if it is None or a whole number.

    >>> check_seed([1, 2])
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The seed is [1, 2], but it must be a whole number, such as \
0 (the same start every run), or None (a different start each run): it picks the random \
start of Step 1.
    """
    if seed is None:
        return None
    whole = whole_number(seed)
    if whole is None:
        raise GradstepError(
            f"The seed is {seed!r}, but it must be a whole number, such as 0 (the same start "
            f"every run), or None (a different start each run): it picks the random start "
            f"of Step 1."
        )
    return whole


def check_fit_bias(fit_bias: object) -> bool:
    """Return fit_bias if it is True or False (NumPy's booleans too).

    >>> check_fit_bias("no")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: fit_bias is 'no', but it must be True (fit a bias) or \
False (a line through the origin).
    """
    if isinstance(fit_bias, bool):
        return fit_bias
    if type(fit_bias).__name__ in ("bool_", "bool") and hasattr(fit_bias, "item"):
        return bool(fit_bias)
    raise GradstepError(
        f"fit_bias is {fit_bias!r}, but it must be True (fit a bias) or False (a line "
        f"through the origin)."
    )


def check_progress(progress: Given) -> Given:
    """Return progress if it is None or something to call with each step.

    >>> check_progress(True)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: progress is True, but it must be a function, called with \
each Step as it is taken (for example print), or None.
    """
    if progress is None or callable(progress):
        return progress
    raise GradstepError(
        f"progress is {progress!r}, but it must be a function, called with each Step as it "
        f"is taken (for example print), or None."
    )


def check_epsilon(value: object) -> float:
    """Return Adam's epsilon if it is zero or a small positive number.

    >>> check_epsilon(-1e-8)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: Adam's epsilon is -1e-08, but it must be zero or a small \
positive number such as 1e-8: it keeps a step finite where the gradient is 0.
    """
    requirement = "zero or a small positive number such as 1e-8"
    why = "it keeps a step finite where the gradient is 0"
    epsilon = parameter_number(value, "Adam's epsilon", f"{requirement}: {why}")
    if epsilon < 0:
        raise GradstepError(f"Adam's epsilon is {value!r}, but it must be {requirement}: {why}.")
    return epsilon


def check_line_sums(
    sums: object, *, min_points: int
) -> tuple[int, float, float, float, float, float]:
    """Check sums handed in by a user: n, the means, sxx, sxy and syy must be possible.

    sxx and syy are sums of squares, so never negative, and sxy**2 <= sxx * syy
    (the Cauchy-Schwarz inequality); n counts points.

    >>> from types import SimpleNamespace
    >>> check_line_sums(SimpleNamespace(n=0, mean_x=0, mean_y=0, sxx=1, sxy=0, syy=1),
    ...     min_points=2)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The sums say n = 0 data points, but n must be a whole \
number, at least 2 to pin this line down. Collect the sums with gradstep.fast.sums.line_sums.
    """
    names = ("n", "mean_x", "mean_y", "sxx", "sxy", "syy")
    if not all(hasattr(sums, name) for name in names):
        raise NotANumberError(
            f"The sums are {sums!r}, a {type(sums).__name__}, but fit_sums needs a LineSums "
            f"(n, mean_x, mean_y, sxx, sxy, syy). Collect them with "
            f"gradstep.fast.sums.line_sums(xs, ys)."
        )
    raw_n: object = getattr(sums, "n")  # noqa: B009 (sums is any object here)
    n = whole_number(raw_n)
    if n is None or n < min_points:
        raise GradstepError(
            f"The sums say n = {raw_n!r} data points, but n must be a whole number, at least "
            f"{min_points} to pin this line down. Collect the sums with "
            f"gradstep.fast.sums.line_sums."
        )
    mean_x, mean_y, sxx, sxy, syy = (
        parameter_number(getattr(sums, name), f"The sums' {name}", "as line_sums gives it")
        for name in names[1:]
    )
    for name, square_sum in (("sxx", sxx), ("syy", syy)):
        if square_sum < 0:
            raise GradstepError(
                f"The sums' {name} is {square_sum!r}, but a sum of squares is never negative. "
                f"Collect the sums with gradstep.fast.sums.line_sums."
            )
    # Rounding can carry sxy a hair past the bound; an impossible sum passes it far.
    if sxy * sxy > sxx * syy * (1 + 1e-6):
        raise GradstepError(
            f"The sums are impossible: sxy**2 = {sxy * sxy:.6g} exceeds sxx * syy = "
            f"{sxx * syy:.6g}, which no data can give (Cauchy-Schwarz). Collect the sums "
            f"with gradstep.fast.sums.line_sums."
        )
    return n, mean_x, mean_y, sxx, sxy, syy


def check_row(row: object, feature_count: int) -> list[float]:
    """Check one row of features to predict at: one finite number per feature.

    >>> check_row([1.0, 2], 2)
    [1.0, 2.0]
    >>> check_row([1.0], 2)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The row has 1 value but the fit has 2 features. Give one \
value per feature, in the order of the rows it was fitted to.
    """
    values = as_list(row, "The row")
    if len(values) != feature_count:
        raise GradstepError(
            f"The row has {len(values)} value{'' if len(values) == 1 else 's'} but the fit "
            f"has {feature_count} feature{'' if feature_count == 1 else 's'}. Give one value "
            f"per feature, in the order of the rows it was fitted to."
        )
    return [check_number(value, f"row[{index}]") for index, value in enumerate(values)]


def check_rows(
    rows: object, ys: object, *, fit_bias: bool
) -> tuple[list[list[float]], Column, float]:
    """Check rows of features and their ys; name the row and column of a bad value.

    Returns the rows as floats, the ys, and the most any feature moved on its
    way to a float (0 for floats; see ``check_exact_conversion``).

    >>> check_rows([[1, 2], [3, 4], [5, 7]], [1, 2, 3], fit_bias=True)[0]
    [[1.0, 2.0], [3.0, 4.0], [5.0, 7.0]]
    >>> check_rows([[1, 2], [3, None], [5, 6]], [1, 2, 3], fit_bias=True)
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: rows[1][1] (row 1, column 1) is None, not a number. \
Remove that data point or fill in its value.
    """
    raw_rows = as_list(rows, "rows", table=True)
    checked: list[list[float]] = []
    raw_table: list[list[object]] = []  # kept to tell numbers a float rounded
    careful = False
    feature_count = 0
    for index, raw_row in enumerate(raw_rows):
        if isinstance(raw_row, (str, bytes)) or not isinstance(raw_row, Iterable):
            raise NotANumberError(
                f"rows[{index}] is {raw_row!r}, not a row of numbers. Give each data point "
                f"as a list with one number per feature, for example [1.5, 3.0]."
            )
        row = as_list(raw_row, f"rows[{index}]")
        if index == 0:
            feature_count = len(row)
        if not row:
            raise GradstepError(
                f"Row {index} is empty, but every row needs one value per feature, and "
                f"there must be at least one feature. Give each data point as a list of its "
                f"features, for example [1.5, 3.0]."
            )
        if len(row) != feature_count:
            raise GradstepError(
                f"Row {index} has {len(row)} values but row 0 has {feature_count}. Every row "
                f"needs one value per feature (and at least one feature): fill in or remove "
                f"the missing values."
            )
        try:
            # Python's own ints and floats only: float() would cut a NumPy complex short.
            total = math.nan
            if all(type(value) in (float, int) for value in row):
                total = math.fsum(row)  # type: ignore[arg-type]
                values = list(map(float, row))  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            total = math.nan
        if not math.isfinite(total):
            careful = True  # a type other than int and float: its exact value is weighed below
            # The slow path: find the culprit and name its row and column.
            values = [
                check_number(value, f"rows[{index}][{column}] (row {index}, column {column})")
                for column, value in enumerate(row)
            ]
        checked.append(values)
        raw_table.append(row)
    everything = list(itertools.chain.from_iterable(checked))
    largest = max(map(abs, everything), default=0.0)
    rounding = 0.0
    if everything and (careful or largest >= EXACT_INTEGERS):
        for column in range(feature_count):
            raw_column = [row[column] for row in raw_table]
            floats = [values[column] for values in checked]
            moved = check_exact_conversion(raw_column, floats, "rows", column=column)
            rounding = max(rounding, moved)
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
    return checked, y_column, rounding


def check_operand(value: object, operation: str) -> float:
    """Return a number that meets an ``autodiff.Value`` in an operation, as a float.

    A finite float is taken as it is; anything else must pass ``check_number``,
    which refuses NaN and infinity with a sentence.

    >>> check_operand(3, "*")
    3.0
    >>> check_operand("3", "*")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: The number on the other side of * is the text '3', \
not a number. Convert text to numbers before fitting, for example with float(text), or fix \
that value.
    """
    if type(value) is float and not value - value:  # 0.0, not nan: neither nan nor inf
        return value
    if type(value) is int and -1e300 < value < 1e300:
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
    if n == 0:
        return n  # base**0 = 1 is flat: its slope is 0 everywhere, at base = 0 too
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

    >>> check_share_kept(0.9, "momentum beta")
    0.9
    >>> check_share_kept(1.0, "momentum beta")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The momentum beta is 1.0, but it must be at least 0 and \
below 1 (0.9 is usual): it is the share of the past kept at each step.
    """
    requirement = "at least 0 and below 1 (0.9 is usual): it is the share of the past kept"
    beta = parameter_number(value, f"The {name}", f"{requirement} at each step")
    if not 0 <= beta < 1:
        raise GradstepError(f"The {name} is {value!r}, but it must be {requirement} at each step.")
    return beta


def check_descent(
    gradient_and_loss: object,
    start: object,
    learning_rate: object,
    steps: object,
) -> tuple[float, float, float, int]:
    """Check the arguments of ``descent.descend`` once, before its loop.

    Return the start's weight and bias, the learning rate and the steps.

    >>> check_descent([1, 2], [3, 4], 0.1, [0.0])
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: descend's gradient_and_loss is [1, 2], a list, but it \
must be a function of (weight, bias) that returns d(loss)/d(weight), d(loss)/d(bias) and \
the loss, for example lambda weight, bias: gradient_and_loss(weight, bias, xs, ys).
    """
    if not callable(gradient_and_loss):
        raise NotANumberError(
            f"descend's gradient_and_loss is {shown(gradient_and_loss)}, a "
            f"{type(gradient_and_loss).__name__}, but it must be a function of (weight, bias) "
            f"that returns d(loss)/d(weight), d(loss)/d(bias) and the loss, for example "
            f"lambda weight, bias: gradient_and_loss(weight, bias, xs, ys)."
        )
    ordered = isinstance(start, Iterable) and not isinstance(start, (str, bytes, Set, Mapping))
    pair = list(start) if ordered else []  # type: ignore[call-overload]
    if len(pair) != 2:
        raise GradstepError(
            f"descend's start is {shown(start)}, but it must be two numbers, (weight, bias), "
            f"such as (0.0, 0.0) or random_start(seed)."
        )
    weight, bias = (
        parameter_number(number, f"The start's {name}", "such as 0.0")
        for number, name in zip(pair, ("weight", "bias"))
    )
    rate = parameter_number(learning_rate, "The learning rate", "positive, such as 0.01")
    if rate <= 0:
        raise GradstepError(
            f"The learning rate is {learning_rate!r}, but it must be a finite number, "
            f"positive, such as 0.01."
        )
    return weight, bias, rate, check_steps(steps)


def check_descent_options(
    fit_bias: object,
    is_converged: object,
    stable_learning_rate: object,
    progress: object,
    history_limit: object,
) -> None:
    """Check the keywords of ``descent.descend`` once, before its loop.

    >>> check_descent_options(True, None, "0.05", None, 100)
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: The stable learning rate is '0.05', but it must be a \
number (nan when it is not known): the rate quoted if descent diverges.
    """
    check_fit_bias(fit_bias)
    for name, function in (("is_converged", is_converged), ("progress", progress)):
        if function is not None and not callable(function):
            raise GradstepError(
                f"{name} is {shown(function)}, but it must be a function, called with each "
                f"Step as it is taken, or None."
            )
    stable = stable_learning_rate
    if isinstance(stable, bool) or not isinstance(stable, Real):
        raise NotANumberError(
            f"The stable learning rate is {shown(stable)}, but it must be a number (nan when "
            f"it is not known): the rate quoted if descent diverges."
        )
    check_history_limit(history_limit)


def check_slopes_and_loss(result: object) -> tuple[float, float, float]:
    """Check what descend's gradient_and_loss returned at the start: three numbers.

    >>> check_slopes_and_loss((5.0, 1.0))
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: descend's gradient_and_loss returned (5.0, 1.0), but it \
must return three numbers: d(loss)/d(weight), d(loss)/d(bias) and the loss.
    """
    numbers = list(result) if isinstance(result, (tuple, list)) else []
    if len(numbers) != 3 or not all(isinstance(number, (Real, Decimal)) for number in numbers):
        raise GradstepError(
            f"descend's gradient_and_loss returned {shown(result)}, but it must return three "
            f"numbers: d(loss)/d(weight), d(loss)/d(bias) and the loss."
        )
    # A float passes as it is: an infinite loss at the start has its own sentence.
    names = ("d(loss)/d(weight)", "d(loss)/d(bias)", "loss")
    d_loss_d_weight, d_loss_d_bias, loss = (
        number if type(number) is float else parameter_number(number, f"The {name}", "a float")
        for number, name in zip(numbers, names)
    )
    return d_loss_d_weight, d_loss_d_bias, loss


def refuse_history(history: object, stride: object, history_limit: object) -> GradstepError:
    """Return the sentence for arguments of ``kept_within`` it cannot work with.

    >>> print(refuse_history([], 1, 100))
    kept_within needs the history as a list of at least two records (the one just added \
last), each with a whole-number .step; it got [].
    """
    check_history_limit(history_limit)
    count = whole_number(stride)
    if count is None or count < 1:
        return GradstepError(
            f"The stride is {shown(stride)}, but it must be a whole number, 1 or more: the "
            f"spacing of the steps whose records are kept."
        )
    return GradstepError(
        f"kept_within needs the history as a list of at least two records (the one just "
        f"added last), each with a whole-number .step; it got {shown(history)}."
    )


def check_start_loss(loss: float, weight: float, bias: float) -> float:
    """Check that the loss at descent's start is a finite number, and return it.

    >>> check_start_loss(2.5, weight=0.5, bias=-1.0)
    2.5
    """
    if math.isnan(loss):
        raise GradstepError(
            f"The loss at the start (weight {weight:g}, bias {bias:g}) is nan, not a number: "
            f"a value it was computed from is NaN. Check the data for NaN values (fit does), "
            f"and pass descend a gradient_and_loss that returns finite numbers."
        )
    if not math.isfinite(loss):
        raise GradstepError(
            f"The loss at the start (weight {weight:g}, bias {bias:g}) is too large for a "
            f"float: the data are too large for descent in their own units. Leave "
            f"learning_rate out so that fit scales the data, or divide them by a power of ten."
        )
    return loss


# The lessons' own checks. A learner calls power_rule, chain or gradient by hand
# in a REPL: a wrong input there gets a sentence too, never a traceback or a NaN.


def check_lesson_number(value: object, name: str) -> float:
    """Return a number given to a lesson function as a float if it is finite and real.

    >>> check_lesson_number(2, "x")
    2.0
    >>> check_lesson_number("2", "x")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: x is the text '2', not a number. Convert text to \
numbers before fitting, for example with float(text), or fix that value.
    """
    if type(value) is float and -math.inf < value < math.inf:
        return value  # the common case, without check_number's slower checks
    return check_number(value, name)


def check_lesson_numbers(function: str, **numbers: object) -> list[float]:
    """Return the numbers given to a lesson function as floats; a message names the culprit.

    >>> check_lesson_numbers("gradient_step", value=2, derivative=5.0, learning_rate=0.1)
    [2.0, 5.0, 0.1]
    >>> check_lesson_numbers("gradient_step", value=2, derivative=None, learning_rate=0.1)
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: The derivative given to gradient_step(value, \
derivative, learning_rate) is None, a NoneType, not a real number. It must be a number, \
for example 0.5.
    """
    call = f"{function}({', '.join(numbers)})"
    return [
        parameter_number(value, f"The {name.replace('_', ' ')} given to {call}", "for example 0.5")
        for name, value in numbers.items()
    ]


def check_function_value(value: object, at: str) -> float:
    """Return what a function f returned at a point if it is one finite number.

    >>> check_function_value((1.0, 2.0), "x + h")
    Traceback (most recent call last):
    ...
    gradstep.errors.NotANumberError: f(x + h), what f returned, is (1.0, 2.0), a tuple, \
not a real number. It must be a number, one for each x, as lambda x: x**2 gives.
    """
    return parameter_number(
        value, f"f({at}), what f returned,", "one for each x, as lambda x: x**2 gives"
    )


def check_finite_result(result: float, what: str, numbers: str) -> float:
    """Return a lesson's result if it is finite; else say that it overflowed, and for what.

    >>> check_finite_result(1e200 * 1e200, "loss", "predictions and targets")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The loss of these predictions and targets passes the \
largest float (1.8e308), so it cannot be computed. Divide the numbers by a power of ten \
(and scale the answer back).
    """
    if -math.inf < result < math.inf:
        return result
    raise GradstepError(
        f"The {what} of these {numbers} passes the largest float (1.8e308), so it cannot be "
        f"computed. Divide the numbers by a power of ten (and scale the answer back)."
    )


def check_line(
    weight: object, bias: object, xs: object, ys: object
) -> tuple[float, float, list[float], list[float]]:
    """Check the weight, bias, xs and ys given to a lesson's gradient: finite real numbers.

    >>> check_line(2, 1.0, [3, 1], [5.0, 4.0])
    (2.0, 1.0, [3.0, 1.0], [5.0, 4.0])
    """
    x_column, y_column = check_column(xs, "xs"), check_column(ys, "ys")
    check_lengths(x_column.values, y_column.values)
    return (
        parameter_number(weight, "The weight", "such as 0.5"),
        parameter_number(bias, "The bias", "such as 0.5"),
        x_column.values,
        y_column.values,
    )


def check_power_rule(x: object, n: object) -> tuple[float, float]:
    """Return x and n of d/dx x**n as floats if the slope n * x**(n-1) is a finite real number.

    >>> check_power_rule(-1, 0.5)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: power_rule(-1.0, 0.5) has no real answer: a negative x to \
a fractional power n is not a real number. Use a positive x, or a whole number n.
    """
    if type(x) is float and type(n) is int and 0 < n < 4 and -1e100 < x < 1e100:
        return x, n  # the common case, error ** 2: nothing can go wrong
    base = check_lesson_number(x, "The x of power_rule(x, n)")
    power = check_lesson_number(n, "The n of power_rule(x, n)")
    if power == 0:
        return base, power  # x**0 = 1 is flat: its slope is 0 wherever it is defined
    call = f"power_rule({base!r}, {power!r})"
    if base == 0 and power < 1:
        raise GradstepError(
            f"{call} has no finite answer: the slope {power!r} * 0.0**{power - 1!r} divides "
            f"by zero (x**{power!r} is vertical or undefined at 0). Use an x other than 0."
        )
    if base < 0 and power != math.floor(power):
        raise GradstepError(
            f"{call} has no real answer: a negative x to a fractional power n is not a real "
            f"number. Use a positive x, or a whole number n."
        )
    try:
        slope = power * abs(base) ** (power - 1)
    except OverflowError:
        slope = math.inf
    check_finite_result(slope, "slope n * x**(n-1)", f"numbers, x = {base!r} and n = {power!r},")
    return base, power


def check_step_size(h: object) -> float:
    """Return the nudge h of a central difference if it is a finite number above 0.

    >>> check_step_size(0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The nudge h is 0, but it must be a finite number above 0, \
such as 1e-6: the central difference divides by 2 * h.
    """
    requirement = "above 0, such as 1e-6: the central difference divides by 2 * h"
    step = parameter_number(h, "The nudge h", requirement)
    if not step > 0:
        raise GradstepError(f"The nudge h is {h!r}, but it must be a finite number {requirement}.")
    return step


def check_value_data(data: object, operands: list[float]) -> float:
    """Refuse a ``Value`` whose number is not finite: given so, or an operation that overflowed.

    ``operands`` are the numbers of the Values it was made from (none if it was given).

    >>> check_value_data(1e200 * 1e200, [1e200, 1e200])
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: An operation on the Values 1e+200 and 1e+200 gives inf, \
past the largest float (1.8e308). Divide the numbers by a power of ten first (and scale the \
answer back).
    """
    if not operands:
        return check_operand(data, "Value(...)")
    values = " and ".join(f"{operand!r}" for operand in operands)
    raise GradstepError(
        f"An operation on the Value{'s' if len(operands) > 1 else ''} {values} gives {data!r}, "
        f"past the largest float (1.8e308). Divide the numbers by a power of ten first (and "
        f"scale the answer back)."
    )


def check_divisor(dividend: float, divisor: float, *, slope_to_divisor: bool = False) -> None:
    """Refuse to divide by zero, or by a number so small that 1 / divisor overflows.

    ``slope_to_divisor``: the divisor is a Value, so its slope -dividend / divisor**2
    must be finite too.

    >>> check_divisor(1.0, 0.0)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: 1.0 / 0.0 divides by zero, which has no value and no \
slope. Divide by a number that is not 0 (keep a Value you divide by away from 0).
    """
    if divisor == 0:
        raise GradstepError(
            f"{dividend!r} / {divisor!r} divides by zero, which has no value and no slope. "
            f"Divide by a number that is not 0 (keep a Value you divide by away from 0)."
        )
    check_power(divisor, -1)  # a / b is a * b**-1: its slope is the power rule's
    if slope_to_divisor and not abs(dividend) * divisor**-2.0 < math.inf:
        raise GradstepError(
            f"The slope of {dividend!r} / {divisor!r} to its divisor, -{abs(dividend)!r} / "
            f"{divisor!r}**2, passes the largest float (1.8e308). Divide by a number further "
            f"from 0, or divide the numbers by a power of ten first."
        )


def refuse_gradient_overflow(gradient: float, data: float) -> GradstepError:
    """Return the sentence for a gradient that passed the largest float on its way back.

    >>> print(refuse_gradient_overflow(math.inf, 1e200))
    backward() found d(loss)/d(node) = inf at a Value of 1e+200: a product of local \
derivatives on the way back from the loss passed the largest float (1.8e308). Scale the \
numbers in the expression down, for example by a power of ten, so that the slopes along \
each path stay finite.
    """
    return GradstepError(
        f"backward() found d(loss)/d(node) = {gradient!r} at a Value of {data!r}: a "
        f"product of local derivatives on the way back from the loss passed the largest "
        f"float (1.8e308). Scale the numbers in the expression down, for example by a "
        f"power of ten, so that the slopes along each path stay finite."
    )


def refuse_value_operation(what: str, why: str) -> GradstepError:
    """Return the sentence for an operation that a ``Value`` does not support.

    >>> print(refuse_value_operation("abs(Value)", "its slope jumps at 0"))
    abs(Value) is not supported: its slope jumps at 0.
    """
    return GradstepError(f"{what} is not supported: {why}.")


def check_step_numbers(function: str, step_number: object, **numbers: object) -> list[float]:
    """Return the numbers of an update rule's step as floats, or say which one is wrong.

    Called only when a step went wrong (an exception, a NaN or an inf): if every
    number was already a finite float in range, the step itself overflowed.

    >>> check_step_numbers("adam_step", 0, value=1.0, beta1=0.9)
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The step_number given to adam_step is 0, but it must be \
a whole number, 1 for the first step: Adam divides by 1 - beta**step_number.
    """
    floats = check_lesson_numbers(function, **numbers)
    for name, number in zip(numbers, floats):
        if name.startswith("beta"):
            check_share_kept(number, f"{function} {name}")
        if name in ("epsilon", "second_moment") and number < 0:
            raise GradstepError(
                f"The {name.replace('_', ' ')} given to {function} is {number!r}, but it must "
                f"be 0 or more (a {'running mean of squares' if name[0] == 's' else 'guard'} "
                f"is never negative)."
            )
    count = whole_number(step_number)
    if step_number is not None and (count is None or count < 1):
        raise GradstepError(
            f"The step_number given to {function} is {shown(step_number)}, but it must be a "
            f"whole number, 1 for the first step: Adam divides by 1 - beta**step_number."
        )
    if all(type(number) is float for number in numbers.values()):
        check_finite_result(math.inf, "step", f"numbers given to {function}")
    return floats


def check_values(values: object, name: str) -> list[float]:
    """Return a column of values as floats, refusing no values at all (see ``check_column``).

    >>> check_values([], "values")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: There are no values: values is empty. Give at least one \
finite number.
    """
    floats = check_column(values, name).values
    if not floats:
        raise GradstepError(
            f"There are no values: {name} is empty. Give at least one finite number."
        )
    return floats


def check_weights_and_bias(weights: object, bias: object) -> tuple[list[float], float]:
    """Return the weights and bias of a line through several features as floats.

    >>> check_weights_and_bias([2, 1.5], 0)
    ([2.0, 1.5], 0.0)
    """
    return check_column(weights, "weights").values, parameter_number(
        bias, "The bias", "such as 0.5"
    )


def refuse_overflow(given: Iterable[object], what: str, numbers: str) -> None:
    """Refuse a result past the largest float if every number given was already a float.

    Called when a result was not finite and the numbers passed their checks: if any
    was not a float (an int, a Decimal), the caller tries again with the floats.

    >>> refuse_overflow([1e200, 1e200], "product", "numbers")
    Traceback (most recent call last):
    ...
    gradstep.errors.GradstepError: The product of these numbers passes the largest float \
(1.8e308), so it cannot be computed. Divide the numbers by a power of ten (and scale the \
answer back).
    """
    if all(type(number) is float for number in given):
        check_finite_result(math.inf, what, numbers)
