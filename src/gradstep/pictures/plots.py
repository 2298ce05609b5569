"""The pictures of gradient descent, as self-contained SVG.

Four charts, each a ``svg.Chart`` that shows inline in Jupyter, ``.save``s
to a file, or gives its text with ``.to_svg()``:

- ``fit_chart``: the data as points and the fitted line, optionally with
  the line at chosen steps, fainter the earlier, to show it moving;
- ``loss_chart``: the loss at every step (linear or log scale);
- ``surface_chart``: the loss over (weight, bias) as contour lines, the
  descent path down the bowl and the least-squares bottom marked (its own
  lesson, in ``surface``; importable from here too);
- ``learning_rates_chart``: the loss curves of several learning rates.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gradstep.descent import Step, descend, random_start
from gradstep.errors import DivergenceError
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums
from gradstep.further.curvature import stable_learning_rate
from gradstep.pictures.fitted import FittedLine
from gradstep.pictures.surface import least_squares_point, surface_chart
from gradstep.pictures.svg import (
    BLACK,
    BLUE,
    ORANGE,
    SERIES_COLOURS,
    Chart,
    log_range,
    padded_range,
)

__all__ = [
    "fit_chart",
    "learning_rates_chart",
    "least_squares_point",
    "loss_chart",
    "surface_chart",
]


def _history(run: FittedLine | Sequence[Step]) -> list[Step]:
    return list(run.history) if isinstance(run, FittedLine) else list(run)


def _visible_span(
    weight: float, bias: float, x_range: tuple[float, float], y_range: tuple[float, float]
) -> tuple[float, float] | None:
    """The x interval where the line y = weight * x + bias stays inside the plot area."""
    low, high = x_range
    if weight == 0:
        return (low, high) if y_range[0] <= bias <= y_range[1] else None
    # Where the line meets the bottom and the top of the plot area, in x.
    meets_bottom, meets_top = sorted(((y_range[0] - bias) / weight, (y_range[1] - bias) / weight))
    low, high = max(low, meets_bottom), min(high, meets_top)
    return (low, high) if low < high else None


def _along_line(result: FittedLine, x_range: tuple[float, float]) -> list[tuple[float, float]]:
    xs = [x_range[0] + (x_range[1] - x_range[0]) * k / 40 for k in range(41)]
    return [(x, result.predict(x)) for x in xs]


def fit_chart(
    xs: Sequence[float],
    ys: Sequence[float],
    result: FittedLine,
    *,
    at_steps: Sequence[int] = (),
    points_in_data: int | None = None,
    x_label: str = "x",
    y_label: str = "y",
) -> Chart:
    """The data and the fitted line y_hat = weight * x + bias, axes named ``x_label``, ``y_label``.

    ``at_steps`` adds the line as it stood at those steps of the history,
    fading in from faint (early) to strong (late); a line that misses the
    plot area altogether is left out of the legend. ``points_in_data`` says
    how many points the data have when ``xs``, ``ys`` are only a sample.
    """
    x_range = padded_range(xs)
    line_ends = [result.predict(x) for x in x_range]
    low, high = padded_range([*ys, *line_ends])
    # Headroom above the data for the legend (2 or 3 rows of 18 pixels in a plot area
    # of 276), so that it need not cover any point.
    legend_share = (30 + 18 * (3 if at_steps else 2)) / 276
    y_range = (low, high + (high - low) * legend_share / (1 - legend_share))
    chart = Chart("The data and the fitted line", x_label, y_label, x_range, y_range)
    radius = 3.0 if len(xs) <= 300 else 1.6
    for x, y in zip(xs, ys):
        chart.circle(x, y, BLACK, radius=radius, opacity=0.6)
    records = {record.step: record for record in result.history}
    chosen = [records[step] for step in sorted(set(at_steps)) if step in records]
    drawn = []
    for order, record in enumerate(chosen, start=1):
        # The line in the data's units, whatever units the step was taken in.
        weight, bias = record.data_line
        span = _visible_span(weight, bias, x_range, y_range)
        if span is not None:
            drawn.append(record.step)
            opacity = 0.15 + 0.6 * order / len(chosen)
            x_low, x_high = span
            chart.line(
                x_low,
                weight * x_low + bias,
                x_high,
                weight * x_high + bias,
                ORANGE,
                width=2.0,
                opacity=opacity,
                css_class=f"step-line step-{record.step}",
            )
    chart.line(x_range[0], line_ends[0], x_range[1], line_ends[1], BLUE, css_class="fitted-line")
    total = len(xs) if points_in_data is None else points_in_data
    shown = f"{total:,} points" if total == len(xs) else f"{len(xs):,} of {total:,} points"
    equation = f"y = {result.weight:.4g} x"
    if result.fit_bias:
        equation += f" {'-' if result.bias < 0 else '+'} {abs(result.bias):.4g}"
    entries = [(f"data ({shown})", BLACK, "dot"), (equation, BLUE, "line")]
    if drawn:
        # A line that misses the plot area altogether is not listed.
        steps = ", ".join(str(step) for step in drawn)
        entries.append((f"at step {steps} (fainter = earlier)", ORANGE, "line"))
    chart.legend(entries, avoid=[*zip(xs, ys), *_along_line(result, x_range)])
    return chart


def _automatic_log(losses: Sequence[float]) -> bool:
    positive = [loss for loss in losses if loss > 0]
    return bool(positive) and max(positive) > 100 * min(positive)


def loss_chart(run: FittedLine | Sequence[Step], *, log: bool | None = None) -> Chart:
    """The loss at every step, in the data's units (the mean squared error of each
    step's line on the data, ``Step.data_loss``). ``log`` chooses a log scale; None
    picks one when the loss falls by more than a factor of 100. On a log scale a
    loss of exactly 0 cannot be drawn and is left out, and so is a loss too
    large for a float (inf)."""
    history = _history(run)
    drawable = [record for record in history if math.isfinite(record.data_loss)]
    losses = [record.data_loss for record in drawable] or [0.0]
    use_log = _automatic_log(losses) if log is None else log
    points = [
        (record.step, record.data_loss)
        for record in drawable
        if record.data_loss > 0 or not use_log
    ]
    y_range = log_range(losses) if use_log else padded_range(losses)
    x_range = padded_range([record.step for record in history], 0.02)
    scale = "log scale" if use_log else "linear scale"
    chart = Chart(
        f"Loss at each step ({scale})",
        "step",
        "loss",
        x_range,
        y_range,
        log_y=use_log,
        whole_x=True,
    )
    if points:
        chart.polyline(points, BLUE, css_class="loss-curve")
    if len(points) <= 60:
        for step, loss in points:
            chart.circle(step, loss, BLUE, radius=3.0, css_class="loss-point")
    last = history[-1]
    chart.legend([(f"loss at step {last.step}: {last.data_loss:.4g}", BLUE, "line")], avoid=points)
    return chart


def learning_rates_chart(
    sums: LineSums,
    learning_rates: Sequence[float],
    steps: int,
    *,
    seed: int | None = 0,
    fit_bias: bool = True,
    log: bool = True,
) -> Chart:
    """The loss curves of plain descent with each learning rate, on one chart.

    A rate above 2 / (the largest curvature) diverges; its curve stops at the
    step where the loss rose, and the legend says so.
    """
    # The lesson loop itself, as ``fit_sums`` runs it with a learning rate and steps.
    stable = stable_learning_rate(sums, fit_bias)
    curves: list[tuple[str, list[Step]]] = []
    for rate in learning_rates:
        try:
            history = descend(
                lambda weight, bias: gradient_and_loss_from_sums(sums, weight, bias),
                random_start(seed, fit_bias),
                rate,
                steps,
                fit_bias=fit_bias,
                stable_learning_rate=stable,
            )
            curves.append((f"rate {rate:g}", history))
        except DivergenceError as divergence:
            history = list(divergence.history)
            curves.append((f"rate {rate:g}: diverged at step {history[-1].step}", history))
    all_losses = [record.loss for _, history in curves for record in history]
    finite = [loss for loss in all_losses if math.isfinite(loss)]
    y_range = log_range(finite) if log else padded_range(finite)
    scale = "log scale" if log else "linear scale"
    chart = Chart(
        f"Loss for several learning rates ({scale})",
        "step",
        "loss",
        padded_range([0.0, float(steps)], 0.02),
        y_range,
        log_y=log,
        whole_x=True,
    )
    entries = []
    drawn: list[tuple[float, float]] = []
    for (label, history), colour in zip(curves, SERIES_COLOURS):
        points = [
            (record.step, min(max(record.loss, y_range[0]), y_range[1]))
            for record in history
            if math.isfinite(record.loss) and (record.loss > 0 or not log)
        ]
        chart.polyline(points, colour, css_class="loss-curve")
        entries.append((label, colour, "line"))
        drawn += points
    chart.legend(entries, avoid=drawn)
    return chart
