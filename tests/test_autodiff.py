"""Lesson 7, autodiff: the gradient found by backward() is the gradient found by hand.

Oracles: central differences written out here, forward-mode derivatives (dual
numbers, a different algorithm) written out here, exact fractions, and the
hand-derived lesson ``gradient.gradient`` for the loss of a line.
"""

from __future__ import annotations

import gc
import math
import random
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from conftest import bounded_floats, line_data
from hypothesis import assume, given
from hypothesis import strategies as st

from gradstep import autodiff, gradient
from gradstep.autodiff import Value, count_uses, mean_squared_error_graph
from gradstep.descent import descend
from gradstep.errors import GradstepError, NotANumberError


def measured_slope(f: Callable[[float], float], x: float) -> float:
    """A central difference, written out here so that the oracle is not gradstep's."""
    h = 1e-6 * max(1.0, abs(x))
    return (f(x + h) - f(x - h)) / (2 * h)


def random_line_data(seed: int, n: int) -> tuple[list[float], list[float]]:
    generator = random.Random(seed)
    xs = [generator.uniform(-10.0, 10.0) for _ in range(n)]
    ys = [3.0 * x + 2.0 + generator.gauss(0.0, 1.0) for x in xs]
    return xs, ys


# --- each operation records the right local derivatives ---------------------------------

OPERATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


@pytest.mark.parametrize("symbol", list(OPERATIONS))
@given(
    a=bounded_floats(20.0, min_magnitude=0.5),
    b=bounded_floats(20.0, min_magnitude=0.5),
)
def test_each_operation_of_two_values_against_central_differences(
    symbol: str, a: float, b: float
) -> None:
    operation = OPERATIONS[symbol]
    out = operation(Value(a), Value(b))
    assert math.isclose(out.data, operation(a, b), rel_tol=1e-15)
    assert math.isclose(out.d_a, measured_slope(lambda t: operation(t, b), a), rel_tol=1e-6)
    assert math.isclose(out.d_b, measured_slope(lambda t: operation(a, t), b), rel_tol=1e-6)


@pytest.mark.parametrize("symbol", list(OPERATIONS))
@given(a=bounded_floats(20.0, min_magnitude=0.5), number=st.integers(-9, 9).filter(bool))
def test_ints_and_floats_on_either_side(symbol: str, a: float, number: int) -> None:
    operation = OPERATIONS[symbol]
    for constant in (number, float(number) + 0.25):
        value_first = operation(Value(a), constant)
        number_first = operation(constant, Value(a))
        assert value_first.b is None and number_first.b is None  # a constant gets no gradient
        assert math.isclose(value_first.data, operation(a, constant), rel_tol=1e-15)
        assert math.isclose(number_first.data, operation(constant, a), rel_tol=1e-15)
        slope_first = measured_slope(lambda t, c=constant: operation(t, c), a)
        slope_second = measured_slope(lambda t, c=constant: operation(c, t), a)
        assert math.isclose(value_first.d_a, slope_first, rel_tol=1e-6)
        assert math.isclose(number_first.d_a, slope_second, rel_tol=1e-6)


@pytest.mark.parametrize("n", [2, 3, -1, -2, 0.5, 1.5, 1])
@given(a=st.floats(min_value=0.5, max_value=20.0))
def test_power_is_the_power_rule(n: float, a: float) -> None:
    out = Value(a) ** n
    assert math.isclose(out.data, a**n, rel_tol=1e-15)
    assert math.isclose(out.d_a, n * a ** (n - 1), rel_tol=1e-15)  # n * a**(n-1)
    assert math.isclose(out.d_a, measured_slope(lambda t: t**n, a), rel_tol=1e-6)


def test_squared_error_records_two_times_the_error() -> None:
    # d(loss)/d(error) = 2 * error falls out of the power rule at n = 2.
    for error in (2.5, -3.25, 0.0):
        assert (Value(error) ** 2).d_a == 2 * error


