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
"""

from __future__ import annotations

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
