"""A fair sample of a stream too long to keep: reservoir sampling.

A scatter plot of ten million rows would be an SVG of hundreds of megabytes,
and the points would hide each other anyway. A random sample of a few
thousand shows the same cloud. The stream can be read only once and its
length is not known in advance, so the sample is kept as it goes by.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator


class PointSample:
    """At most ``size`` points drawn evenly at random from a stream, read once.

    Reservoir sampling (Algorithm R): keep the first ``size`` points; after
    that, the k-th point replaces a random kept one with probability size / k.
    Every point ends up kept with the same chance, and memory stays flat, so a
    scatter plot of ten million rows draws a fair 2,000 of them.

    >>> sample = PointSample(size=3)
    >>> sum(1 for _ in sample.passing((x, 2 * x) for x in range(100)))
    100
    >>> len(sample.points), sample.seen
    (3, 100)
    """

    def __init__(self, size: int = 2000, seed: int | None = 0) -> None:
        self.size = size
        self.points: list[tuple[float, float]] = []
        self.seen = 0
        self._random = random.Random(seed)

    def passing(self, pairs: Iterable[tuple[float, float]]) -> Iterator[tuple[float, float]]:
        """Yield every pair on to the next reader, keeping the sample on the way."""
        for pair in pairs:
            self.seen += 1
            if len(self.points) < self.size:
                self.points.append(pair)
            else:
                slot = int(self._random.random() * self.seen)
                if slot < self.size:
                    self.points[slot] = pair
            yield pair
