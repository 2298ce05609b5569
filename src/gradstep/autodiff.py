"""Lesson 7: the chain rule, automated -- what ``loss.backward()`` does.

Lessons 3 and 4 found the gradient by hand; PyTorch's ``loss.backward()``
finds it by a program, and the program is the same chain rule. An operation
on a ``Value`` a (and a Value b) makes a Value that remembers a and b and
its local derivatives ``d_a = d(out)/d(a)`` and ``d_b = d(out)/d(b)``::

    a + b     d_a = 1          d_b = 1
    a - b     d_a = 1          d_b = -1
    a * b     d_a = b          d_b = a
    a / b     d_a = 1 / b      d_b = a * (-1 * b**-2)     (a * b**-1: the power rule)
    a ** n    d_a = n * a**(n-1)                          (the power rule, lesson 2)
    -a        d_a = -1

A plain number in place of b is a constant, with no gradient to receive.
Every number must be finite: a NaN or infinity, a result past the largest
float and a division by zero each get a sentence, never a silent nan. So
``error ** 2`` records ``2 * error``, the d(loss)/d(error) of lesson 2.

``loss.backward()`` runs the chain rule from the loss back. The weight is
used at every data point, and each use passes back its share::

    d(loss)/d(node) = sum over the uses of node of d(use)/d(node) * d(loss)/d(use)

A node's gradient is complete once all its uses have passed back their
shares. So the pass counts each node's uses first, then hands a node on
when its count reaches zero: reverse topological order, kept in a plain
list with no recursion, so a loss over a million points works.

Each ``backward()`` starts from gradients of 0, so a second call gives the
same gradients, not twice them. (PyTorch adds to ``.grad`` and asks you to
zero it; here, for two losses' gradients, call ``(loss_a + loss_b).backward()``.)
"""

from __future__ import annotations

from collections.abc import Sequence

from gradstep.checks import (
    check_divisor,
    check_lengths,
    check_line,
    check_operand,
    check_power,
    check_value_data,
    refuse_gradient_overflow,
    refuse_value_operation,
    shown,
)
from gradstep.derivatives import power_rule
from gradstep.errors import GradstepError


class Value:
    """A number that remembers the Values a and b it was made from, and its slopes to them.

    ``d_a`` = d(self)/d(a), ``d_b`` = d(self)/d(b) (a or b is None where there is
    none); ``grad`` = d(loss)/d(self) once ``loss.backward()`` has run.

    >>> error = Value(2.0)
    >>> loss = error**2
    >>> loss.d_a  # d(loss)/d(error) = 2 * error
    4.0
    """

    # Plain slots holding numbers, no closures and no tuples: a graph has no
    # reference cycles, so it is freed when the loss is dropped, and each node
    # is one object for the garbage collector to look at, not three.
    __slots__ = ("a", "b", "d_a", "d_b", "data", "grad")

    def __init__(
        self,
        data: float,
        a: Value | None = None,
        d_a: float = 0.0,
        b: Value | None = None,
        d_b: float = 0.0,
    ) -> None:
        # data - data is 0.0 for a finite float but nan for nan and inf: one cheap test
        # keeps both out of the graph, whether given or made by an overflow.
        if type(data) is not float or data - data:
            data = check_value_data(data, [node.data for node in (a, b) if node is not None])
        self.data: float = data
        self.grad = 0.0
        self.a, self.d_a = a, d_a
        self.b, self.d_b = b, d_b

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"

    # A finite float operand, the common case in a loss, skips the checks of other numbers.

    def __add__(self, other: Value | float) -> Value:
        if type(other) is float and not other - other:
            return Value(self.data + other, self, 1.0)
        if isinstance(other, Value):
            return Value(self.data + other.data, self, 1.0, other, 1.0)
        return Value(self.data + check_operand(other, "+"), self, 1.0)

    __radd__ = __add__

    def __sub__(self, other: Value | float) -> Value:
        if type(other) is float and not other - other:
            return Value(self.data - other, self, 1.0)
        if isinstance(other, Value):
            return Value(self.data - other.data, self, 1.0, other, -1.0)
        return Value(self.data - check_operand(other, "-"), self, 1.0)

    def __rsub__(self, other: float) -> Value:
        return Value(check_operand(other, "-") - self.data, self, -1.0)

    def __mul__(self, other: Value | float) -> Value:
        if type(other) is float and not other - other:
            return Value(self.data * other, self, other)
        if isinstance(other, Value):
            return Value(self.data * other.data, self, other.data, other, self.data)
        number = check_operand(other, "*")
        return Value(self.data * number, self, number)

    __rmul__ = __mul__

    def __truediv__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            check_divisor(self.data, other.data, slope_to_divisor=True)
            d_b = self.data * power_rule(other.data, -1)
            return Value(self.data / other.data, self, 1.0 / other.data, other, d_b)
        number = check_operand(other, "/")
        check_divisor(self.data, number)
        return Value(self.data / number, self, 1.0 / number)

    def __rtruediv__(self, other: float) -> Value:
        number = check_operand(other, "/")
        check_divisor(number, self.data, slope_to_divisor=True)
        return Value(number / self.data, self, number * power_rule(self.data, -1))

    def __pow__(self, exponent: float) -> Value:
        if type(exponent) is int and exponent == 2 and -1e150 < self.data < 1e150:
            # error ** 2, the loss's own power: nothing to check, and an int power is quicker.
            # Its slope is power_rule(error, 2) = 2 * error**1, inline: the lesson's checked
            # call would cost a twentieth of a training step.
            return Value(self.data**2, self, 2.0 * self.data)
        n = check_power(self.data, exponent)
        return Value(self.data**n, self, power_rule(self.data, n))

    def __neg__(self) -> Value:
        return Value(-self.data, self, -1.0)

    def __rpow__(self, base: float) -> Value:
        raise refuse_value_operation(
            f"{base!r} ** Value(...), a Value as the exponent,",
            "its slope d/dn base**n = base**n * ln(base) needs a logarithm, which this lesson "
            "leaves out. Raise a Value to a fixed number instead, such as error ** 2",
        )

    def __abs__(self) -> Value:
        raise refuse_value_operation(
            "abs(Value)",
            "its slope jumps from -1 to 1 at 0, where it has none. Use the squared error, "
            "error ** 2, whose slope is smooth, or take abs(value.data) for the number alone",
        )

    def __float__(self) -> float:
        return self.data  # as float(torch.tensor(2.0)) gives 2.0: the number, no gradient

    def backward(self) -> None:
        """Set each ``.grad`` in the graph to d(self)/d(that node), by the chain rule.

        d(loss)/d(node) = sum over uses of d(use)/d(node) * d(loss)/d(use)

        The weight is used twice here, so it gets both shares, 3 + 3:

        >>> weight = Value(2.0)
        >>> loss = weight * 3 + weight * 3
        >>> loss.backward()
        >>> weight.grad
        6.0
        """
        uses = count_uses(self)  # and every .grad below self set to 0
        self.grad = 1.0  # d(loss)/d(loss)
        complete = [self]  # nodes whose every use has passed back its share
        while complete:
            use = complete.pop()
            d_loss_d_use = use.grad
            if d_loss_d_use - d_loss_d_use:  # 0.0 for a finite number, NaN for inf or NaN
                raise refuse_gradient_overflow(use.grad, use.data)
            # a, then b, written out rather than looped over: these lines run for every
            # node of the graph, and a loop over the pair costs a third of the pass.
            node = use.a
            if node is not None:
                node.grad += use.d_a * d_loss_d_use
                uses[node] -= 1
                if not uses[node]:
                    complete.append(node)
                node = use.b  # b is set only beside a
                if node is not None:
                    node.grad += use.d_b * d_loss_d_use
                    uses[node] -= 1
                    if not uses[node]:
                        complete.append(node)


