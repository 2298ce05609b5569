"""Small real data sets that ship with gradstep.

Forbes (1857): the boiling point of water and the air pressure, measured by
the Scottish physicist James D. Forbes at 17 places in the Alps and Scotland.
He wanted to find a mountain's height from the temperature at which water
boils on its top, since barometers were fragile to carry. The line is
nearly straight: pressure rises about 0.52 inches of mercury per degree.

Source: J. D. Forbes, "Further experiments and remarks on the measurement of
heights by the boiling point of water", Transactions of the Royal Society of
Edinburgh 21 (1857), 235-243; the table as reprinted in S. Weisberg, Applied
Linear Regression (Wiley), data set ``forbes``. Public domain.

NIST StRD: four certified problems of the Statistical Reference Datasets,
Linear Least Squares section, of the U.S. National Institute of Standards and
Technology (https://www.itl.nist.gov/div898/strd/), with NIST's certified
values to 15 significant digits: the standard by which statistical software
proves that it fits lines correctly. ``norris`` (a line, 36 points),
``noint1`` and ``noint2`` (lines through the origin), ``pontius`` (a
quadratic, 40 points). They sit in ``datasets/nist/`` as CSV files beside
``reference.json`` (certified and exact values, conditioning, sources; see the
README there). Public domain.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import resources

from gradstep.errors import GradstepError

# (boiling point in degrees Fahrenheit, pressure in inches of mercury)
FORBES_1857: tuple[tuple[float, float], ...] = (
    (194.5, 20.79),
    (194.3, 20.79),
    (197.9, 22.40),
    (198.4, 22.67),
    (199.4, 23.15),
    (199.9, 23.35),
    (200.9, 23.89),
    (201.1, 23.99),
    (201.4, 24.02),
    (201.3, 24.01),
    (203.6, 25.14),
    (204.6, 26.57),
    (209.5, 28.49),
    (208.6, 27.76),
    (210.7, 29.04),
    (211.9, 29.88),
    (212.2, 30.06),
)


def forbes() -> tuple[list[float], list[float]]:
    """Return Forbes' boiling points (x, degrees F) and pressures (y, inches of mercury).

    >>> boiling_points, pressures = forbes()
    >>> len(boiling_points), boiling_points[0], pressures[0]
    (17, 194.5, 20.79)
    """
    boiling_points = [point[0] for point in FORBES_1857]
    pressures = [point[1] for point in FORBES_1857]
    return boiling_points, pressures


NIST_NAMES = ("norris", "noint1", "noint2", "pontius")


@dataclass(frozen=True)
class NistProblem:
    """One certified NIST StRD problem: its data and the answers NIST certifies.

    ``certified`` and ``exact`` map each coefficient's name (``weight``,
    ``bias``, and ``weight_x2`` for the quadratic) to a decimal string: NIST's
    15 certified digits, and the exact least-squares answer to 20 digits.
    ``model`` is ``"line"``, ``"line_through_origin"`` or ``"quadratic"``.
    """

    name: str
    model: str
    xs: list[float]
    ys: list[float]
    certified: dict[str, str]
    exact: dict[str, str]
    source: str
    csv_text: str


def nist(name: str) -> NistProblem:
    """Return the NIST StRD problem ``name``: one of norris, noint1, noint2, pontius.

    >>> norris = nist("norris")
    >>> len(norris.xs), norris.model, norris.certified["weight"]
    (36, 'line', '1.00211681802045')
    """
    if name not in NIST_NAMES:
        raise GradstepError(
            f"There is no NIST problem named {name!r}. Ask for one of {', '.join(NIST_NAMES)}."
        )
    folder = resources.files(__package__) / "nist"
    entry = json.loads((folder / "reference.json").read_text(encoding="utf-8"))[f"nist_{name}"]
    text = (folder / entry["file"]).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    return NistProblem(
        name=name,
        model=entry["model"],
        xs=[float(row["x"]) for row in rows],
        ys=[float(row["y"]) for row in rows],
        certified=dict(entry["certified"]),
        exact=dict(entry["exact"]),
        source=entry["source"],
        csv_text=text,
    )
