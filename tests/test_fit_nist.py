"""fit on NIST's certified line problems: at least 9 correct digits (LRE >= 9)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import lre, read_nist

from gradstep import fit


def test_norris_with_defaults_reaches_lre_9(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    xs, ys = read_nist(reference_data, "nist_norris.csv")
    certified = reference["nist_norris"]["certified"]
    result = fit(xs, ys)
    assert result.converged
    assert lre(result.weight, float(certified["weight"])) >= 9
    assert lre(result.bias, float(certified["bias"])) >= 9


@pytest.mark.parametrize("name", ["nist_noint1", "nist_noint2"])
def test_no_intercept_sets_reach_lre_9(
    name: str, reference_data: Path, reference: dict[str, Any]
) -> None:
    entry = reference[name]
    xs, ys = read_nist(reference_data, entry["file"])
    result = fit(xs, ys, fit_bias=False)
    assert result.converged
    assert result.bias == 0.0
    assert lre(result.weight, float(entry["certified"]["weight"])) >= 9


def test_noint1_with_a_bias_is_a_different_model(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    # With a free bias NoInt1 is the perfect line y = x + 70, not the certified slope.
    xs, ys = read_nist(reference_data, "nist_noint1.csv")
    result = fit(xs, ys)
    assert math.isclose(result.weight, 1.0, rel_tol=1e-9)
    assert math.isclose(result.bias, 70.0, rel_tol=1e-9)


def test_norris_explicit_rate_below_stable_steps_downhill(
    reference_data: Path, reference: dict[str, Any]
) -> None:
    xs, ys = read_nist(reference_data, "nist_norris.csv")
    stable = float(reference["nist_norris"]["conditioning"]["max_stable_lr_2x2"])
    result = fit(xs, ys, learning_rate=0.9 * stable, steps=200)
    losses = [record.loss for record in result.history]
    assert all(later <= earlier for earlier, later in itertools.pairwise(losses))
    assert math.isclose(result.stable_learning_rate, stable, rel_tol=1e-6)
