"""Lesson 4 of the examples: the gradient points uphill.

d(loss)/d(weight) = 1/n * sum(2 * error * x)
d(loss)/d(bias)   = 1/n * sum(2 * error)
"""

from gradstep.gradient import gradient, numerical_gradient

xs = [1.0, 2.0, 3.0, 4.0]
ys = [3.1, 4.9, 7.2, 8.8]

print("Data (the same four points as example 02):", list(zip(xs, ys)))


def shown(slope: float) -> float:
    # At the best line the slopes come out of rounding as about 1e-15, either
    # sign; one that rounds to 0.0000 is shown without a sign, since -0.0000
    # would suggest a direction there is not.
    return 0.0 if abs(slope) < 5e-5 else slope


print(f"{'weight':>7} {'bias':>5} {'d/d(weight)':>12} {'d/d(bias)':>10} {'measured':>22}")
for weight, bias in [(1.5, 1.0), (2.5, 1.0), (1.94, 1.15)]:
    d_weight, d_bias = gradient(weight, bias, xs, ys)
    measured_weight, measured_bias = numerical_gradient(weight, bias, xs, ys)
    print(
        f"{weight:>7} {bias:>5} {shown(d_weight):>12.4f} {shown(d_bias):>10.4f} "
        f"({shown(measured_weight):>9.4f}, {shown(measured_bias):>8.4f})"
    )

print()
print("What to notice:")
print("- Weight 1.5 is too small: d/d(weight) is negative, so raising the weight lowers the loss.")
print("- Weight 2.5 is too big: the sign flips.")
print("- At the best line (1.94, 1.15) both derivatives are 0: the bottom is flat.")
print("- The chain-rule gradient matches the slopes measured by nudging.")
