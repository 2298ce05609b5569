"""The public entry point answers on the simplest data."""

import math

import gradstep


def test_fit_recovers_an_exact_line() -> None:
    result = gradstep.fit([1.5, 2.5, 4.0, 7.0], [6.55, 9.85, 14.8, 24.7])
    assert math.isclose(result.weight, 3.3, rel_tol=1e-12)
    assert math.isclose(result.bias, 1.6, rel_tol=1e-12)
