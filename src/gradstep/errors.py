"""The errors gradstep raises on purpose, each with a sentence that teaches.

Every one derives from ``GradstepError``, which is a ``ValueError``, so
``except ValueError`` catches them all. A value that is not a number at all
raises ``NotANumberError``, which is also a ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Sequence
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
