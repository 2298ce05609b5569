"""Lesson 6, the loop: the four steps, the history and the divergence rule."""

from __future__ import annotations

import dataclasses
import math
import random

import pytest

from gradstep.descent import Step, descend, random_start
from gradstep.errors import DivergenceError, GradstepError


def bowl(weight: float, bias: float) -> tuple[float, float, float]:
    """Loss (w - 3)**2 + 4 * (b + 1.5)**2 with its gradient."""
    return 2 * (weight - 3), 8 * (bias + 1.5), (weight - 3) ** 2 + 4 * (bias + 1.5) ** 2


def test_random_start_is_uniform_weight_then_bias_from_the_seed() -> None:
    generator = random.Random(7)
    expected_weight = generator.uniform(-1.0, 1.0)
    expected_bias = generator.uniform(-1.0, 1.0)
    assert random_start(7) == (expected_weight, expected_bias)
    assert expected_weight != expected_bias


def test_random_start_without_bias_keeps_the_same_weight() -> None:
    weight, bias = random_start(11)
    assert random_start(11, fit_bias=False) == (weight, 0.0)
    assert random_start(11, fit_bias=True) == (weight, bias)


def test_random_start_stays_in_minus_one_to_one() -> None:
    for seed in range(200):
        weight, bias = random_start(seed)
        assert -1.0 <= weight <= 1.0
        assert -1.0 <= bias <= 1.0


def test_descend_takes_the_steps_of_the_update_rule() -> None:
    history = descend(bowl, (1.0, 0.5), 0.125, 3)
    weight, bias = 1.0, 0.5
    expected = []
    for step in range(4):
        d_weight, d_bias, loss = bowl(weight, bias)
        expected.append(Step(step, weight, bias, loss, (d_weight, d_bias)))
        weight, bias = weight - 0.125 * d_weight, bias - 0.125 * d_bias
    assert history == expected
    assert [record.step for record in history] == [0, 1, 2, 3]


def test_descend_with_zero_steps_keeps_only_the_start() -> None:
    history = descend(bowl, (1.0, 0.5), 0.125, 0)
    assert history == [Step(0, 1.0, 0.5, 20.0, (-4.0, 16.0))]


def test_descend_without_bias_never_moves_the_bias() -> None:
    history = descend(bowl, (1.0, 0.5), 0.125, 3, fit_bias=False)
    assert [record.bias for record in history] == [0.5, 0.5, 0.5, 0.5]
    assert [record.weight for record in history] == [1.0, 1.5, 1.875, 2.15625]


def test_descend_stops_at_the_first_converged_step() -> None:
    seen: list[int] = []

    def converged(record: Step) -> bool:
        seen.append(record.step)
        return record.step == 2

    history = descend(bowl, (1.0, 0.5), 0.125, 50, is_converged=converged)
    assert [record.step for record in history] == [0, 1, 2]
    assert seen == [0, 1, 2]


def test_descend_checks_convergence_at_the_start_too() -> None:
    history = descend(bowl, (3.0, -1.5), 0.125, 50, is_converged=lambda record: True)
    assert len(history) == 1


def test_a_non_finite_start_is_a_clear_error() -> None:
    def huge(weight: float, bias: float) -> tuple[float, float, float]:
        return 1.0, 1.0, math.inf

    with pytest.raises(GradstepError, match="loss at the start"):
        descend(huge, (0.25, 0.5), 0.1, 5)


def test_a_rising_loss_raises_divergence_with_the_history() -> None:
    # A rate above 2 / 8 makes the bias overshoot further each step.
    with pytest.raises(DivergenceError) as raised:
        descend(bowl, (3.0, 0.5), 0.3, 20, stable_learning_rate=0.25)
    problem = raised.value
    assert problem.learning_rate == 0.3
    assert problem.stable_learning_rate == 0.25
    assert [record.step for record in problem.history] == [0, 1]
    assert problem.history[1].loss > problem.history[0].loss
    assert "0.3" in str(problem)
    assert "0.25" in str(problem)
    assert "rose" in str(problem)


def scripted(losses: list[float]):  # type: ignore[no-untyped-def]
    """A gradient_and_loss that returns the given losses in turn."""
    remaining = iter(losses)

    def gradient_and_loss(weight: float, bias: float) -> tuple[float, float, float]:
        return 0.5, 0.5, next(remaining)

    return gradient_and_loss


def test_a_rise_within_rounding_is_not_divergence() -> None:
    losses = [5.0, 4.0, 4.0 * (1 + 1e-12), 3.0]
    history = descend(scripted(losses), (0.0, 0.0), 0.1, 3)
    assert [record.loss for record in history] == losses


def test_a_rise_of_one_part_in_a_million_is_divergence() -> None:
    with pytest.raises(DivergenceError):
        descend(scripted([5.0, 4.0, 4.0 * (1 + 1e-6)]), (0.0, 0.0), 0.1, 2)


