"""``fit_features``: descent for y_hat = w1*x1 + ... + wk*xk + bias.

The same two modes as ``fit``:

**You give ``learning_rate``**: the textbook loop on your rows as they are.
Every step calls ``features.gradient_and_loss`` over all rows and moves every
weight and the bias by ``update.gradient_step``.

**You leave it out**: one pass collects the sums of ``feature_sums``, every
feature and y are standardised, and descent runs there, a step costing
O(k**2) whatever the number of rows. With k features the bowl is no longer
round: correlated features (x and x**2, say) still make a valley. The rate is
the best fixed one, 2 / (lambda_max + lambda_min), from the eigenvalues of
the Hessian (``eigenvalues``), and the descent runs until the gradient in
standardised units is at most 1e-12 or ``MAX_SCALED_STEPS`` (100,000) steps.
The weights are mapped back to your units at the end and in the history.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from gradstep.checks import (
    check_fit_bias,
    check_learning_rate,
    check_row,
    check_rows,
    check_seed,
    check_steps,
)
from gradstep.errors import GradstepError
from gradstep.fast.feature_sums import (
    FeatureScaling,
    FeatureSums,
    feature_sums,
    gradient_and_loss_from_feature_sums,
    hessian,
    standardise_features,
)
from gradstep.further.batches import descend_variant
from gradstep.further.eigenvalues import symmetric_eigenvalues
from gradstep.further.features import gradient_and_loss, predict_row
from gradstep.further.rules import Plain

CONVERGENCE_TOLERANCE = 1e-12
MAX_RAW_STEPS = 10_000
MAX_SCALED_STEPS = 100_000


@dataclass(frozen=True)
class FeatureStep:
    """One record of the descent: the weights, bias, loss and gradient there."""

    step: int
    weights: tuple[float, ...]
    bias: float
    loss: float
    gradient: tuple[float, ...]  # d(loss)/d(w1), ..., d(loss)/d(wk), d(loss)/d(bias)
    epoch: int = 0


@dataclass(frozen=True)
class FeaturesResult:
    """The outcome of ``fit_features``; ``history`` is in the data's units.

    ``condition_number`` is that of the bowl descent ran on (standardised
    features unless you gave a rate); ``stable_learning_rate`` the largest
    rate plain descent on the raw rows survives, 2 / lambda_max.
    """

    weights: list[float]
    bias: float
    loss: float
    steps: int
    converged: bool
    learning_rate: float
    history: list[FeatureStep] = field(repr=False)
    fit_bias: bool = True
    scaling: FeatureScaling | None = None
    condition_number: float = float("nan")
    stable_learning_rate: float = float("nan")
    note: str = ""

    def predict(self, row: Sequence[float]) -> float:
        """Return y_hat = w1 * x1 + ... + wk * xk + bias for one row."""
        return predict_row(self.weights, self.bias, check_row(row, len(self.weights)))


def fit_features(
    rows: object,
    ys: object,
    *,
    learning_rate: float | None = None,
    steps: int | None = None,
    seed: int | None = 0,
    fit_bias: bool = True,
) -> FeaturesResult:
    """Fit y_hat = w1 * x1 + ... + wk * xk + bias to rows of features by descent.

    Minimises loss = 1/n * sum((y_hat - y)**2). ``seed`` picks the random start
    (every weight and the bias from [-1, 1]).

    Rows on y = 2 * x1 - 3 * x2 + 1:

    >>> result = fit_features([[1, 0], [0, 1], [2, 1], [1, 3]], [3, -2, 2, -6])
    >>> [round(weight, 9) for weight in result.weights], round(result.bias, 9)
    ([2.0, -3.0], 1.0)
    >>> round(result.predict([4, 2]), 9)
    3.0
    """
    seed, fit_bias = check_seed(seed), check_fit_bias(fit_bias)
    checked_rows, y_column = check_rows(rows, ys, fit_bias=fit_bias)
    sums = feature_sums(checked_rows, y_column.values)
    _refuse_undetermined(sums, fit_bias)
    scaling = standardise_features(sums, fit_bias)
    unit_sums = scaling.rescaled(sums)
    largest, smallest = _extreme_curvatures(unit_sums, fit_bias)
    raw_stable_rate = 2 / symmetric_eigenvalues(hessian(sums, fit_bias))[0]
    budget = None if steps is None else check_steps(steps)
    k = len(sums.means)
    start = _random_start(seed, k, fit_bias)
    explicit = learning_rate is not None
    if explicit:
        rate = check_learning_rate(learning_rate)
        cap = MAX_RAW_STEPS
    else:
        rate = 2 / (largest + smallest)
        cap = MAX_SCALED_STEPS

    def split(values: list[float]) -> tuple[list[float], float]:
        return values[:k], values[k] if fit_bias else 0.0

    def whole_gradient_and_loss(values: list[float]) -> tuple[list[float], float]:
        weights, bias = split(values)
        if explicit:
            d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss(
                weights, bias, checked_rows, y_column.values
            )
        else:
            d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss_from_feature_sums(
                unit_sums, weights, bias
            )
        # Without a bias there is no bias to move: its slope is left out.
        return [*d_loss_d_weights, d_loss_d_bias if fit_bias else 0.0], loss

    def standardised_slope(values: list[float]) -> float:
        weights, bias = split(values)
        if explicit:
            weights, bias = scaling.to_scaled(weights, bias)
        d_loss_d_weights, d_loss_d_bias, _ = gradient_and_loss_from_feature_sums(
            unit_sums, weights, bias
        )
        return max(map(abs, [*d_loss_d_weights, d_loss_d_bias if fit_bias else 0.0]))

    def converged(values: list[float]) -> bool:
        return standardised_slope(values) <= CONVERGENCE_TOLERANCE

    def make_record(
        step: int, epoch: int, values: list[float], loss: float, gradient: list[float]
    ) -> FeatureStep:
        weights, bias = split(values)
        if not explicit:
            weights, bias = scaling.to_original(weights, bias)
            d_loss_d_weights, d_loss_d_bias, loss = gradient_and_loss_from_feature_sums(
                sums, weights, bias
            )
            gradient = [*d_loss_d_weights, d_loss_d_bias if fit_bias else 0.0]
        return FeatureStep(step, tuple(weights), bias, loss, tuple(gradient), epoch)

    history = descend_variant(
        lambda values, batch: whole_gradient_and_loss(values)[0],
        whole_gradient_and_loss,
        start,
        make_record,
        n=sums.n,
        batch_size=None,
        rule=Plain(),
        learning_rate=lambda update: rate,
        steps=cap if budget is None else budget,
        is_converged=converged if budget is None else None,
        stable_learning_rate=raw_stable_rate,
    )
    last = history[-1]
    # The history's losses come from the sums; the final one from the rows themselves.
    _, _, loss = gradient_and_loss(last.weights, last.bias, checked_rows, y_column.values)
    last_values = [*last.weights, last.bias]
    if not explicit:
        weights_u, bias_u = scaling.to_scaled(last.weights, last.bias)
        last_values = [*weights_u, bias_u]
    is_converged = converged(last_values)
    condition = largest / smallest
    return FeaturesResult(
        weights=list(last.weights),
        bias=last.bias,
        loss=loss,
        steps=last.step,
        converged=is_converged,
        learning_rate=rate,
        history=history,
        fit_bias=fit_bias,
        scaling=None if explicit else scaling,
        condition_number=condition,
        stable_learning_rate=raw_stable_rate,
        note=_note(explicit, is_converged, condition, last.step, rate),
    )


def _random_start(seed: int | None, k: int, fit_bias: bool) -> list[float]:
    # Step 1: every weight and the bias drawn from [-1, 1], as for a line.
    generator = random.Random(seed)
    weights = [generator.uniform(-1.0, 1.0) for _ in range(k)]
    bias = generator.uniform(-1.0, 1.0)
    return [*weights, bias if fit_bias else 0.0]


def _extreme_curvatures(unit_sums: FeatureSums, fit_bias: bool) -> tuple[float, float]:
    eigenvalues = symmetric_eigenvalues(hessian(unit_sums, fit_bias))
    largest, smallest = eigenvalues[0], eigenvalues[-1]
    if smallest <= largest * 1e-15:
        raise GradstepError(
            "The features are linear combinations of each other (one is a sum of multiples "
            "of the others, or a constant), so many sets of weights fit equally well. "
            "Remove the feature that repeats what the others say."
        )
    return largest, smallest


def _refuse_undetermined(sums: FeatureSums, fit_bias: bool) -> None:
    for j, row in enumerate(sums.sxx):
        constant = row[j] == 0
        if constant and (fit_bias or sums.means[j] == 0):
            raise GradstepError(
                f"Feature {j} (column {j}) has the value {sums.means[j]:g} in every row, so "
                f"its weight is undetermined{' beside the bias' if fit_bias else ''}. "
                f"Remove that column, or add rows where it differs."
            )


def _note(explicit: bool, converged: bool, condition: float, steps: int, rate: float) -> str:
    if explicit:
        return f"Plain descent on your data as they are, learning rate {rate:g}."
    note = (
        f"Descent ran on standardised features with learning rate {rate:.4g}; there the "
        f"bowl is {condition:.3g} times steeper one way than another."
    )
    if not converged:
        note += (
            f" It had not converged after {steps} steps: the features are strongly "
            f"correlated (for powers of x, centre x first, or use a lower degree)."
        )
    return note
