"""Lesson 11 of the examples: feature scaling turns a long thin valley into a round bowl.

Two real data sets with badly scaled x: NIST's Norris (ozone monitor
calibration, x from 0.2 to 1000; NIST StRD, shipped in gradstep.datasets)
and Forbes' boiling points (x from 194 to 212,
never near 0). For each: the Hessian's condition number and the number of
steps plain descent needs at its best fixed rate, before and after scaling.
"""

import math

from gradstep.datasets import forbes, nist
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums, line_sums
from gradstep.fit import fit_sums
from gradstep.further.curvature import best_learning_rate, condition_number
from gradstep.further.scaling import scaled_sums, standardise

LEVELS = " .:-=+*#%@"


def steps_needed(sums: LineSums) -> str:
    """Run plain descent at the best fixed rate, capped at 10,000 steps, and count."""
    rate = best_learning_rate(sums)
    result = fit_sums(sums, learning_rate=rate)
    # The loop stops when the gradient (in standardised units) is at most 1e-12,
    # or at its cap of 10,000 steps.
    if result.steps < 10_000:
        return f"{result.steps:>6} step{'s' if result.steps != 1 else ''} (rate {rate:.3g})"
    kappa = condition_number(sums)
    # Each step shrinks the slowest direction by (kappa - 1) / (kappa + 1);
    # 1e-12 of the way is about ln(1e12) / (2 / kappa) = 13.8 * kappa steps.
    predicted = math.log(1e12) / math.log((kappa + 1) / (kappa - 1))
    return f"not done after {result.steps} steps (rate {rate:.3g}); would need ~{predicted:.2g}"


def text_map(sums: LineSums, centre: tuple[float, float], half: tuple[float, float]) -> list[str]:
    """The loss over (weight across, bias down) in bands of powers of ten above its minimum."""
    lowest = gradient_and_loss_from_sums(sums, *centre)[2]
    rows = []
    for row in range(11):
        bias = centre[1] + half[1] * (1 - row / 5)
        line = ""
        for column in range(23):
            weight = centre[0] + half[0] * (column / 11 - 1)
            loss = gradient_and_loss_from_sums(sums, weight, bias)[2]
            band = int(math.log10(max(loss / lowest, 1.0)) * 1.5)
            line += LEVELS[min(band, len(LEVELS) - 1)]
        rows.append(line)
    return rows


def lesson(name: str, xs: list[float], ys: list[float]) -> None:
    sums = line_sums(xs, ys)
    scaling = standardise(sums)
    unit_sums = scaled_sums(sums, scaling)
    print(f"{name}: {sums.n} points, x from {min(xs):g} to {max(xs):g}")
    print(f"  raw x:          condition number {condition_number(sums):10.3g}, ", end="")
    print(steps_needed(sums))
    print(f"  standardised x: condition number {condition_number(unit_sums):10.3g}, ", end="")
    print(steps_needed(unit_sums))


norris = nist("norris")
lesson("NIST Norris", norris.xs, norris.ys)
print()
boiling_points, pressures = forbes()
lesson("Forbes 1857", boiling_points, pressures)

sums = line_sums(boiling_points, pressures)
scaling = standardise(sums)
best = fit_sums(sums)
# Raw: the bias must move by mean_x (about 203) for each unit of weight to stay in the valley.
raw_map = text_map(sums, (best.weight, best.bias), (0.05, 0.05 * sums.mean_x))
unit_sums = scaled_sums(sums, scaling)
unit_map = text_map(unit_sums, scaling.to_scaled(best.weight, best.bias), (1.5, 1.5))
print()
print("The loss of Forbes' line; each darker band about 5 times higher; weight across, bias down:")
print(f"  {'raw units (w +-0.05, b +-10)':<25}    standardised units (+-1.5)")
for raw_row, unit_row in zip(raw_map, unit_map):
    print(f"  |{raw_row}|      |{unit_row}|")
print()
print("What to notice:")
print("- On raw x the bowl is tens of millions of times steeper one way than the other,")
print("  so a rate safe for the steep way crawls along the flat floor: 10,000 steps are")
print("  nowhere near enough.")
print("- Standardised, the condition number is 1: a round bowl, and one step of rate 0.5")
print("  lands on its bottom. The line maps back to the same least-squares answer.")
print("- On the left the bottom is a thin diagonal valley: weight and bias trade off, since")
print("  x never comes near 0. On the right the rings are circles.")
