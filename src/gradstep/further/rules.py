"""The update rules a fit can be handed, listed once, in ``RULES``.

``update`` teaches plain descent on one number; ``momentum`` and ``adam``
teach two refinements, each with its rule beside its lesson. A rule carries
everything a fit needs of it, so that a new rule is its lesson plus one
line in ``RULES``:

- ``name``: what ``fit(..., optimizer=name)`` calls it;
- its hyper-parameters, with their defaults, checked when it is made;
- ``fresh_memory``: what it remembers per number before the first step
  (``()`` for plain descent, a velocity for momentum, two moments for Adam);
- ``moved(value, memory, derivative, learning_rate, step_number)``: one step,
  the lesson's function applied to one number;
- ``default_rate(plain_rate)``: its learning rate when you give none, from
  the largest safe rate of plain descent on the same bowl and batches.

``Updater(rule)`` holds one run's memory and moves every number in turn.
``fit(..., optimizer="momentum")`` uses a rule's defaults; pass
``optimizer=Momentum(beta=0.5)`` to choose your own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from gradstep.errors import GradstepError
from gradstep.further.adam import Adam
from gradstep.further.momentum import Momentum
from gradstep.update import gradient_step

__all__ = ["RULES", "Adam", "Momentum", "Plain", "UpdateRule", "Updater", "update_rule"]


class UpdateRule(Protocol):
    """What every rule in ``RULES`` has (see the module's notes)."""

    name: ClassVar[str]
    fresh_memory: ClassVar[tuple[float, ...]]

    def default_rate(self, plain_rate: float) -> float: ...

    def moved(
        self,
        value: float,
        memory: tuple[float, ...],
        derivative: float,
        learning_rate: float,
        step_number: int,
    ) -> tuple[float, tuple[float, ...]]: ...


@dataclass(frozen=True)
class Plain:
    """Plain gradient descent (``update.gradient_step``); remembers nothing.

    >>> Plain().moved(2.0, (), 5.0, 0.5, step_number=1)
    (-0.5, ())
    """

    name: ClassVar[str] = "plain"
    fresh_memory: ClassVar[tuple[float, ...]] = ()

    def default_rate(self, plain_rate: float) -> float:
        """Plain descent's own rate."""
        return plain_rate

    def moved(
        self,
        value: float,
        memory: tuple[float, ...],
        derivative: float,
        learning_rate: float,
        step_number: int,
    ) -> tuple[float, tuple[float, ...]]:
        """Return the value after one step, and the (empty) memory."""
        return gradient_step(value, derivative, learning_rate), memory


RULES: tuple[type[UpdateRule], ...] = (Plain, Momentum, Adam)


@dataclass
class Updater:
    """One run's memory for a rule: ``updater.step(values, gradient, learning_rate)``.

    >>> updater = Updater(Momentum(beta=0.5))
    >>> updater.step([10.0, 1.0], [4.0, 0.0], 0.25), updater.step([9.0, 1.0], [4.0, 0.0], 0.25)
    ([9.0, 1.0], [7.5, 1.0])
    """

    rule: UpdateRule
    memories: list[tuple[float, ...]] = field(default_factory=list)
    step_number: int = 0

    def step(
        self, values: Sequence[float], gradient: Sequence[float], learning_rate: float
    ) -> list[float]:
        """Return the values moved one step of the rule against the gradient."""
        if not self.memories:
            self.memories = [self.rule.fresh_memory] * len(values)
        self.step_number += 1
        new_values = []
        for index, (value, derivative) in enumerate(zip(values, gradient)):
            value, self.memories[index] = self.rule.moved(
                value, self.memories[index], derivative, learning_rate, self.step_number
            )
            new_values.append(value)
        return new_values


def update_rule(optimizer: object) -> UpdateRule:
    """Return the update rule named by ``optimizer`` (a name in ``RULES``, or a rule).

    >>> update_rule("momentum")
    Momentum(beta=0.9)
    """
    if isinstance(optimizer, RULES):
        return optimizer
    for rule in RULES:
        if isinstance(optimizer, str) and optimizer.lower() == rule.name:
            return rule()
    names = [repr(rule.name) for rule in RULES]
    raise GradstepError(
        f"The optimizer is {optimizer!r}, but gradstep knows {', '.join(names[:-1])} and "
        f"{names[-1]} (or a rule with your own settings, such as Momentum(beta=0.5), from "
        f"gradstep.further.rules)."
    )
