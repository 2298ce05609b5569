"""Lesson 7: the loop, varied -- mini-batches, momentum and Adam.

The four steps of ``descent`` stay; two things in step 2 may change.

**Which data the gradient sees.** Full-batch descent takes the gradient over
all n points. Stochastic gradient descent (SGD) takes it over one point,
mini-batch descent over ``batch_size`` points. Each epoch (one pass over the
data) the points are shuffled with ``random.Random(seed)`` and cut into
batches; every batch gives one update, so an epoch of n points in batches of
k is ceil(n / k) updates. A batch's gradient is the same chain rule on fewer
points (``gradient.gradient_and_loss`` on the batch), so it is a noisy
estimate of the full gradient: cheap, and right on average.

**How far to move.** Plain descent, momentum or Adam (``rules``).

The loop here works on a list of numbers to learn (a weight and a bias, or
one weight per feature and a bias). It is handed a function for the gradient
on a batch and one for the gradient and loss of all the data, which it calls
after every update to record where the descent stands.

Divergence. Plain full-batch descent below its stable rate never raises the
loss, so there any rise beyond rounding stops it (as in ``descent``). With
batches or momentum the loss may rise for a while by design: a batch pulls
towards its own points, a velocity carries past the bottom. There only a
loss that is not finite, or more than ``EXPLOSION_FACTOR`` (10**6) times the
loss at the start, counts as divergence.
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Callable, Iterator
from typing import TypeVar

from gradstep.bookkeeping.history import HISTORY_LIMIT, Numbered, Update, kept_within
from gradstep.checks import check_batch_size, check_seed, shown, whole_number
from gradstep.descent import loss_rose
from gradstep.errors import GradstepError, divergence_error
from gradstep.further.rules import Plain, Updater, UpdateRule

EXPLOSION_FACTOR = 1e6

Record = TypeVar("Record", bound=Numbered)
BatchGradient = Callable[[list[float], list[int]], list[float]]
WholeGradientAndLoss = Callable[[list[float]], tuple[list[float], float]]
MakeRecord = Callable[[int, int, list[float], float, list[float], Update | None], Record]


def shuffled_batches(n: int, batch_size: int, seed: int | None) -> Iterator[tuple[int, list[int]]]:
    """Yield (epoch, indices of the batch) without end, shuffling at each epoch.

    An epoch is cut into ceil(n / batch_size) batches as equal in size as can
    be (none larger than batch_size), so that no lone leftover point gets a
    whole update to itself and pulls the line towards it.

    Five points in batches of at most 2: three batches make epoch 1, and
    between them they hold every point once.

    >>> batches = shuffled_batches(5, 2, seed=3)
    >>> first_four = [next(batches) for _ in range(4)]
    >>> [(epoch, len(batch)) for epoch, batch in first_four]
    [(1, 2), (1, 2), (1, 1), (2, 2)]
    >>> sorted(index for epoch, batch in first_four[:3] for index in batch)
    [0, 1, 2, 3, 4]

    Seventeen points in batches of at most 16 make two batches, of 9 and 8:

    >>> batches = shuffled_batches(17, 16, seed=3)
    >>> len(next(batches)[1]), len(next(batches)[1])
    (9, 8)
    """
    if not 1 <= (whole_number(n) or 0) <= 10**9:  # checked at the first batch, when it runs
        raise GradstepError(
            f"shuffled_batches needs n, the number of points, as a whole number from 1 to "
            f"10**9 (it keeps one index per point), but it is {shown(n)}."
        )
    batch_size = check_batch_size(batch_size, n) or n  # None: all the points in one batch
    generator = random.Random(check_seed(seed))
    order = list(range(n))
    batch_count = -(-n // batch_size)
    # The first (n % batch_count) batches take one point more than the rest.
    bounds = [index * n // batch_count for index in range(batch_count + 1)]
    bounds = [n - bound for bound in reversed(bounds)]
    epoch = 0
    while True:
        epoch += 1
        generator.shuffle(order)
        for begin, end in itertools.pairwise(bounds):
            yield epoch, order[begin:end]


def descend_variant(
    batch_gradient: BatchGradient,
    whole_gradient_and_loss: WholeGradientAndLoss,
    start: list[float],
    make_record: MakeRecord[Record],
    *,
    n: int,
    batch_size: int | None,
    rule: UpdateRule,
    learning_rate: Callable[[int], float],
    steps: int,
    seed: int | None = 0,
    is_converged: Callable[[list[float]], bool] | None = None,
    stable_learning_rate: float = math.nan,
    history_limit: int | None = HISTORY_LIMIT,
) -> list[Record]:
    """Run descent with batches and an update rule; return one record per step.

    ``learning_rate(t)`` is the rate of update t (from 1). ``batch_size`` None
    is full batch: then ``whole_gradient_and_loss`` gives the gradient too and
    every step is an epoch. ``is_converged(values)``, if given, stops the loop.
    ``history_limit`` bounds the records kept, as in ``descent.descend``.
    ``make_record(step, epoch, values, loss, whole_gradient, update)`` builds
    a record; ``update`` (``bookkeeping.history.Update``, None at the start)
    says how it was reached: the rate, the batch's gradient at the previous
    values, and the rule's memory after the step.

    The bowl (w - 3)**2 + (b + 1)**2, one "point", plain steps of rate 0.25:

    >>> def whole(values):
    ...     w, b = values
    ...     return [2 * (w - 3), 2 * (b + 1)], (w - 3) ** 2 + (b + 1) ** 2
    >>> from collections import namedtuple
    >>> Record = namedtuple("Record", "step epoch values")
    >>> def record(step, epoch, values, loss, gradient, update):
    ...     return Record(step, epoch, values)
    >>> descend_variant(  # doctest: +NORMALIZE_WHITESPACE
    ...     lambda values, batch: whole(values)[0], whole, [1.0, 1.0], record,
    ...     n=1, batch_size=1, rule=Plain(), learning_rate=lambda t: 0.25, steps=2)
    [Record(step=0, epoch=0, values=[1.0, 1.0]), Record(step=1, epoch=1, values=[2.0, 0.0]),
     Record(step=2, epoch=2, values=[2.5, -0.5])]

    Step 1 moved [1, 1] by 0.25 times the gradient there, [-4, 4]:

    >>> Moved = namedtuple("Moved", "step update")
    >>> def moved(step, epoch, values, loss, gradient, update):
    ...     return Moved(step, update)
    >>> descend_variant(lambda values, batch: whole(values)[0], whole, [1.0, 1.0], moved,
    ...     n=1, batch_size=1, rule=Plain(), learning_rate=lambda t: 0.25, steps=1)[1].update
    Update(learning_rate=0.25, gradient=(-4.0, 4.0), memory=((), ()))
    """
    values = list(start)
    whole_gradient, loss = whole_gradient_and_loss(values)
    history = [make_record(0, 0, values, loss, whole_gradient, None)]
    start_loss = previous_loss = loss
    strict = batch_size is None and isinstance(rule, Plain)
    batches = None if batch_size is None else shuffled_batches(n, batch_size, seed)
    updater = Updater(rule)
    stride = 1
    for step in range(1, steps + 1):
        if is_converged is not None and is_converged(values):
            break
        if batches is None:
            epoch, update_gradient = step, whole_gradient
        else:
            epoch, batch = next(batches)
            update_gradient = batch_gradient(values, batch)
        rate = learning_rate(step)
        values = updater.step(values, update_gradient, rate)
        update = Update(rate, tuple(update_gradient), tuple(updater.memories))
        whole_gradient, loss = whole_gradient_and_loss(values)
        history.append(make_record(step, epoch, values, loss, whole_gradient, update))
        if strict:
            went_wrong = loss_rose(previous_loss, loss, start_loss)
        else:
            went_wrong = loss > EXPLOSION_FACTOR * start_loss
        if went_wrong or not math.isfinite(loss):
            raise divergence_error(
                history,
                step=step,
                # The loose rule compares with the start, so the message quotes the start.
                previous_loss=previous_loss if strict else start_loss,
                loss=loss,
                learning_rate=learning_rate(step),
                stable_learning_rate=stable_learning_rate,
                explosion_factor=None if strict else EXPLOSION_FACTOR,
            )
        previous_loss = loss
        history, stride = kept_within(history, stride, history_limit)
    return history
