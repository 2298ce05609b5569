"""The lessons take numbers as given, but never answer an empty or lopsided list with a
ZeroDivisionError or a silently shortened zip."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import gradstep
from gradstep import gradient, loss
from gradstep.fast import sums
from gradstep.further import features

EMPTY_OR_LOPSIDED: list[tuple[str, Callable[[], object], str]] = [
    ("mse empty", lambda: loss.mean_squared_error([], []), "no data points"),
    ("mse lopsided", lambda: loss.mean_squared_error([1.5, 2.5], [1.0]), "2 values but"),
    ("gradient empty", lambda: gradient.gradient(0.5, 1.5, [], []), "no data points"),
    ("gradient lopsided", lambda: gradient.gradient(0.5, 1.5, [3.0], [1.0, 4.0]), "but ys has 2"),
    ("fused empty", lambda: gradient.gradient_and_loss(0.5, 1.5, [], []), "no data points"),
    ("numerical empty", lambda: gradient.numerical_gradient(0.5, 1.5, [], []), "no data"),
    ("sums empty", lambda: sums.line_sums([], []), "no data points"),
    ("features empty", lambda: features.gradient_and_loss([0.5], 1.5, [], []), "no data"),
]


@pytest.mark.parametrize(
    ("label", "call", "words"), EMPTY_OR_LOPSIDED, ids=[case[0] for case in EMPTY_OR_LOPSIDED]
)
def test_lessons_refuse_empty_and_lopsided_lists(
    label: str, call: Callable[[], object], words: str
) -> None:
    with pytest.raises(gradstep.GradstepError, match=words):
        call()


def test_predict_refuses_text_with_a_sentence() -> None:
    result = gradstep.fit([1.5, 2.5, 4.0], [2.0, 3.5, 6.5])
    with pytest.raises(gradstep.NotANumberError, match=r"x is the text 'a', not a number"):
        result.predict("a")  # type: ignore[arg-type]


def test_the_streaming_and_sums_fits_are_part_of_the_package() -> None:
    pairs = [(1.5, 2.0), (2.5, 3.5), (4.0, 6.5)]
    streamed = gradstep.fit_pairs(iter(pairs))
    summed = gradstep.fit_sums(sums.line_sums([1.5, 2.5, 4.0], [2.0, 3.5, 6.5]))
    assert streamed.weight == pytest.approx(summed.weight, rel=1e-12)
    assert streamed.bias == pytest.approx(summed.bias, rel=1e-12)


def test_the_lopsided_message_names_the_lesson_s_own_inputs() -> None:
    with pytest.raises(gradstep.GradstepError) as raised:
        loss.mean_squared_error([1.5, 2.5], [1.0])
    assert str(raised.value) == (
        "predictions has 2 values but targets has 1. Each data point needs one prediction "
        "and one target: make the two lists the same length."
    )
