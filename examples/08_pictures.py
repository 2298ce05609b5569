"""Lesson 8: see it. The four pictures of gradient descent, as SVG files.

Run:  python examples/08_pictures.py [FOLDER]
It writes four SVG files (into FOLDER, or a new temporary folder) and says
what each shows. Open them in a browser; in Jupyter, a chart shows itself.
"""

import sys
import tempfile
from pathlib import Path

from gradstep.datasets import forbes
from gradstep.fast.sums import line_sums
from gradstep.fit import fit
from gradstep.further.curvature import stable_learning_rate
from gradstep.pictures.plots import (
    fit_chart,
    learning_rates_chart,
    least_squares_point,
    loss_chart,
    surface_chart,
)

folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="gradstep-"))
folder.mkdir(parents=True, exist_ok=True)

# Forbes (1857): boiling point of water against air pressure. Measuring x from
# 200 degrees F keeps the loss valley wide enough for plain descent to walk.
boiling_points, pressures = forbes()
xs = [x - 200.0 for x in boiling_points]
sums = line_sums(xs, pressures)
stable = stable_learning_rate(sums)
rate = 0.015
result = fit(xs, pressures, learning_rate=rate, steps=300)
weight, bias = least_squares_point(sums)
lowest_loss = fit(xs, pressures).loss  # the default fit lands on the least-squares line

print(f"Plain descent, learning rate {rate}, {result.steps} steps (stable below {stable:.4f}):")
print(
    f"  start: weight {result.history[0].weight:.4f}, bias {result.history[0].bias:.4f}, "
    f"loss {result.history[0].loss:.2f}"
)
print(f"  end:   weight {result.weight:.4f}, bias {result.bias:.4f}, loss {result.loss:.5f}")
print(f"  least squares: weight {weight:.4f}, bias {bias:.4f}")
print()

charts = {
    "1_fit.svg": fit_chart(xs, pressures, result, at_steps=[0, 5, 20, 60]),
    "2_loss.svg": loss_chart(result, log=True),
    "3_surface.svg": surface_chart(sums, result),
    "4_learning_rates.svg": learning_rates_chart(sums, [0.002, 0.01, 0.02, 0.024, 0.026], steps=60),
}
for name, chart in charts.items():
    chart.save(str(folder / name))
    print(f"wrote {folder / name}")

print()
print("What to notice:")
pivot = sums.mean_x_squared / sums.mean_x
print("  1_fit: the lines at steps 5, 20 and 60 (faint to strong; step 0's is off the")
print(f"    chart) all turn about one point, x = mean(x**2) / mean(x) = {pivot:.1f}: the")
print("    steep weight settles first, then the line swings about that point onto the data.")
print("  2_loss: on a log scale the loss falls in a nearly straight line (each step")
print("    removes the same fraction of the excess), then levels off: at step 300 it is")
print(f"    {result.loss:.5f}, just above {lowest_loss:.5f}, the least-squares loss, the")
print("    lowest there is: a line cannot pass through every point.")
print("  3_surface: from the green dot (the start) the first step jumps far in weight,")
print("    the steep way across the valley; the small dots, steps 1 to 11, zigzag and")
print("    turn; then the path runs straight down the valley floor to the vermillion")
print("    dot, the least-squares line.")
print(f"  4_learning_rates: faster as the rate grows, until above {stable:.4f} the")
print("    loss rises and descent stops with a DivergenceError.")
print("  Open 3_surface.svg in a browser: a blue dot walks the path, one step per beat.")
