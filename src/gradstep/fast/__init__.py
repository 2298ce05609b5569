"""The fast paths: the same numbers as the lessons, computed from a few sums.

Each module says which lesson it is equivalent to, and its tests hold it equal.

- ``sums``: the loss and gradient of a line from n, the means, sxx, sxy and syy.
- ``feature_sums``: the same for many features.
- ``stream``: the sums of a stream of (x, y) pairs too big to hold, a chunk at a time.
"""
