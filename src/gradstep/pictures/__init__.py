"""Pictures: SVG charts that any browser draws, and charts made of text for a terminal.

- ``plots``: the line on the data, the loss curve, learning rates side by side.
- ``surface``: the loss as a landscape over weight and bias, with the path of descent.
- ``contours``: the contour lines ``surface`` draws.
- ``textchart``: the same charts in a terminal.
- ``graph``: the chain rule as a graph of one point's loss, drawn from ``autodiff``.
- ``svg``: the small SVG writer the charts use.
"""
