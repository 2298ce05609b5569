"""Lesson 1 of the examples: the power rule, checked by nudging.

d/dx x**n = n * x**(n-1). We compare it with a measured slope, the central
difference (f(x + h) - f(x - h)) / (2*h), which knows no calculus at all.
"""

from gradstep.derivatives import central_difference, d_squared_error_d_error, power_rule

print("The power rule against a measured slope")
print(f"{'n':>3} {'x':>5} {'n * x**(n-1)':>14} {'measured':>14}")
for n in (2, 3, 4):
    for x in (1.5, -2.5):
        rule = power_rule(x, n)
        measured = central_difference(lambda value, n=n: value**n, x)
        print(f"{n:>3} {x:>5} {rule:>14.6f} {measured:>14.6f}")

print()
print("The loss of one point is error**2, a power with n = 2, so")
for error in (3.0, -0.5):
    print(f"  error = {error:>4}: d(loss)/d(error) = 2 * error = {d_squared_error_d_error(error)}")

print()
print("What to notice:")
print("- The rule and the measurement agree to about six digits: the rule is right.")
print("- d(loss)/d(error) = 2 * error is the power rule at n = 2, nothing new to learn.")
print("- A negative error has a negative slope: shrinking the error lowers the loss.")
