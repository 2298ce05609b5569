"""Lesson 4 of the examples: the gradient points uphill.

d(loss)/d(weight) = 1/n * sum(2 * error * x)
d(loss)/d(bias)   = 1/n * sum(2 * error)
"""

from gradstep.gradient import gradient, numerical_gradient

xs = [1.0, 2.0, 3.0, 4.0]
ys = [3.1, 4.9, 7.2, 8.8]

print("Data:", list(zip(xs, ys)))
print(f"{'weight':>7} {'bias':>5} {'d/d(weight)':>12} {'d/d(bias)':>10} {'measured':>22}")
for weight, bias in [(1.5, 1.0), (2.5, 1.0), (1.94, 1.15)]:
    d_weight, d_bias = gradient(weight, bias, xs, ys)
    measured_weight, measured_bias = numerical_gradient(weight, bias, xs, ys)
    print(
        f"{weight:>7} {bias:>5} {d_weight:>12.4f} {d_bias:>10.4f} "
        f"({measured_weight:>9.4f}, {measured_bias:>8.4f})"
    )

print()
print("What to notice:")
print("- Weight 1.5 is too small: d/d(weight) is negative, so raising the weight lowers the loss.")
print("- Weight 2.5 is too big: the sign flips.")
print("- Near the best line (1.94, 1.15) both derivatives are close to zero: the bottom is flat.")
print("- The chain-rule gradient matches the slopes measured by nudging.")