def test_negation_and_integer_powers_of_negative_numbers() -> None:
    negated = -Value(1.75)
    assert (negated.data, negated.d_a) == (-1.75, -1.0)
    cubed = Value(-1.5) ** 3
    assert (cubed.data, cubed.d_a) == (-3.375, 6.75)  # 3 * (-1.5)**2


def test_a_value_of_an_int_holds_a_float() -> None:
    assert Value(3).data == 3.0 and type(Value(3).data) is float
    assert repr(Value(2.5)) == "Value(data=2.5, grad=0.0)"


# --- the backward pass -----------------------------------------------------------------


def test_backward_by_hand_for_one_point() -> None:
    # x = 3, y = 5, weight 2, bias 1: error 2, d(loss)/d(error) = 4, so 4 * 3 and 4 * 1.
    weight, bias = Value(2.0), Value(1.0)
    prediction = weight * 3 + bias
    error = prediction - 5
    loss = error**2
    loss.backward()
    assert (loss.grad, error.grad, prediction.grad) == (1.0, 4.0, 4.0)
    assert (weight.grad, bias.grad) == (12.0, 4.0)


def test_a_node_used_twice_gets_both_contributions() -> None:
    x = Value(3.0)
    square = x * x  # d/dx = x + x
    square.backward()
    assert x.grad == 6.0
    doubled = x + x
    doubled.backward()
    assert x.grad == 2.0
    # A diamond: u = 2x feeds both v = u**2 and w = 5u; loss = v + w.
    u = x * 2
    loss = u**2 + u * 5
    loss.backward()
    assert u.grad == 2 * 6.0 + 5  # both uses of u
    assert x.grad == (2 * 6.0 + 5) * 2
    assert count_uses(loss)[u] == 2


def test_a_second_backward_gives_the_same_gradients() -> None:
    weight, bias = Value(1.25), Value(-0.5)
    loss = mean_squared_error_graph(weight, bias, [1.0, 2.5, 4.0], [2.0, 3.5, 9.0])
    loss.backward()
    first = (weight.grad, bias.grad, loss.grad)
    loss.backward()
    assert (weight.grad, bias.grad, loss.grad) == first  # not 2 * first


def test_backward_of_a_second_loss_replaces_and_a_sum_adds() -> None:
    weight = Value(1.5)
    loss_a = (weight * 2 - 1) ** 2  # d/dw = 2 * (2w - 1) * 2 = 8
    loss_b = weight**3  # d/dw = 3 * w**2 = 6.75
    loss_a.backward()
    assert weight.grad == 8.0
    loss_b.backward()
    assert weight.grad == 6.75  # the gradient of the last loss backward ran on
    (loss_a + loss_b).backward()
    assert weight.grad == 8.0 + 6.75  # to add gradients, back-propagate the sum


def test_backward_of_a_leaf_is_one() -> None:
    weight = Value(4.0)
    weight.backward()
    assert weight.grad == 1.0


