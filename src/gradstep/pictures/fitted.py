"""What a picture reads of a fit: named here, so that pictures need not import the fit.

``fitting.result.FitResult`` has all of it. The pictures sit below the fit in
the layers (``pyproject.toml``), so that a result can draw itself
(``FitResult._repr_svg_``) without an import cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from gradstep.descent import Step


@runtime_checkable
class FittedLine(Protocol):
    """A fitted line and the steps that found it."""

    @property
    def weight(self) -> float: ...
    @property
    def bias(self) -> float: ...
    @property
    def fit_bias(self) -> bool: ...
    @property
    def history(self) -> Sequence[Step]: ...
    def predict(self, x: float) -> float: ...
