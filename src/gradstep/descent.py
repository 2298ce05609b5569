"""Lesson 6: the loop -- gradient descent in four steps.

    Step 1: start at a random weight and bias and calculate the loss.
    Step 2: take a step in the direction of steepest descent.
    Step 3: calculate the new loss.
    Step 4: repeat steps 2 and 3.

The loop below is exactly that. It is handed a function that returns the
gradient and the loss at a weight and bias (``gradient.gradient_and_loss``
over the data, or ``sums.gradient_and_loss_from_sums``) and composes it with
``update.gradient_step``. One pass over the data gives a point's loss and the
gradient for the next step together.

Divergence. While the learning rate is below the stable rate (see
``curvature``), the loss of full-batch descent never rises. So the loop stops
at once, and raises ``DivergenceError`` with every step so far, when the loss
stops being finite or rises by more than rounding can explain (``loss_rose``).

Each step is kept as a ``Step`` record; bounding a long run's history
(``bookkeeping.history``) is no part of the lesson.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

from gradstep.bookkeeping.history import HISTORY_LIMIT, Step, kept_within
from gradstep.checks import (
    check_descent,
    check_descent_options,
    check_fit_bias,
    check_lesson_numbers,
    check_seed,
    check_slopes_and_loss,
    check_start_loss,
)
from gradstep.errors import divergence_error
from gradstep.update import gradient_step

__all__ = ["Step", "descend", "loss_rose", "random_start"]


def random_start(seed: int | None, fit_bias: bool = True) -> tuple[float, float]:
    """Step 1's starting point: a weight and a bias drawn uniformly from [-1, 1].

    >>> random_start(0) == random_start(0)
    True
    """
    generator = random.Random(check_seed(seed))
    weight = generator.uniform(-1.0, 1.0)
    bias = generator.uniform(-1.0, 1.0)
    return weight, bias if check_fit_bias(fit_bias) else 0.0


def descend(
    gradient_and_loss: Callable[[float, float], tuple[float, float, float]],
    start: tuple[float, float],
    learning_rate: float,
    steps: int,
    *,
    fit_bias: bool = True,
    is_converged: Callable[[Step], bool] | None = None,
    stable_learning_rate: float = math.nan,
    progress: Callable[[Step], None] | None = None,
    history_limit: int | None = HISTORY_LIMIT,
) -> list[Step]:
    """Run gradient descent and return one ``Step`` record per step, the start first.

    Stop at the first step ``is_converged`` accepts, if given; else take all
    ``steps``. ``stable_learning_rate`` is quoted if descent diverges;
    ``progress`` sees each new ``Step`` as it is taken; ``history_limit``
    bounds the records kept (``bookkeeping.history``).

    Loss (w - 3)**2 + (b + 1)**2, rate 0.25: each step halves the distance.

    >>> def bowl(w, b):
    ...     return 2 * (w - 3), 2 * (b + 1), (w - 3) ** 2 + (b + 1) ** 2
    >>> [(s.weight, s.bias) for s in descend(bowl, (1.0, 1.0), 0.25, 2)]
    [(1.0, 1.0), (2.0, 0.0), (2.5, -0.5)]
    """
    # Checked once, before the loop: a wrong argument gets a sentence, not a traceback.
    weight, bias, learning_rate, steps = check_descent(
        gradient_and_loss, start, learning_rate, steps
    )
    check_descent_options(fit_bias, is_converged, stable_learning_rate, progress, history_limit)
    # Step 1: the start and its loss (and, from the same pass, its gradient).
    d_loss_d_weight, d_loss_d_bias, loss = check_slopes_and_loss(gradient_and_loss(weight, bias))
    # A line through the origin has no bias to learn: its step is 0, and so recorded.
    d_loss_d_bias = d_loss_d_bias if fit_bias else 0.0
    history = [Step(0, weight, bias, loss, (d_loss_d_weight, d_loss_d_bias))]
    start_loss = check_start_loss(loss, weight, bias)
    stride = 1  # the spacing of the records kept, doubled whenever the history is full
    # Step 4: repeat steps 2 and 3.
    for step in range(1, steps + 1):
        if is_converged is not None and is_converged(history[-1]):
            break
        # Step 2: a step in the direction of steepest descent.
        weight = gradient_step(weight, d_loss_d_weight, learning_rate)
        bias = gradient_step(bias, d_loss_d_bias, learning_rate)
        # Step 3: the new loss.
        previous_loss = loss
        d_loss_d_weight, d_loss_d_bias, loss = gradient_and_loss(weight, bias)
        d_loss_d_bias = d_loss_d_bias if fit_bias else 0.0
        history.append(Step(step, weight, bias, loss, (d_loss_d_weight, d_loss_d_bias)))
        if progress is not None:
            progress(history[-1])
        if not math.isfinite(loss) or loss_rose(previous_loss, loss, start_loss):
            raise divergence_error(
                history,
                step=step,
                previous_loss=previous_loss,
                loss=loss,
                learning_rate=learning_rate,
                stable_learning_rate=stable_learning_rate,
            )
        history, stride = kept_within(history, stride, history_limit)
    return history


def loss_rose(previous_loss: float, loss: float, start_loss: float) -> bool:
    """Did the loss rise by more than rounding can explain? (The divergence rule.)

    loss > previous_loss * (1 + 1e-8) + 1e-20 * start_loss: one part in 10**8,
    plus a floor for losses that rounding has brought near zero.

    >>> loss_rose(previous_loss=4.0, loss=4.0 + 1e-12, start_loss=90.0)
    False
    >>> loss_rose(previous_loss=4.0, loss=4.5, start_loss=90.0)
    True
    """
    try:
        return loss > previous_loss * (1 + 1e-8) + 1e-20 * start_loss
    except (TypeError, ArithmeticError):  # text, None, an int past the largest float
        numbers = {"previous_loss": previous_loss, "loss": loss, "start_loss": start_loss}
        return loss_rose(*check_lesson_numbers("loss_rose", **numbers))
