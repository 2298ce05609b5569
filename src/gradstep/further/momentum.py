"""A further lesson: momentum -- let past gradients keep pushing.

Plain descent (``update.gradient_step``) forgets every gradient once it has
stepped. In a long, thin valley that makes it zigzag across and crawl along.
Momentum keeps a velocity, a running sum of past gradients, and steps along
it instead: along the valley the gradients agree and add up, across it they
flip sign and cancel.

``Momentum`` is the rule a fit is handed (``optimizer="momentum"``): its beta,
the velocity it remembers per number, and its default learning rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from gradstep.checks import check_share_kept, check_step_numbers


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
    try:
        new_velocity = beta * velocity + derivative
        new_value = value - learning_rate * new_velocity
        finite = -math.inf < new_value < math.inf and -math.inf < new_velocity < math.inf
    except (TypeError, ArithmeticError):  # text, None, complex, an int past the largest float
        finite = False
    if not finite:  # never a silent NaN or inf: name the number that is wrong
        numbers = {"value": value, "velocity": velocity, "derivative": derivative}
        rates = {"learning_rate": learning_rate, "beta": beta}
        return momentum_step(*check_step_numbers("momentum_step", None, **numbers, **rates))
    return new_value, new_velocity


@dataclass(frozen=True)
class Momentum:
    """Descent with momentum (``momentum_step``) and its beta; remembers one velocity.

    Two steps on the gradient 4 from velocity 0: velocity 4, then 0.5 * 4 + 4 = 6:

    >>> Momentum(beta=0.5).moved(10.0, (0.0,), 4.0, 0.25, step_number=1)
    (9.0, (4.0,))
    >>> Momentum(beta=0.5).moved(9.0, (4.0,), 4.0, 0.25, step_number=2)
    (7.5, (6.0,))
    """

    beta: float = 0.9
    name: ClassVar[str] = "momentum"
    fresh_memory: ClassVar[tuple[float, ...]] = (0.0,)  # the velocity

    def __post_init__(self) -> None:
        check_share_kept(self.beta, "momentum beta")

    def default_rate(self, plain_rate: float) -> float:
        """Plain descent's rate times (1 - beta): the velocity grows up to 1 / (1 - beta)."""
        return plain_rate * (1 - self.beta)

    def moved(
        self,
        value: float,
        memory: tuple[float, ...],
        derivative: float,
        learning_rate: float,
        step_number: int,
    ) -> tuple[float, tuple[float, ...]]:
        """Return the value and the velocity after one step."""
        value, velocity = momentum_step(value, memory[0], derivative, learning_rate, self.beta)
        return value, (velocity,)
