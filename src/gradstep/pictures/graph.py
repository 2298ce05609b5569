"""The chain rule as a picture: the graph of one data point's loss, drawn from ``autodiff``.

One point x, target y, a weight and a bias make a graph of Values::

    weight --> weight * x --> prediction --> error --> loss
                 bias ------------^

Each box shows a node's value and, after ``loss.backward()``, its gradient
d(loss)/d(node); each arrow shows the local derivative d(to)/d(from) the
operation recorded. Every number is read from the graph itself. The
gradient of the weight is the product of the labels along the path from
the loss down to it, ``2 * error * 1 * 1 * x``, which is lesson 3's
``d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight)``.
"""

from __future__ import annotations

from gradstep.autodiff import Value
from gradstep.pictures.svg import BLACK, BLUE, GREY, VERMILLION, Drawing, tick_label

BOX_WIDTH, BOX_HEIGHT = 196.0, 64.0
# Where each node's box is centred, top to bottom in the order the values are made.
PLACES = {
    "weight": (150.0, 110.0),
    "weight * x": (150.0, 235.0),
    "bias": (470.0, 235.0),
    "prediction": (310.0, 360.0),
    "error": (310.0, 485.0),
    "loss": (310.0, 610.0),
}
# The rule behind each local derivative, keyed by (to, from).
RULES = {
    ("weight * x", "weight"): "x",
    ("prediction", "weight * x"): "1",
    ("prediction", "bias"): "1",
    ("error", "prediction"): "1",
    ("loss", "error"): "2 * error",
}


