"""The model: a straight line, ``y_hat = weight * x + bias``.

The weight is the slope (how much y_hat grows when x grows by 1) and the bias
is where the line crosses x = 0. Fitting means choosing these two numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from gradstep.checks import check_prediction, check_x, parameter_number


@dataclass(frozen=True)
class Line:
    """A line with a weight (slope) and a bias (intercept).

    >>> Line(weight=2.0, bias=1.0).predict(3.0)
    7.0
    """

    weight: float
    bias: float

    def __post_init__(self) -> None:
        # A line is two finite numbers; anything else would fail later, far from here.
        for name in ("weight", "bias"):
            number = parameter_number(getattr(self, name), f"The line's {name}", "such as 2.5")
            object.__setattr__(self, name, number)

    def predict(self, x: float) -> float:
        """Return the line's prediction at x: y_hat = weight * x + bias."""
        prediction = self.weight * check_x(x) + self.bias
        return check_prediction(prediction, x)
