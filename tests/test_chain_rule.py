"""Lesson 3, the chain rule: products of local derivatives against measured slopes."""

from __future__ import annotations

import math

from conftest import bounded_floats
from hypothesis import given

from gradstep.chain_rule import chain
from gradstep.derivatives import central_difference, d_squared_error_d_error


def test_chain_multiplies_its_factors() -> None:
    assert chain(4.0, 3.0) == 12.0
    assert chain(2.5, -3.0, 0.5) == -3.75
    assert chain(7.5) == 7.5


def test_an_empty_chain_is_the_identity() -> None:
    # d(z)/d(z) = 1: no links, no change.
    assert chain() == 1.0


@given(
    weight=bounded_floats(10.0),
    bias=bounded_floats(10.0),
    x=bounded_floats(10.0),
    target=bounded_floats(10.0),
)
def test_loss_error_weight_chain_against_central_difference(
    weight: float, bias: float, x: float, target: float
) -> None:
    def loss_at(trial_weight: float) -> float:
        return (trial_weight * x + bias - target) ** 2

    error = weight * x + bias - target
    by_chain = chain(d_squared_error_d_error(error), x)
    measured = central_difference(loss_at, weight, 1e-4)
    assert math.isclose(by_chain, measured, rel_tol=1e-6, abs_tol=1e-6)


@given(bounded_floats(3.0))
def test_three_link_chain_against_central_difference(z: float) -> None:
    # y = sin(u), u = v**2, v = 3.5 * z: dy/dz = cos(u) * 2 * v * 3.5.
    v = 3.5 * z
    u = v * v
    by_chain = chain(math.cos(u), 2 * v, 3.5)
    measured = central_difference(lambda t: math.sin((3.5 * t) ** 2), z, 1e-7)
    assert math.isclose(by_chain, measured, rel_tol=1e-4, abs_tol=1e-4)
