"""Inputs as a hostile user gives them: every one refused with a sentence, or fitted right.

Unordered containers and tables where a column belongs, complex values, NumPy's
wrapping integers and whole-number scalars, predictions at rows of the wrong
length, and impossible sums. The oracle is exact ``fractions.Fraction`` least
squares on the same numbers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from fractions import Fraction
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from conftest import exact_least_squares

import gradstep
from gradstep import GradstepError, NotANumberError
from gradstep.fast.sums import line_sums

XS = [1.5, 2.5, 4.0, 5.5, 7.0]
YS = [4.25, 6.5, 9.5, 13.25, 16.0]
ROWS = [[1.5, 2.0], [2.5, 1.0], [4.0, 3.5], [5.5, 1.5], [7.0, 4.0]]


@contextmanager
def warnings_are_errors() -> Iterator[None]:
    """NumPy's warnings (a complex cast, an int64 that wrapped) must not be the only word."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def is_sentence(message: str) -> bool:
    return len(message) >= 30 and message.rstrip().endswith((".", ")")) and " " in message


UNORDERED_OR_TABLE: list[tuple[str, Callable[[], object], str]] = [
    ("set xs", lambda: gradstep.fit(set(XS), YS), "xs is a set, which has no order"),
    ("frozenset ys", lambda: gradstep.fit(XS, frozenset(YS)), "ys is a frozenset"),
    ("dict xs", lambda: gradstep.fit(dict.fromkeys(XS, 1.0), YS), "xs is a dict"),
    ("dataframe xs", lambda: gradstep.fit(pd.DataFrame({"a": XS, "b": YS}), YS), "a table"),
    ("numbered dataframe", lambda: gradstep.fit(pd.DataFrame([XS, YS]).T, YS), "a table"),
    ("2-D array xs", lambda: gradstep.fit(np.array(ROWS), YS), "2-dimensional ndarray"),
    ("nested lists xs", lambda: gradstep.fit(ROWS, YS), r"xs\[0\] is \[1.5, 2.0\], several"),
    ("set degree xs", lambda: gradstep.polynomial_features({1.0, 2.0}, 2), "xs is a set"),
    ("set pairs", lambda: gradstep.fit_pairs(set(zip(XS, YS))), "keeps a repeated data point"),
    ("dict pairs", lambda: gradstep.fit_pairs(dict(zip(XS, YS))), r"pairs\.items\(\)"),
    ("dataframe pairs", lambda: gradstep.fit_pairs(pd.DataFrame({"x": XS})), "column names"),
    ("dataframe rows", lambda: gradstep.fit_features(pd.DataFrame(ROWS), YS), "to_numpy"),
    ("set row", lambda: gradstep.fit_features([set(row) for row in ROWS], YS), "no order"),
]


@pytest.mark.parametrize(
    ("label", "call", "words"), UNORDERED_OR_TABLE, ids=[case[0] for case in UNORDERED_OR_TABLE]
)
def test_unordered_containers_and_tables_are_refused(
    label: str, call: Callable[[], object], words: str
) -> None:
    with pytest.raises(GradstepError, match=words) as raised:
        call()
    assert is_sentence(str(raised.value))


def test_a_2d_array_of_rows_is_the_right_shape_for_fit_features() -> None:
    from_array = gradstep.fit_features(np.array(ROWS), np.array(YS))
    from_lists = gradstep.fit_features(ROWS, YS)
    assert from_array.weights == from_lists.weights and from_array.bias == from_lists.bias


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_complex_arrays_are_not_a_number_without_relying_on_numpys_warning(
    dtype: type,
) -> None:
    column = np.array([1.5, 2.5 + 0.5j, 4.0], dtype=dtype)
    with warnings_are_errors():
        with pytest.raises(NotANumberError, match="complex number"):
            gradstep.fit(column, [1.0, 2.0, 3.5])
        with pytest.raises(NotANumberError, match="complex number"):
            gradstep.fit([1.0, 2.0, 3.5], column)
        with pytest.raises(NotANumberError, match="complex number"):
            gradstep.fit([1.0, 2.0, 3.5], list(column))  # NumPy scalars one by one
        with pytest.raises(NotANumberError, match="complex number"):
            gradstep.fit_features(
                [[1.0, value] for value in column], [1.0, 2.0, 3.5], learning_rate=0.01
            )
        with pytest.raises(NotANumberError, match="complex number"):
            gradstep.fit_pairs(zip(column, [1.0, 2.0, 3.5]))


# Nanosecond timestamps near 2023 spaced 2**24 ns, so that every one is exact as a
# float too: the only way to miss the exact line is arithmetic that wraps round.
TIMESTAMPS = [1_700_000_000_000_000_000 + index * 2**24 for index in range(40)]
TIMED_YS = [2.5 + 0.75 * index + (0.125 if index % 3 else -0.25) for index in range(40)]


@pytest.mark.parametrize(
    "as_given",
    [
        lambda values: np.array(values, dtype=np.int64),
        lambda values: pd.Series(values, dtype="int64"),
        lambda values: [np.int64(value) for value in values],
        lambda values: np.array(values, dtype=np.uint64),
    ],
    ids=["int64 array", "int64 Series", "list of int64", "uint64 array"],
)
def test_int64_timestamps_are_summed_without_wrapping(
    as_given: Callable[[list[int]], object],
) -> None:
    weight, bias = exact_least_squares(TIMESTAMPS, TIMED_YS)
    with warnings_are_errors():
        result = gradstep.fit(as_given(TIMESTAMPS), TIMED_YS)
        streamed = gradstep.fit_pairs(zip(as_given(TIMESTAMPS), TIMED_YS))  # type: ignore[call-overload]
    for fitted in (result, streamed):
        assert math.isclose(fitted.weight, weight, rel_tol=1e-9)
        # The bias is the line at t = 0, 1.7e18 ns before the data: a tiny change
        # of slope moves it far, so it is held on the data's own scale.
        assert abs(fitted.bias - float(bias)) <= 1e-9 * abs(float(weight)) * TIMESTAMPS[0]
        assert fitted.converged


