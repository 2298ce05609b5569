"""The four charts, read back from their SVG and from a real renderer's pixels.

Oracles: ``statistics.linear_regression`` for the least-squares point, the
loss recomputed from the data points with ``math.fsum``, and the chart's own
tick labels to turn pixels back into data units.
"""

import itertools
import math
import re
import statistics
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from chartreading import (
    SVG,
    AxisReading,
    all_coordinates,
    by_class,
    colour_near,
    parse,
    polyline_points,
    read_png,
    render_png,
    renderer,
)

from gradstep.commandline.reservoir import PointSample
from gradstep.datasets import forbes
from gradstep.descent import Step
from gradstep.errors import DivergenceError
from gradstep.fast.sums import line_sums
from gradstep.fit import fit
from gradstep.pictures.plots import (
    fit_chart,
    learning_rates_chart,
    least_squares_point,
    loss_chart,
    surface_chart,
)
from gradstep.pictures.svg import BLUE, VERMILLION

# Forbes' data with x measured from 200 degrees F: plain descent at rate 0.015
# zigzags down a valley, a path with many visible steps.
# Pixels are written with two decimals: a reading is good to about 1/2000 of an axis.
BOILING, PRESSURE = forbes()
XS = [x - 200.0 for x in BOILING]
YS = PRESSURE
SUMS = line_sums(XS, YS)
ZIGZAG = fit(XS, YS, learning_rate=0.015, steps=120)


def loss_of(weight: float, bias: float) -> float:
    return math.fsum((weight * x + bias - y) ** 2 for x, y in zip(XS, YS)) / len(XS)


def span(axis: AxisReading) -> float:
    """The reading tolerance: 1/2000 of the distance between the outer ticks."""
    return abs(axis.value_b - axis.value_a) / 2000


def assert_finite(root: ET.Element) -> None:
    numbers = all_coordinates(root)
    assert numbers, "the chart has no coordinates at all"
    assert all(math.isfinite(number) for number in numbers)


def test_fit_chart_line_ends_sit_where_the_model_predicts() -> None:
    root = parse(fit_chart(XS, YS, ZIGZAG, at_steps=[0, 5, 20]).to_svg())
    assert_finite(root)
    x_axis, y_axis = AxisReading(root, "x"), AxisReading(root, "y")
    (line,) = by_class(root, "line", "fitted-line")
    for end in ("1", "2"):
        x = x_axis.value(float(line.get("x" + end, "nan")))
        y = y_axis.value(float(line.get("y" + end, "nan")))
        assert math.isclose(y, ZIGZAG.weight * x + ZIGZAG.bias, abs_tol=span(y_axis))
    # The earlier lines, clipped to the plot area, lie on the lines of their steps.
    for step in (5, 20):
        (faded,) = by_class(root, "line", f"step-{step}")
        record = ZIGZAG.history[step]
        x = x_axis.value(float(faded.get("x2", "nan")))
        assert math.isfinite(x)
        y = y_axis.value(float(faded.get("y2", "nan")))
        assert math.isclose(y, record.weight * x + record.bias, abs_tol=span(y_axis))
    opacities = [
        float(by_class(root, "line", f"step-{step}")[0].get("stroke-opacity", "nan"))
        for step in (5, 20)
    ]
    assert opacities[0] < opacities[1], "later lines must be stronger (fading in)"
    points = by_class(root, "circle", "point")
    assert len(points) == len(XS)
    # The start's line (weight 0.69, bias 0.52) passes below every point: not drawn, not listed.
    assert not by_class(root, "line", "step-0")
    labels = [element.text or "" for element in root.iter(SVG + "text")]
    assert "at step 5, 20 (fainter = earlier)" in labels


def test_loss_chart_points_are_the_losses_of_the_history() -> None:
    for log in (False, True):
        root = parse(loss_chart(ZIGZAG, log=log).to_svg())
        assert_finite(root)
        x_axis, y_axis = AxisReading(root, "x"), AxisReading(root, "y", log=log)
        (curve,) = by_class(root, "polyline", "loss-curve")
        points = polyline_points(curve)
        assert len(points) == len(ZIGZAG.history)
        for (pixel_x, pixel_y), record in zip(points, ZIGZAG.history):
            assert math.isclose(x_axis.value(pixel_x), record.step, abs_tol=0.01)
            # On a log axis the reading is good to a ratio, 10**(decades / 2000).
            rel_tol = 10 ** span(y_axis) - 1 if log else 0.0
            abs_tol = 0.0 if log else span(y_axis)
            expected = loss_of(record.weight, record.bias)
            assert math.isclose(y_axis.value(pixel_y), expected, rel_tol=rel_tol, abs_tol=abs_tol)


