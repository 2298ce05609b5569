"""gradstep: gradient descent taught by doing it.

Read the lessons in order: ``loss``, ``derivatives``, ``chain_rule``,
``gradient``, ``update``, then ``descent`` (the loop) and ``fit``.

>>> import gradstep
>>> result = gradstep.fit([1, 2, 3, 4], [5, 8, 11, 14])
>>> round(result.predict(10), 9)
32.0
"""

from gradstep.errors import DivergenceError, GradstepError, NotANumberError
from gradstep.fit import fit, fit_pairs, fit_sums
from gradstep.fitting.fit_features import FeaturesResult, fit_features
from gradstep.fitting.line import Line
from gradstep.fitting.result import FitResult
from gradstep.further.features import polynomial_features
from gradstep.further.rules import Adam, Momentum, Plain

__version__ = "0.1.0"

__all__ = [
    "Adam",
    "DivergenceError",
    "FeaturesResult",
    "FitResult",
    "GradstepError",
    "Line",
    "Momentum",
    "NotANumberError",
    "Plain",
    "__version__",
    "fit",
    "fit_features",
    "fit_pairs",
    "fit_sums",
    "polynomial_features",
]
