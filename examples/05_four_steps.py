"""Lesson 5 of the examples: gradient descent in four steps.

Step 1: start at a random weight and bias and calculate the loss.
Step 2: take a step in the direction of steepest descent.
Step 3: calculate the new loss.
Step 4: repeat steps 2 and 3.
"""

import statistics

import gradstep

xs = [1.0, 2.0, 3.0, 4.0]
ys = [3.1, 4.9, 7.2, 8.8]
learning_rate = 0.05

result = gradstep.fit(xs, ys, learning_rate=learning_rate, steps=400, seed=7)
start = result.history[0]
print("Data (the same four points as in examples 02 and 04):", list(zip(xs, ys)))
print(f"Learning rate {learning_rate}, {result.steps} steps.")
print()
print("Step 1: start at a random weight and bias and calculate the loss.")
print(f"  weight = {start.weight:.4f}, bias = {start.bias:.4f}, loss = {start.loss:.4f}")
d_weight, d_bias = start.gradient
first = result.history[1]
print("Step 2: take a step in the direction of steepest descent.")
print(f"  gradient = ({d_weight:.4f}, {d_bias:.4f})")
print(f"  weight = {start.weight:.4f} - {learning_rate} * ({d_weight:.4f}) = {first.weight:.4f}")
print(f"  bias   = {start.bias:.4f} - {learning_rate} * ({d_bias:.4f}) = {first.bias:.4f}")
print("Step 3: calculate the new loss.")
print(f"  loss = {first.loss:.4f} (was {start.loss:.4f})")
print("Step 4: repeat steps 2 and 3.")
for record in result.history[2:]:
    if record.step in (2, 3, 5, 10, 25, 50, 100, 200, 400):
        print(
            f"  step {record.step:>3}: weight = {record.weight:.6f}, bias = {record.bias:.6f}, "
            f"loss = {record.loss:.6f}"
        )

exact = statistics.linear_regression(xs, ys)
print()
print(f"After {result.steps} steps:   weight = {result.weight:.6f}, bias = {result.bias:.6f}")
print(f"Least squares answer: weight = {exact.slope:.6f}, bias = {exact.intercept:.6f}")
print()
print("What to notice:")
print("- The loss falls at every step: each step goes downhill.")
print("- Big steps early, small ones late: the gradient shrinks as the bottom flattens.")
print("- The bias is the slow one here; 400 steps bring both within 0.01 of the exact answer.")
