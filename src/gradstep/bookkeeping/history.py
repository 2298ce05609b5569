"""The records a run keeps (``Step``), and keeping a long run's within a bound.

Up to ``history_limit`` steps (10,000 by default) a run keeps every step.
Past that it keeps every second record, and again each time the history
fills up, so a run of a million steps keeps a few thousand records, evenly
spaced (every 2nd, 4th, 8th, ... step), plus the start and the latest step.
``history_limit=None`` keeps every step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from gradstep.checks import refuse_history

HISTORY_LIMIT = 10_000


@dataclass(frozen=True)
class Update:
    """The update that moved the previous record's numbers to this record's.

    ``learning_rate`` is this update's rate; ``gradient`` the gradient it
    used, one slope per number: that of its batch (all the data in full
    batch), taken at the previous record's line, in the record's units;
    ``memory`` what the rule remembers after it, per number (``further.rules``):
    () for plain descent, (velocity,) for momentum, (first moment, second
    moment) for Adam. With the previous record's memory (the rule's fresh
    memory before the first update), a learner redoes the step by hand:
    plain, value - learning_rate * gradient; momentum, velocity = beta *
    velocity + gradient, then value - learning_rate * velocity; Adam, its
    moments and step as in ``further.adam.adam_step``, step_number = ``step``.
    """

    learning_rate: float
    gradient: tuple[float, ...]
    memory: tuple[tuple[float, ...], ...]


@dataclass(frozen=True)
class Step:
    """One record of the descent: where it stood and what it saw there.

    ``weight``, ``bias``, ``loss`` and ``gradient`` are in the record's
    ``units``, "data" or "standardised" (``further.scaling``), where the step
    was taken; ``gradient`` is that of all the data at this line. In plain
    full-batch descent the next record's weight is weight - learning_rate *
    gradient[0], and likewise for the bias. Runs with batches, momentum or
    Adam (``further.batches``) step otherwise, and each of their records says
    how it was reached in ``update`` (None for the start and for plain loops).
    ``data_line`` and ``data_loss`` give the same line and its loss in the
    data's units (from ``in_data_units`` when standardised).
    ``epoch`` counts passes over the data, from 1; it is 0 for the start and
    for loops that do not count them (``descent.descend``; ``further.batches``
    counts them).
    """

    step: int
    weight: float
    bias: float
    loss: float
    gradient: tuple[float, float]
    epoch: int = 0
    units: Literal["data", "standardised"] = "data"
    in_data_units: tuple[float, float, float] | None = None  # weight, bias, loss
    update: Update | None = None

    @property
    def data_line(self) -> tuple[float, float]:
        """This step's (weight, bias) in the data's units."""
        if self.in_data_units is None:
            return self.weight, self.bias
        return self.in_data_units[0], self.in_data_units[1]

    @property
    def data_loss(self) -> float:
        """This step's loss in the data's units."""
        return self.loss if self.in_data_units is None else self.in_data_units[2]


class Numbered(Protocol):
    @property
    def step(self) -> int: ...


Record = TypeVar("Record", bound=Numbered)


def kept_within(
    history: list[Record], stride: int, history_limit: int | None
) -> tuple[list[Record], int]:
    """Bound the history just after a record was added; return it and the new stride.

    The records kept are those of every stride-th step, plus the start and the
    latest; the stride doubles whenever more than ``history_limit`` are kept.
    """
    if history_limit is None:
        return history, stride
    try:
        # The previous record was kept only while it was the latest.
        if history[-2].step % stride:
            del history[-2]
        if len(history) > history_limit + 1:
            stride *= 2
            history = _thinned(history, stride)
    except (TypeError, AttributeError, LookupError, ArithmeticError):
        raise refuse_history(history, stride, history_limit) from None
    return history, stride


def _thinned(history: list[Record], stride: int) -> list[Record]:
    """Keep the records of every stride-th step, and the latest."""
    kept = [record for record in history if record.step % stride == 0]
    if kept[-1] is not history[-1]:
        kept.append(history[-1])
    return kept
