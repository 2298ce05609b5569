"""A further lesson: Adam -- a step of about the same length in every direction.

Adam (Kingma and Ba, 2015) keeps two running means per parameter: of the
gradient, like momentum, and of its square. Dividing the first by the root of
the second makes each step about ``learning_rate`` long, however steep or flat
that direction is.

``Adam`` is the rule a fit is handed (``optimizer="adam"``): its betas and
epsilon, the two moments it remembers per number, and its default rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from gradstep.checks import check_epsilon, check_share_kept, check_step_numbers

# Adam's steps are about as long as its rate in every direction, so on
# standardised data (where the answer lies a few units from the start) a
# tenth of a unit travels there in tens of steps, and settles.
ADAM_RATE = 0.1


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
    given = (value, first_moment, second_moment, derivative)
    try:
        first_moment = beta1 * first_moment + (1 - beta1) * derivative
        second_moment = beta2 * second_moment + (1 - beta2) * derivative * derivative
        corrected_first = first_moment / (1 - beta1**step_number)
        corrected_second = second_moment / (1 - beta2**step_number)
        step = learning_rate * corrected_first / (math.sqrt(corrected_second) + epsilon)
        value = value - step
        finite = -math.inf < value < math.inf and second_moment < math.inf  # never a silent NaN
    except (TypeError, ValueError, ArithmeticError):  # text, None, step_number 0, 10**400
        finite = False
    if not finite:
        numbers = dict(zip(("value", "first_moment", "second_moment", "derivative"), given))
        rates = {"learning_rate": learning_rate, "beta1": beta1, "beta2": beta2}
        checked = check_step_numbers("adam_step", step_number, **numbers, **rates, epsilon=epsilon)
        value, first_moment, second_moment, derivative, learning_rate, *rest = checked
        return adam_step(
            value, first_moment, second_moment, derivative, step_number, learning_rate, *rest
        )
    return value, first_moment, second_moment


@dataclass(frozen=True)
class Adam:
    """Adam (``adam_step``), its two betas and epsilon; remembers two moments per number.

    The first step of Adam is learning_rate long whatever the gradient's size:

    >>> value, moments = Adam(epsilon=0.0).moved(3.0, (0.0, 0.0), 400.0, 0.25, step_number=1)
    >>> value
    2.75
    """

    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    name: ClassVar[str] = "adam"
    fresh_memory: ClassVar[tuple[float, ...]] = (0.0, 0.0)  # the first and second moments

    def __post_init__(self) -> None:
        check_share_kept(self.beta1, "adam beta1")
        check_share_kept(self.beta2, "adam beta2")
        check_epsilon(self.epsilon)

    def default_rate(self, plain_rate: float) -> float:
        """``ADAM_RATE``, whatever plain descent's: Adam's steps are about its rate long."""
        return ADAM_RATE

    def moved(
        self,
        value: float,
        memory: tuple[float, ...],
        derivative: float,
        learning_rate: float,
        step_number: int,
    ) -> tuple[float, tuple[float, ...]]:
        """Return the value and the two moments after step ``step_number`` (from 1)."""
        first_moment, second_moment = memory
        value, first_moment, second_moment = adam_step(
            value,
            first_moment,
            second_moment,
            derivative,
            step_number,
            learning_rate,
            self.beta1,
            self.beta2,
            self.epsilon,
        )
        return value, (first_moment, second_moment)
