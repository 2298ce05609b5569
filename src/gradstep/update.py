"""Lesson 5: the update -- take one step downhill.

The gradient points uphill, the way the loss grows fastest. So step the
other way, by a small multiple of it::

    weight = weight - learning_rate * d(loss)/d(weight)
    bias   = bias   - learning_rate * d(loss)/d(bias)

The learning rate sets the size of the step. Too small and descent crawls;
too large and every step overshoots the bottom by more than the last, and the
loss grows without end (see ``curvature`` for exactly how large is too large).

Two refinements of the same step are lessons of their own:
``further.momentum``, which lets past gradients keep pushing, and
``further.adam``, which also divides each step by a running measure of how
steep that direction has been. Both still move against the gradient; they
only choose how far.
"""

from __future__ import annotations

from gradstep.checks import check_lesson_numbers


def gradient_step(value: float, derivative: float, learning_rate: float) -> float:
    """Return value moved one step against its derivative.

    new = old - learning_rate * derivative

    >>> gradient_step(value=2.0, derivative=5.0, learning_rate=0.1)
    1.5
    """
    try:
        return value - learning_rate * derivative
    except (TypeError, ArithmeticError):  # text, None, an int past the largest float
        numbers = {"value": value, "derivative": derivative, "learning_rate": learning_rate}
        return gradient_step(*check_lesson_numbers("gradient_step", **numbers))