def test_loss_chart_leaves_out_a_zero_loss_on_a_log_scale() -> None:
    history = [
        Step(0, 0.5, 0.25, 50.0, (3.0, 4.0)),
        Step(1, 2.5, 0.75, 0.5, (0.3, 0.4)),
        Step(2, 3.0, 1.0, 0.0, (0.0, 0.0)),
    ]
    root = parse(loss_chart(history, log=True).to_svg())
    assert_finite(root)
    (curve,) = by_class(root, "polyline", "loss-curve")
    assert len(polyline_points(curve)) == 2
    linear = parse(loss_chart(history, log=False).to_svg())
    assert len(polyline_points(by_class(linear, "polyline", "loss-curve")[0])) == 3


def test_descent_path_goes_downhill_to_the_least_squares_point() -> None:
    root = parse(surface_chart(SUMS, ZIGZAG).to_svg())
    assert_finite(root)
    weight_axis, bias_axis = AxisReading(root, "x"), AxisReading(root, "y")
    (path,) = by_class(root, "polyline", "descent-path")
    losses = [
        loss_of(weight_axis.value(px), bias_axis.value(py)) for px, py in polyline_points(path)
    ]
    assert len(losses) == len(ZIGZAG.history)
    # Pixels keep two decimals, so allow each step a rise of 1e-5 of the first loss.
    for before, after in itertools.pairwise(losses):
        assert after <= before + 1e-5 * losses[0]
    assert losses[-1] < 0.05 * losses[0]
    slope, intercept = statistics.linear_regression(XS, YS)
    (minimum,) = by_class(root, "circle", "minimum")
    assert math.isclose(
        weight_axis.value(float(minimum.get("cx", "nan"))), slope, abs_tol=span(weight_axis)
    )
    assert math.isclose(
        bias_axis.value(float(minimum.get("cy", "nan"))), intercept, abs_tol=span(bias_axis)
    )
    assert by_class(root, "path", "contour"), "the surface has no contour lines"


def test_contours_are_lines_of_equal_loss() -> None:
    root = parse(surface_chart(SUMS, ZIGZAG, animate=False).to_svg())
    weight_axis, bias_axis = AxisReading(root, "x"), AxisReading(root, "y")
    for contour in by_class(root, "path", "contour")[:4]:
        text = contour.get("d", "").replace("M", " ").replace("L", " ").replace(",", " ")
        numbers = [float(value) for value in text.split()]
        losses = [
            loss_of(weight_axis.value(x), bias_axis.value(y))
            for x, y in zip(numbers[::2], numbers[1::2])
        ]
        # Straight-line interpolation between grid points: equal to within a few percent.
        assert max(losses) < 1.05 * min(losses)
    assert not by_class(root, "circle", "walker")


def test_surface_animation_walks_the_path_and_is_hidden_when_still() -> None:
    root = parse(surface_chart(SUMS, ZIGZAG).to_svg())
    (walker,) = by_class(root, "circle", "walker")
    assert walker.get("opacity") == "0"
    animations = list(walker.iter(SVG + "animate"))
    assert {element.get("attributeName") for element in animations} == {"cx", "cy"}
    (path,) = by_class(root, "polyline", "descent-path")
    along_x = [float(value) for value in animations[0].get("values", "").split(";")]
    assert along_x == [x for x, _ in polyline_points(path)]


def test_surface_through_the_origin_marks_the_constrained_minimum() -> None:
    xs, ys = [1.5, 2.5, 4.0, 5.5], [4.1, 5.9, 9.2, 12.5]
    result = fit(xs, ys, fit_bias=False)
    expected = math.fsum(x * y for x, y in zip(xs, ys)) / math.fsum(x * x for x in xs)
    weight, bias = least_squares_point(line_sums(xs, ys), fit_bias=False)
    assert math.isclose(weight, expected, rel_tol=1e-12) and bias == 0.0
    root = parse(surface_chart(line_sums(xs, ys), result).to_svg())
    assert_finite(root)
    labels = [element.text or "" for element in root.iter(SVG + "text")]
    assert any(label.startswith("least squares through 0 (") for label in labels)
    weight_axis, bias_axis = AxisReading(root, "x"), AxisReading(root, "y")
    (minimum,) = by_class(root, "circle", "minimum")
    assert math.isclose(
        weight_axis.value(float(minimum.get("cx", "nan"))), expected, abs_tol=span(weight_axis)
    )
    assert math.isclose(bias_axis.value(float(minimum.get("cy", "nan"))), 0.0, abs_tol=1e-3)
    fit_root = parse(fit_chart(xs, ys, result).to_svg())
    fit_labels = [element.text or "" for element in fit_root.iter(SVG + "text")]
    assert f"y = {result.weight:.4g} x" in fit_labels


