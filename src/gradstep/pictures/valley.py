"""The picture of lesson 9: a valley seen from above, before and after turning to its axes.

``surface`` draws the bowl of a line over (weight, bias) from its sums. Here
the bowl is any loss of two numbers (two weights of many features, say, or
two coordinates along the bowl's axes): its contour lines, drawn by the same
marching squares (``contours``), with the descent path on top. Both axes
share one scale, so a round bowl shows as circles and a thin valley as long
thin ellipses, and each step leaves its point at right angles to the contours.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from gradstep.pictures.contours import contour_segments
from gradstep.pictures.svg import BLACK, GREY, ORANGE, VERMILLION, Chart

Point = tuple[float, float]


def valley_chart(
    loss_at: Callable[[float, float], float],
    path: Sequence[Point],
    bottom: Point,
    *,
    title: str,
    labels: tuple[str, str],
    half_width: float | None = None,
    grid_size: int = 60,
) -> Chart:
    """Contours of loss_at(a, b) in a square around the bottom, and the path down.

    The square reaches ``half_width`` either side of the bottom (by default
    just far enough to hold the whole path).

    The contours sit at the lowest loss plus the loss at the window's edge
    times 0.3, 0.3**2, ...: each ring about 0.55 times the size of the one
    outside it.

    >>> chart = valley_chart(lambda a, b: a * a + b * b, [(1.0, 1.0), (0.0, 0.0)], (0.0, 0.0),
    ...                      title="A round bowl", labels=("a", "b"), half_width=2.0)
    >>> chart.to_svg().count('class="contour"') > 3
    True
    """
    if half_width is None:
        half_width = 1.1 * max(max(abs(x - bottom[0]), abs(y - bottom[1])) for x, y in path)
    x_range = (bottom[0] - half_width, bottom[0] + half_width)
    y_range = (bottom[1] - half_width, bottom[1] + half_width)
    chart = Chart(title, labels[0], labels[1], x_range, y_range, width=400, height=400)
    xs = [x_range[0] + 2 * half_width * i / grid_size for i in range(grid_size + 1)]
    ys = [y_range[0] + 2 * half_width * j / grid_size for j in range(grid_size + 1)]
    losses = [[loss_at(x, y) for y in ys] for x in xs]
    lowest = loss_at(*bottom)
    edge = min(
        loss_at(bottom[0] + half_width, bottom[1]), loss_at(bottom[0], bottom[1] + half_width)
    )
    for level_number in range(1, 12):
        level = lowest + (edge - lowest) * 0.3**level_number
        pieces = " ".join(
            "M{:.2f},{:.2f}L{:.2f},{:.2f}".format(*chart.pixel(*start), *chart.pixel(*end))
            for start, end in contour_segments(xs, ys, losses, level)
        )
        if pieces:
            chart.raw(
                f'<path class="contour" d="{pieces}" fill="none" stroke="{GREY}" stroke-width="1"/>'
            )
    shown = [
        (x, y)
        for x, y in path
        if abs(x - bottom[0]) <= half_width and abs(y - bottom[1]) <= half_width
    ]
    chart.polyline(shown, BLACK, width=1.5, css_class="descent-path")
    for x, y in shown:
        chart.circle(x, y, BLACK, radius=2.5, css_class="path-point")
    chart.circle(*path[0], ORANGE, radius=6.0, css_class="start", outline="white")
    chart.circle(*bottom, VERMILLION, radius=6.0, css_class="minimum", outline="white")
    chart.legend(
        [
            ("contours of equal loss", GREY, "line"),
            (f"descent path ({len(path) - 1} step{'' if len(path) == 2 else 's'})", BLACK, "line"),
            ("start", ORANGE, "dot"),
            ("bottom", VERMILLION, "dot"),
        ],
        avoid=[*shown, bottom],
    )
    return chart