def test_a_graph_has_no_reference_cycles() -> None:
    # Freed by reference counting alone: the garbage collector finds no Value to collect.
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        autodiff.gradient_and_loss(0.5, -0.5, *random_line_data(1, 200))
        gc.collect()
        assert not [item for item in gc.garbage if isinstance(item, Value)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_a_loss_of_a_hundred_thousand_points_needs_no_recursion() -> None:
    xs, ys = random_line_data(7, 100_000)
    weight, bias = Value(0.5), Value(-0.5)
    depth = len(traceback.extract_stack())
    limit = sys.getrecursionlimit()
    # The collector's passes over a graph of half a million nodes growing inside
    # this big test process cost seconds, and are not what is tested here.
    gc.disable()
    # Thirty frames more than the test itself: a recursive order would need 100,000.
    sys.setrecursionlimit(depth + 30)
    try:
        loss = mean_squared_error_graph(weight, bias, xs, ys)
        loss.backward()
    finally:
        sys.setrecursionlimit(limit)
        gc.enable()
    hand = gradient.gradient(0.5, -0.5, xs, ys)
    assert math.isclose(weight.grad, hand[0], rel_tol=1e-12)
    assert math.isclose(bias.grad, hand[1], rel_tol=1e-12)


# --- the same gradient as the hand-derived lesson ----------------------------------------


@pytest.mark.parametrize("seed", range(20))
def test_autodiff_gradient_equals_the_hand_gradient_on_random_data(seed: int) -> None:
    generator = random.Random(seed)
    xs, ys = random_line_data(seed, generator.randint(1, 60))
    weight, bias = generator.uniform(-5.0, 5.0), generator.uniform(-5.0, 5.0)
    d_weight, d_bias, loss = autodiff.gradient_and_loss(weight, bias, xs, ys)
    hand_weight, hand_bias = gradient.gradient(weight, bias, xs, ys)
    assert math.isclose(d_weight, hand_weight, rel_tol=1e-12)
    assert math.isclose(d_bias, hand_bias, rel_tol=1e-12)
    exact_loss = sum(
        (Fraction(weight) * Fraction(x) + Fraction(bias) - Fraction(y)) ** 2 for x, y in zip(xs, ys)
    ) / len(xs)
    assert math.isclose(loss, float(exact_loss), rel_tol=1e-12)
    assert math.isclose(d_weight, measure(weight, bias, xs, ys, "weight"), rel_tol=1e-6)
    assert math.isclose(d_bias, measure(weight, bias, xs, ys, "bias"), rel_tol=1e-6)


def measure(weight: float, bias: float, xs: list[float], ys: list[float], which: str) -> float:
    """The slope of the loss along the weight or the bias, by central differences."""

    def loss(w: float, b: float) -> float:
        return sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)

    if which == "weight":
        return measured_slope(lambda trial: loss(trial, bias), weight)
    return measured_slope(lambda trial: loss(weight, trial), bias)


@given(data=line_data(), weight=bounded_floats(10.0), bias=bounded_floats(10.0))
def test_autodiff_gradient_equals_the_hand_gradient_on_any_data(
    data: tuple[list[float], list[float]], weight: float, bias: float
) -> None:
    xs, ys = data
    d_weight, d_bias, _ = autodiff.gradient_and_loss(weight, bias, xs, ys)
    hand_weight, hand_bias = gradient.gradient(weight, bias, xs, ys)
    # Both sum the same n terms in a different order: they may differ by rounding
    # relative to the size of the terms, which is all a float sum promises.
    errors = [weight * x + bias - y for x, y in zip(xs, ys)]
    scale_weight = sum(abs(2 * error * x) for error, x in zip(errors, xs)) / len(xs)
    scale_bias = sum(abs(2 * error) for error in errors) / len(xs)
    assert math.isclose(d_weight, hand_weight, rel_tol=1e-12, abs_tol=1e-13 * scale_weight)
    assert math.isclose(d_bias, hand_bias, rel_tol=1e-12, abs_tol=1e-13 * scale_bias)


def test_descent_with_the_autodiff_gradient_follows_the_hand_path() -> None:
    xs, ys = random_line_data(3, 40)
    start, rate, steps = (0.25, -0.75), 0.004, 150

    def by_hand(weight: float, bias: float) -> tuple[float, float, float]:
        return gradient.gradient_and_loss(weight, bias, xs, ys)

    def by_program(weight: float, bias: float) -> tuple[float, float, float]:
        return autodiff.gradient_and_loss(weight, bias, xs, ys)

    hand = descend(by_hand, start, rate, steps)
    program = descend(by_program, start, rate, steps)
    assert len(hand) == len(program) == steps + 1
    first_gradient = max(abs(part) for part in hand[0].gradient)
    for hand_step, program_step in zip(hand, program):
        assert math.isclose(program_step.weight, hand_step.weight, rel_tol=1e-12)
        assert math.isclose(program_step.bias, hand_step.bias, rel_tol=1e-12)
        assert math.isclose(program_step.loss, hand_step.loss, rel_tol=1e-12)
        for program_part, hand_part in zip(program_step.gradient, hand_step.gradient):
            # A gradient shrinks towards 0 near the bottom: there, 1e-12 of where it began.
            assert math.isclose(
                program_part, hand_part, rel_tol=1e-12, abs_tol=1e-12 * first_gradient
            )


