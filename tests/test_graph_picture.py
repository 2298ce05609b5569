"""The chain rule as a picture: the graph of one point, read back from its SVG."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from chartreading import SVG, by_class, colour_near, parse, read_png, render_png, renderer
from conftest import run_example

from gradstep.pictures.graph import PLACES, chain_rule_graph, edges, one_point_graph
from gradstep.pictures.svg import BLUE, VERMILLION


def texts(svg_text: str) -> list[str]:
    return [element.text or "" for element in parse(svg_text).iter(SVG + "text")]


def shown(svg_text: str, pattern: str) -> float:
    """The number after a label in the picture, such as 'd(loss)/d(weight) = '."""
    for line in texts(svg_text):
        match = re.fullmatch(re.escape(pattern) + r"(\S+)", line)
        if match:
            return float(match.group(1))
    raise AssertionError(f"no text {pattern!r}... in the picture")


@pytest.mark.parametrize(
    ("weight", "bias", "x", "target"), [(2.5, 0.5, 3.0, 5.0), (-1.25, 2.0, -4.0, 0.5)]
)
def test_every_node_shows_its_value_and_gradient(
    weight: float, bias: float, x: float, target: float
) -> None:
    svg_text = chain_rule_graph(weight, bias, x, target).to_svg()
    # Worked out by hand, not by the graph: lessons 1 to 4 on one point.
    prediction = weight * x + bias
    error = prediction - target
    d_loss_d_error = 2 * error
    expected = {
        "weight": (weight, d_loss_d_error * x),
        "bias": (bias, d_loss_d_error),
        "weight * x": (weight * x, d_loss_d_error),
        "prediction": (prediction, d_loss_d_error),
        "error": (error, d_loss_d_error),
        "loss": (error**2, 1.0),
    }
    assert len(by_class(parse(svg_text), "rect", "node")) == len(expected)
    lines = texts(svg_text)
    for name, (value, gradient) in expected.items():
        # Each box reads: its name, its value, its gradient.
        at = lines.index(name)
        assert lines[at + 1].startswith("value = ")
        assert math.isclose(float(lines[at + 1].split(" = ")[1]), value, rel_tol=1e-5)
        assert lines[at + 2].startswith(f"d(loss)/d({name}) = ")
        assert math.isclose(shown(svg_text, f"d(loss)/d({name}) = "), gradient, rel_tol=1e-5)


def test_each_edge_is_labelled_with_its_local_derivative() -> None:
    svg_text = chain_rule_graph(2.5, 0.5, 3.0, 5.0).to_svg()
    assert len(by_class(parse(svg_text), "line", "edge")) == 5
    lines = texts(svg_text)
    # error = 2.5 * 3 + 0.5 - 5 = 3, so d(loss)/d(error) = 2 * error = 6;
    # d(weight * x)/d(weight) = x = 3.
    for label, rule_and_number in [
        ("d(loss)/d(error)", "= 2 * error = 6"),
        ("d(error)/d(prediction)", "= 1"),
        ("d(prediction)/d(bias)", "= 1"),
        ("d(prediction)/d(weight * x)", "= 1"),
        ("d(weight * x)/d(weight)", "= x = 3"),
    ]:
        assert lines[lines.index(label) + 1] == rule_and_number


def test_the_product_along_the_path_is_the_gradient() -> None:
    nodes = one_point_graph(-1.25, 2.0, -4.0, 0.5)
    local = {(parent, child): d for parent, child, d in edges(nodes)}
    path = [("error", "loss"), ("prediction", "error"), ("weight * x", "prediction")]
    product = 1.0
    for link in [*path, ("weight", "weight * x")]:
        product *= local[link]
    error = -1.25 * -4.0 + 2.0 - 0.5
    assert product == nodes["weight"].grad == 2 * error * -4.0
    assert sorted(local) == sorted([*path, ("weight", "weight * x"), ("bias", "prediction")])


def test_the_picture_shows_in_jupyter_and_saves(tmp_path: Path) -> None:
    picture = chain_rule_graph()
    assert picture._repr_svg_() == picture.to_svg()
    picture.save(str(tmp_path / "graph.svg"))
    assert (tmp_path / "graph.svg").read_text(encoding="utf-8") == picture.to_svg()


@pytest.mark.skipif(
    renderer() is None,
    reason="rsvg-convert is not installed (Debian: apt-get install librsvg2-bin); "
    ".ci/run installs it",
)
def test_rendered_boxes_sit_where_they_are_placed(tmp_path: Path) -> None:
    picture = chain_rule_graph()
    width, height, pixels = read_png(render_png(picture.to_svg(), tmp_path))
    assert (width, height) == (picture.width, picture.height)
    # The weight's box has a blue outline and the loss's a vermillion one, 32 px below centre.
    weight_x, weight_y = PLACES["weight"]
    loss_x, loss_y = PLACES["loss"]
    assert colour_near(pixels, weight_x, weight_y - 32, BLUE)
    assert colour_near(pixels, loss_x, loss_y + 32, VERMILLION)
    assert not colour_near(pixels, loss_x, loss_y + 50, VERMILLION)


def test_example_15_walks_through_the_graph(tmp_path: Path) -> None:
    completed = run_example("15_autodiff.py", str(tmp_path / "pictures"), cwd=tmp_path)
    assert completed.returncode == 0, completed.stderr
    assert "\nWhat to notice:\n" in completed.stdout
    assert "d(loss)/d(weight) = 18.0" in completed.stdout
    drawing = (tmp_path / "pictures" / "chain_rule_graph.svg").read_text(encoding="utf-8")
    assert drawing == chain_rule_graph().to_svg()
