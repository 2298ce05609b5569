"""Contour lines: where a surface, known on a grid, crosses a level.

The loss of a line is a bowl over (weight, bias); a contour joins the points
of equal loss, like the height lines of a map. Marching squares finds them:
for each square of the grid, every edge whose two corners lie on opposite
sides of the level is crossed once, at the point found by straight-line
interpolation between the corners::

    t = (level - value_a) / (value_b - value_a)      crossing = a + t * (b - a)

Two crossings in a square give one piece of the contour; four (a saddle)
give two, paired by the value at the square's centre.
"""

from __future__ import annotations

from collections.abc import Sequence

Point = tuple[float, float]


def contour_segments(
    xs: Sequence[float], ys: Sequence[float], values: Sequence[Sequence[float]], level: float
) -> list[tuple[Point, Point]]:
    """The pieces of the contour at ``level``; ``values[i][j]`` is the surface at (xs[i], ys[j]).

    On the square [0, 2] x [0, 2] the bowl x**2 + y**2 is 0, 4, 8 and 4 at the
    corners; it equals 2 halfway along the two edges that leave (0, 0):

    >>> contour_segments([0.0, 2.0], [0.0, 2.0], [[0.0, 4.0], [4.0, 8.0]], 2.0)
    [((1.0, 0.0), (0.0, 1.0))]
    """
    segments: list[tuple[Point, Point]] = []
    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            # Corners anticlockwise from the bottom left; edge k runs from corner k to k + 1.
            corners = (
                (xs[i], ys[j], values[i][j]),
                (xs[i + 1], ys[j], values[i + 1][j]),
                (xs[i + 1], ys[j + 1], values[i + 1][j + 1]),
                (xs[i], ys[j + 1], values[i][j + 1]),
            )
            crossings: list[Point] = []
            for k in range(4):
                (x_a, y_a, value_a), (x_b, y_b, value_b) = corners[k], corners[(k + 1) % 4]
                if (value_a < level) != (value_b < level):
                    t = (level - value_a) / (value_b - value_a)
                    crossings.append((x_a + t * (x_b - x_a), y_a + t * (y_b - y_a)))
            if len(crossings) == 2:
                segments.append((crossings[0], crossings[1]))
            elif len(crossings) == 4:
                centre = sum(corner[2] for corner in corners) / 4
                if (centre < level) == (corners[0][2] < level):
                    # Corners 0 and 2 join through the centre: cut off corners 1 and 3.
                    segments += [(crossings[0], crossings[1]), (crossings[2], crossings[3])]
                else:
                    segments += [(crossings[3], crossings[0]), (crossings[1], crossings[2])]
    return segments
