"""Lesson 2: derivatives -- how fast does the loss change?

The derivative of ``x**n`` is given by the power rule::

    d/dx x**n = n * x**(n-1)

The loss of one point is ``error**2``, a power with n = 2, so the power rule
gives its derivative with respect to the error::

    d(loss)/d(error) = 2 * error**1 = 2 * error

That ``2 * error`` is not a formula to memorise: it is the power rule at n = 2,
and ``d_squared_error_d_error`` below computes it exactly that way.

A derivative can also be *measured*, without any rule, by nudging x a little
each way and watching f: the central difference ``(f(x + h) - f(x - h)) / (2*h)``.
The tests use it to check every rule-based derivative in gradstep.
"""

from __future__ import annotations

from collections.abc import Callable

from gradstep.checks import (
    check_finite_result,
    check_function_value,
    check_lesson_number,
    check_power_rule,
    check_step_size,
)
from gradstep.errors import NotANumberError


def power_rule(x: float, n: float) -> float:
    """Return the derivative of x**n with respect to x.

    d/dx x**n = n * x**(n-1)

    The slope of x**3 at x = 2 is 3 * 2**2:

    >>> power_rule(2.0, 3)
    12.0

    x**0 = 1 is flat, so its slope is 0 (n * x**(n-1) with n = 0), even at x = 0:

    >>> power_rule(0.0, 0)
    0.0
    """
    x, n = check_power_rule(x, n)  # a sentence for a slope that is not a finite real number
    if n == 0:
        return 0.0  # not n * x**-1, which would divide by zero at x = 0
    derivative: float = n * x ** (n - 1)
    return derivative


def d_squared_error_d_error(error: float) -> float:
    """Return d(loss)/d(error) for the loss of one point, error**2.

    d(loss)/d(error) = 2 * error      (the power rule with n = 2)

    >>> d_squared_error_d_error(1.5)
    3.0
    """
    return power_rule(check_lesson_number(error, "The error"), 2)


def central_difference(f: Callable[[float], float], x: float, h: float = 1e-6) -> float:
    """Estimate df/dx at x by nudging x by h each way.

    df/dx ~= (f(x + h) - f(x - h)) / (2 * h)

    The error of the estimate shrinks like h**2; for a square it is exact up
    to rounding, which is why it makes a good independent check:

    >>> round(central_difference(lambda x: x**2, 3.0), 6)
    6.0
    """
    if not callable(f):
        raise NotANumberError(
            f"f is {f!r}, a {type(f).__name__}, but central_difference needs a function to "
            f"nudge, for example lambda x: x**2."
        )
    x, h = check_lesson_number(x, "The x of central_difference"), check_step_size(h)
    try:
        slope = (f(x + h) - f(x - h)) / (2 * h)
    except (TypeError, ArithmeticError):  # f gave text, None, a tuple, or a huge int
        above = check_function_value(f(x + h), "x + h")
        slope = (above - check_function_value(f(x - h), "x - h")) / (2 * h)
    return check_finite_result(slope, "central difference", f"numbers (x = {x!r}, h = {h!r})")
