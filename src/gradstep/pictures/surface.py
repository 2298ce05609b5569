"""The picture of Step 2: the loss bowl over (weight, bias) and the path down it.

The loss of a line is a bowl over the plane of (weight, bias). Drawn from
above as contour lines (``contours``), like the height lines of a map, it
shows what "the direction of steepest descent" means: each step of the
descent path leaves its point straight downhill, across the contours (at
right angles when both axes have the same scale), and the path ends at the
bottom of the bowl, the least-squares line.

The loss at each grid point comes from ``sums.gradient_and_loss_from_sums``
in O(1), so the grid over ten million data points takes no longer to draw
than over ten.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from gradstep.descent import Step
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums
from gradstep.pictures.contours import contour_segments
from gradstep.pictures.fitted import FittedLine
from gradstep.pictures.svg import BLACK, BLUE, GREEN, GREY, VERMILLION, Chart, padded_range

MAX_PATH_POINTS = 400


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def least_squares_point(sums: LineSums, fit_bias: bool = True) -> tuple[float, float]:
    """The bottom of the loss bowl: weight = sxy / sxx, bias = mean_y - weight * mean_x
    (through the origin: weight = mean(x * y) / mean(x**2), bias = 0).

    >>> from gradstep.fast.sums import line_sums
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
    # Products, not **: past the largest float they give inf, ** raises OverflowError.
    along_weight = sums.mean_x_squared * (2 * cell_weight) * (2 * cell_weight)
    along_bias = (2 * cell_bias) * (2 * cell_bias) if fit_bias else math.inf
    return min(along_weight, along_bias)


def surface_chart(
    sums: LineSums,
    run: FittedLine | Sequence[Step],
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
    history = list(run.history) if isinstance(run, FittedLine) else list(run)
    if isinstance(run, FittedLine):
        fit_bias = run.fit_bias
    # The path in the data's units, where the contours are drawn.
    path = [record.data_line for record in history]
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
    # Green for the start and vermillion for the bottom: far apart in the palette,
    # so the two ends of the path are told apart at a glance.
    chart.circle(*path[0], GREEN, radius=6.0, css_class="start", outline="white")
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
            ("start", GREEN, "dot"),
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
