"""A tiny SVG writer: axes, ticks, labels, a legend, and marks on a chart.

SVG is text, so a chart needs no plotting library: it is a list of elements
such as ``<line x1=... y1=... x2=... y2=...>`` placed in pixels. A
``Chart`` maps data to pixels along each axis (linear, or logarithmic for
losses that shrink by powers of ten)::

    pixel = pixel_low + (value - low) / (high - low) * (pixel_high - pixel_low)

with log10(value) in place of value on a log axis. The SVG y axis points
down, so the y axis maps low values to the bottom.

The output stands alone -- no fonts, style sheets or scripts -- so it looks
the same in a browser, a Jupyter notebook and ``rsvg-convert``. Colours are
the Okabe-Ito palette, told apart with every common kind of colour blindness.
"""

from __future__ import annotations

import html
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
ORANGE = "#E69F00"
PURPLE = "#CC79A7"
SKY_BLUE = "#56B4E9"
BLACK = "#000000"
GREY = "#999999"
# Yellow, the palette's eighth colour, is left out: it vanishes on white.
SERIES_COLOURS = (BLUE, VERMILLION, GREEN, ORANGE, PURPLE, SKY_BLUE, BLACK)
FONT = 'font-family="sans-serif"'


def escape(text: str) -> str:
    """Text made safe inside an SVG element: &, < and > written as entities.

    >>> escape("x < 2 & y > 1")
    'x &lt; 2 &amp; y &gt; 1'
    """
    # html.escape, not xml.sax.saxutils.escape: the same three characters, and
    # it does not import urllib, which costs a command-line run 20 ms.
    return html.escape(text, quote=False)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round numbers (1, 2 or 5 times a power of ten apart) from low to high.

    >>> nice_ticks(0.0, 10.0)
    [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    >>> nice_ticks(194.3, 212.2)
    [195.0, 200.0, 205.0, 210.0]
    """
    if not high > low:
        return [low]
    rough = (high - low) / count
    power = 10.0 ** math.floor(math.log10(rough))
    spacing = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)
    first = math.ceil(low / spacing - 1e-9)
    last = math.floor(high / spacing + 1e-9)
    # Multiplying whole numbers by the spacing keeps 0.1 * 3 from printing as 0.30000000000000004.
    return [round(index * spacing, 12) for index in range(first, last + 1)]


def log_ticks(low: float, high: float) -> list[float]:
    """Powers of ten from low to high (every other one, or fewer, when there are many).

    >>> log_ticks(0.003, 250.0)
    [0.01, 0.1, 1.0, 10.0, 100.0]
    """
    first = math.ceil(math.log10(low) - 1e-9)
    last = math.floor(math.log10(high) + 1e-9)
    stride = max(1, math.ceil((last - first + 1) / 8))
    return [10.0**power for power in range(first, last + 1, stride)]


def tick_label(value: float, spacing: float = 0.0) -> str:
    """A short label that reads back as the same number with ``float``.

    With ``spacing``, the distance between neighbouring ticks, the label keeps
    every digit down to the spacing's decimal place, so that neighbours differ
    in print even far from 0 (6 significant digits would write 1e9 and
    1e9 + 0.2 both as 1e+09).

    >>> tick_label(200.0), tick_label(0.25), tick_label(1e-08), tick_label(-3e6)
    ('200', '0.25', '1e-08', '-3e+06')
    >>> tick_label(1e9 + 0.2, spacing=0.2), tick_label(1e6, spacing=0.5)
    ('1000000000.2', '1000000')
    """
    digits = 6
    if spacing > 0 and value != 0:
        magnitude = math.floor(math.log10(abs(value)))
        digits = max(digits, magnitude - math.floor(math.log10(spacing)) + 1)
    return f"{value:.{digits}g}"


def _labelled(axis: Axis) -> list[tuple[float, str]]:
    """The axis's ticks, each with a label that tells it from its neighbours."""
    ticks = axis.ticks()
    # Log ticks are powers of ten, which 6 digits always tell apart.
    spacing = 0.0 if len(ticks) < 2 or axis.log else ticks[1] - ticks[0]
    return [(value, tick_label(value, spacing)) for value in ticks]


@dataclass(frozen=True)
class Axis:
    """A number line from ``low`` to ``high`` drawn from ``pixel_low`` to ``pixel_high``."""

    low: float
    high: float
    pixel_low: float
    pixel_high: float
    log: bool = False
    whole: bool = False

    def _position(self, value: float) -> float:
        return math.log10(value) if self.log else value

    def pixel(self, value: float) -> float:
        """Where value sits on the page.

        >>> Axis(0.0, 10.0, 100.0, 300.0).pixel(2.5)
        150.0
        """
        low, high = self._position(self.low), self._position(self.high)
        fraction = (self._position(value) - low) / (high - low)
        return self.pixel_low + fraction * (self.pixel_high - self.pixel_low)

    def ticks(self) -> list[float]:
        """The values to mark with a tick and a label (only whole ones for counts)."""
        if self.log:
            return log_ticks(self.low, self.high)
        ticks = nice_ticks(self.low, self.high)
        return [tick for tick in ticks if tick == int(tick)] if self.whole else ticks


def padded_range(values: Sequence[float], fraction: float = 0.05) -> tuple[float, float]:
    """The range of values with a margin on each side, never empty.

    >>> padded_range([2.0, 12.0])
    (1.5, 12.5)
    """
    low, high = min(values), max(values)
    margin = (high - low) * fraction
    if margin == 0:
        margin = abs(low) * 0.1 or 1.0
    return low - margin, high + margin


def log_range(values: Sequence[float]) -> tuple[float, float]:
    """A range for a log axis: the positive values, out to the powers of ten around them.

    >>> log_range([0.02, 3.0, 0.0])
    (0.01, 10.0)
    """
    positive = [value for value in values if value > 0] or [1.0]
    low = 10.0 ** math.floor(math.log10(min(positive)))
    high = 10.0 ** math.ceil(math.log10(max(positive)))
    return low, (high if high > low else low * 10)


def _number(value: float) -> str:
    return f"{value:.2f}"


class Drawing:
    """A white SVG page of ``width`` x ``height`` pixels, marks added to it in order.

    ``Chart`` draws axes and data on one; ``graph`` draws the chain rule's graph.

    >>> page = Drawing(120, 40)
    >>> page.text(10, 20, "a < b")
    >>> "a &lt; b</text>" in page.to_svg()
    True
    """

    def __init__(self, width: int, height: int, *, text_size: int = 11) -> None:
        self.width, self.height = width, height
        self.text_size = text_size
        self.elements: list[str] = []

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: int | None = None,
        anchor: str = "start",
        bold: bool = False,
        colour: str = BLACK,
    ) -> None:
        """Write words at a pixel position (not data units), in ``text_size`` unless told."""
        weight = ' font-weight="bold"' if bold else ""
        self.elements.append(
            f'<text x="{_number(x)}" y="{_number(y)}" font-size="{size or self.text_size}" '
            f'text-anchor="{anchor}" fill="{colour}"{weight} {FONT}>{escape(words)}</text>'
        )

    def to_svg(self, place: tuple[float, float] | None = None) -> str:
        """The page as a complete SVG document (or, given a place, one nested in another)."""
        if place is None:
            position = ' xmlns="http://www.w3.org/2000/svg"'
        else:
            position = f' x="{place[0]}" y="{place[1]}"'
        return (
            f'<svg{position} width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}">'
            f'<rect width="{self.width}" height="{self.height}" fill="white"/>'
            + "\n".join(self.elements)
            + "</svg>"
        )

    def _repr_svg_(self) -> str:
        """Jupyter shows the page inline from this."""
        return self.to_svg()

    def save(self, path: str) -> None:
        """Write the page to an SVG file, whole or not at all.

        The picture is drawn first and written beside the target, then moved
        into place, so that a failure leaves any old file as it was.
        """
        text = self.to_svg()
        folder = os.path.dirname(os.path.abspath(path))
        descriptor, temporary = tempfile.mkstemp(suffix=".svg.part", dir=folder)
        # The mode open() would have given: rw for all, less the umask (read by setting it).
        umask = os.umask(0o022)
        os.umask(umask)
        try:
            os.chmod(temporary, 0o666 & ~umask)
            with os.fdopen(descriptor, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise


class Chart(Drawing):
    """One chart: a plot area with axes, a title, axis labels and marks in data units.

    >>> chart = Chart("A line", "x", "y", (0.0, 4.0), (0.0, 8.0))
    >>> chart.line(0.0, 0.0, 4.0, 8.0, BLUE)
    >>> chart.to_svg().startswith("<svg")
    True
    """

    def __init__(
        self,
        title: str,
        x_label: str,
        y_label: str,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        *,
        log_y: bool = False,
        whole_x: bool = False,
        width: int = 480,
        height: int = 360,
    ) -> None:
        super().__init__(width, height)
        self.top, self.bottom = 36.0, height - 48.0
        self.y_axis = Axis(*y_range, self.bottom, self.top, log=log_y)
        y_labels = _labelled(self.y_axis)
        # Room for the longest y label (about 7 pixels a character) beside the y title.
        longest = max((len(label) for _, label in y_labels), default=0)
        self.left, self.right = max(72.0, 34.0 + 7.0 * longest), width - 16.0
        self.x_axis = Axis(*x_range, self.left, self.right, whole=whole_x)
        self._draw_frame(title, x_label, y_label, y_labels)

    def _draw_frame(
        self, title: str, x_label: str, y_label: str, y_labels: list[tuple[float, str]]
    ) -> None:
        middle_x, middle_y = (self.left + self.right) / 2, (self.top + self.bottom) / 2
        self.elements.append(
            f'<rect x="{self.left}" y="{self.top}" width="{self.right - self.left}" '
            f'height="{self.bottom - self.top}" fill="white" stroke="{GREY}"/>'
        )
        for value, label in _labelled(self.x_axis):
            pixel = _number(self.x_axis.pixel(value))
            self.elements.append(
                f'<g class="x-tick"><line x1="{pixel}" y1="{self.bottom}" x2="{pixel}" '
                f'y2="{self.bottom + 5}" stroke="{BLACK}"/><text x="{pixel}" '
                f'y="{self.bottom + 18}" font-size="11" text-anchor="middle" {FONT}>'
                f"{label}</text></g>"
            )
        for value, label in y_labels:
            pixel = _number(self.y_axis.pixel(value))
            self.elements.append(
                f'<g class="y-tick"><line x1="{self.left - 5}" y1="{pixel}" x2="{self.left}" '
                f'y2="{pixel}" stroke="{BLACK}"/><text x="{self.left - 8}" y="{pixel}" '
                f'font-size="11" text-anchor="end" dominant-baseline="middle" {FONT}>'
                f"{label}</text></g>"
            )
        self.text(middle_x, 22, title, size=15, anchor="middle", bold=True)
        self.text(middle_x, self.height - 10, x_label, size=12, anchor="middle")
        self.elements.append(
            f'<text transform="translate(16 {middle_y}) rotate(-90)" font-size="12" '
            f'text-anchor="middle" dominant-baseline="middle" {FONT}>{escape(y_label)}</text>'
        )

    def pixel(self, x: float, y: float) -> tuple[float, float]:
        """Where the data point (x, y) sits on the page."""
        return self.x_axis.pixel(x), self.y_axis.pixel(y)

    def line(
        self,
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        colour: str,
        *,
        width: float = 2.5,
        opacity: float = 1.0,
        css_class: str = "line",
    ) -> None:
        """A straight line between two data points."""
        (px1, py1), (px2, py2) = self.pixel(x1, y1), self.pixel(x2, y2)
        self.elements.append(
            f'<line class="{css_class}" x1="{_number(px1)}" y1="{_number(py1)}" '
            f'x2="{_number(px2)}" y2="{_number(py2)}" stroke="{colour}" '
            f'stroke-width="{width}" stroke-opacity="{opacity:.3g}" stroke-linecap="round"/>'
        )

    def polyline(
        self,
        points: Sequence[tuple[float, float]],
        colour: str,
        *,
        width: float = 2.0,
        css_class: str = "curve",
        in_pixels: bool = False,
    ) -> None:
        """A path through data points (or pixel points, for precomputed shapes)."""
        pixels = points if in_pixels else [self.pixel(x, y) for x, y in points]
        coordinates = " ".join(f"{_number(px)},{_number(py)}" for px, py in pixels)
        self.elements.append(
            f'<polyline class="{css_class}" points="{coordinates}" fill="none" '
            f'stroke="{colour}" stroke-width="{width}" stroke-linejoin="round"/>'
        )

    def circle(
        self,
        x: float,
        y: float,
        colour: str,
        *,
        radius: float = 3.0,
        opacity: float = 1.0,
        css_class: str = "point",
        outline: str = "none",
    ) -> None:
        """A dot at a data point."""
        px, py = self.pixel(x, y)
        self.elements.append(
            f'<circle class="{css_class}" cx="{_number(px)}" cy="{_number(py)}" r="{radius}" '
            f'fill="{colour}" fill-opacity="{opacity:.3g}" stroke="{outline}"/>'
        )

    def raw(self, element: str) -> None:
        """Add an element written by hand (an animation, say)."""
        self.elements.append(element)

    def legend(
        self,
        entries: Sequence[tuple[str, str, str]],
        avoid: Sequence[tuple[float, float]] = (),
    ) -> None:
        """A box of (label, colour, kind) entries; kind is "line" or "dot".

        It goes in the corner of the plot area that covers the fewest of the
        data points in ``avoid`` (top right when there is a tie).
        """
        row_height, size = 18.0, 11
        # Without fonts of our own, text width can only be estimated: 0.6 em a character.
        box_width = 34 + 0.6 * size * max(len(label) for label, _, _ in entries)
        box_height = 8 + row_height * len(entries)
        pixels = [self.pixel(x, y) for x, y in avoid]

        def covered(corner: tuple[float, float]) -> int:
            left, top = corner
            return sum(
                left - 4 <= px <= left + box_width + 4 and top - 4 <= py <= top + box_height + 4
                for px, py in pixels
            )

        corners = [
            (self.right - 8 - box_width, self.top + 8),
            (self.left + 8, self.top + 8),
            (self.right - 8 - box_width, self.bottom - 8 - box_height),
            (self.left + 8, self.bottom - 8 - box_height),
        ]
        left, top = min(corners, key=covered)
        self.elements.append(
            f'<g class="legend"><rect x="{_number(left)}" y="{_number(top)}" '
            f'width="{_number(box_width)}" height="{_number(box_height)}" fill="white" '
            f'fill-opacity="0.9" stroke="{GREY}"/>'
        )
        for row, (label, colour, kind) in enumerate(entries):
            middle = top + 4 + row_height * (row + 0.5)
            if kind == "dot":
                self.elements.append(
                    f'<circle cx="{_number(left + 15)}" cy="{_number(middle)}" r="4" '
                    f'fill="{colour}"/>'
                )
            else:
                self.elements.append(
                    f'<line x1="{_number(left + 6)}" y1="{_number(middle)}" '
                    f'x2="{_number(left + 24)}" y2="{_number(middle)}" stroke="{colour}" '
                    f'stroke-width="2.5"/>'
                )
            self.text(left + 30, middle + 4, label, size=size)
        self.elements.append("</g>")


def side_by_side(charts: Sequence[Chart]) -> str:
    """Several charts in a row, as one SVG document.

    >>> pair = [Chart("a", "x", "y", (0.0, 1.0), (0.0, 1.0)) for _ in range(2)]
    >>> side_by_side(pair).count("<svg")
    3
    """
    width = sum(chart.width for chart in charts)
    height = max(chart.height for chart in charts)
    offsets = [sum(chart.width for chart in charts[:index]) for index in range(len(charts))]
    inner = "\n".join(chart.to_svg((offset, 0)) for chart, offset in zip(charts, offsets))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{inner}</svg>'
    )
