"""``gradstep demo``: the four steps on Forbes' data, then the shortcut.

Act 1 is the textbook loop (``fit`` with a learning rate) for 200 steps: Step 1
with every point's error and share of the gradient, one step's update written
out with every digit so that it can be redone by hand, then Step 4 repeating,
and the loss falling over the 200 steps. Act 2 fits the raw data the default
way, on standardised data, where the loss bowl is round and one step lands on
its bottom, and says why.
"""

from __future__ import annotations

import math

from gradstep.datasets import forbes
from gradstep.descent import Step
from gradstep.fast.sums import line_sums
from gradstep.fit import fit
from gradstep.fitting.result import FitResult
from gradstep.further.curvature import condition_number
from gradstep.gradient import point_gradient
from gradstep.loss import error, squared_error
from gradstep.pictures.textchart import fit_text_chart, loss_text_chart

ORIGIN = 200.0  # Act 1 measures x from 200 degrees F, where the valley is wide
LEARNING_RATE = 0.02
STEPS = 200
SHOWN_STEPS = (2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 30, 40, 50, 75, 100, 150, 200)


def signed(number: float) -> str:
    """Every digit of a number (it reads back to the same float), in brackets if negative."""
    return f"({number!r})" if number < 0 else repr(number)


def demo() -> int:
    """Fit a line to Forbes' boiling-point data twice: step by step, then in one step."""
    boiling_points, pressures = forbes()
    print("gradstep demo: Forbes (1857), 17 places in the Alps and Scotland.")
    print("  boiling point of water (degrees F) against air pressure (inches of mercury)")
    print()
    xs = [boiling_point - ORIGIN for boiling_point in boiling_points]
    textbook = fit(xs, pressures, learning_rate=LEARNING_RATE, steps=STEPS)
    act_one(xs, pressures, textbook)
    print()
    print(loss_text_chart(textbook))
    act_two(boiling_points, pressures, textbook)
    return 0


def act_one(xs: list[float], ys: list[float], result: FitResult) -> None:
    """The textbook loop: Step 1 point by point, one update in full, then Step 4 repeating."""
    print(f"Act 1: the textbook loop, {STEPS} steps of learning rate {LEARNING_RATE}.")
    print(f"  x = boiling point - {ORIGIN:g}, y = pressure; the line is y_hat = weight * x + bias.")
    print(
        f"  (For these data any rate above {result.stable_learning_rate:.4g} makes descent "
        f"blow up.)"
    )
    print()
    start, first = result.history[0], result.history[1]
    print("Step 1: start at a random weight and bias and calculate the loss.")
    print(f"  weight = {start.weight!r}, bias = {start.bias!r}")
    print(f"  {'x':>6} {'y':>7} {'y_hat':>9} {'error':>9} {'2*error*x':>10} {'2*error':>9}")
    for x, y in zip(xs, ys):
        prediction = start.weight * x + start.bias
        d_loss_d_weight, d_loss_d_bias = point_gradient(start.weight, start.bias, x, y)
        print(
            f"  {x:6.1f} {y:7.2f} {prediction:9.4f} {error(prediction, y):9.4f} "
            f"{d_loss_d_weight:10.3f} {d_loss_d_bias:9.4f}"
        )
    n = len(xs)
    loss_by_hand = sum(
        squared_error(error(start.weight * x + start.bias, y)) for x, y in zip(xs, ys)
    )
    print(f"  loss = 1/n * sum(error**2) = {loss_by_hand / n:.6g}   (n = {n})")
    print("Step 2: take a step in the direction of steepest descent.")
    d_loss_d_weight, d_loss_d_bias = start.gradient
    print(f"  d(loss)/d(weight) = 1/n * sum(2 * error * x) = {d_loss_d_weight!r}")
    print(f"  d(loss)/d(bias)   = 1/n * sum(2 * error)     = {d_loss_d_bias!r}")
    print("  weight = weight - learning_rate * d(loss)/d(weight)")
    print(
        f"         = {start.weight!r} - {LEARNING_RATE} * {signed(d_loss_d_weight)}"
        f" = {first.weight!r}"
    )
    print("  bias   = bias - learning_rate * d(loss)/d(bias)")
    print(f"         = {start.bias!r} - {LEARNING_RATE} * {signed(d_loss_d_bias)} = {first.bias!r}")
    print("Step 3: calculate the new loss.")
    print(f"  loss = {first.loss:.6g} (it was {start.loss:.6g})")
    print("Step 4: repeat steps 2 and 3.")
    print(
        f"  {'step':>5} {'weight':>10} {'bias':>10} {'loss':>11} "
        f"{'d(loss)/d(weight)':>18} {'d(loss)/d(bias)':>16}"
    )
    shown = [record for record in result.history if record.step in SHOWN_STEPS]
    for record in shown:
        print_row(record)
    last = result.history[-1]
    intercept = last.bias - last.weight * ORIGIN
    print(
        f"  After {last.step} steps: pressure = {last.weight:.4g} * boiling point "
        f"{'-' if intercept < 0 else '+'} {abs(intercept):.4g}, loss {last.loss:.4g},"
    )
    print(f"  down from {start.loss:.4g}. At first the weight swings back and forth across the")
    print("  steep, narrow valley of the loss while the bias creeps along its floor; the")
    print("  loss keeps falling, by less and less at each step.")


