"""Further lessons: what comes after the six of the course.

- ``momentum`` and ``adam``: two refinements of the update step, each with its rule.
- ``batches``: descent on a few points at a time, with any of the update rules.
- ``rules``: the update rules a fit can be handed, listed once (``RULES``).
- ``curvature``: how steep the loss bowl bends, and so which learning rates are stable.
- ``scaling``: standardising the data makes the bowl round, so descent lands in one step.
- ``features``: a line in many features, the same lessons with a weight per feature.
- ``eigenvalues``: the curvatures of a bowl in many dimensions, and its axes.
- ``rotation``: turned to the bowl's axes and scaled along each, the bowl is round again.
- ``refinement``: the gradient from the rows, exactly, wins back the digits the sums lose.
"""
