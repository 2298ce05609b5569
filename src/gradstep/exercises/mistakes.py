"""The mistakes learners make, each written down as the wrong function it gives.

When a learner's answer is wrong, ``gradstep check`` runs every wrong
variant of that exercise on the same data; the one whose numbers the
learner's function reproduces, case after case, is the mistake they made.
Each entry says what went wrong in words, the formula of the notes that
puts it right, and the lesson (``module.function``) that shows it done.

The variants are written out plainly, not generated, so that a reader can
see each mistake as a learner would have typed it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gradstep.descent import Step

GradientAndLoss = Callable[[float, float], tuple[float, float, float]]


@dataclass(frozen=True)
class Mistake:
    """One known wrong version of an exercise: its name, the fix, and where to read."""

    key: str
    exercise: str
    title: str
    hint: str
    formula: str
    read: str
    variant: Callable[..., Any]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _errors(weight: float, bias: float, xs: Sequence[float], ys: Sequence[float]) -> list[float]:
    return [weight * x + bias - y for x, y in zip(xs, ys)]


def _loop(
    gradient_and_loss: GradientAndLoss,
    start: tuple[float, float],
    learning_rate: float,
    steps: int,
    *,
    sign: float = -1.0,
    loss_before_step: bool = False,
    weight_first: bool = False,
    gradient_once: bool = False,
) -> list[Step]:
    """The four-step loop with one mistake switched on (all off: the lesson's loop)."""
    weight, bias = start
    d_weight, d_bias, loss = gradient_and_loss(weight, bias)
    records = [Step(0, weight, bias, loss, (d_weight, d_bias))]
    for step in range(1, steps + 1):
        old_loss = loss
        weight = weight + sign * learning_rate * d_weight
        if weight_first:
            # The bias's derivative taken after the weight has already moved.
            d_bias = gradient_and_loss(weight, bias)[1]
        bias = bias + sign * learning_rate * d_bias
        new_d_weight, new_d_bias, loss = gradient_and_loss(weight, bias)
        if not gradient_once:
            d_weight, d_bias = new_d_weight, new_d_bias
        recorded_loss = old_loss if loss_before_step else loss
        records.append(Step(step, weight, bias, recorded_loss, (d_weight, d_bias)))
    return records


def _loop_without_start(
    gradient_and_loss: GradientAndLoss, start: tuple[float, float], rate: float, steps: int
) -> list[Step]:
    return _loop(gradient_and_loss, start, rate, steps)[1:]


def _loop_one_short(
    gradient_and_loss: GradientAndLoss, start: tuple[float, float], rate: float, steps: int
) -> list[Step]:
    return _loop(gradient_and_loss, start, rate, steps - 1)


def _chain_return_in_loop(*local_derivatives: float) -> float:
    return 1.0 * local_derivatives[0]


def _chain_last_dropped(*local_derivatives: float) -> float:
    product = 1.0
    for local_derivative in local_derivatives[:-1]:
        product *= local_derivative
    return product


_LOSS = "gradstep.loss.mean_squared_error"
_MSE = "loss = 1/n * sum((y_hat - y)**2)"
_GRADIENT = "gradstep.gradient.gradient"
_GRADIENT_FORMULA = (
    "d(loss)/d(weight) = 1/n * sum(2 * error * x), d(loss)/d(bias) = 1/n * sum(2 * error)"
)
_STEP = "weight = weight - learning_rate * d(loss)/d(weight)"
_LOOP = "gradstep.descent.descend"

MISTAKES: tuple[Mistake, ...] = (
    # Exercise 1: the error.
    Mistake(
        "error-sign",
        "error",
        "y - y_hat for y_hat - y (a sign)",
        "The error is the prediction minus the target, in that order.",
        "error = y_hat - y",
        "gradstep.loss.error",
        lambda prediction, target: target - prediction,
    ),
    Mistake(
        "error-abs",
        "error",
        "the error without its sign (an abs)",
        "The error keeps its sign: it says whether the line is above or below the point.",
        "error = y_hat - y",
        "gradstep.loss.error",
        lambda prediction, target: abs(prediction - target),
    ),
    Mistake(
        "error-squared",
        "error",
        "the error squared already",
        "The square belongs to the loss, the next exercise; the error itself is not squared.",
        "error = y_hat - y, and then loss = error**2",
        "gradstep.loss.error",
        lambda prediction, target: (prediction - target) ** 2,
    ),
    # Exercise 2: the mean squared error.
    Mistake(
        "loss-sum",
        "mean_squared_error",
        "a sum where the mean belongs",
        "The squared errors are added up but not divided by n.",
        _MSE,
        _LOSS,
        lambda ps, ts: sum((p - t) ** 2 for p, t in zip(ps, ts)),
    ),
    Mistake(
        "loss-n-minus-1",
        "mean_squared_error",
        "dividing by n - 1",
        "n - 1 is the sample variance's divisor; the loss is a plain mean, divided by n.",
        _MSE,
        _LOSS,
        lambda ps, ts: sum((p - t) ** 2 for p, t in zip(ps, ts)) / (len(ps) - 1),
    ),
    Mistake(
        "loss-half",
        "mean_squared_error",
        "the 1/2 convention (a hidden 1/2 in front)",
        "Some books halve the loss to cancel the power rule's 2; gradstep's loss has no 1/2.",
        _MSE,
        _LOSS,
        lambda ps, ts: _mean([(p - t) ** 2 for p, t in zip(ps, ts)]) / 2,
    ),
    Mistake(
        "loss-absolute",
        "mean_squared_error",
        "the mean absolute error",
        "Each error's size is averaged, not its square.",
        _MSE,
        _LOSS,
        lambda ps, ts: _mean([abs(p - t) for p, t in zip(ps, ts)]),
    ),
    Mistake(
        "loss-root",
        "mean_squared_error",
        "the root of the mean squared error",
        "The square root makes it the RMSE; the loss is the mean itself.",
        _MSE,
        _LOSS,
        lambda ps, ts: _mean([(p - t) ** 2 for p, t in zip(ps, ts)]) ** 0.5,
    ),
    Mistake(
        "loss-square-of-mean",
        "mean_squared_error",
        "the mean error, squared",
        "Square each error first, then take the mean: errors of +1 and -1 must not cancel.",
        _MSE,
        _LOSS,
        lambda ps, ts: _mean([p - t for p, t in zip(ps, ts)]) ** 2,
    ),
    # Exercise 3: d(loss)/d(error).
    Mistake(
        "derivative-missing-2",
        "d_squared_error_d_error",
        "the missing 2 of the power rule (or the 1/2 convention)",
        "The power rule brings the exponent down: n = 2 gives 2 * error.",
        "d/dx x**n = n * x**(n-1), so d(loss)/d(error) = 2 * error",
        "gradstep.derivatives.d_squared_error_d_error",
        lambda error: error,
    ),
    Mistake(
        "derivative-exponent-kept",
        "d_squared_error_d_error",
        "the exponent not lowered (2 * error**2)",
        "The power rule lowers the exponent by one: x**n becomes n * x**(n-1).",
        "d/dx x**n = n * x**(n-1), so d(loss)/d(error) = 2 * error**1",
        "gradstep.derivatives.power_rule",
        lambda error: 2 * error**2,
    ),
    Mistake(
        "derivative-is-loss",
        "d_squared_error_d_error",
        "the loss itself instead of its derivative (error**2)",
        "error**2 is the loss; its derivative is how fast it changes with the error.",
        "d(loss)/d(error) = 2 * error",
        "gradstep.derivatives.d_squared_error_d_error",
        lambda error: error**2,
    ),
    Mistake(
        "derivative-sign",
        "d_squared_error_d_error",
        "a minus sign (-2 * error)",
        "The loss grows as a positive error grows, so its derivative there is positive.",
        "d(loss)/d(error) = 2 * error",
        "gradstep.derivatives.d_squared_error_d_error",
        lambda error: -2 * error,
    ),
    # Exercise 4: the chain rule.
    Mistake(
        "chain-sum",
        "chain",
        "the local derivatives added instead of multiplied",
        "The chain rule multiplies the local derivatives.",
        "d(y)/d(z) = d(y)/d(x) * d(x)/d(z)",
        "gradstep.chain_rule.chain",
        lambda *factors: sum(factors),
    ),
    Mistake(
        "chain-return-in-loop",
        "chain",
        "a return inside the loop (only the first link)",
        "The return runs in the first pass of the loop; it belongs after the loop.",
        "d(y)/d(z) = d(y)/d(x) * d(x)/d(z)",
        "gradstep.chain_rule.chain",
        _chain_return_in_loop,
    ),
    Mistake(
        "chain-from-0",
        "chain",
        "a product started at 0",
        "A product starts at 1 (a sum starts at 0): anything times 0 is 0.",
        "d(y)/d(z) = d(y)/d(x) * d(x)/d(z)",
        "gradstep.chain_rule.chain",
        lambda *factors: 0.0,
    ),
    Mistake(
        "chain-last-dropped",
        "chain",
        "the last link left out",
        "Every link's local derivative is a factor, the last one too (check the range).",
        "d(y)/d(z) = d(y)/d(x) * d(x)/d(z)",
        "gradstep.chain_rule.chain",
        _chain_last_dropped,
    ),
    # Exercise 5: the gradient.
    Mistake(
        "gradient-missing-2",
        "gradient",
        "the missing 2 of the power rule (or the 1/2 convention)",
        "d(loss)/d(error) = 2 * error, and the 2 stays in both derivatives.",
        _GRADIENT_FORMULA,
        "gradstep.derivatives.d_squared_error_d_error",
        lambda w, b, xs, ys: (
            _mean([e * x for e, x in zip(_errors(w, b, xs, ys), xs)]),
            _mean(_errors(w, b, xs, ys)),
        ),
    ),
    Mistake(
        "gradient-sign",
        "gradient",
        "y - y_hat for y_hat - y (a sign)",
        "The error is the prediction minus the target; flipped, the gradient points downhill "
        "and the update climbs.",
        _GRADIENT_FORMULA + ", where error = y_hat - y",
        "gradstep.loss.error",
        lambda w, b, xs, ys: (
            -_mean([2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)]),
            -_mean([2 * e for e in _errors(w, b, xs, ys)]),
        ),
    ),
    Mistake(
        "gradient-sum",
        "gradient",
        "a sum where the mean belongs",
        "The loss is a mean, so its gradient is the mean of the points' gradients: divide by n.",
        _GRADIENT_FORMULA,
        _GRADIENT,
        lambda w, b, xs, ys: (
            sum(2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)),
            sum(2 * e for e in _errors(w, b, xs, ys)),
        ),
    ),
    Mistake(
        "gradient-n-minus-1",
        "gradient",
        "dividing by n - 1",
        "The loss is a plain mean over n points, so the gradient is too.",
        _GRADIENT_FORMULA,
        _GRADIENT,
        lambda w, b, xs, ys: (
            sum(2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)) / (len(xs) - 1),
            sum(2 * e for e in _errors(w, b, xs, ys)) / (len(xs) - 1),
        ),
    ),
    Mistake(
        "gradient-x-left-out",
        "gradient",
        "x left out of d(loss)/d(weight)",
        "error = weight * x + bias - y grows by x when the weight grows by 1, so "
        "d(error)/d(weight) = x is a factor of d(loss)/d(weight).",
        "d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight) = 1/n * sum(2 * error * x)",
        "gradstep.gradient.point_gradient",
        lambda w, b, xs, ys: (
            _mean([2 * e for e in _errors(w, b, xs, ys)]),
            _mean([2 * e for e in _errors(w, b, xs, ys)]),
        ),
    ),
    Mistake(
        "gradient-x-in-bias",
        "gradient",
        "x put into d(loss)/d(bias)",
        "error = weight * x + bias - y grows by 1 when the bias grows by 1, so "
        "d(error)/d(bias) = 1: no x.",
        "d(loss)/d(bias) = d(loss)/d(error) * d(error)/d(bias) = 1/n * sum(2 * error * 1)",
        "gradstep.gradient.point_gradient",
        lambda w, b, xs, ys: (
            _mean([2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)]),
            _mean([2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)]),
        ),
    ),
    Mistake(
        "gradient-swapped",
        "gradient",
        "the two derivatives in the wrong order",
        "Return (d_loss_d_weight, d_loss_d_bias): the weight's first.",
        _GRADIENT_FORMULA,
        _GRADIENT,
        lambda w, b, xs, ys: (
            _mean([2 * e for e in _errors(w, b, xs, ys)]),
            _mean([2 * e * x for e, x in zip(_errors(w, b, xs, ys), xs)]),
        ),
    ),
    Mistake(
        "gradient-no-bias",
        "gradient",
        "the bias left out of the prediction",
        "The prediction is y_hat = weight * x + bias; the error needs the bias too.",
        "error = weight * x + bias - y",
        "gradstep.gradient.point_gradient",
        lambda w, b, xs, ys: (
            _mean([2 * e * x for e, x in zip(_errors(w, 0.0, xs, ys), xs)]),
            _mean([2 * e for e in _errors(w, 0.0, xs, ys)]),
        ),
    ),
    # Exercise 6: the update.
    Mistake(
        "step-plus",
        "gradient_step",
        "+ in the update",
        "The gradient points uphill; a step downhill goes against it, with a minus.",
        _STEP,
        "gradstep.update.gradient_step",
        lambda value, derivative, rate: value + rate * derivative,
    ),
    Mistake(
        "step-no-rate",
        "gradient_step",
        "the learning rate left out",
        "The learning rate sets the size of the step: multiply the derivative by it.",
        _STEP,
        "gradstep.update.gradient_step",
        lambda value, derivative, rate: value - derivative,
    ),
    Mistake(
        "step-divided",
        "gradient_step",
        "the derivative divided by the learning rate",
        "The step is learning_rate times the derivative, a small multiple of it.",
        _STEP,
        "gradstep.update.gradient_step",
        lambda value, derivative, rate: value - derivative / rate,
    ),
    Mistake(
        "step-value-left-out",
        "gradient_step",
        "the step returned instead of the new value",
        "Return where the value lands: the old value minus the step.",
        _STEP,
        "gradstep.update.gradient_step",
        lambda value, derivative, rate: -rate * derivative,
    ),
    # Exercise 7: the loop.
    Mistake(
        "loop-loss-before-step",
        "descend",
        "the loss taken before the step",
        "Step 3 comes after Step 2: each record's loss is the loss at its own, new, weight "
        "and bias.",
        "Step 2: take a step; Step 3: calculate the new loss",
        _LOOP,
        lambda g, start, rate, steps: _loop(g, start, rate, steps, loss_before_step=True),
    ),
    Mistake(
        "loop-weight-first",
        "descend",
        "updating the weight before computing the bias's gradient",
        "Both derivatives belong to the same point: compute the whole gradient, then move "
        "the weight and the bias.",
        "(d(loss)/d(weight), d(loss)/d(bias)) at the old weight and bias; then "
        + _STEP
        + ", bias = bias - learning_rate * d(loss)/d(bias)",
        _LOOP,
        lambda g, start, rate, steps: _loop(g, start, rate, steps, weight_first=True),
    ),
    Mistake(
        "loop-plus",
        "descend",
        "+ in the update (the loop climbs)",
        "A step downhill goes against the gradient, with a minus.",
        _STEP,
        "gradstep.update.gradient_step",
        lambda g, start, rate, steps: _loop(g, start, rate, steps, sign=1.0),
    ),
    Mistake(
        "loop-gradient-once",
        "descend",
        "the gradient computed once, before the loop",
        "The slope changes as the line moves: take the gradient afresh at every step.",
        "Step 4: repeat steps 2 and 3 (Step 2 uses the gradient where you stand now)",
        _LOOP,
        lambda g, start, rate, steps: _loop(g, start, rate, steps, gradient_once=True),
    ),
    Mistake(
        "loop-no-start",
        "descend",
        "the start (Step 1) not recorded",
        "The first record is the random start and its loss, so there are steps + 1 records.",
        "Step 1: start at a random weight and bias and calculate the loss",
        _LOOP,
        _loop_without_start,
    ),
    Mistake(
        "loop-one-short",
        "descend",
        "one step too few",
        "Take exactly `steps` steps after the start: range(1, steps + 1).",
        "Step 4: repeat steps 2 and 3",
        _LOOP,
        _loop_one_short,
    ),
)


def mistakes_of(exercise_name: str) -> list[Mistake]:
    """The catalogued mistakes of one exercise.

    >>> [mistake.key for mistake in mistakes_of("gradient_step")]
    ['step-plus', 'step-no-rate', 'step-divided', 'step-value-left-out']
    """
    return [mistake for mistake in MISTAKES if mistake.exercise == exercise_name]