class GraphPicture(Drawing):
    """An SVG drawing of a graph of Values (shows inline in Jupyter), text 12 pixels high."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__(width, height, text_size=12)


def one_point_graph(
    weight: float = 2.5, bias: float = 0.5, x: float = 3.0, target: float = 5.0
) -> dict[str, Value]:
    """The graph of one point's loss, back-propagated, with its nodes by name.

    >>> nodes = one_point_graph()
    >>> nodes["error"].data, nodes["weight"].grad  # 2.5 * 3 + 0.5 - 5; 2 * 3 * 3
    (3.0, 18.0)
    """
    nodes = {"weight": Value(weight), "bias": Value(bias)}
    nodes["weight * x"] = nodes["weight"] * x
    nodes["prediction"] = nodes["weight * x"] + nodes["bias"]
    nodes["error"] = nodes["prediction"] - target
    nodes["loss"] = nodes["error"] ** 2
    nodes["loss"].backward()
    return nodes


def edges(nodes: dict[str, Value]) -> list[tuple[str, str, float]]:
    """Every (from, to, local derivative d(to)/d(from)) between the named nodes, from the graph."""
    names = {id(node): name for name, node in nodes.items()}
    found = []
    for name, node in nodes.items():
        for parent, d_node_d_parent in ((node.a, node.d_a), (node.b, node.d_b)):
            if parent is not None and id(parent) in names:
                found.append((names[id(parent)], name, d_node_d_parent))
    return found


def chain_rule_graph(
    weight: float = 2.5, bias: float = 0.5, x: float = 3.0, target: float = 5.0
) -> GraphPicture:
    """Draw the graph of one point's loss with values, gradients and local derivatives.

    >>> picture = chain_rule_graph()
    >>> "d(loss)/d(weight) = 18" in picture.to_svg()
    True
    """
    nodes = one_point_graph(weight, bias, x, target)
    picture = GraphPicture(900, 680)
    picture.text(
        450,
        28,
        f"The chain rule as a graph: one point, x = {x:g}, y = {target:g}",
        size=16,
        anchor="middle",
        bold=True,
    )
    picture.text(
        450,
        50,
        "Each box: its value and d(loss)/d(it). Each arrow: the local "
        "derivative d(to)/d(from) recorded when the value was made.",
        anchor="middle",
    )
    incoming: dict[str, int] = {}
    for parent, child, local in edges(nodes):
        # Two arrows into one box land apart: a's left of centre, b's right of it.
        shift = (-45.0, 45.0)[incoming.get(child, 0)] if child == "prediction" else 0.0
        incoming[child] = incoming.get(child, 0) + 1
        rule, number = RULES[(child, parent)], tick_label(local)
        label = f"= {number}" if rule == number else f"= {rule} = {number}"
        _arrow(picture, parent, (child, shift), f"d({child})/d({parent})", label)
    for name, node in nodes.items():
        _box(picture, name, node)
    _backward_panel(picture, nodes, x)
    return picture


def _box(picture: GraphPicture, name: str, node: Value) -> None:
    centre_x, centre_y = PLACES[name]
    left, top = centre_x - BOX_WIDTH / 2, centre_y - BOX_HEIGHT / 2
    outline = {"weight": BLUE, "bias": BLUE, "loss": VERMILLION}.get(name, GREY)
    picture.elements.append(
        f'<rect class="node" x="{left:.1f}" y="{top:.1f}" width="{BOX_WIDTH}" '
        f'height="{BOX_HEIGHT}" rx="8" fill="white" stroke="{outline}" stroke-width="2"/>'
    )
    picture.text(centre_x, top + 19, name, size=13, anchor="middle", bold=True)
    picture.text(centre_x, top + 37, f"value = {tick_label(node.data)}", anchor="middle")
    picture.text(
        centre_x,
        top + 55,
        f"d(loss)/d({name}) = {tick_label(node.grad)}",
        anchor="middle",
        colour=VERMILLION,
    )


def _arrow(
    picture: GraphPicture, parent: str, child: tuple[str, float], top_line: str, bottom_line: str
) -> None:
    """An arrow from the parent's box to the child's, shifted along its top; two label lines."""
    (from_x, from_y), (to_x, to_y) = PLACES[parent], PLACES[child[0]]
    from_y, to_y, to_x = from_y + BOX_HEIGHT / 2, to_y - BOX_HEIGHT / 2, to_x + child[1]
    # The arrowhead: a small triangle pointing along the edge, at the child's box.
    length = ((to_x - from_x) ** 2 + (to_y - from_y) ** 2) ** 0.5
    along_x, along_y = (to_x - from_x) / length, (to_y - from_y) / length
    base_x, base_y = to_x - 10 * along_x, to_y - 10 * along_y
    picture.elements.append(
        f'<line class="edge" x1="{from_x:.1f}" y1="{from_y:.1f}" x2="{base_x:.1f}" '
        f'y2="{base_y:.1f}" stroke="{BLACK}" stroke-width="1.5"/>'
    )
    corners = [
        (to_x, to_y),
        (base_x - 5 * along_y, base_y + 5 * along_x),
        (base_x + 5 * along_y, base_y - 5 * along_x),
    ]
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    picture.elements.append(f'<polygon points="{points}" fill="{BLACK}"/>')
    middle_x, middle_y = (from_x + to_x) / 2, (from_y + to_y) / 2
    # Labels sit beside the edge, on the side it leans away from.
    offset = -24.0 if to_x > from_x else 24.0 if to_x < from_x else 10.0
    anchor = "end" if offset < 0 else "start"
    picture.text(middle_x + offset, middle_y - 3, top_line, anchor=anchor, colour=BLUE)
    picture.text(middle_x + offset, middle_y + 13, bottom_line, anchor=anchor, colour=BLUE)


def _backward_panel(picture: GraphPicture, nodes: dict[str, Value], x: float) -> None:
    """The backward pass in words: each gradient is the one below it times the arrow's label."""
    left, top = 600.0, 330.0
    picture.text(left, top, "Backward, from the loss up:", size=13, bold=True)
    lines = [f"d(loss)/d(loss) = {tick_label(nodes['loss'].grad)}"]
    # Each node here has one use, so its gradient is that use's gradient times the label.
    for parent, child, local in reversed(edges(nodes)):
        lines.append(
            f"d(loss)/d({parent}) = {tick_label(nodes[child].grad)} * {tick_label(local)}"
            f" = {tick_label(nodes[parent].grad)}"
        )
    error = nodes["error"].data
    lines += [
        "",
        "The product along the path to the weight:",
        f"2 * error * 1 * 1 * x = {tick_label(2 * error)} * 1 * 1 * {tick_label(x)}",
        f"= {tick_label(nodes['weight'].grad)} = d(loss)/d(weight)",
    ]
    for row, line in enumerate(lines):
        colour = BLACK if row >= len(lines) - 4 else VERMILLION
        bold = line.startswith("The product")
        picture.text(left, top + 24 + 20 * row, line, colour=colour, bold=bold)
