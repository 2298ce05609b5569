"""The errors gradstep raises on purpose, each with a sentence that teaches.

Every one derives from ``GradstepError``, which is a ``ValueError``, so
``except ValueError`` catches them all. A value that is not a number at all
raises ``NotANumberError``, which is also a ``TypeError``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any


class GradstepError(ValueError):
    """Something in the input or the run keeps gradstep from a correct answer."""


class NotANumberError(GradstepError, TypeError):
    """A value where a real number belongs is text, None, complex or another object."""


class DivergenceError(GradstepError):
    """The loss grew instead of shrinking: the learning rate is too large for the data.

    Nothing that ran is lost: ``history`` holds every step up to the one that
    went wrong (on runs past ``history_limit`` steps, evenly thinned, but
    always with the last two), ``learning_rate`` the rate used, and ``stable_learning_rate``
    the largest rate at which plain descent on these data cannot blow up.
    """

    def __init__(
        self,
        message: str,
        *,
        learning_rate: float,
        stable_learning_rate: float,
        history: Sequence[Any],
    ) -> None:
        super().__init__(message)
        self.learning_rate = learning_rate
        self.stable_learning_rate = stable_learning_rate
        self.history = list(history)


def divergence_error(
    history: Sequence[Any],
    *,
    step: int,
    previous_loss: float,
    loss: float,
    learning_rate: float,
    stable_learning_rate: float,
    explosion_factor: float | None = None,
) -> DivergenceError:
    """Return the ``DivergenceError`` of a run that went wrong at ``step``.

    ``explosion_factor`` None is the strict rule of plain full-batch descent
    (the loss rose: ``descent.loss_rose``), and ``previous_loss`` is the loss of
    the step before; a number is the loose rule of runs whose loss may rise for a
    while by design (``further.batches``), and ``previous_loss`` is the loss at
    the start.

    >>> print(divergence_error([], step=2, previous_loss=4.25, loss=6.5,
    ...     learning_rate=0.375, stable_learning_rate=0.0625))
    Gradient descent diverged at step 2: the loss rose (from 4.25 to 6.5) with learning rate 0.375. For these data any rate above 0.0625 (2 / the largest curvature of the loss) makes descent blow up. Use a rate below 0.0625, or leave learning_rate out and let fit scale the data.
    """  # noqa: E501
    stable = stable_learning_rate
    if not math.isfinite(loss):
        what = "stopped being a finite number"
    elif explosion_factor is None:
        what = "rose"
    else:
        what = f"grew over {explosion_factor:g} times its value at the start"
    rate, above, below = f"{learning_rate:g}", "", ""
    if math.isfinite(stable):
        rate, above, below = _rates_told_apart(learning_rate, stable)
    if not math.isfinite(stable):
        advice = "The rate is too large for these data. Use a smaller rate"
    elif explosion_factor is None:
        advice = (
            f"For these data any rate above {above} (2 / the largest curvature of the "
            f"loss) makes descent blow up. Use a rate below {below}"
        )
    else:
        advice = (
            f"For these data any rate above {above} (2 / the largest curvature of the "
            f"loss) makes full-batch descent blow up; a single batch, or momentum, can blow "
            f"up below it. Use a smaller rate"
        )
    # The strict rule compares with the step before; the loose one with the start.
    since = "" if explosion_factor is None else " at the start"
    return DivergenceError(
        f"Gradient descent diverged at step {step}: the loss {what} (from "
        f"{previous_loss:.6g}{since} to {loss:.6g}) with learning rate {rate}. "
        f"{advice}, or leave learning_rate out and let fit scale the data.",
        learning_rate=learning_rate,
        stable_learning_rate=stable,
        history=history,
    )


def _rates_told_apart(learning_rate: float, stable: float) -> tuple[str, str, str]:
    """Write the rate, and the stable rate rounded up and down, in digits that differ.

    "Any rate above" the stable rate rounded up, and "a rate below" it rounded
    down, stay true; digits are added (6 for the rate, 4 for the stable rate at
    least) until the rate used, as written, lies on its own side of both.

    >>> _rates_told_apart(1e-12, 9.999988284541821e-13)
    ('1e-12', '9.99999e-13', '9.99998e-13')
    >>> _rates_told_apart(0.375, 0.0625)
    ('0.375', '0.0625', '0.0625')
    """
    for digits in range(4, 18):
        rate = f"{learning_rate:.{max(digits, 6)}g}"
        above = _round_to(stable, digits, ROUND_CEILING)
        below = _round_to(stable, digits, ROUND_FLOOR)
        if learning_rate == stable:
            break
        if float(rate) > float(above) if learning_rate > stable else float(rate) < float(below):
            break
    return rate, above, below


def _round_to(value: float, digits: int, rounding: str) -> str:
    """Write a positive float to ``digits`` significant digits, rounded one way."""
    exact = Decimal(value)
    step = Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return f"{float(exact.quantize(step, rounding=rounding)):.{digits}g}"