def test_a_rise_far_below_the_start_is_still_divergence() -> None:
    # The rounding floor is tiny next to the start's loss: a rise from 1e-6 to 1e-3
    # is real although both are far below the start's loss of 1.
    with pytest.raises(DivergenceError):
        descend(scripted([1.0, 1e-6, 1e-3]), (0.0, 0.0), 0.1, 2)


def test_a_rise_at_the_rounding_floor_is_not_divergence() -> None:
    losses = [1.0, 0.0, 5e-21, 0.0]
    history = descend(scripted(losses), (0.0, 0.0), 0.1, 3)
    assert [record.loss for record in history] == losses


def test_a_loss_that_stops_being_finite_is_divergence() -> None:
    with pytest.raises(DivergenceError) as raised:
        descend(scripted([5.0, 4.0, math.nan]), (0.0, 0.0), 0.1, 5, stable_learning_rate=0.05)
    assert "finite" in str(raised.value)
    assert len(raised.value.history) == 3


def test_the_divergence_message_quotes_both_losses() -> None:
    with pytest.raises(DivergenceError) as raised:
        descend(scripted([5.0, 4.25, 6.5]), (0.0, 0.0), 0.375, 5, stable_learning_rate=0.0625)
    message = str(raised.value)
    assert "step 2" in message
    assert "4.25" in message
    assert "6.5" in message
    assert "0.375" in message
    assert "0.0625" in message


def test_the_non_finite_start_message() -> None:
    def huge(weight: float, bias: float) -> tuple[float, float, float]:
        return 1.0, 1.0, math.inf

    with pytest.raises(GradstepError) as raised:
        descend(huge, (0.25, -0.5), 0.1, 5)
    assert str(raised.value) == (
        "The loss at the start (weight 0.25, bias -0.5) is too large for a float: the data "
        "are too large for descent in their own units. Leave learning_rate out so that fit "
        "scales the data, or divide them by a power of ten."
    )


def test_the_divergence_message_in_full() -> None:
    with pytest.raises(DivergenceError) as raised:
        descend(scripted([5.0, 4.25, 6.5]), (0.0, 0.0), 0.375, 5, stable_learning_rate=0.0625)
    assert str(raised.value) == (
        "Gradient descent diverged at step 2: the loss rose (from 4.25 to 6.5) with learning "
        "rate 0.375. For these data any rate above 0.0625 (2 / the largest curvature of the "
        "loss) makes descent blow up. Use a rate below 0.0625, or leave learning_rate out and "
        "let fit scale the data."
    )


def test_step_records_cannot_be_changed() -> None:
    record = descend(bowl, (1.0, 0.5), 0.125, 0)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.loss = 0.0  # type: ignore[misc]


def test_the_divergence_rule_one_part_in_10_to_the_8() -> None:
    # Documented: a rise of more than 1e-8 of the last loss (plus 1e-20 of the start's).
    within = [5.0, 4.0, 4.0 * (1 + 0.5e-8), 3.0]
    assert [record.loss for record in descend(scripted(within), (0.0, 0.0), 0.1, 3)] == within
    with pytest.raises(DivergenceError):
        descend(scripted([5.0, 4.0, 4.0 * (1 + 1.5e-8)]), (0.0, 0.0), 0.1, 2)


def test_the_divergence_rule_at_exactly_the_limit_is_no_divergence() -> None:
    limit = 1.0 * (1 + 1e-8) + 1e-20 * 1.0
    losses = [1.0, 1.0, limit, 0.5]
    assert [record.loss for record in descend(scripted(losses), (0.0, 0.0), 0.1, 3)] == losses


def test_the_rounding_floor_is_1e_minus_20_of_the_start() -> None:
    with pytest.raises(DivergenceError):
        descend(scripted([1.0, 0.0, 1.5e-20]), (0.0, 0.0), 0.1, 2)


def test_the_non_finite_divergence_message_in_full() -> None:
    with pytest.raises(DivergenceError) as raised:
        descend(scripted([5.0, 4.25, math.inf]), (0.0, 0.0), 0.375, 5, stable_learning_rate=0.0625)
    assert str(raised.value).startswith(
        "Gradient descent diverged at step 2: the loss stopped being a finite number "
        "(from 4.25 to inf) with learning rate 0.375."
    )


def test_progress_sees_every_new_step_as_it_is_taken() -> None:
    seen: list[Step] = []
    history = descend(bowl, (1.0, 0.5), 0.125, 6, progress=seen.append, history_limit=None)
    assert seen == history[1:]


@pytest.mark.parametrize("steps", range(1, 41))
def test_a_bounded_history_keeps_evenly_spaced_steps_and_the_latest(steps: int) -> None:
    history = descend(bowl, (1.0, 0.5), 0.125, steps, history_limit=4)
    numbers = [record.step for record in history]
    assert numbers[-1] == steps
    assert len(numbers) <= 5
    kept = numbers[:-1] if numbers[-1] != numbers[-2] + (numbers[1] - numbers[0]) else numbers
    stride = numbers[1] - numbers[0]
    assert kept == list(range(0, stride * len(kept), stride))
    full = descend(bowl, (1.0, 0.5), 0.125, steps, history_limit=None)
    assert history[-1] == full[-1]
