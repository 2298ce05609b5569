"""Update rules the loop can choose from, each remembering what it must.

``update`` teaches each rule on one number. A fit moves several numbers at
once (a weight and a bias, or one weight per feature), and momentum and Adam
remember something per number between steps. An update rule here holds those
hyper-parameters; ``start()`` gives a fresh ``Updater`` that keeps the memory
of one run and applies the lesson's function to every number in turn.

- ``Plain()``: ``update.gradient_step``, nothing remembered.
- ``Momentum(beta=0.9)``: ``update.momentum_step``, one velocity per number.
- ``Adam(beta1=0.9, beta2=0.999, epsilon=1e-8)``: ``update.adam_step``, two
  moments per number and the count of steps for the bias correction.

``fit(..., optimizer="momentum")`` uses the defaults above; pass
``optimizer=Momentum(beta=0.5)`` to choose your own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from gradstep.checks import check_epsilon, check_fraction_kept
from gradstep.errors import GradstepError
from gradstep.further.adam import adam_step
from gradstep.further.momentum import momentum_step
from gradstep.update import gradient_step


class Updater:
    """One run's memory for a rule: ``updater.step(values, gradient, rate)``."""

    def step(
        self, values: Sequence[float], gradient: Sequence[float], learning_rate: float
    ) -> list[float]:
        """Return values moved one step of plain descent against the gradient."""
        return [
            gradient_step(value, derivative, learning_rate)
            for value, derivative in zip(values, gradient)
        ]


@dataclass
class _MomentumUpdater(Updater):
    beta: float
    velocities: list[float] = field(default_factory=list)

    def step(
        self, values: Sequence[float], gradient: Sequence[float], learning_rate: float
    ) -> list[float]:
        if not self.velocities:
            self.velocities = [0.0] * len(values)
        new_values = []
        for index, (value, derivative) in enumerate(zip(values, gradient)):
            value, self.velocities[index] = momentum_step(
                value, self.velocities[index], derivative, learning_rate, self.beta
            )
            new_values.append(value)
        return new_values


@dataclass
class _AdamUpdater(Updater):
    beta1: float
    beta2: float
    epsilon: float
    first_moments: list[float] = field(default_factory=list)
    second_moments: list[float] = field(default_factory=list)
    step_number: int = 0

    def step(
        self, values: Sequence[float], gradient: Sequence[float], learning_rate: float
    ) -> list[float]:
        if not self.first_moments:
            self.first_moments = [0.0] * len(values)
            self.second_moments = [0.0] * len(values)
        self.step_number += 1
        new_values = []
        for index, (value, derivative) in enumerate(zip(values, gradient)):
            value, self.first_moments[index], self.second_moments[index] = adam_step(
                value,
                self.first_moments[index],
                self.second_moments[index],
                derivative,
                self.step_number,
                learning_rate,
                self.beta1,
                self.beta2,
                self.epsilon,
            )
            new_values.append(value)
        return new_values


@dataclass(frozen=True)
class Plain:
    """Plain gradient descent: value = value - learning_rate * derivative.

    >>> Plain().start().step([2.0, 1.0], [5.0, -2.0], 0.5)
    [-0.5, 2.0]
    """

    name = "plain"

    def start(self) -> Updater:
        """A fresh updater for one run."""
        return Updater()


@dataclass(frozen=True)
class Momentum:
    """Descent with momentum (``update.momentum_step``) and its beta.

    Two steps on the gradient 4: velocity 4, then 0.5 * 4 + 4 = 6:

    >>> updater = Momentum(beta=0.5).start()
    >>> updater.step([10.0], [4.0], 0.25), updater.step([9.0], [4.0], 0.25)
    ([9.0], [7.5])
    """

    beta: float = 0.9
    name = "momentum"

    def __post_init__(self) -> None:
        object.__setattr__(self, "beta", check_fraction_kept(self.beta, "The momentum beta"))

    def start(self) -> Updater:
        """A fresh updater for one run: every velocity starts at 0."""
        return _MomentumUpdater(self.beta)


@dataclass(frozen=True)
class Adam:
    """Adam (``update.adam_step``) and its two betas and epsilon.

    The first step of Adam is learning_rate long whatever the gradient's size:

    >>> Adam(epsilon=0.0).start().step([3.0, 3.0], [400.0, -0.004], 0.25)
    [2.75, 3.25]
    """

    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    name = "adam"

    def __post_init__(self) -> None:
        for name in ("beta1", "beta2"):
            beta = check_fraction_kept(getattr(self, name), f"The adam {name}")
            object.__setattr__(self, name, beta)
        object.__setattr__(self, "epsilon", check_epsilon(self.epsilon))

    def start(self) -> Updater:
        """A fresh updater for one run: both moments start at 0."""
        return _AdamUpdater(self.beta1, self.beta2, self.epsilon)


UpdateRule = Plain | Momentum | Adam

_BY_NAME: dict[str, UpdateRule] = {"plain": Plain(), "momentum": Momentum(), "adam": Adam()}


def update_rule(optimizer: object) -> UpdateRule:
    """Return the update rule named by ``optimizer`` (a name or a rule).

    >>> update_rule("momentum")
    Momentum(beta=0.9)
    """
    if isinstance(optimizer, (Plain, Momentum, Adam)):
        return optimizer  # its hyper-parameters were checked when it was made
    if isinstance(optimizer, str) and optimizer.lower() in _BY_NAME:
        return _BY_NAME[optimizer.lower()]
    raise GradstepError(
        f"The optimizer is {optimizer!r}, but gradstep knows 'plain', 'momentum' and "
        f"'adam' (or Momentum(beta=...) and Adam(...) from gradstep.further.rules)."
    )
