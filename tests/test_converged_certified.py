"""``converged=True`` means certified: six significant digits of the exact least squares.

The README's definition: when a run says ``converged=True``, each coefficient c
agrees with the exact least-squares value c* to at least 6 significant digits
on the data's scale, |c - c*| <= 1e-6 * max(|c*|, scale), where the scale of the
weight is spread_y / spread_x and that of the bias spread_y * (1 + |mean_x| /
spread_x) (for features, per feature). Oracle: exact ``fractions.Fraction``
least squares, over random data, seeds and every mode.
"""

from __future__ import annotations

import math
import random
from fractions import Fraction

from conftest import exact_feature_least_squares, exact_least_squares, line_data
from hypothesis import given, settings
from hypothesis import strategies as st

import gradstep

MODES = [
    {},
    {"optimizer": "momentum"},
    {"optimizer": "adam"},
    {"batch_size": "all"},
    {"batch_size": 2, "steps": 400},
    {"batch_size": 3, "optimizer": "adam", "steps": 400},
    {"learning_rate": "half stable"},
]


def spreads(values: list[float]) -> tuple[float, float]:
    exact = [Fraction(value) for value in values]
    mean = sum(exact) / len(exact)
    return float(mean), math.sqrt(float(sum((value - mean) ** 2 for value in exact) / len(exact)))


def agrees(value: float, exact: Fraction, scale: float) -> bool:
    return abs(Fraction(value) - exact) <= Fraction(1e-6) * max(abs(exact), Fraction(scale))


@settings(max_examples=30)
@given(data=line_data(min_size=4, max_size=10), mode=st.sampled_from(MODES), seed=st.integers(0, 9))
def test_converged_means_six_digits_of_the_exact_line(
    data: tuple[list[float], list[float]], mode: dict[str, object], seed: int
) -> None:
    xs, ys = data
    mean_x, spread_x = spreads(xs)
    _, spread_y = spreads(ys)
    if spread_y == 0:
        return
    options = dict(mode)
    if options.get("batch_size") == "all":
        options["batch_size"] = len(xs)
    if options.get("learning_rate") == "half stable":
        options["learning_rate"] = gradstep.fit(xs, ys).stable_learning_rate / 2
    result = gradstep.fit(xs, ys, seed=seed, **options)  # type: ignore[arg-type]
    if not result.converged:
        return
    weight, bias = exact_least_squares(xs, ys)
    assert agrees(result.weight, weight, spread_y / spread_x), (mode, result)
    assert agrees(result.bias, bias, spread_y * (1 + abs(mean_x) / spread_x)), (mode, result)


def test_stochastic_runs_at_their_noise_floor_say_so() -> None:
    generator = random.Random(4)
    xs = [generator.uniform(0, 10) for _ in range(50)]
    ys = [3 * x + 2 + generator.gauss(0, 1) for x in xs]
    for options in ({"batch_size": 8}, {"batch_size": 8, "optimizer": "adam"}):
        result = gradstep.fit(xs, ys, **options)  # type: ignore[arg-type]
        weight, _ = exact_least_squares(xs, ys)
        if result.converged:
            assert abs(result.weight - float(weight)) <= 1e-6 * 3.0
        else:
            assert "noise floor" in result.note


def test_a_bias_exact_to_its_last_bits_is_converged() -> None:
    # y = 1e8 + 2x + small noise: a bias near 1e8 moves in steps of 1.5e-8, far
    # more, in standardised units, than a gradient of 1e-12 allows.
    generator = random.Random(5)
    xs = [index / 2 - 2 for index in range(9)]
    ys = [1e8 + 2 * x + generator.gauss(0, 0.01) for x in xs]
    stable = gradstep.fit(xs, ys).stable_learning_rate
    result = gradstep.fit(xs, ys, learning_rate=stable / 2)
    weight, bias = exact_least_squares(xs, ys)
    assert result.converged and result.steps < 10_000
    assert abs(result.bias - float(bias)) <= 8 * math.ulp(float(bias))
    assert math.isclose(result.weight, float(weight), rel_tol=1e-6)


def test_a_line_through_the_origin_past_1e154_gets_one_sentence_on_every_path() -> None:
    xs = [1e155 * (1 + index / 1000) for index in range(5)]
    ys = [1.5, 2.5, 3.0, 4.5, 5.0]
    for options in ({}, {"optimizer": "momentum"}, {"batch_size": 2}, {"optimizer": "adam"}):
        try:
            gradstep.fit(xs, ys, fit_bias=False, **options)  # type: ignore[arg-type]
        except gradstep.GradstepError as error:
            assert "too large for a float to square" in str(error)
        else:
            raise AssertionError(f"{options}: no sentence for x near 1e155")


@settings(max_examples=25)
@given(
    data=line_data(min_size=3, max_size=12),
    share=st.floats(min_value=0.05, max_value=0.95),
    exact_line=st.booleans(),
)
def test_no_divergence_error_below_the_stable_rate(
    data: tuple[list[float], list[float]], share: float, exact_line: bool
) -> None:
    # Below 2 / lambda_max the loss of full-batch descent never rises; what
    # rounding does near the bottom (an exact line's loss is 0) is not divergence.
    xs, ys = data
    if exact_line:
        ys = [2.5 * x - 7.25 for x in xs]
    rate = share * gradstep.fit(xs, ys).stable_learning_rate
    gradstep.fit(xs, ys, learning_rate=rate, steps=400)
    gradstep.fit_pairs(zip(xs, ys), learning_rate=rate, steps=400)
    gradstep.fit(xs, ys, learning_rate=rate, steps=400, fit_bias=False)


@settings(max_examples=20)
@given(
    rows=st.lists(
        st.lists(st.integers(-40, 40).map(lambda v: v / 4), min_size=2, max_size=2),
        min_size=5,
        max_size=9,
    ),
    noise=st.lists(st.integers(-9, 9), min_size=9, max_size=9),
    seed=st.integers(0, 9),
)
def test_fit_features_converged_means_six_digits_too(
    rows: list[list[float]], noise: list[int], seed: int
) -> None:
    ys = [1.5 + 2.25 * a - 0.75 * b + k / 8 for (a, b), k in zip(rows, noise)]
    try:
        result = gradstep.fit_features(rows, ys, seed=seed)
    except gradstep.GradstepError:
        return  # a constant or repeated column, refused with a sentence
    if not result.converged:
        return
    *weights, bias = exact_feature_least_squares(rows, ys)
    _, spread_y = spreads(ys)
    column_spreads = [spreads([row[j] for row in rows]) for j in range(2)]
    for value, exact, (_, spread) in zip(result.weights, weights, column_spreads):
        assert agrees(value, exact, spread_y / spread), (rows, ys, result)
    bias_scale = spread_y * (1 + sum(abs(mean) / spread for mean, spread in column_spreads))
    assert agrees(result.bias, bias, bias_scale), (rows, ys, result)