def count_uses(loss: Value) -> dict[Value, int]:
    """How often each node below ``loss`` is used, found with a list, not recursion.

    Each node's ``.grad`` is set to 0 on the way, ready for ``backward`` to add to.

    >>> weight = Value(2.0)
    >>> sorted(count_uses(weight * weight).values())
    [0, 2]
    """
    if not isinstance(loss, Value):
        raise refuse_value_operation(
            f"count_uses({shown(loss)})", "it counts uses in a Value's graph"
        )
    loss.grad = 0.0
    uses = {loss: 0}
    to_visit = [loss]
    while to_visit:
        node = to_visit.pop()
        for parent in (node.a, node.b):
            if parent is None:
                break  # a Value from numbers alone has neither; b is set only beside a
            if parent in uses:
                uses[parent] += 1
            else:
                uses[parent] = 1
                parent.grad = 0.0
                to_visit.append(parent)
    return uses


def mean_squared_error_graph(
    weight: Value, bias: Value, xs: Sequence[float], ys: Sequence[float]
) -> Value:
    """The loss of the line as a graph of Values, written as lesson 1 writes it.

    loss = 1/n * sum((weight * x + bias - y)**2)

    >>> mean_squared_error_graph(Value(2.0), Value(1.0), [3.0, 1.0], [5.0, 4.0]).data
    2.5
    """
    if not isinstance(weight, Value) or not isinstance(bias, Value):
        raise refuse_value_operation(
            f"mean_squared_error_graph of a {type(weight).__name__} weight and a "
            f"{type(bias).__name__} bias",
            "both must be Values, such as Value(0.5), so that backward() finds their gradients",
        )
    n = check_lengths(xs, ys)
    total = Value(0.0)
    try:
        for x, target in zip(xs, ys):
            prediction = weight * x + bias
            error = prediction - target
            total = total + error**2
    except GradstepError:
        check_line(weight.data, bias.data, xs, ys)  # names a bad value by its place in xs or ys
        raise  # an operation that overflowed: its own sentence says which
    return total / n


def gradient_and_loss(
    weight: float, bias: float, xs: Sequence[float], ys: Sequence[float]
) -> tuple[float, float, float]:
    """d(loss)/d(weight), d(loss)/d(bias) and the loss, found by ``backward``.

    The numbers of ``gradient.gradient_and_loss``, found by a program instead:

    >>> gradient_and_loss(2.0, 1.0, [3.0, 1.0], [5.0, 4.0])
    (5.0, 1.0, 2.5)
    """
    weight_value, bias_value = Value(weight), Value(bias)
    loss = mean_squared_error_graph(weight_value, bias_value, xs, ys)
    loss.backward()
    return weight_value.grad, bias_value.grad, loss.data