# --- random expressions against forward-mode derivatives ---------------------------------


@dataclass(frozen=True)
class Dual:
    """Forward mode: a value, its slope along each leaf, and the size of the terms summed.

    ``sizes[i]`` is the sum over paths from leaf i of |product of local derivatives|,
    the scale of the rounding error any float evaluation of the slope may carry.
    """

    value: float
    slopes: tuple[float, ...]
    sizes: tuple[float, ...]

    @staticmethod
    def of(other: Dual | float, leaves: int) -> Dual:
        return (
            other
            if isinstance(other, Dual)
            else Dual(float(other), (0.0,) * leaves, (0.0,) * leaves)
        )

    def combine(self, other: Dual | float, value: float, d_self: float, d_other: float) -> Dual:
        that = Dual.of(other, len(self.slopes))
        return Dual(
            value,
            tuple(d_self * s + d_other * t for s, t in zip(self.slopes, that.slopes)),
            tuple(abs(d_self) * s + abs(d_other) * t for s, t in zip(self.sizes, that.sizes)),
        )

    def __add__(self, other: Dual | float) -> Dual:
        return self.combine(other, self.value + Dual.of(other, 1).value, 1.0, 1.0)

    def __radd__(self, other: float) -> Dual:
        return self + other

    def __sub__(self, other: Dual | float) -> Dual:
        return self.combine(other, self.value - Dual.of(other, 1).value, 1.0, -1.0)

    def __rsub__(self, other: float) -> Dual:
        return Dual.of(other, len(self.slopes)) - self

    def __mul__(self, other: Dual | float) -> Dual:
        that = Dual.of(other, 1).value
        return self.combine(other, self.value * that, that, self.value)

    def __rmul__(self, other: float) -> Dual:
        return self * other

    def __truediv__(self, other: Dual | float) -> Dual:
        that = Dual.of(other, 1).value
        return self.combine(other, self.value / that, 1 / that, -self.value / that**2)

    def __rtruediv__(self, other: float) -> Dual:
        return Dual.of(other, len(self.slopes)) / self

    def __neg__(self) -> Dual:
        return self.combine(0.0, -self.value, -1.0, 0.0)

    def __pow__(self, n: float) -> Dual:
        return self.combine(0.0, self.value**n, n * self.value ** (n - 1), 0.0)


LEAVES = 3
number = st.one_of(st.integers(-5, 5), st.floats(-5.0, 5.0, allow_nan=False))
# A program: each step combines earlier results (any of them, so that one node
# may feed several later ones) with each other or with a plain number, on
# either side. The leaves are the first results; the output is the sum of the rest.
step = st.tuples(
    st.sampled_from([*OPERATIONS, "neg", "**"]),
    st.integers(0, 99),
    st.one_of(st.integers(0, 99).map(lambda index: ("result", index)), number),
    st.sampled_from([2, 3, -1, 0.5, 2.5]),
    st.booleans(),
)
programs = st.lists(step, min_size=1, max_size=14)


def run(program: list[tuple[Any, ...]], leaves: list[Any]) -> Any:
    results = list(leaves)
    for kind, first, other, exponent, number_first in program:
        a = results[first % len(results)]
        if kind == "neg":
            results.append(-a)
        elif kind == "**":
            results.append(a**exponent)
        else:
            b = results[other[1] % len(results)] if isinstance(other, tuple) else other
            operands = (b, a) if number_first else (a, b)
            results.append(OPERATIONS[kind](*operands))
    # The output uses every step, so a step that later steps use too has several uses.
    output = results[len(leaves)]
    for result in results[len(leaves) + 1 :]:
        output = output + result
    return output