def test_learning_rates_chart_has_one_curve_per_rate_and_names_divergence() -> None:
    rates = [0.002, 0.01, 0.02, 0.03]
    with pytest.raises(DivergenceError):
        fit(XS, YS, learning_rate=0.03, steps=30)
    root = parse(learning_rates_chart(SUMS, rates, 30).to_svg())
    assert_finite(root)
    assert len(by_class(root, "polyline", "loss-curve")) == len(rates)
    labels = [element.text or "" for element in root.iter(SVG + "text")]
    assert any(label.startswith("rate 0.03: diverged at step") for label in labels)
    assert "rate 0.002" in labels


def test_point_sample_is_bounded_and_reaches_late_points() -> None:
    sample = PointSample(size=50, seed=3)
    passed = list(sample.passing((float(k), 3.0 * k) for k in range(10_000)))
    assert len(passed) == 10_000 and sample.seen == 10_000
    assert len(sample.points) == 50
    assert len(set(sample.points)) == 50
    # A fair sample of 0..9999 has about half its points above 5000.
    assert 10 <= sum(x >= 5000 for x, _ in sample.points) <= 40


def test_fit_result_renders_in_jupyter_as_its_loss_curve() -> None:
    root = parse(ZIGZAG._repr_svg_())
    assert_finite(root)
    points = polyline_points(by_class(root, "polyline", "loss-curve")[0])
    assert len(points) == len(ZIGZAG.history) == 121


needs_renderer = pytest.mark.skipif(
    renderer() is None,
    reason="rsvg-convert is not installed (Debian: apt-get install librsvg2-bin); "
    ".ci/run installs it",
)


@needs_renderer
def test_rendered_fit_line_passes_through_the_predicted_pixel(tmp_path: Path) -> None:
    svg_text = fit_chart(XS, YS, ZIGZAG).to_svg()
    root = parse(svg_text)
    x_axis, y_axis = AxisReading(root, "x"), AxisReading(root, "y")
    _, _, pixels = read_png(render_png(svg_text, tmp_path))
    for x in (-4.0, 3.0, 9.0):
        px, py = x_axis.pixel(x), y_axis.pixel(ZIGZAG.weight * x + ZIGZAG.bias)
        assert colour_near(pixels, px, py, BLUE), f"no fitted-line blue at x = {x}"
    # And not far off the line: 12 pixels above it is background.
    px, py = x_axis.pixel(3.0), y_axis.pixel(ZIGZAG.weight * 3.0 + ZIGZAG.bias)
    assert not colour_near(pixels, px, py - 12, BLUE, reach=1)


@needs_renderer
def test_rendered_minimum_marker_sits_at_the_least_squares_point(tmp_path: Path) -> None:
    svg_text = surface_chart(SUMS, ZIGZAG).to_svg()
    root = parse(svg_text)
    weight_axis, bias_axis = AxisReading(root, "x"), AxisReading(root, "y")
    slope, intercept = statistics.linear_regression(XS, YS)
    _, _, pixels = read_png(render_png(svg_text, tmp_path))
    px, py = weight_axis.pixel(slope), bias_axis.pixel(intercept)
    assert colour_near(pixels, px, py, VERMILLION, reach=1)
    assert not colour_near(pixels, px + 15, py + 15, VERMILLION, reach=1)


@needs_renderer
def test_every_chart_renders_to_a_png_of_its_size(tmp_path: Path) -> None:
    charts = [
        fit_chart(XS, YS, ZIGZAG, at_steps=[0, 3]),
        loss_chart(ZIGZAG),
        surface_chart(SUMS, ZIGZAG),
        learning_rates_chart(SUMS, [0.002, 0.02], 20),
    ]
    for chart in charts:
        width, height, pixels = read_png(render_png(chart.to_svg(), tmp_path))
        assert (width, height) == (chart.width, chart.height)
        # Drawn, not blank: both dark ink and white paper appear.
        flat = [pixel for row in pixels for pixel in row]
        assert any(sum(pixel[:3]) < 150 for pixel in flat)
        assert any(sum(pixel[:3]) > 750 for pixel in flat)


def test_pictures_of_values_near_the_largest_float_are_drawn_not_raised() -> None:
    # y = 1e200: the early steps' losses pass the largest float (inf), and the
    # surface's rings square numbers past it; neither may raise.
    from gradstep.fast.sums import line_sums
    from gradstep.pictures.surface import surface_chart

    for ys in ([1e200] * 3, [-1e300] * 3):
        xs = [0.0, 1.0, 2.0]
        result = fit(xs, ys)
        svg = loss_chart(result).to_svg()
        assert not re.search(r"\b(inf|nan)\b", svg)
        surface_chart(line_sums(xs, ys), result, animate=False).to_svg()
        assert result._repr_svg_()
