"""Lesson 7 of the examples: the chain rule, automated (what loss.backward() does).

Run:  python examples/15_autodiff.py [FOLDER]
It builds the graph of one point's loss out of Values, runs backward, and
writes the graph as a picture, chain_rule_graph.svg (into FOLDER, or a new
temporary folder). Then it runs descent with the program's gradient.
"""

import random
import sys
import tempfile
from pathlib import Path

from gradstep.autodiff import Value, gradient_and_loss
from gradstep.chain_rule import chain
from gradstep.descent import descend
from gradstep.gradient import gradient_and_loss as hand_gradient_and_loss
from gradstep.gradient import point_gradient
from gradstep.pictures.graph import chain_rule_graph

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="gradstep-"))
folder.mkdir(parents=True, exist_ok=True)

# The point of example 3: x = 3, y = 5, weight 2.5, bias 0.5.
x, target = 3.0, 5.0
weight, bias = Value(2.5), Value(0.5)
weighted = weight * x
prediction = weighted + bias
error = prediction - target
loss = error**2

print("Forward: each Value remembers what it was made from, and the local derivative.")
for name, node, local in [
    ("weight * x", weighted, f"d(weight * x)/d(weight) = x = {weighted.d_a}"),
    (
        "prediction",
        prediction,
        f"d(prediction)/d(weight * x) = {prediction.d_a}, d(prediction)/d(bias) = {prediction.d_b}",
    ),
    ("error", error, f"d(error)/d(prediction) = {error.d_a}"),
    ("loss", loss, f"d(loss)/d(error) = 2 * error = {loss.d_a}"),
]:
    print(f"  {name:<10} = {node.data:<4}  {local}")
print("    (2 * error is the power rule, n * error**(n-1), at n = 2)")

loss.backward()
print()
print("Backward: loss.backward() multiplies the local derivatives from the loss down.")
for name, node in [("error", error), ("prediction", prediction), ("weight", weight)]:
    print(f"  d(loss)/d({name}) = {node.grad}")
print(f"  d(loss)/d(bias) = {bias.grad}")
by_hand = chain(loss.d_a, error.d_a, prediction.d_a, weighted.d_a)
print(
    f"  lesson 3 by hand: chain(6, 1, 1, 3) = {by_hand}; point_gradient gives "
    f"{point_gradient(2.5, 0.5, x, target)}"
)

loss.backward()
print(f"  a second backward gives the same, not twice: d(loss)/d(weight) = {weight.grad}")

shared = Value(2.0)
twice = shared * shared
twice.backward()
print(f"  a Value used twice gets both shares: d(w * w)/d(w) at w = 2 is {shared.grad} = 2 + 2")

picture = folder / "chain_rule_graph.svg"
chain_rule_graph().save(str(picture))
print()
print(f"The graph, with every value, gradient and local derivative: {picture}")

generator = random.Random(15)
xs = [generator.uniform(0.0, 10.0) for _ in range(200)]
ys = [3.0 * point + 2.0 + generator.gauss(0.0, 1.0) for point in xs]
start, rate, steps = (0.0, 0.0), 0.01, 100
program = descend(lambda w, b: gradient_and_loss(w, b, xs, ys), start, rate, steps)
hand = descend(lambda w, b: hand_gradient_and_loss(w, b, xs, ys), start, rate, steps)
largest = max(
    abs(p.weight - h.weight) / abs(h.weight) + abs(p.bias - h.bias) / abs(h.bias)
    for p, h in zip(program[1:], hand[1:])
)
print()
print(f"Descent on 200 points, {steps} steps at rate {rate}, with each gradient:")
print(f"  autodiff: weight {program[-1].weight:.12f}, bias {program[-1].bias:.12f}")
print(f"  by hand:  weight {hand[-1].weight:.12f}, bias {hand[-1].bias:.12f}")
print(f"  largest relative difference along the way: {largest:.1e}")

print()
print("What to notice:")
print("- Each operation records one simple local derivative; nothing else is stored.")
print("- backward() is lesson 3's chain rule: the weight's gradient, 18, is 6 * 1 * 1 * 3,")
print("  the product of the labels on the path from the loss down to it.")
print("- A Value used more than once adds up one share per use (the weight, in a loss")
print("  over many points, is used once per point).")
print("- The loop does not care how the gradient was found: both paths agree to rounding.")