@given(
    program=programs,
    values=st.lists(
        st.tuples(st.floats(0.1, 4.0), st.sampled_from([1.0, -1.0])).map(
            lambda pair: pair[0] * pair[1]
        ),
        min_size=LEAVES,
        max_size=LEAVES,
    ),
)
def test_random_expressions_against_forward_mode(
    program: list[tuple[Any, ...]], values: list[float]
) -> None:
    leaves = [Value(value) for value in values]
    try:
        out = run(program, leaves)
    except (GradstepError, ZeroDivisionError, OverflowError):
        assume(False)  # 0 ** -1, a negative number to the power 0.5, a float past 1.8e308
    assume(math.isfinite(out.data) and abs(out.data) < 1e100)
    out.backward()
    duals = [
        Dual(
            value,
            tuple(float(i == j) for j in range(LEAVES)),
            tuple(float(i == j) for j in range(LEAVES)),
        )
        for i, value in enumerate(values)
    ]
    forward = run(program, duals)
    assert math.isclose(out.data, forward.value, rel_tol=1e-12)
    for value, slope, size in zip(leaves, forward.slopes, forward.sizes):
        assume(math.isfinite(size) and size < 1e100)
        assert math.isclose(value.grad, slope, rel_tol=1e-12, abs_tol=1e-12 * size)


# --- bad input gets a sentence -----------------------------------------------------------


def test_text_is_not_a_number_on_either_side() -> None:
    with pytest.raises(NotANumberError, match=r"other side of \+ is the text 'x'"):
        Value(1.0) + "x"  # type: ignore[operator]
    with pytest.raises(NotANumberError, match="other side of - is None"):
        None - Value(1.0)  # type: ignore[operator]
    with pytest.raises(NotANumberError, match=r"given to Value\(\.\.\.\) is the text '3'"):
        Value("3")  # type: ignore[arg-type]
    with pytest.raises(GradstepError, match="other side of \\* is nan"):
        Value(1.0) * Decimal("nan")  # type: ignore[operator]
    assert (Value(1.5) * Fraction(1, 4)).data == 0.375  # other real numbers are welcome


def test_exponents_must_be_numbers() -> None:
    with pytest.raises(NotANumberError, match="The exponent of \\*\\* is Value"):
        Value(2.0) ** Value(3.0)  # type: ignore[operator]


def test_powers_and_divisions_with_no_real_slope_say_why() -> None:
    with pytest.raises(GradstepError, match="divides by zero"):
        Value(1.0) / Value(0.0)
    with pytest.raises(GradstepError, match="divides by zero"):
        Value(1.0) / 0
    with pytest.raises(GradstepError, match="divides by zero"):
        2 / Value(0.0)
    with pytest.raises(GradstepError, match="divides by zero"):
        Value(0.0) ** 0.5
    with pytest.raises(GradstepError, match="not a real number"):
        Value(-2.0) ** 0.5
    with pytest.raises(GradstepError, match="too large for a float"):
        Value(1e200) ** 2


def test_the_mean_squared_error_graph_checks_its_lengths() -> None:
    with pytest.raises(GradstepError, match="xs has 2 values but ys has 1"):
        autodiff.gradient_and_loss(1.0, 0.0, [1.0, 2.0], [3.0])


def test_a_gradient_that_overflows_on_the_way_back_gets_a_sentence() -> None:
    # Every value is finite, but d(r)/d(b) = c * a = 3e308 is not.
    a, b, c = Value(3.0), Value(0.0), Value(1e308)
    r = c * (a * b)
    with pytest.raises(GradstepError, match=r"passed the largest float \(1\.8e308\)"):
        r.backward()