def print_row(record: Step) -> None:
    d_loss_d_weight, d_loss_d_bias = record.gradient
    print(
        f"  {record.step:5d} {record.weight:10.6f} {record.bias:10.6f} {record.loss:11.6g} "
        f"{d_loss_d_weight:18.6g} {d_loss_d_bias:16.6g}"
    )


def act_two(boiling_points: list[float], pressures: list[float], textbook: FitResult) -> None:
    """The shortcut: standardised data, a round bowl, one step to its bottom."""
    result = fit(boiling_points, pressures)
    scaling = result.scaling
    assert scaling is not None  # fit without a learning rate always standardises
    sums = line_sums(boiling_points, pressures)
    correlation = sums.sxy / math.sqrt(sums.sxx * sums.syy)
    print()
    print("Act 2: the shortcut. Standardise the data, and one step lands.")
    condition = condition_number(sums)
    print(f"  On the raw boiling points the loss bowl is {condition:.3g} times steeper one way")
    print("  than the other: even at its best rate, each step of plain descent closes only")
    print(f"  about 2 / {condition:.3g} of the gap left along the valley floor. So fit, given")
    print("  no learning rate, first standardises the data (mean 0, spread 1):")
    print(
        f"    u = (x - {scaling.x_shift:.6g}) / {scaling.x_scale:.6g}    "
        f"v = (y - {scaling.y_shift:.6g}) / {scaling.y_scale:.6g}"
    )
    print("  where the loss of the line v_hat = weight * u + bias is")
    print(
        f"    loss = weight**2 - 2 * r * weight + bias**2 + 1,  r = mean(u * v) = {correlation:.6g}"
    )
    print("  a round bowl with its bottom at weight = r, bias = 0. Its gradient is")
    print("  d(loss)/d(weight) = 2 * (weight - r), d(loss)/d(bias) = 2 * bias, so a step of")
    print("  learning rate 0.5 takes weight - 0.5 * 2 * (weight - r) = r and")
    print("  bias - 0.5 * 2 * bias = 0: the bottom, in one step.")
    start, first = result.history[0], result.history[1]
    d_loss_d_weight, d_loss_d_bias = start.gradient
    rate = result.learning_rate
    print(f"Step 1 (in standardised units): weight = {start.weight!r}, bias = {start.bias!r}")
    print(f"  loss = weight**2 - 2 * r * weight + bias**2 + 1 = {start.loss:.6g}")
    print(
        f"Step 2: weight = {start.weight!r} - {rate:g} * {signed(d_loss_d_weight)} "
        f"= {first.weight!r}"
    )
    print(f"        bias   = {start.bias!r} - {rate:g} * {signed(d_loss_d_bias)} = {first.bias!r}")
    print(
        f"Step 3: loss = {first.loss:.6g} (times {scaling.y_scale:.6g}**2: {first.data_loss:.6g} "
        "in the data's units)"
    )
    later = result.history[-1].gradient
    print(
        f"Step 4: the gradient there is ({later[0]:.3g}, {later[1]:.3g}): "
        f"{'converged' if result.converged else 'not converged'} after "
        f"{result.steps} step{'' if result.steps == 1 else 's'}."
    )
    print()
    sign = "-" if result.bias < 0 else "+"
    print(
        f"Fitted line, in the data's units: pressure = {result.weight:.6g} * boiling point "
        f"{sign} {abs(result.bias):.6g}"
    )
    print(
        f"Mean squared error: {result.loss:.6g} (Act 1 reached {textbook.loss:.6g} after "
        f"{textbook.steps} steps)"
    )
    print()
    print(fit_text_chart(boiling_points, pressures, result))
