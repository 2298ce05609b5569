"""Integers past 2**53, which a float cannot all hold: fitted exactly or refused.

The oracle is least squares in exact ``fractions.Fraction`` arithmetic on the
integers as given, not as floats.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy
import pytest

import gradstep
from gradstep.errors import GradstepError

TIMES = [1_700_000_000_000_000_000 + i * 10**9 for i in range(10)]  # ns, 1 s apart
YS = [2.0 * i + (i % 3) * 0.1 for i in range(10)]


def exact_line(xs: list[Any], ys: list[Any]) -> tuple[Fraction, Fraction]:
    """The least-squares weight and bias of the given numbers, in exact arithmetic."""
    n = len(xs)
    mean_x = sum(map(Fraction, xs)) / n
    mean_y = sum(map(Fraction, ys)) / n
    sxy = sum((Fraction(x) - mean_x) * (Fraction(y) - mean_y) for x, y in zip(xs, ys))
    sxx = sum((Fraction(x) - mean_x) ** 2 for x in xs)
    weight = sxy / sxx
    return weight, mean_y - weight * mean_x


def close(value: float, exact: Fraction, tolerance: float) -> bool:
    return abs(Fraction(value) - exact) <= tolerance * abs(exact)


def test_timestamps_a_second_apart_still_fit_exactly_enough() -> None:
    # These integers are multiples of 512, which a float near 1.7e18 holds exactly.
    weight, bias = exact_line(TIMES, YS)
    for result in (gradstep.fit(TIMES, YS), gradstep.fit_pairs(zip(TIMES, YS))):
        assert close(result.weight, weight, 1e-9)  # the descent's 10th digit
    features = gradstep.fit_features([[x] for x in TIMES], YS)
    assert close(features.weights[0], weight, 1e-9)
    assert abs(Fraction(features.bias) - bias) <= 1e-9 * abs(weight) * TIMES[-1]


def test_rounding_small_against_the_spread_passes_and_fits() -> None:
    # Past 2**60 a float rounds by up to 128, against a spread of 9 * 2**50.
    xs = [2**60 + 1 + i * 2**50 for i in range(10)]
    weight, _ = exact_line(xs, YS)
    assert close(gradstep.fit(xs, YS).weight, weight, 1e-9)
    assert close(gradstep.fit(numpy.array(xs, dtype=numpy.int64), YS).weight, weight, 1e-9)


BIG = [1_700_000_000_000_000_000 + i * 1000 for i in range(10)]  # 1000 apart: rounded
UNSIGNED = numpy.array([2**64 - 1, 2**64 - 1000, 2**64 - 3000], dtype=numpy.uint64)


@pytest.mark.parametrize(
    ("call", "where"),
    [
        (lambda: gradstep.fit(BIG, YS), "xs["),
        (lambda: gradstep.fit(numpy.array(BIG, dtype=numpy.int64), YS), "xs["),
        (lambda: gradstep.fit(list(numpy.array(BIG, dtype=numpy.int64)), YS), "xs["),
        (lambda: gradstep.fit(YS, BIG), "ys["),
        (lambda: gradstep.fit(UNSIGNED, [1, 2, 4]), "xs[1]"),
        (lambda: gradstep.fit([1, 2, 4], UNSIGNED), "ys[1]"),
        (lambda: gradstep.fit_pairs(zip(BIG, YS)), "x["),
        (lambda: gradstep.fit_pairs(zip(UNSIGNED, [1, 2, 4])), "x[1]"),
        (lambda: gradstep.fit_pairs(zip(BIG, YS), chunk_size=3), "x["),
        (lambda: gradstep.fit_features([[x, i % 4] for i, x in enumerate(BIG)], YS), "rows["),
        (lambda: gradstep.fit_features(UNSIGNED.reshape(3, 1), [1, 2, 4]), "rows[1][0]"),
        (lambda: gradstep.fit_features([[x] for x in YS], BIG), "ys["),
    ],
)
def test_integers_a_float_rounds_are_refused_with_what_to_do(call: object, where: str) -> None:
    # On these the float answer was wrong (LRE 1.9 for BIG; -0.00122 for -0.001).
    with pytest.raises(GradstepError) as caught:
        call()  # type: ignore[operator]
    message = str(caught.value)
    assert message.startswith(where)
    assert "too large for a float to hold exactly" in message
    assert "Subtract an offset" in message


def test_a_later_chunk_of_a_stream_is_checked_too() -> None:
    xs = [1_700_000_000_000_000_000 + i * 1024 for i in range(10)]
    xs[7] += 1000  # exact until this one
    with pytest.raises(GradstepError, match=r"^x\[7\] is 1700000000000008168"):
        gradstep.fit_pairs(zip(xs, YS), chunk_size=3)


def test_the_offset_the_message_suggests_gives_the_exact_line() -> None:
    weight, bias = exact_line(BIG, YS)
    result = gradstep.fit([x - BIG[0] for x in BIG], YS)
    assert close(result.weight, weight, 1e-9)
    shifted_bias = Fraction(result.bias) - Fraction(result.weight) * BIG[0]
    assert abs(shifted_bias - bias) <= 1e-9 * abs(weight) * BIG[-1]


def test_decimals_and_fractions_past_a_floats_digits_are_refused_too() -> None:
    ys = [1, 2, 3, 4, 6]
    decimals = [Decimal("1.00000000000000001") + Decimal(i) / 10**17 for i in range(5)]
    with pytest.raises(GradstepError, match=r"^xs\[4\] is Decimal\('1.00000000000000005'\), wh"):
        gradstep.fit(decimals, ys)
    fractions = [1 + Fraction(i, 10**17) for i in range(5)]
    with pytest.raises(GradstepError, match=r"^ys\[4\] is Fraction\(.*more digits than a float"):
        gradstep.fit(ys, fractions)
    with pytest.raises(GradstepError, match=r"^rows\[4\]\[0\] \(row 4, column 0\) is Decimal"):
        gradstep.fit_features([[x] for x in decimals], ys)


def test_decimals_and_fractions_a_float_rounds_harmlessly_still_fit() -> None:
    ys = [1, 2, 3, 4, 6]
    for xs in ([Decimal("0.1") * i for i in range(5)], [Fraction(i, 3) for i in range(5)]):
        weight, _ = exact_line(xs, ys)
        assert close(gradstep.fit(xs, ys).weight, weight, 1e-9)
