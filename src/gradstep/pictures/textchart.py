"""Charts in the terminal: the loss curve, and the data with the line, as text.

Each chart is a grid of characters. A value is placed in the row
``round((value - low) / (high - low) * (rows - 1))`` counted from the bottom,
the same map from numbers to positions as a picture, only coarser.

The chart fits the terminal (``shutil.get_terminal_size``), draws with
box-drawing characters when the output can print them and plain ASCII when
it cannot, and adds colour only when the output is a terminal that wants it
(not piped into a file, ``NO_COLOR`` unset, ``TERM`` not "dumb").
"""

from __future__ import annotations

import math
import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from gradstep.descent import Step
from gradstep.pictures.fitted import FittedLine

LABEL_WIDTH = 10
BLUE = "\x1b[34m"
ORANGE = "\x1b[33m"
RESET = "\x1b[0m"


@dataclass(frozen=True)
class Glyphs:
    """The characters a chart is drawn with."""

    tick: str
    upright: str
    corner: str
    across: str
    curve: str
    point: str
    line: str


UNICODE = Glyphs(tick="┤", upright="│", corner="└", across="─", curve="•", point="●", line="·")
ASCII = Glyphs(tick="+", upright="|", corner="+", across="-", curve="*", point="o", line=".")


def can_print(glyphs: Glyphs, stream: TextIO) -> bool:
    """Whether the stream's encoding has every character of glyphs."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "".join(vars(glyphs).values()).encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def wants_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never when NO_COLOR is set or TERM is dumb."""
    is_terminal = hasattr(stream, "isatty") and stream.isatty()
    return is_terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def _size(width: int | None, height: int | None) -> tuple[int, int]:
    columns, lines = shutil.get_terminal_size(fallback=(80, 24))
    plot_width = width if width is not None else max(20, min(columns, 100) - LABEL_WIDTH - 3)
    plot_height = height if height is not None else max(6, min(16, lines // 2))
    return plot_width, plot_height


class _Grid:
    """A plot area of characters, with numbers mapped to cells."""

    def __init__(
        self,
        width: int,
        height: int,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
    ) -> None:
        self.width, self.height = width, height
        self.x_range, self.y_range = x_range, y_range
        self.cells = [[" "] * width for _ in range(height)]

    def column(self, x: float) -> int:
        low, high = self.x_range
        return round((x - low) / (high - low) * (self.width - 1)) if high > low else 0

    def x_at(self, column: int) -> float:
        low, high = self.x_range
        return low + (high - low) * column / max(self.width - 1, 1)

    def row(self, y: float) -> int | None:
        """The row from the bottom, or None when y is off the chart."""
        low, high = self.y_range
        row = round((y - low) / (high - low) * (self.height - 1)) if high > low else 0
        return row if 0 <= row < self.height else None

    def mark(self, x_column: int, y: float, glyph: str) -> None:
        row = self.row(y)
        if row is not None and 0 <= x_column < self.width:
            self.cells[self.height - 1 - row][x_column] = glyph

    def render(self, title: str, x_label: str, glyphs: Glyphs, y_labels: tuple[str, str]) -> str:
        high_label, low_label = y_labels
        lines = [title]
        for index, cells in enumerate(self.cells):
            label = high_label if index == 0 else low_label if index == self.height - 1 else ""
            edge = glyphs.tick if label else glyphs.upright
            lines.append(f"{label:>{LABEL_WIDTH}} {edge}{''.join(cells)}".rstrip())
        lines.append(" " * LABEL_WIDTH + " " + glyphs.corner + glyphs.across * self.width)
        left, right = (f"{value:.6g}" for value in self.x_range)
        gap = max(2, self.width - len(left) - len(right) - len(x_label))
        middle = " " * (gap // 2) + x_label + " " * (gap - gap // 2)
        lines.append(" " * (LABEL_WIDTH + 2) + left + middle + right)
        return "\n".join(lines) + "\n"


def _choose(unicode: bool | None, colour: bool | None, stream: TextIO) -> tuple[Glyphs, bool]:
    use_unicode = can_print(UNICODE, stream) if unicode is None else unicode
    use_colour = wants_colour(stream) if colour is None else colour
    return (UNICODE if use_unicode else ASCII), use_colour


def _paint(glyph: str, colour: str, use_colour: bool) -> str:
    return f"{colour}{glyph}{RESET}" if use_colour else glyph


def loss_text_chart(
    run: FittedLine | Sequence[Step],
    *,
    width: int | None = None,
    height: int | None = None,
    log: bool | None = None,
    unicode: bool | None = None,
    colour: bool | None = None,
    stream: TextIO | None = None,
) -> str:
    """The loss at each step (in the data's units) as text; log scale when it falls a hundredfold.

    >>> from gradstep.descent import Step
    >>> history = [Step(k, 0.0, 0.0, 8.0 - k, (0.0, 0.0)) for k in range(5)]
    >>> print(loss_text_chart(history, width=5, height=3, unicode=False, colour=False))
    loss at each step (linear scale)
             8 +**
               |  *
             4 +   **
               +-----
                0 step 4
    <BLANKLINE>
    """
    glyphs, use_colour = _choose(unicode, colour, stream or sys.stdout)
    history = list(run.history) if isinstance(run, FittedLine) else list(run)
    losses = [record.data_loss for record in history]
    positive = [loss for loss in losses if loss > 0]
    use_log = (bool(positive) and max(positive) > 100 * min(positive)) if log is None else log
    plot_width, plot_height = _size(width, height)

    def scaled(loss: float) -> float:
        return math.log10(max(loss, min(positive))) if use_log else loss

    values = [scaled(loss) for loss in losses] if (positive or not use_log) else [0.0]
    grid = _Grid(
        plot_width,
        plot_height,
        (history[0].step, history[-1].step),
        (min(values), max(values)),
    )
    steps = [record.step for record in history]
    curve = _paint(glyphs.curve, BLUE, use_colour)
    if len(steps) <= plot_width:
        # Few steps: one mark for each, nothing invented between them.
        for step, value in zip(steps, values):
            grid.mark(grid.column(step), value, curve)
    else:
        for column in range(plot_width):
            # Many steps: each column shows the loss at its step, read off the
            # straight line between the two recorded steps around it.
            at_step = grid.x_at(column)
            after = next((k for k, s in enumerate(steps) if s >= at_step), len(steps) - 1)
            before = max(after - 1, 0)
            span = steps[after] - steps[before]
            fraction = (at_step - steps[before]) / span if span else 0.0
            grid.mark(column, values[before] + fraction * (values[after] - values[before]), curve)
    low, high = grid.y_range
    labels = (f"{10**high:.4g}", f"{10**low:.4g}") if use_log else (f"{high:.4g}", f"{low:.4g}")
    title = f"loss at each step ({'log' if use_log else 'linear'} scale)"
    return grid.render(title, "step", glyphs, labels)


def fit_text_chart(
    xs: Sequence[float],
    ys: Sequence[float],
    result: FittedLine,
    *,
    width: int | None = None,
    height: int | None = None,
    unicode: bool | None = None,
    colour: bool | None = None,
    stream: TextIO | None = None,
) -> str:
    """The data as points and the fitted line as dots, as text.

    >>> from gradstep.fit import fit
    >>> result = fit([1, 2, 3], [3, 5, 7])
    >>> print(fit_text_chart([1, 2, 3], [3, 5, 7], result, width=9, height=3,
    ...                      unicode=False, colour=False))
    data (o) and the line y = 2 x + 1 (.)
             7 +      ..o
               |   .o.
             3 +o..
               +---------
                1   x   3
    <BLANKLINE>
    """
    glyphs, use_colour = _choose(unicode, colour, stream or sys.stdout)
    plot_width, plot_height = _size(width, height)
    x_range = (min(xs), max(xs))
    line_ends = [result.predict(x) for x in x_range]
    grid = _Grid(plot_width, plot_height, x_range, (min(*ys, *line_ends), max(*ys, *line_ends)))
    for column in range(plot_width):
        grid.mark(column, result.predict(grid.x_at(column)), _paint(glyphs.line, BLUE, use_colour))
    for x, y in zip(xs, ys):
        grid.mark(grid.column(x), y, _paint(glyphs.point, ORANGE, use_colour))
    sign = "-" if result.bias < 0 else "+"
    title = (
        f"data ({glyphs.point}) and the line y = {result.weight:.4g} x {sign} "
        f"{abs(result.bias):.4g} ({glyphs.line})"
    )
    low, high = grid.y_range
    return grid.render(title, "x", glyphs, (f"{high:.4g}", f"{low:.4g}"))
