"""The pictures of gradient descent, as self-contained SVG.

Four charts, each a ``svg.Chart`` that shows inline in Jupyter, ``.save``s
to a file, or gives its text with ``.to_svg()``:

- ``fit_chart``: the data as points and the fitted line, optionally with
  the line at chosen steps, fainter the earlier, to show it moving;
- ``loss_chart``: the loss at every step (linear or log scale);
- ``surface_chart``: the loss over (weight, bias) as contour lines, the
  descent path down the bowl (Step 2, "the direction of steepest
  descent", is across the contours), and the least-squares bottom marked;
- ``learning_rates_chart``: the loss curves of several learning rates.

The surface needs the loss at every grid point; from ``sums.LineSums`` each
costs O(1) (``gradient_and_loss_from_sums``), so a grid over ten million
points takes no longer to draw than one over ten.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Iterator, Sequence

from gradstep.contours import contour_segments
from gradstep.descent import Step
from gradstep.errors import DivergenceError
from gradstep.fit import fit_sums
from gradstep.result import FitResult
from gradstep.sums import LineSums, gradient_and_loss_from_sums
from gradstep.svg import (
    BLACK,
    BLUE,
    GREY,
    ORANGE,
    SERIES_COLOURS,
    VERMILLION,
    Chart,
    log_range,
    padded_range,
)

MAX_PATH_POINTS = 400


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _history(run: FitResult | Sequence[Step]) -> list[Step]:
    return list(run.history) if isinstance(run, FitResult) else list(run)


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


def _along_line(result: FitResult, x_range: tuple[float, float]) -> list[tuple[float, float]]:
    xs = [x_range[0] + (x_range[1] - x_range[0]) * k / 40 for k in range(41)]
    return [(x, result.predict(x)) for x in xs]


def fit_chart(
    xs: Sequence[float],
    ys: Sequence[float],
    result: FitResult,
    *,
    at_steps: Sequence[int] = (),
    points_in_data: int | None = None,
) -> Chart:
    """The data and the fitted line y_hat = weight * x + bias.

    ``at_steps`` adds the line as it stood at those steps of the history,
    fading in from faint (early) to strong (late). ``points_in_data`` says
    how many points the data have when ``xs``, ``ys`` are only a sample.
    """
    x_range = padded_range(xs)
    line_ends = [result.predict(x) for x in x_range]
    low, high = padded_range([*ys, *line_ends])
    # Headroom above the data for the legend (2 or 3 rows of 18 pixels in a plot area
    # of 276), so that it need not cover any point.
    legend_share = (30 + 18 * (3 if at_steps else 2)) / 276
    y_range = (low, high + (high - low) * legend_share / (1 - legend_share))
    chart = Chart("The data and the fitted line", "x", "y", x_range, y_range)
    radius = 3.0 if len(xs) <= 300 else 1.6
    for x, y in zip(xs, ys):
        chart.circle(x, y, BLACK, radius=radius, opacity=0.6)
    records = {record.step: record for record in result.history}
    chosen = [records[step] for step in sorted(set(at_steps)) if step in records]
    for order, record in enumerate(chosen, start=1):
        span = _visible_span(record.weight, record.bias, x_range, y_range)
        if span is not None:
            opacity = 0.15 + 0.6 * order / len(chosen)
            x_low, x_high = span
            chart.line(
                x_low,
                record.weight * x_low + record.bias,
                x_high,
                record.weight * x_high + record.bias,
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
    if chosen:
        steps = ", ".join(str(record.step) for record in chosen)
        entries.append((f"at step {steps} (fainter = earlier)", ORANGE, "line"))
    chart.legend(entries, avoid=[*zip(xs, ys), *_along_line(result, x_range)])
    return chart


def _automatic_log(losses: Sequence[float]) -> bool:
    positive = [loss for loss in losses if loss > 0]
    return bool(positive) and max(positive) > 100 * min(positive)


def loss_chart(run: FitResult | Sequence[Step], *, log: bool | None = None) -> Chart:
    """The loss at every step. ``log`` chooses a log scale; None picks one when the
    loss falls by more than a factor of 100. On a log scale a loss of exactly 0
    cannot be drawn and is left out."""
    history = _history(run)
    losses = [record.loss for record in history]
    use_log = _automatic_log(losses) if log is None else log
    points = [(record.step, record.loss) for record in history if record.loss > 0 or not use_log]
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
    chart.legend([(f"loss at step {last.step}: {last.loss:.4g}", BLUE, "line")], avoid=points)
    return chart


def least_squares_point(sums: LineSums, fit_bias: bool = True) -> tuple[float, float]:
    """The bottom of the loss bowl: weight = sxy / sxx, bias = mean_y - weight * mean_x
    (through the origin: weight = mean(x * y) / mean(x**2), bias = 0).

    >>> from gradstep.sums import line_sums
    >>> least_squares_point(line_sums([1.0, 2.0, 3.0], [5.0, 8.0, 11.0]))
    (3.0, 2.0)
    """
    if not fit_bias:
        mean_xy = sums.sxy / sums.n + sums.mean_x * sums.mean_y
        return mean_xy / sums.mean_x_squared, 0.0
    weight = sums.sxy / sums.sxx
    return weight, sums.mean_y - weight * sums.mean_x


def _surface_window(
    path: Sequence[tuple[float, float]], bottom: tuple[float, float]
) -> tuple[tuple[float, float], tuple[float, float]]:
    weights = [weight for weight, _ in path] + [bottom[0]]
    biases = [bias for _, bias in path] + [bottom[1]]
    weight_range = padded_range(weights, 0.15)
    bias_range = padded_range(biases, 0.15)
    return weight_range, bias_range


def _thinned(points: list[tuple[float, float]], limit: int) -> list[tuple[float, float]]:
    # Thousands of steps crowd onto one spot; every k-th keeps the shape and the file small.
    if len(points) <= limit:
        return points
    stride = math.ceil(len(points) / limit)
    return [*points[::stride], points[-1]]


def _smallest_drawable_excess(
    sums: LineSums, fit_bias: bool, weights: Sequence[float], biases: Sequence[float]
) -> float:
    """The loss above the bottom below which a ring is too thin for the grid.

    Along a row of the grid (bias fixed) the loss rises from its lowest point
    as excess = curvature / 2 * distance**2, where the curvature in weight is
    2 * mean(x**2) (in bias, 2). A ring narrower than two grid cells both ways
    would come out of marching squares as broken dashes, so it is left out.
    """
    cell_weight, cell_bias = weights[1] - weights[0], biases[1] - biases[0]
    along_weight = sums.mean_x_squared * (2 * cell_weight) ** 2
    along_bias = (2 * cell_bias) ** 2 if fit_bias else math.inf
    return min(along_weight, along_bias)


def surface_chart(
    sums: LineSums,
    run: FitResult | Sequence[Step],
    *,
    fit_bias: bool = True,
    grid_size: int = 80,
    animate: bool = True,
) -> Chart:
    """Contours of the loss over (weight, bias), the descent path, and the bottom.

    The contour levels sit at the lowest loss plus the excess at the window's
    edge times 0.4, 0.4**2, ...: each ring is about 0.63 times the size of the
    one outside it, since the loss grows with the square of the distance.
    With ``animate``, a dot walks the path in a browser, one step per beat.
    """
    history = _history(run)
    if isinstance(run, FitResult):
        fit_bias = run.fit_bias
    path = [(record.weight, record.bias) for record in history]
    bottom = least_squares_point(sums, fit_bias)
    weight_range, bias_range = _surface_window(path, bottom)
    chart = Chart("Loss over (weight, bias)", "weight", "bias", weight_range, bias_range)
    weights = [
        weight_range[0] + (weight_range[1] - weight_range[0]) * i / grid_size
        for i in range(grid_size + 1)
    ]
    biases = [
        bias_range[0] + (bias_range[1] - bias_range[0]) * j / grid_size
        for j in range(grid_size + 1)
    ]
    losses = [[gradient_and_loss_from_sums(sums, w, b)[2] for b in biases] for w in weights]
    lowest = gradient_and_loss_from_sums(sums, *bottom)[2]
    edge_excess = max(max(column) for column in losses) - lowest
    for level_number in range(1, 13):
        excess = edge_excess * 0.4**level_number
        if excess < _smallest_drawable_excess(sums, fit_bias, weights, biases):
            break
        level = lowest + excess
        segments = contour_segments(weights, biases, losses, level)
        pieces = " ".join(
            "M{:.2f},{:.2f}L{:.2f},{:.2f}".format(*chart.pixel(*start), *chart.pixel(*end))
            for start, end in segments
        )
        if pieces:
            chart.raw(
                f'<path class="contour" d="{pieces}" fill="none" stroke="{GREY}" stroke-width="1"/>'
            )
    shown_path = _thinned(path, MAX_PATH_POINTS)
    chart.polyline(shown_path, BLACK, width=1.5, css_class="descent-path")
    # A dot at each of the first steps (all of them, if few) shows how long each step is.
    for weight, bias in path[: len(path) if len(path) <= 60 else 12]:
        chart.circle(weight, bias, BLACK, radius=2.5, css_class="path-point")
    chart.circle(*path[0], ORANGE, radius=6.0, css_class="start", outline="white")
    chart.circle(*bottom, VERMILLION, radius=6.0, css_class="minimum", outline="white")
    if animate and len(shown_path) > 1:
        pixels = [chart.pixel(weight, bias) for weight, bias in shown_path]
        along_x = ";".join(f"{x:.2f}" for x, _ in pixels)
        along_y = ";".join(f"{y:.2f}" for _, y in pixels)
        timing = f'dur="{min(8.0, 0.5 * len(pixels)):g}s" repeatCount="indefinite"'
        # Hidden until the animation starts, so still renderers draw nothing extra.
        chart.raw(
            f'<circle class="walker" r="5" fill="{BLUE}" opacity="0">'
            f'<set attributeName="opacity" to="1" begin="0s" fill="freeze"/>'
            f'<animate attributeName="cx" values="{along_x}" {timing}/>'
            f'<animate attributeName="cy" values="{along_y}" {timing}/></circle>'
        )
    chart.legend(
        [
            ("contours of equal loss", GREY, "line"),
            (f"descent path ({_count(history[-1].step, 'step')})", BLACK, "line"),
            ("start", ORANGE, "dot"),
            (
                f"least squares{'' if fit_bias else ' through 0'} "
                f"({bottom[0]:.4g}, {bottom[1]:.4g})",
                VERMILLION,
                "dot",
            ),
        ],
        avoid=[*shown_path, bottom],
    )
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
    curves: list[tuple[str, list[Step]]] = []
    for rate in learning_rates:
        try:
            run = fit_sums(sums, learning_rate=rate, steps=steps, seed=seed, fit_bias=fit_bias)
            curves.append((f"rate {rate:g}", run.history))
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


class PointSample:
    """At most ``size`` points drawn evenly at random from a stream, read once.

    Reservoir sampling (Algorithm R): keep the first ``size`` points; after
    that, the k-th point replaces a random kept one with probability size / k.
    Every point ends up kept with the same chance, and memory stays flat, so a
    scatter plot of ten million rows draws a fair 2,000 of them.

    >>> sample = PointSample(size=3)
    >>> sum(1 for _ in sample.passing((x, 2 * x) for x in range(100)))
    100
    >>> len(sample.points), sample.seen
    (3, 100)
    """

    def __init__(self, size: int = 2000, seed: int | None = 0) -> None:
        self.size = size
        self.points: list[tuple[float, float]] = []
        self.seen = 0
        self._random = random.Random(seed)

    def passing(self, pairs: Iterable[tuple[float, float]]) -> Iterator[tuple[float, float]]:
        """Yield every pair on to the next reader, keeping the sample on the way."""
        for pair in pairs:
            self.seen += 1
            if len(self.points) < self.size:
                self.points.append(pair)
            else:
                slot = int(self._random.random() * self.seen)
                if slot < self.size:
                    self.points[slot] = pair
            yield pair
