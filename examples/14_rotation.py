"""Lesson 14 of the examples: turn to the valley's axes, and one step lands; then win back digits.

Run:  python examples/14_rotation.py [FOLDER]
It prints the bowl's axes and the steps each way takes, writes a picture of
the valley before and after turning (valley.svg, into FOLDER or a new
temporary folder), and follows a degree-6 polynomial digit by digit.
"""

import math
import sys
import tempfile
from fractions import Fraction
from pathlib import Path

import gradstep
from gradstep.fast.feature_sums import feature_sums, gradient_and_loss_from_feature_sums, hessian
from gradstep.further.rotation import bowl_axes
from gradstep.further.scaling import standardise_features
from gradstep.pictures.svg import side_by_side
from gradstep.pictures.valley import valley_chart

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="gradstep-"))
folder.mkdir(parents=True, exist_ok=True)

# A parabola through 12 points: x and x**2 rise together, so even standardised
# the two weights trade off along a thin valley.
xs = [float(x) for x in range(1, 13)]
rows = gradstep.polynomial_features(xs, 2)
ys = [20 + 3 * x - 0.25 * x * x + (0.5 if i % 2 else -0.5) for i, x in enumerate(xs)]
unit = standardise_features(feature_sums(rows, ys)).rescaled(feature_sums(rows, ys))
axes = bowl_axes(hessian(unit))
print("The standardised bowl over (w1, w2, bias), x and x**2 for x = 1..12. Its axes:")
for curvature, direction in zip(axes.curvatures, axes.directions):
    print(f"  direction ({', '.join(f'{d:+.3f}' for d in direction)}), curvature {curvature:.4g}")
print(f"  condition number {axes.curvatures[0] / axes.curvatures[-1]:.4g}")


def slope_and_loss(point: list[float]) -> tuple[list[float], float]:
    d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss_from_feature_sums(
        unit, point[:2], point[2]
    )
    return [*d_loss_d_weights, d_loss_d_bias], loss


# One step along the axes finds the bottom from anywhere; start plain descent off to one side.
probe = [0.0, 0.0, 0.0]
bottom = [value + change for value, change in zip(probe, axes.move(slope_and_loss(probe)[0]))]
start = [bottom[0] - 1.6, bottom[1] + 0.4, 0.3]
rate = 2 / (axes.curvatures[0] + axes.curvatures[-1])
point, plain_path = list(start), [(start[0], start[1])]
while max(map(abs, slope_and_loss(point)[0])) > 1e-10 and len(plain_path) <= 10_000:
    gradient, _ = slope_and_loss(point)
    point = [value - rate * slope for value, slope in zip(point, gradient)]
    plain_path.append((point[0], point[1]))
plain_steps = len(plain_path) - 1
print(
    f"\nPlain descent at the best fixed rate {rate:.3g}: {plain_steps} steps to a slope of 1e-10."
)
gradient, _ = slope_and_loss(start)
landed = [value + change for value, change in zip(start, axes.move(gradient))]
print("Along the axes, one step at rate 0.5 from the same start:")
print(f"  lands at w1 = {landed[0]:.12f}, w2 = {landed[1]:.12f}, bias = {landed[2]:.2e}")
print(f"  where the largest slope is {max(map(abs, slope_and_loss(landed)[0])):.1e}")

# The two axes that move the weights (the bias is an axis of its own once x is centred).
pair = sorted(range(3), key=lambda i: abs(axes.directions[i][2]))[:2]


def loss_along_axes(z_a: float, z_b: float) -> float:
    along = [0.0, 0.0, 0.0]
    along[pair[0]], along[pair[1]] = z_a, z_b
    return slope_and_loss(axes.from_axes(along))[1]


def on_axes(point: list[float]) -> tuple[float, float]:
    along = axes.to_axes([point[0], point[1], 0.0])
    return along[pair[0]], along[pair[1]]


before = valley_chart(
    lambda w1, w2: slope_and_loss([w1, w2, 0.0])[1],
    plain_path[:40],
    (landed[0], landed[1]),
    title="Standardised: a thin valley",
    labels=("w1 (x)", "w2 (x**2)"),
)
bottom_z = on_axes(landed)
after = valley_chart(
    loss_along_axes,
    [on_axes(start), bottom_z],
    bottom_z,
    title="Along its axes: round",
    labels=("z along the steep axis", "z along the flat axis"),
)
(folder / "valley.svg").write_text(side_by_side([before, after]), encoding="utf-8")
print(
    f"\nWrote {folder / 'valley.svg'}: the first 40 plain steps, and the one step along the axes."
)


def exact_least_squares(rows: list[list[float]], ys: list[float]) -> list[Fraction]:
    """The normal equations in exact fractions, by Gauss-Jordan elimination; bias last."""
    design = [[Fraction(x) for x in row] + [Fraction(1)] for row in rows]
    size = len(design[0])
    system = [
        [sum(r[i] * r[j] for r in design) for j in range(size)]
        + [sum(r[i] * Fraction(y) for r, y in zip(design, ys))]
        for i in range(size)
    ]
    for c in range(size):
        for r in range(size):
            if r != c:
                factor = system[r][c] / system[c][c]
                system[r] = [a - factor * b for a, b in zip(system[r], system[c])]
    return [system[i][size] / system[i][i] for i in range(size)]


xs = list(range(21))
rows = gradstep.polynomial_features(xs, 6)
ys = [7 - 3 * x + 5 * x**2 - 2 * x**3 + x**4 - x**5 + x**6 + (3 if x % 3 else -1.5) for x in xs]
exact = exact_least_squares(rows, ys)
result = gradstep.fit_features(rows, ys)
print(f"\nA degree-6 polynomial on x = 0..20 (condition number {result.condition_number:.3g}):")
for record in result.history:
    worst = min(
        15.9 if Fraction(value) == truth else -math.log10(abs(Fraction(value) - truth) / abs(truth))
        for value, truth in zip([*record.weights, record.bias], exact)
    )
    where = "the random start" if record.step == 0 else "from the sums" if record.step == 1 else ""
    where = where or "from the rows, exactly"
    print(f"  step {record.step}: fewest correct digits {min(worst, 15.9):4.1f}  ({where})")
print(f"  converged {result.converged}")

xs = [1 + i / 40 for i in range(41)]
hopeless = gradstep.fit_features(gradstep.polynomial_features(xs, 10), [math.sin(x) for x in xs])
print(f"\nDegree 10 on [1, 2]: converged {hopeless.converged}.")
print(f"  {hopeless.note}")
print()
print("What to notice:")
print("- The axes of the bowl are the Hessian's eigenvectors: (1, 1)/sqrt(2) is the steep way,")
print("  where w1 and w2 push the same way, (1, -1)/sqrt(2) the flat floor where they trade off.")
print("- Plain descent zigzags across the valley for hundreds of steps; along the axes, each")
print("  scaled to its curvature, the bowl is round and one step lands on the bottom.")
print("- Step 1 lands only as near as the sums know the bottom: the sums of squares lost")
print("  digits. The next steps, with the gradient from the rows, win them back.")
print("- Where no float can hold the answer, gradstep says so instead of claiming it.")
