"""Reading charts back, independently of the code that drew them.

The map from pixels to data is recovered from the chart's own tick marks
(their label text and their pixel position), as a person reading the chart
would; PNG files from a real renderer are decoded with zlib alone.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg_text: str) -> ET.Element:
    return ET.fromstring(svg_text)


def by_class(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [
        element for element in root.iter(SVG + tag) if css_class in element.get("class", "").split()
    ]


class AxisReading:
    """pixel <-> value along one axis, from two tick marks far apart."""

    def __init__(self, root: ET.Element, which: str, log: bool = False) -> None:
        ticks = []
        for group in by_class(root, "g", f"{which}-tick"):
            line = group.find(SVG + "line")
            text = group.find(SVG + "text")
            assert line is not None and text is not None and text.text is not None
            pixel = float(line.get("x1" if which == "x" else "y1", "nan"))
            ticks.append((pixel, float(text.text)))
        assert len(ticks) >= 2, f"the {which} axis has fewer than two ticks"
        (self.pixel_a, value_a), (self.pixel_b, value_b) = ticks[0], ticks[-1]
        self.log = log
        self.value_a = math.log10(value_a) if log else value_a
        self.value_b = math.log10(value_b) if log else value_b

    def value(self, pixel: float) -> float:
        fraction = (pixel - self.pixel_a) / (self.pixel_b - self.pixel_a)
        position = self.value_a + fraction * (self.value_b - self.value_a)
        return 10**position if self.log else position

    def pixel(self, value: float) -> float:
        position = math.log10(value) if self.log else value
        fraction = (position - self.value_a) / (self.value_b - self.value_a)
        return self.pixel_a + fraction * (self.pixel_b - self.pixel_a)


def polyline_points(element: ET.Element) -> list[tuple[float, float]]:
    pairs = element.get("points", "").split()
    return [(float(pair.split(",")[0]), float(pair.split(",")[1])) for pair in pairs]


def all_coordinates(root: ET.Element) -> list[float]:
    """Every number in a coordinate-like attribute, for the NaN and infinity check."""
    numbers = []
    for element in root.iter():
        for name in ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height"):
            if name in element.attrib:
                numbers.append(float(element.attrib[name]))
        if "points" in element.attrib:
            numbers += [value for point in polyline_points(element) for value in point]
        if "d" in element.attrib:
            text = element.attrib["d"].replace("M", " ").replace("L", " ").replace(",", " ")
            numbers += [float(value) for value in text.split()]
        for name in ("values",):
            if name in element.attrib:
                numbers += [float(value) for value in element.attrib[name].split(";")]
    return numbers


def renderer() -> str | None:
    return shutil.which("rsvg-convert")


def render_png(svg_text: str, folder: Path) -> Path:
    source = folder / "chart.svg"
    source.write_text(svg_text, encoding="utf-8")
    target = folder / "chart.png"
    subprocess.run(["rsvg-convert", str(source), "-o", str(target)], check=True)
    return target


def read_png(path: Path) -> tuple[int, int, list[list[tuple[int, int, int, int]]]]:
    """Decode an 8-bit RGBA or RGB, non-interlaced PNG into rows of pixels."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, compressed = 8, b""
    width = height = colour_type = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour_type in (2, 6) and interlace == 0
        elif kind == b"IDAT":
            compressed += body
        position += 12 + length
    channels = 4 if colour_type == 6 else 3
    raw = zlib.decompress(compressed)
    stride = width * channels
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for row_number in range(height):
        start = row_number * (stride + 1)
        kind = raw[start]
        line = bytearray(raw[start + 1 : start + 1 + stride])
        for index in range(stride):
            left = line[index - channels] if index >= channels else 0
            up = previous[index]
            up_left = previous[index - channels] if index >= channels else 0
            if kind == 1:
                line[index] = (line[index] + left) & 255
            elif kind == 2:
                line[index] = (line[index] + up) & 255
            elif kind == 3:
                line[index] = (line[index] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - up_left
                distances = (abs(guess - left), abs(guess - up), abs(guess - up_left))
                nearest = (left, up, up_left)[distances.index(min(distances))]
                line[index] = (line[index] + nearest) & 255
        rows.append(line)
        previous = line
    pixels = [
        [
            tuple(line[column * channels : column * channels + channels])
            + ((255,) if channels == 3 else ())
            for column in range(width)
        ]
        for line in rows
    ]
    return width, height, pixels  # type: ignore[return-value]


def colour_near(
    pixels: list[list[tuple[int, int, int, int]]],
    x: float,
    y: float,
    colour: str,
    reach: int = 2,
    tolerance: int = 40,
) -> bool:
    """Whether a pixel within reach of (x, y) has the colour (as #RRGGBB)."""
    wanted = tuple(int(colour[index : index + 2], 16) for index in (1, 3, 5))
    for row in range(round(y) - reach, round(y) + reach + 1):
        for column in range(round(x) - reach, round(x) + reach + 1):
            red, green, blue, _ = pixels[row][column]
            if max(abs(red - wanted[0]), abs(green - wanted[1]), abs(blue - wanted[2])) <= (
                tolerance
            ):
                return True
    return False
