"""Every public parameter, fuzzed with values of the wrong type and range (hypothesis).

Each call either works (the value happened to be a valid one) or raises a
``GradstepError`` whose message is a sentence about that parameter; never a
raw ``TypeError``, ``ZeroDivisionError`` or ``OverflowError``, never a hang,
and never NumPy's warning as the only word.
"""

from __future__ import annotations

import math
import operator
import warnings
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradstep
from gradstep.fast.sums import LineSums

XS = [1.5, 2.5, 4.0, 5.5, 7.0]
YS = [4.25, 6.5, 9.5, 13.25, 16.0]
ROWS = [[1.5, 2.0], [2.5, 1.0], [4.0, 3.5], [5.5, 1.5], [7.0, 4.0]]
RESULT = gradstep.fit(XS, YS)
FEATURES_RESULT = gradstep.fit_features(ROWS, YS)

# Numbers of every awkward kind: NaN, infinities, huge and tiny, negative,
# NumPy's scalars, Decimal and Fraction, bools.
odd_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.booleans(),
    st.complex_numbers(max_magnitude=1e6),
    st.sampled_from(
        [
            np.int64(-3),
            np.int64(2**62),
            np.uint64(2**63),
            np.float32("nan"),
            np.float64(-0.0),
            np.complex64(1j),
            np.bool_(True),
            Decimal("NaN"),
            Decimal("1e400"),
            Fraction(-7, 3),
        ]
    ),
)
odd_things = st.one_of(
    st.none(),
    st.text(max_size=4),
    st.binary(max_size=3),
    # Callables that accept anything: a progress function that raises is the
    # caller's own code failing, and its error rightly reaches the caller.
    st.sampled_from([object(), print, repr, type, Ellipsis, np.array(2.5), np.array([])]),
)
odd_containers = st.one_of(
    st.lists(st.one_of(odd_numbers, odd_things), max_size=4),
    st.sets(st.floats(allow_nan=False), max_size=3),
    st.frozensets(st.integers(), max_size=3),
    st.dictionaries(st.integers(), st.floats(), max_size=3),
    st.tuples(st.floats(), st.text(max_size=2)),
    st.sampled_from(
        [
            np.zeros((2, 2)),
            pd.DataFrame({"a": [1.0, 2.0, 3.0]}),
            np.array([1 + 2j, 3.0, 4.0]),
            pd.Series([1.0, None, 3.0]),
            range(0),
        ]
    ),
)
any_wrong = st.one_of(odd_numbers, odd_things, odd_containers)


# A count of steps or updates that is valid but huge is a run that takes that
# long, as asked: the fuzzing leaves those out.
def _huge_count(value: object) -> bool:
    try:
        return not isinstance(value, bool) and operator.index(value) > 100  # type: ignore[arg-type]
    except TypeError:
        return False


wrong_count = any_wrong.filter(lambda value: not _huge_count(value))


# A column-shaped wrong value: the five points with one value spoiled, or a
# wrong container outright.
def spoiled(column: list[Any]) -> st.SearchStrategy[object]:
    return st.one_of(
        st.tuples(st.integers(0, len(column) - 1), st.one_of(odd_numbers, odd_things)).map(
            lambda spoil: [spoil[1] if i == spoil[0] else v for i, v in enumerate(column)]
        ),
        odd_containers,
        odd_numbers,
        odd_things,
    )


def base_fit(**options: Any) -> object:
    return gradstep.fit(XS, YS, **{"steps": 5, **options})


