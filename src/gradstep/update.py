"""Lesson 5: the update -- take one step downhill.

The gradient points uphill, the way the loss grows fastest. So step the
other way, by a small multiple of it::

    weight = weight - learning_rate * d(loss)/d(weight)
    bias   = bias   - learning_rate * d(loss)/d(bias)

The learning rate sets the size of the step. Too small and descent crawls;
too large and every step overshoots the bottom by more than the last, and the
loss grows without end (see ``curvature`` for exactly how large is too large).

Two refinements of the same step follow ``gradient_step``: momentum, which
lets past gradients keep pushing, and Adam, which also divides each step by
a running measure of how steep that direction has been. Both still move
against the gradient; they only choose how far.
"""

from __future__ import annotations

import math


def gradient_step(value: float, derivative: float, learning_rate: float) -> float:
    """Return value moved one step against its derivative.

    new = old - learning_rate * derivative

    >>> gradient_step(value=2.0, derivative=5.0, learning_rate=0.1)
    1.5
    """
    return value - learning_rate * derivative


def momentum_step(
    value: float, velocity: float, derivative: float, learning_rate: float, beta: float
) -> tuple[float, float]:
    """Return value and velocity after one step of descent with momentum.

    velocity = beta * velocity + d(loss)/d(value)
    value    = value - learning_rate * velocity

    The velocity is a running sum of past gradients, each one older shrunk by
    beta (0.9 keeps about the last ten). Along a long, thin valley the
    gradients keep pointing the same way and the velocity grows to up to
    1 / (1 - beta) times one gradient; across it they flip sign and cancel.

    Velocity 4, gradient 5, beta 0.5: velocity = 0.5 * 4 + 5 = 7, and with
    learning rate 0.5 the value moves from 2 to 2 - 0.5 * 7:

    >>> momentum_step(value=2.0, velocity=4.0, derivative=5.0, learning_rate=0.5, beta=0.5)
    (-1.5, 7.0)
    """
    velocity = beta * velocity + derivative
    return value - learning_rate * velocity, velocity


def adam_step(
    value: float,
    first_moment: float,
    second_moment: float,
    derivative: float,
    step_number: int,
    learning_rate: float,
    beta1: float = 0.9,
    beta2: float = 0.999,
    epsilon: float = 1e-8,
) -> tuple[float, float, float]:
    """Return value and the two moments after one Adam step (Kingma and Ba, 2015).

    first_moment  = beta1 * first_moment  + (1 - beta1) * d(loss)/d(value)
    second_moment = beta2 * second_moment + (1 - beta2) * d(loss)/d(value)**2
    corrected_first  = first_moment  / (1 - beta1**step_number)
    corrected_second = second_moment / (1 - beta2**step_number)
    value = value - learning_rate * corrected_first / (sqrt(corrected_second) + epsilon)

    The first moment is a running mean of the gradient, the second a running
    mean of its square; both start at 0, so early on they are too small, and
    dividing by (1 - beta**step_number) corrects that bias. Dividing by the
    root of the second moment makes the step about learning_rate long however
    steep or flat this direction is.

    Step 1 from zero moments, gradient 4, beta1 0.5, beta2 0.75: the moments
    become 0.5 * 4 = 2 and 0.25 * 16 = 4; corrected, 2 / 0.5 = 4 and
    4 / 0.25 = 16, so the step is 0.1 * 4 / sqrt(16) = 0.1:

    >>> adam_step(3.0, 0.0, 0.0, 4.0, 1, learning_rate=0.1, beta1=0.5, beta2=0.75, epsilon=0.0)
    (2.9, 2.0, 4.0)
    """
    first_moment = beta1 * first_moment + (1 - beta1) * derivative
    second_moment = beta2 * second_moment + (1 - beta2) * derivative * derivative
    corrected_first = first_moment / (1 - beta1**step_number)
    corrected_second = second_moment / (1 - beta2**step_number)
    step = learning_rate * corrected_first / (math.sqrt(corrected_second) + epsilon)
    return value - step, first_moment, second_moment
