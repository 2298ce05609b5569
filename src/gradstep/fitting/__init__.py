"""The machinery behind ``gradstep.fit``: what a fit returns, and the runs it chooses between.

- ``result``: ``FitResult``, the line, its loss and every step on the way.
- ``line``: ``Line``, a weight and a bias that predict.
- ``fit_variants``: runs with batches, momentum or Adam.
- ``fit_features``: runs with many features.
"""
