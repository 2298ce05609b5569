"""Lesson 3 of the examples: the chain rule, link by link.

weight --> error = weight * x + bias - y --> loss = error**2

d(loss)/d(weight) = d(loss)/d(error) * d(error)/d(weight) = 2 * error * x
"""

from gradstep.chain_rule import chain
from gradstep.derivatives import central_difference, d_squared_error_d_error
from gradstep.loss import error, squared_error

x, target = 3.0, 5.0
weight, bias = 2.5, 0.5

prediction = weight * x + bias
point_error = error(prediction, target)
d_loss_d_error = d_squared_error_d_error(point_error)
d_error_d_weight = x

print(f"One point x = {x}, y = {target}; weight = {weight}, bias = {bias}")
print(f"  prediction = {prediction}, error = {point_error}, loss = {squared_error(point_error)}")
print(f"  d(loss)/d(error)   = 2 * error = {d_loss_d_error}")
print(f"  d(error)/d(weight) = x         = {d_error_d_weight}")
print(f"  d(loss)/d(weight)  = product   = {chain(d_loss_d_error, d_error_d_weight)}")


def loss_at(trial_weight: float) -> float:
    return squared_error(error(trial_weight * x + bias, target))


print(f"  measured by nudging the weight: {central_difference(loss_at, weight):.6f}")

print()
print("What to notice:")
print("- Each link has a simple local derivative; the chain rule multiplies them.")
print("- The product matches the measured slope of the loss against the weight.")
print("- The factor x means points far from 0 pull hardest on the weight.")
