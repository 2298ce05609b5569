"""Lesson 12 of the examples: many features, and a curve as a line in more features.

y_hat = w1 * x1 + ... + wk * xk + bias: the same loss, the same chain rule,
one d(error)/d(wj) = xj per feature.
"""

import math
import random

import gradstep
from gradstep.datasets import forbes, nist
from gradstep.further.features import point_gradient

print("The chain rule for one row, x = (3, 4), y = 1, weights (2, -1), bias 0.5:")
row, target, weights, bias = [3.0, 4.0], 1.0, [2.0, -1.0], 0.5
prediction = 2.0 * 3.0 - 1.0 * 4.0 + 0.5
print(f"  y_hat = 2*3 + (-1)*4 + 0.5 = {prediction}, error = {prediction - target}, ", end="")
print(f"d(loss)/d(error) = 2 * error = {2 * (prediction - target)}")
d_loss_d_weights, d_loss_d_bias = point_gradient(weights, bias, row, target)
for j, (x, derivative) in enumerate(zip(row, d_loss_d_weights), start=1):
    print(f"  d(loss)/d(w{j}) = d(loss)/d(error) * x{j} = 3 * {x:g} = {derivative:g}")
print(f"  d(loss)/d(bias) = d(loss)/d(error) * 1 = {d_loss_d_bias:g}")

print()
generator = random.Random(13)
rows = [
    [generator.uniform(50, 200), generator.uniform(0, 80), generator.uniform(1, 30)]
    for _ in range(60)
]
ys = [
    1.8 * size - 0.6 * age - 2.5 * distance + 40 + generator.gauss(0, 8)
    for size, age, distance in rows
]
result = gradstep.fit_features(rows, ys)
print("60 houses: price = 1.8 * size - 0.6 * age - 2.5 * distance + 40, plus noise:")
print(f"  weights {[round(w, 3) for w in result.weights]}, bias {result.bias:.2f}")
print(
    f"  {result.steps} steps at rate {result.learning_rate:.3g} on standardised features, "
    f"converged {result.converged}; condition number {result.condition_number:.3g}"
)
print(f"  a house of size 120, age 10, 5 km out: {result.predict([120, 10, 5]):.1f}")

print()
boiling_points, pressures = forbes()
line = gradstep.fit(boiling_points, pressures)
print("Forbes as a parabola, y = w1 * x + w2 * x**2 + bias:")
raw = gradstep.fit_features(gradstep.polynomial_features(boiling_points, 2), pressures)
centred_x = [x - 203.0 for x in boiling_points]
centred = gradstep.fit_features(gradstep.polynomial_features(centred_x, 2), pressures)
print(
    f"  x as it is:    condition number {raw.condition_number:9.3g}, {raw.steps} steps, "
    f"converged {raw.converged}, loss {raw.loss:.6f}"
)
print(
    f"  x - 203:       condition number {centred.condition_number:9.3g}, {centred.steps} steps, "
    f"converged {centred.converged}, loss {centred.loss:.6f}"
)
print(f"  (the straight line's loss: {line.loss:.6f})")

pontius = nist("pontius")
print()
fitted = gradstep.fit_features(gradstep.polynomial_features(pontius.xs, 2), pontius.ys)
print(f"NIST Pontius (quadratic, x up to {max(pontius.xs):.3g}): {fitted.steps} steps")
for name, value in zip(("weight", "weight_x2", "bias"), [*fitted.weights, fitted.bias]):
    exact = float(pontius.certified[name])
    lre = -math.log10(abs(value - exact) / abs(exact)) if value != exact else 15.0
    print(f"  {name:<9} {value: .15e}  certified {exact: .15e}  LRE {lre:.1f}")
print()
print("What to notice:")
print("- Each weight's slope is d(loss)/d(error) times its own feature: the line's chain rule.")
print("- A parabola is a line in the features x and x**2; fit_features fits it unchanged.")
print("- x and x**2 rise together when x is far from 0: the features are correlated and the")
print("  bowl is a thin valley even after standardising (condition number 2.5e4). Centring x")
print("  first makes it round. fit_features also turns to the valley's own axes (example 14),")
print("  so both land in a step or two.")
print("- On Pontius the defaults reach NIST's certified values to 10 digits or more.")
