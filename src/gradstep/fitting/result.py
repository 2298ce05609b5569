"""What a fit returns: the line, the final loss, and every step on the way."""

from __future__ import annotations

from dataclasses import dataclass, field

from gradstep.descent import Step
from gradstep.fitting.line import Line
from gradstep.further.scaling import Scaling
from gradstep.loss import LOSS_NAME


@dataclass(frozen=True)
class FitResult:
    """The outcome of ``gradstep.fit``.

    ``history`` holds one ``Step`` per step, the random start first, each in
    the units its step was taken in (``Step.units``: standardised when
    ``scaling`` is set, else the data's) and with its line in the data's units
    (``Step.data_line``); past ``history_limit`` steps (see ``fit``), evenly
    spaced steps plus the start and the last. ``weight``, ``bias`` and
    ``loss`` are in the data's units. ``scaling`` is the standardisation the
    descent ran in, or None when it ran on the raw data. ``note`` says in
    words what happened.
    """

    weight: float
    bias: float
    loss: float
    steps: int
    converged: bool
    learning_rate: float
    history: list[Step] = field(repr=False)
    fit_bias: bool = True
    scaling: Scaling | None = None
    stable_learning_rate: float = float("nan")
    note: str = ""

    @classmethod
    def from_history(
        cls,
        history: list[Step],
        *,
        converged: bool,
        learning_rate: float,
        fit_bias: bool,
        stable_learning_rate: float,
        scaling: Scaling | None = None,
        note: str = "",
    ) -> FitResult:
        """The result whose line and loss (in the data's units) and steps are the last record's.

        Every fit builds its result here, so each field is taken from the
        history the same way.
        """
        last = history[-1]
        weight, bias = last.data_line
        return cls(
            weight=weight,
            bias=bias,
            loss=last.data_loss,
            steps=last.step,
            converged=converged,
            learning_rate=learning_rate,
            history=history,
            fit_bias=fit_bias,
            scaling=scaling,
            stable_learning_rate=stable_learning_rate,
            note=note,
        )

    @property
    def line(self) -> Line:
        """The fitted line."""
        return Line(self.weight, self.bias)

    def predict(self, x: float) -> float:
        """Return the fitted line's prediction at x: y_hat = weight * x + bias."""
        return self.line.predict(x)

    def _repr_svg_(self) -> str:
        """Jupyter draws the result inline as its loss curve (the result holds no data
        points; ``plots.fit_chart(xs, ys, result)`` draws the line on the data)."""
        # Imported here, not at the top: pictures read results, results never need pictures.
        from gradstep.pictures.plots import loss_chart

        return loss_chart(self).to_svg()

    def __str__(self) -> str:
        where = "standardised data" if self.scaling is not None else "the raw data"
        lines = [
            f"y_hat = {self.weight:.10g} * x + {self.bias:.10g}",
            f"loss ({LOSS_NAME}) = {self.loss:.10g}",
            f"{self.steps} step{'' if self.steps == 1 else 's'} of learning rate "
            f"{self.learning_rate:g} on {where}, "
            f"{'converged' if self.converged else 'not converged'}",
        ]
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)