# (name, the call with the fuzzed value in its place, the strategy, words of the message)
CASES: list[tuple[str, Callable[[Any], object], st.SearchStrategy[Any], tuple[str, ...]]] = [
    ("fit xs", lambda value: gradstep.fit(value, YS, steps=5), spoiled(XS), ("xs",)),
    ("fit ys", lambda value: gradstep.fit(XS, value, steps=5), spoiled(YS), ("ys",)),
    ("fit learning_rate", lambda v: base_fit(learning_rate=v), any_wrong, ("learning rate",)),
    ("fit steps", lambda value: gradstep.fit(XS, YS, steps=value), wrong_count, ("steps",)),
    ("fit seed", lambda value: base_fit(seed=value), any_wrong, ("seed",)),
    ("fit fit_bias", lambda value: base_fit(fit_bias=value), any_wrong, ("fit_bias",)),
    ("fit batch_size", lambda value: base_fit(batch_size=value), any_wrong, ("batch size",)),
    ("fit optimizer", lambda value: base_fit(optimizer=value), any_wrong, ("optimizer",)),
    ("fit progress", lambda value: base_fit(progress=value), any_wrong, ("progress",)),
    ("fit history_limit", lambda v: base_fit(history_limit=v), any_wrong, ("history limit",)),
    ("Momentum beta", lambda value: gradstep.Momentum(beta=value), any_wrong, ("beta",)),
    ("Adam beta1", lambda value: gradstep.Adam(beta1=value), any_wrong, ("beta1",)),
    ("Adam beta2", lambda value: gradstep.Adam(beta2=value), any_wrong, ("beta2",)),
    ("Adam epsilon", lambda value: gradstep.Adam(epsilon=value), any_wrong, ("epsilon",)),
    ("fit_sums sums", lambda value: gradstep.fit_sums(value), any_wrong, ("sums",)),
    (
        "fit_sums n",
        lambda value: gradstep.fit_sums(LineSums(value, 4.1, 9.9, 20.5, 51.0, 128.0)),
        any_wrong,
        ("n",),
    ),
    (
        "fit_sums sxx",
        lambda value: gradstep.fit_sums(LineSums(5, 4.1, 9.9, value, 51.0, 128.0)),
        any_wrong,
        ("sxx", "sums"),
    ),
    (
        "fit_pairs pairs",
        lambda value: gradstep.fit_pairs(value, steps=5),
        any_wrong,
        ("pair", "x", "y"),
    ),
    (
        "fit_pairs one pair",
        lambda value: gradstep.fit_pairs([(1.5, 2.0), value, (4.0, 1.0)], steps=5),
        any_wrong,
        # A stream keeps no values, so a y whose square overflows is named by its column.
        ("point 1", "x[1]", "y[1]", "The xs are too large", "The ys are too large"),
    ),
    (
        "fit_pairs chunk_size",
        lambda value: gradstep.fit_pairs(zip(XS, YS), chunk_size=value, steps=5),
        any_wrong,
        ("chunk size",),
    ),
    (
        "fit_features rows",
        lambda value: gradstep.fit_features(value, YS, steps=5),
        spoiled(ROWS),
        ("row",),
    ),
    (
        "fit_features learning_rate",
        lambda value: gradstep.fit_features(ROWS, YS, learning_rate=value, steps=5),
        any_wrong,
        ("learning rate",),
    ),
    (
        "fit_features seed",
        lambda v: gradstep.fit_features(ROWS, YS, seed=v, steps=5),
        any_wrong,
        ("seed",),
    ),
    (
        "fit_features fit_bias",
        lambda value: gradstep.fit_features(ROWS, YS, fit_bias=value, steps=5),
        any_wrong,
        ("fit_bias",),
    ),
    ("polynomial degree", lambda v: gradstep.polynomial_features(XS, v), any_wrong, ("degree",)),
    ("polynomial xs", lambda v: gradstep.polynomial_features(v, 2), spoiled(XS), ("xs",)),
    ("predict x", lambda value: RESULT.predict(value), any_wrong, ("x",)),
    ("predict row", lambda value: FEATURES_RESULT.predict(value), spoiled([1.0, 2.0]), ("row",)),
    ("Line weight", lambda value: gradstep.Line(value, 1.0), any_wrong, ("weight",)),
    ("Line bias", lambda value: gradstep.Line(2.0, value), any_wrong, ("bias",)),
]


@pytest.mark.parametrize(
    ("label", "call", "values", "words"), CASES, ids=[case[0] for case in CASES]
)
def test_wrong_values_get_a_sentence_about_their_parameter(
    label: str,
    call: Callable[[Any], object],
    values: st.SearchStrategy[Any],
    words: tuple[str, ...],
) -> None:
    @settings(max_examples=15)
    @given(value=values)
    def check(value: Any) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning is not an answer
            try:
                outcome = call(value)
            except gradstep.GradstepError as error:
                message = str(error)
                assert len(message) >= 30 and message.rstrip().endswith((".", ")")), message
                assert any(word in message for word in words), (label, message)
                return
        # Accepted: then it was a valid value, and the answer is made of finite numbers.
        for number in _numbers_in(outcome):
            assert math.isfinite(number), (label, value, outcome)

    check()


def _numbers_in(outcome: object) -> list[float]:
    if isinstance(outcome, float):
        return [outcome]
    if isinstance(outcome, (gradstep.FitResult, gradstep.Line)):
        return [outcome.weight, outcome.bias]
    if isinstance(outcome, gradstep.FeaturesResult):
        return [*outcome.weights, outcome.bias]
    if isinstance(outcome, list):
        return [number for row in outcome for number in row]
    return []