def test_numpy_whole_numbers_count_where_a_whole_number_is_asked_for() -> None:
    plain = gradstep.fit(XS, YS, learning_rate=0.01, steps=100, seed=3, history_limit=50)
    numpy_counts = gradstep.fit(
        XS,
        YS,
        learning_rate=np.float64(0.01),
        steps=np.int64(100),
        seed=np.int64(3),
        history_limit=np.int32(50),
    )
    assert (numpy_counts.weight, numpy_counts.bias) == (plain.weight, plain.bias)
    batched = gradstep.fit(XS, YS, batch_size=np.int64(2), steps=np.uint8(30))
    assert batched.steps == 30
    assert gradstep.polynomial_features([2.0], np.int64(3)) == [[2.0, 4.0, 8.0]]
    streamed = gradstep.fit_pairs(zip(XS, YS), chunk_size=np.int16(2))
    assert math.isclose(streamed.weight, gradstep.fit(XS, YS).weight, rel_tol=1e-12)


def test_predict_refuses_a_row_of_the_wrong_length() -> None:
    result = gradstep.fit_features(ROWS, YS)
    with pytest.raises(GradstepError, match="The row has 1 value but the fit has 2 features"):
        result.predict([4.0])
    with pytest.raises(GradstepError, match="The row has 3 values"):
        result.predict([4.0, 1.0, 0.0])
    with pytest.raises(NotANumberError, match=r"row\[1\] is None"):
        result.predict([4.0, None])  # type: ignore[list-item]
    expected = result.weights[0] * 4.0 + result.weights[1] * 1.5 + result.bias
    assert math.isclose(result.predict(np.array([4.0, 1.5])), expected, rel_tol=1e-15)


PARAMETER_MESSAGES: list[tuple[str, Callable[[], object], str, str]] = [
    (
        "nan rate",
        lambda: gradstep.fit(XS, YS, learning_rate=math.nan),
        "learning rate",
        "data point",
    ),
    ("seed list", lambda: gradstep.fit(XS, YS, seed=[1, 2]), "The seed is [1, 2]", "data point"),
    ("beta1 text", lambda: gradstep.Adam(beta1="0.9"), "adam beta1 is the text '0.9'", "point"),
    ("progress True", lambda: gradstep.fit(XS, YS, progress=True), "progress is True", "point"),
    ("fit_bias text", lambda: gradstep.fit(XS, YS, fit_bias="no"), "fit_bias is 'no'", "point"),
    (
        "sums n = 0",
        lambda: gradstep.fit_sums(SimpleNamespace(n=0, mean_x=1, mean_y=2, sxx=1, sxy=0, syy=1)),
        "n = 0 data points",
        "ZeroDivision",
    ),
    (
        "negative sxx",
        lambda: gradstep.fit_sums(
            SimpleNamespace(n=4, mean_x=1, mean_y=2, sxx=-3.5, sxy=0.5, syy=1)
        ),
        "sxx is -3.5, but a sum of squares is never negative",
        "domain",
    ),
    (
        "sxy beyond Cauchy-Schwarz",
        lambda: gradstep.fit_sums(SimpleNamespace(n=4, mean_x=1, mean_y=2, sxx=1, sxy=5, syy=1)),
        "impossible",
        "domain",
    ),
    ("sums tuple", lambda: gradstep.fit_sums((4, 1.0, 2.0)), "needs a LineSums", "Attribute"),
    ("chunk size 0", lambda: gradstep.fit_pairs(zip(XS, YS), chunk_size=0), "chunk size", "empty"),
    ("predict nan", lambda: gradstep.fit(XS, YS).predict(math.nan), "x is nan", "data point"),
    ("line of text", lambda: gradstep.Line("2", 1.0), "line's weight is the text '2'", "concat"),
]


@pytest.mark.parametrize(
    ("label", "call", "words", "not_words"),
    PARAMETER_MESSAGES,
    ids=[case[0] for case in PARAMETER_MESSAGES],
)
def test_messages_about_a_parameter_talk_about_that_parameter(
    label: str, call: Callable[[], object], words: str, not_words: str
) -> None:
    with pytest.raises(GradstepError) as raised:
        call()
    message = str(raised.value)
    assert words in message
    assert not_words not in message
    assert is_sentence(message)


def test_possible_sums_from_any_object_are_fitted_as_line_sums() -> None:
    sums = line_sums(XS, YS)
    as_namespace = SimpleNamespace(**{name: getattr(sums, name) for name in vars(sums)})
    assert gradstep.fit_sums(as_namespace).weight == gradstep.fit_sums(sums).weight
    weight, _ = exact_least_squares(XS, YS)
    assert math.isclose(gradstep.fit_sums(as_namespace).weight, weight, rel_tol=1e-12)


def test_exact_fraction_weight_of_the_timestamps_is_not_the_float_one() -> None:
    # The oracle itself: exact on the integers, so a wrapped sum cannot agree with it.
    weight, _ = exact_least_squares(TIMESTAMPS, TIMED_YS)
    assert isinstance(weight, Fraction) and weight > 0
