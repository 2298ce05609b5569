"""A further lesson: momentum -- let past gradients keep pushing.

Plain descent (``update.gradient_step``) forgets every gradient once it has
stepped. In a long, thin valley that makes it zigzag across and crawl along.
Momentum keeps a velocity, a running sum of past gradients, and steps along
it instead: along the valley the gradients agree and add up, across it they
flip sign and cancel.
"""

from __future__ import annotations


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
