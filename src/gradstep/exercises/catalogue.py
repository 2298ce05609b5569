"""The exercises: one per formula of the notes, in the course's order.

Each exercise asks the learner to write one lesson function again, with the
lesson's name and signature, so that ``gradstep check`` can call the
learner's version exactly as it calls the lesson and compare the two. The
reference answer *is* the lesson function; nothing is copied here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gradstep.chain_rule import chain
from gradstep.derivatives import d_squared_error_d_error
from gradstep.descent import descend
from gradstep.errors import GradstepError
from gradstep.gradient import gradient
from gradstep.loss import error, mean_squared_error
from gradstep.update import gradient_step


@dataclass(frozen=True)
class Exercise:
    """One function to write: what it computes, its formula, and the lesson that answers it.

    ``style`` says how the checker calls it: ``"plain"`` with the case's
    arguments, ``"star"`` with the case's numbers spread out (``chain(*factors)``),
    ``"loop"`` with a ``gradient_and_loss`` built from the case's data.
    ``returns`` is the shape of the answer: ``"number"``, ``"pair"`` or ``"records"``.
    """

    number: int
    name: str
    title: str
    formula: str
    task: str
    signature: str
    example: str
    lesson: str
    reference: Callable[..., Any]
    style: str = "plain"
    returns: str = "number"
    imports: str = ""

    @property
    def starter_name(self) -> str:
        """The starter file's name, e.g. ``exercise_5_gradient.py``."""
        return f"exercise_{self.number}_{self.name}.py"


def _descend_lesson(gradient_and_loss: Any, start: Any, learning_rate: float, steps: int) -> Any:
    # Every record kept: the exercise's loop keeps them all.
    return descend(gradient_and_loss, start, learning_rate, steps, history_limit=None)


EXERCISES: tuple[Exercise, ...] = (
    Exercise(
        1,
        "error",
        "the error of one prediction",
        "error = y_hat - y",
        "Return how far a prediction lands from its target: the prediction minus the "
        "target, in that order, with its sign.",
        "def error(prediction: float, target: float) -> float:",
        ">>> error(7.5, 5.0)\n2.5",
        "gradstep.loss.error",
        error,
    ),
    Exercise(
        2,
        "mean_squared_error",
        "the mean squared error",
        "loss = 1/n * sum((y_hat - y)**2)",
        "Return the loss of a list of predictions against their targets: square each "
        "error, add them up, and divide by n, the number of points.",
        "def mean_squared_error(predictions: list[float], targets: list[float]) -> float:",
        ">>> mean_squared_error([3.0, 3.0, 8.0], [2.0, 5.0, 5.0])\n4.666666666666667",
        "gradstep.loss.mean_squared_error",
        mean_squared_error,
    ),
    Exercise(
        3,
        "d_squared_error_d_error",
        "d(loss)/d(error) from the power rule",
        "d/dx x**n = n * x**(n-1), so d(loss)/d(error) = 2 * error**1 = 2 * error",
        "Return the derivative of the loss of one point, error**2, with respect to the "
        "error, by the power rule with n = 2.",
        "def d_squared_error_d_error(error: float) -> float:",
        ">>> d_squared_error_d_error(1.5)\n3.0",
        "gradstep.derivatives.d_squared_error_d_error",
        d_squared_error_d_error,
    ),
    Exercise(
        4,
        "chain",
        "the chain rule's product",
        "d(y)/d(z) = d(y)/d(x) * d(x)/d(z)",
        "Return the derivative through a chain of steps: the product of the local "
        "derivatives of its links, however many there are.",
        "def chain(*local_derivatives: float) -> float:",
        ">>> chain(4.0, 3.0)\n12.0\n>>> chain(4.0, 3.0, 0.5)\n6.0",
        "gradstep.chain_rule.chain",
        chain,
        style="star",
    ),
    Exercise(
        5,
        "gradient",
        "the gradient of a line over the data",
        "d(loss)/d(weight) = 1/n * sum(2 * error * x)\n"
        "d(loss)/d(bias)   = 1/n * sum(2 * error)\n"
        "where error = weight * x + bias - y",
        "Return (d_loss_d_weight, d_loss_d_bias), the gradient of the mean squared "
        "error of the line y_hat = weight * x + bias over the points (xs[i], ys[i]).",
        "def gradient(\n    weight: float, bias: float, xs: list[float], ys: list[float]\n"
        ") -> tuple[float, float]:",
        ">>> gradient(2.0, 1.0, [3.0, 1.0], [5.0, 4.0])\n(5.0, 1.0)",
        "gradstep.gradient.gradient",
        gradient,
        returns="pair",
    ),
    Exercise(
        6,
        "gradient_step",
        "the update step",
        "weight = weight - learning_rate * d(loss)/d(weight)",
        "Return a value (a weight or a bias) moved one step against its derivative.",
        "def gradient_step(value: float, derivative: float, learning_rate: float) -> float:",
        ">>> gradient_step(2.0, 5.0, 0.1)\n1.5",
        "gradstep.update.gradient_step",
        gradient_step,
    ),
    Exercise(
        7,
        "descend",
        "the four-step loop",
        "Step 1: start at a random weight and bias and calculate the loss.\n"
        "Step 2: take a step in the direction of steepest descent.\n"
        "Step 3: calculate the new loss.\n"
        "Step 4: repeat steps 2 and 3.",
        "Run gradient descent from start = (weight, bias) for exactly `steps` steps and "
        "return one Step record per step, the start first (steps + 1 records). "
        "gradient_and_loss(weight, bias) returns (d_loss_d_weight, d_loss_d_bias, loss) "
        "at that weight and bias, so one call gives a point's loss and the gradient for "
        "the next step. Record each step as Step(step, weight, bias, loss, "
        "(d_loss_d_weight, d_loss_d_bias)).",
        "def descend(\n"
        "    gradient_and_loss: Callable[[float, float], tuple[float, float, float]],\n"
        "    start: tuple[float, float],\n    learning_rate: float,\n    steps: int,\n"
        ") -> list[Step]:",
        ">>> def bowl(w, b):\n"
        "...     return 2 * (w - 3), 2 * (b + 1), (w - 3) ** 2 + (b + 1) ** 2\n"
        ">>> [(s.weight, s.bias) for s in descend(bowl, (1.0, 1.0), 0.25, 2)]\n"
        "[(1.0, 1.0), (2.0, 0.0), (2.5, -0.5)]",
        "gradstep.descent.descend",
        _descend_lesson,
        style="loop",
        returns="records",
        imports="from collections.abc import Callable\n\nfrom gradstep.descent import Step\n",
    ),
)


def exercise_named(name_or_number: str | int) -> Exercise:
    """Return the exercise with this name or number (``"gradient"``, ``5`` or ``"5"``).

    >>> exercise_named("5").name
    'gradient'
    """
    wanted = str(name_or_number).strip()
    for exercise in EXERCISES:
        if wanted in (exercise.name, str(exercise.number)):
            return exercise
    names = ", ".join(f"{exercise.number} {exercise.name}" for exercise in EXERCISES)
    raise GradstepError(
        f"There is no exercise {wanted!r}. The exercises are: {names}. Give a name or a number."
    )
