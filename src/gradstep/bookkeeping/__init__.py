"""Bookkeeping the lessons need but do not teach.

- ``history``: keeping a long run's records within a bound.
"""
