"""The SVG writer: round ticks, the pixel map, and well-formed self-contained output."""

import itertools
import math
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from chartreading import SVG, AxisReading, all_coordinates, by_class
from hypothesis import given
from hypothesis import strategies as st

import gradstep
from gradstep.pictures.plots import fit_chart
from gradstep.pictures.svg import BLUE, Axis, Chart, log_ticks, nice_ticks, side_by_side, tick_label

finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)


@given(finite, st.floats(min_value=1e-3, max_value=1e6))
def test_nice_ticks_are_round_evenly_spaced_and_inside(low: float, span: float) -> None:
    high = low + span
    ticks = nice_ticks(low, high)
    assert len(ticks) >= 2
    assert all(low - 1e-9 * span <= tick <= high + 1e-9 * span for tick in ticks)
    spacing = ticks[1] - ticks[0]
    mantissa = spacing / 10 ** math.floor(math.log10(spacing))
    assert any(math.isclose(mantissa, factor, rel_tol=1e-6) for factor in (1, 2, 5, 10))
    for before, after in itertools.pairwise(ticks):
        assert math.isclose(after - before, spacing, rel_tol=1e-6)


def test_log_ticks_are_the_powers_of_ten_in_range() -> None:
    assert log_ticks(0.03, 700.0) == [0.1, 1.0, 10.0, 100.0]


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False))
def test_tick_labels_read_back_as_numbers(value: float) -> None:
    assert math.isclose(float(tick_label(value)), value, rel_tol=1e-5, abs_tol=1e-300)


def test_axis_maps_linear_and_log_values_to_pixels() -> None:
    assert math.isclose(Axis(10.0, 30.0, 50.0, 450.0).pixel(17.0), 190.0, rel_tol=1e-12)
    # Upside down, as the SVG y axis runs.
    assert math.isclose(Axis(10.0, 30.0, 300.0, 100.0).pixel(15.0), 250.0, rel_tol=1e-12)
    log_axis = Axis(0.01, 100.0, 0.0, 400.0, log=True)
    assert math.isclose(log_axis.pixel(1.0), 200.0, rel_tol=1e-12)
    assert math.isclose(log_axis.pixel(0.1), 100.0, rel_tol=1e-12)


def test_a_chart_is_well_formed_standalone_svg_with_readable_axes() -> None:
    chart = Chart("Title <&>", "x & more", "y", (3.0, 7.0), (-5.0, 35.0))
    chart.line(3.5, 0.0, 6.5, 30.0, BLUE, css_class="fitted-line")
    chart.legend([("a <label>", BLUE, "line"), ("dots", BLUE, "dot")])
    root = ET.fromstring(chart.to_svg())
    assert root.tag == SVG + "svg"
    texts = [element.text for element in root.iter(SVG + "text")]
    assert "Title <&>" in texts and "a <label>" in texts
    assert all(math.isfinite(number) for number in all_coordinates(root))
    # Nothing external: no style sheets, scripts, fonts or links.
    for tag in ("style", "script", "image", "a", "link"):
        assert not list(root.iter(SVG + tag))
    x_axis, y_axis = AxisReading(root, "x"), AxisReading(root, "y")
    (line,) = by_class(root, "line", "fitted-line")
    assert math.isclose(x_axis.value(float(line.get("x1", "nan"))), 3.5, abs_tol=1e-3)
    assert math.isclose(y_axis.value(float(line.get("y2", "nan"))), 30.0, abs_tol=1e-3)


def test_charts_side_by_side_nest_as_one_document() -> None:
    charts = [Chart(name, "x", "y", (0.0, 4.0), (0.0, 9.0)) for name in ("left", "right")]
    root = ET.fromstring(side_by_side(charts))
    inner = list(root.findall(SVG + "svg"))
    assert [element.get("x") for element in inner] == ["0", "480"]
    assert root.get("width") == "960"


def test_a_chart_shows_inline_in_jupyter() -> None:
    chart = Chart("t", "x", "y", (0.0, 1.0), (0.0, 1.0))
    assert chart._repr_svg_() == chart.to_svg()


def test_save_writes_the_whole_picture_or_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "picture.svg"
    target.write_text("the user's old picture", encoding="utf-8")

    class Broken(Chart):
        def to_svg(self) -> str:
            raise RuntimeError("drawing failed")

    broken = Broken("t", "x", "y", (0.0, 1.0), (0.0, 1.0))
    with pytest.raises(RuntimeError):
        broken.save(str(target))
    assert target.read_text(encoding="utf-8") == "the user's old picture"
    assert [path.name for path in tmp_path.iterdir()] == ["picture.svg"]  # no leftovers
    chart = Chart("t", "x", "y", (0.0, 1.0), (0.0, 1.0))
    chart.save(str(target))
    assert target.read_text(encoding="utf-8") == chart.to_svg()
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def _tick_labels(root: ET.Element, which: str) -> list[tuple[float, str]]:
    """(pixel, label) of each tick of one axis, as a reader sees them."""
    ticks = []
    for group in by_class(root, "g", f"{which}-tick"):
        line, text = group.find(SVG + "line"), group.find(SVG + "text")
        assert line is not None and text is not None and text.text is not None
        ticks.append((float(line.get("x1" if which == "x" else "y1", "nan")), text.text))
    return ticks


@given(
    st.sampled_from([0.0, 1e3, -1e6, 1e9, 1.7e9, 1e12]),
    st.sampled_from([1e-3, 0.7, 1.0, 30.0]),
    st.sampled_from([0.0, 1e6, -1e9]),
    st.sampled_from([1e-2, 0.5, 4.0]),
)
def test_tick_labels_far_from_zero_differ_and_are_true(
    x_offset: float, x_span: float, y_offset: float, y_span: float
) -> None:
    # 1e9 to 1e9 + 1 once labelled every x tick "1e+09": each label must differ
    # from its neighbours and read as the value at its tick's pixel.
    chart = Chart("far", "x", "y", (x_offset, x_offset + x_span), (y_offset, y_offset + y_span))
    root = ET.fromstring(chart.to_svg())
    for which, span in (("x", x_span), ("y", y_span)):
        ticks = _tick_labels(root, which)
        labels = [label for _, label in ticks]
        assert len(set(labels)) == len(labels) >= 2, labels
        reading = AxisReading(root, which)  # the map from the two end ticks' labels
        spacing = abs(float(labels[1]) - float(labels[0]))
        assert 0.05 * span < spacing <= span, labels
        for pixel, label in ticks:
            # Pixels are written to 0.01: the label is true to within that share.
            assert math.isclose(reading.value(pixel), float(label), abs_tol=1e-3 * spacing)


def test_the_fit_chart_of_data_near_1e9_has_true_distinct_labels() -> None:
    xs = [1e9 + i / 9 for i in range(10)]
    ys = [1e6 + 0.3 * i / 9 + (0.01 if i % 2 else -0.01) for i in range(10)]
    root = ET.fromstring(fit_chart(xs, ys, gradstep.fit(xs, ys)).to_svg())
    for which in ("x", "y"):
        labels = [label for _, label in _tick_labels(root, which)]
        assert len(set(labels)) == len(labels) >= 2, labels
    x_labels = [float(label) for _, label in _tick_labels(root, "x")]
    assert min(x_labels) >= 1e9 - 1 and max(x_labels) <= 1e9 + 2
