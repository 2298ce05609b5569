"""The data sets that ship with gradstep, NIST's certified problems above all.

The certified digits are NIST's; the data are NIST's files, copied. These tests
hold the two together: each exact least-squares answer, recomputed here from
the shipped CSV with ``fractions.Fraction``, matches every certified digit.
"""

from __future__ import annotations

import csv
import json
import math
from fractions import Fraction

import pytest
from conftest import REFERENCE_DATA, exact_feature_least_squares

from gradstep.datasets import NIST_NAMES, forbes, nist
from gradstep.errors import GradstepError

REFERENCE = json.loads((REFERENCE_DATA / "reference.json").read_text(encoding="utf-8"))


def read_exact(file_name: str) -> tuple[list[Fraction], list[Fraction]]:
    """The CSV's cells as exact fractions of their decimal text."""
    with open(REFERENCE_DATA / file_name, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [Fraction(row["x"]) for row in rows], [Fraction(row["y"]) for row in rows]


def exact_coefficients(name: str) -> dict[str, Fraction]:
    """The exact least-squares answer of the model NIST certifies for this problem."""
    entry = REFERENCE[f"nist_{name}"]
    xs, ys = read_exact(entry["file"])
    powers = {"line": [1], "line_through_origin": [1], "quadratic": [1, 2]}[entry["model"]]
    rows = [[x**power for power in powers] for x in xs]
    fit_bias = entry["model"] != "line_through_origin"
    coefficients = exact_feature_least_squares(rows, ys, fit_bias=fit_bias)  # bias last
    names = ["weight", "weight_x2"][: len(powers)] + (["bias"] if fit_bias else [])
    return dict(zip(names, coefficients))


@pytest.mark.parametrize("name", NIST_NAMES)
def test_the_shipped_data_give_every_certified_digit(name: str) -> None:
    certified = REFERENCE[f"nist_{name}"]["certified"]
    for coefficient, exact in exact_coefficients(name).items():
        value = Fraction(certified[coefficient])
        # 15 significant digits: the certified value is the exact one, rounded.
        assert abs(exact - value) <= abs(exact) * Fraction(1, 10**14), (coefficient, exact)


@pytest.mark.parametrize("name", NIST_NAMES)
def test_nist_returns_the_files_numbers_and_certified_values(name: str) -> None:
    problem = nist(name)
    xs, ys = read_exact(REFERENCE[f"nist_{name}"]["file"])
    assert problem.xs == [float(x) for x in xs]
    assert problem.ys == [float(y) for y in ys]
    assert problem.certified == REFERENCE[f"nist_{name}"]["certified"]
    assert problem.model == REFERENCE[f"nist_{name}"]["model"]
    assert "NIST StRD" in problem.source


def test_an_unknown_problem_is_named_with_the_choices() -> None:
    with pytest.raises(GradstepError, match=r"'longley'\. Ask for one of norris, noint1"):
        nist("longley")


def test_forbes_is_seventeen_points_rising_about_half_an_inch_a_degree() -> None:
    boiling, pressure = forbes()
    assert len(boiling) == len(pressure) == 17
    slope = (pressure[-1] - pressure[0]) / (boiling[-1] - boiling[0])
    assert math.isclose(slope, 0.52, rel_tol=0.05)
