"""fit_features' result: its summary in words, progress and history_limit, and its records.

The records of a run with a learning rate (the textbook loop on the rows as
they are) obey the update rule from their own fields alone, in the data's
units: next.weights[j] == record.weights[j] - learning_rate * record.gradient[j],
and the gradient is the gradient of the loss there, recomputed here in exact
fractions. (The default run steps along the bowl's axes, whose records are in
the data's units too but whose steps are not -learning_rate * gradient there;
see ``FeaturesResult``.)
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import gradstep
from gradstep.errors import GradstepError
from gradstep.fitting.fit_features import FeatureStep

ROWS = [[1, 0], [0, 1], [2, 1], [1, 3], [2, 2]]
YS = [3, -2, 2, -6, 1]


def exact_gradient(
    weights: tuple[float, ...], bias: float, rows: list[list[float]], ys: list[float]
) -> list[Fraction]:
    """d(loss)/d(wj) = 1/n * sum(2 * error * xj), d(loss)/d(bias) = 1/n * sum(2 * error)."""
    errors = [
        sum(Fraction(w) * Fraction(x) for w, x in zip(weights, row)) + Fraction(bias) - Fraction(y)
        for row, y in zip(rows, ys)
    ]
    n = len(errors)
    slopes = [
        sum(2 * error * Fraction(row[j]) for error, row in zip(errors, rows)) / n
        for j in range(len(weights))
    ]
    return [*slopes, sum(2 * error for error in errors) / n]


def test_str_reads_the_equation_loss_steps_and_note() -> None:
    result = gradstep.fit_features([[1, 0], [0, 1], [2, 1], [1, 3]], [3, -2, 2, -6])
    lines = str(result).splitlines()
    assert lines[0] == "y_hat = 2 * x1 - 3 * x2 + 1"
    assert lines[1].startswith("loss (mean squared error) = ")
    assert lines[2].endswith(", converged")
    assert "learning rate 0.5" in lines[2]
    assert lines[3] == result.note
    without_bias = str(gradstep.fit_features([[1, 0], [0, 1], [2, 1]], [2, -3, 1], fit_bias=False))
    assert without_bias.splitlines()[0] == "y_hat = 2 * x1 - 3 * x2"


@pytest.mark.parametrize("learning_rate", [None, 0.05])
def test_progress_sees_every_step_and_history_limit_bounds_the_history(
    learning_rate: float | None,
) -> None:
    seen: list[FeatureStep] = []
    result = gradstep.fit_features(
        ROWS, YS, learning_rate=learning_rate, history_limit=3, progress=seen.append
    )
    assert [record.step for record in seen] == list(range(result.steps + 1))
    assert len(result.history) <= 3 + 1  # the limit, and the latest
    assert result.history[0].step == 0 and result.history[-1].step == result.steps
    everything = gradstep.fit_features(ROWS, YS, learning_rate=learning_rate, history_limit=None)
    assert len(everything.history) == everything.steps + 1
    assert everything.weights == result.weights and everything.bias == result.bias


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"history_limit": 0}, "The history limit is 0"),
        ({"history_limit": 2.5}, "The history limit is 2.5"),
        ({"progress": True}, "progress is True"),
    ],
)
def test_wrong_progress_or_history_limit_is_named(options: dict[str, object], words: str) -> None:
    with pytest.raises(GradstepError, match=words):
        gradstep.fit_features(ROWS, YS, **options)  # type: ignore[arg-type]


def test_rows_without_features_say_so() -> None:
    with pytest.raises(GradstepError, match=r"^Row 0 is empty, .* at least one feature"):
        gradstep.fit_features([[], [], []], [1, 2, 3])
    with pytest.raises(GradstepError, match=r"^Row 1 is empty"):
        gradstep.fit_features([[1], [], [3]], [1, 2, 3])


values = st.integers(min_value=-20, max_value=20).map(float)


@given(
    st.integers(min_value=1, max_value=3).flatmap(
        lambda k: st.lists(st.lists(values, min_size=k, max_size=k), min_size=k + 2, max_size=8)
    ),
    st.lists(values, min_size=8, max_size=8),
    st.floats(min_value=0.05, max_value=0.9),
    st.booleans(),
    st.integers(min_value=0, max_value=25),
    st.integers(min_value=0, max_value=2**16),
)
def test_records_of_the_textbook_loop_obey_the_rule_in_the_data_units(
    rows: list[list[float]],
    ys: list[float],
    share: float,
    fit_bias: bool,
    steps: int,
    seed: int,
) -> None:
    ys = ys[: len(rows)]
    # 2 / trace of the Hessian 2/n * sum(x x^T) is below 2 / lambda_max: always stable.
    trace = 2 * sum(sum(x * x for x in row) + (1 if fit_bias else 0) for row in rows) / len(rows)
    assume(trace > 0)
    learning_rate = share * 2 / trace
    try:
        result = gradstep.fit_features(
            rows,
            ys,
            learning_rate=learning_rate,
            steps=steps,
            seed=seed,
            fit_bias=fit_bias,
            history_limit=None,
        )
    except GradstepError as refusal:  # columns constant or repeating one another
        assume("undetermined" not in str(refusal) and "linear combinations" not in str(refusal))
        raise
    history = result.history
    assert [record.step for record in history] == list(range(steps + 1))
    for record, after in itertools.pairwise(history):
        for j, weight in enumerate(after.weights):
            assert weight == record.weights[j] - result.learning_rate * record.gradient[j]
        k = len(record.weights)
        if fit_bias:
            assert after.bias == record.bias - result.learning_rate * record.gradient[k]
        else:
            assert after.bias == 0.0 and record.gradient[k] == 0.0
    for record in history:
        exact = exact_gradient(record.weights, record.bias, rows, ys)
        if not fit_bias:
            exact[-1] = Fraction(0)
        scale = max(abs(value) for value in exact) + 1
        for slope, exact_slope in zip(record.gradient, exact):
            # Each slope is a sum of n products: 1e-12 of the largest slope, plus 1.
            assert abs(Fraction(slope) - exact_slope) <= Fraction(1e-12) * scale
