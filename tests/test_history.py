"""Long runs keep a bounded, evenly thinned history: the start, the last step, and between."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gradstep import fit
from gradstep.bookkeeping.history import HISTORY_LIMIT
from gradstep.descent import Step, descend
from gradstep.errors import DivergenceError, GradstepError
from gradstep.fast.sums import line_sums
from gradstep.fit import fit_pairs, fit_sums

XS = [1.5, 2.5, 4.0, 7.0]
YS = [6.4, 9.1, 15.2, 24.5]


def bowl(weight: float, bias: float) -> tuple[float, float, float]:
    """Loss (w - 3)**2 + (b + 1)**2 and its gradient."""
    return 2 * (weight - 3), 2 * (bias + 1), (weight - 3) ** 2 + (bias + 1) ** 2


def steps_of(history: list[Step]) -> list[int]:
    return [record.step for record in history]


def test_up_to_the_limit_every_step_is_kept() -> None:
    result = fit_sums(line_sums(XS, YS), learning_rate=0.01, steps=HISTORY_LIMIT)
    assert HISTORY_LIMIT == 10_000
    assert steps_of(result.history) == list(range(10_001))


@given(
    steps=st.integers(min_value=0, max_value=3000),
    limit=st.integers(min_value=1, max_value=300),
)
def test_thinned_history_is_bounded_even_and_keeps_first_and_last(steps: int, limit: int) -> None:
    kept = steps_of(descend(bowl, (1.0, 1.0), 0.001, steps, history_limit=limit))
    assert kept[0] == 0
    assert kept[-1] == steps
    assert len(kept) <= limit + 1
    if steps <= limit:
        assert kept == list(range(steps + 1))
    else:
        # Between the first and the last, the records are evenly spaced at
        # a power of two, and there are more than a quarter of the limit.
        gaps = {later - earlier for earlier, later in itertools.pairwise(kept[:-1])}
        assert len(gaps) <= 1
        if gaps:
            stride = gaps.pop()
            assert stride & (stride - 1) == 0, stride
            assert kept[-1] - kept[-2] <= stride
        assert len(kept) > limit // 4


def test_thinned_records_are_the_records_of_the_full_run() -> None:
    sums = line_sums(XS, YS)
    full = fit_sums(sums, learning_rate=0.01, steps=30_000, history_limit=None)
    thinned = fit_sums(sums, learning_rate=0.01, steps=30_000)
    assert len(full.history) == 30_001
    assert len(thinned.history) <= HISTORY_LIMIT + 1
    for record in thinned.history:
        assert record == full.history[record.step]
    assert thinned.history[-1] == full.history[-1]


def test_a_long_run_on_the_sums_keeps_a_bounded_history() -> None:
    # The default fit on the sums, told to take a quarter of a million steps.
    result = fit(XS, YS, steps=250_000)
    assert result.steps == 250_000
    assert steps_of(result.history)[0] == 0
    assert steps_of(result.history)[-1] == 250_000
    assert len(result.history) <= HISTORY_LIMIT + 1
    assert math.isclose(result.weight, fit(XS, YS).weight, rel_tol=1e-12)


def test_the_lesson_loop_and_the_stream_take_the_limit_too() -> None:
    lesson = fit(XS, YS, learning_rate=0.01, steps=500, history_limit=50)
    streamed = fit_pairs(zip(XS, YS), learning_rate=0.01, steps=500, history_limit=50)
    for result in (lesson, streamed):
        assert len(result.history) <= 51
        assert steps_of(result.history)[0] == 0
        assert steps_of(result.history)[-1] == 500


def test_divergence_reports_the_loss_of_the_step_before_after_thinning() -> None:
    # A loss that falls for 40 steps, then rises: the message must quote the
    # loss of step 39, not of the last record kept before it.
    def turns_up(weight: float, bias: float) -> tuple[float, float, float]:
        d_weight, d_bias, loss = bowl(weight, bias)
        return d_weight, d_bias, loss if weight < 2.9 else 100 + weight

    with pytest.raises(DivergenceError) as raised:
        descend(turns_up, (1.0, 1.0), 0.01, 1000, history_limit=8)
    history = raised.value.history
    before = turns_up(history[-2].weight, history[-2].bias)[2]
    assert history[-1].step == history[-2].step + 1
    assert f"from {before:.6g} to" in str(raised.value)


@pytest.mark.parametrize("limit", [0, -5, 2.5, True, "100"])
def test_a_bad_history_limit_gets_a_sentence(limit: object) -> None:
    with pytest.raises(GradstepError, match="The history limit is"):
        fit(XS, YS, history_limit=limit)  # type: ignore[arg-type]


def test_batch_and_optimizer_runs_keep_a_bounded_history_too() -> None:
    xs = [0.5 * index for index in range(40)]
    ys = [3.25 * x - 1.75 + (0.3 if index % 3 else -0.6) for index, x in enumerate(xs)]
    for options in ({"batch_size": 4}, {"optimizer": "momentum"}):
        result = fit(xs, ys, learning_rate=0.001, steps=5_000, history_limit=300, **options)
        steps_kept = [record.step for record in result.history]
        assert len(steps_kept) <= 301, options
        assert steps_kept[0] == 0 and steps_kept[-1] == 5_000, options
        assert steps_kept == sorted(set(steps_kept)), options
