"""Lesson 2 of the examples: the loss, a single number for how wrong a line is.

loss = 1/n * sum((y_hat - y)**2), with error = y_hat - y.
"""

from gradstep.fitting.line import Line
from gradstep.loss import error, mean_squared_error, squared_error

xs = [1.0, 2.0, 3.0, 4.0]
ys = [3.1, 4.9, 7.2, 8.8]

print("Data (the same four points as in examples 04 and 05):", list(zip(xs, ys)))
print()
line = Line(weight=2.5, bias=0.0)
print(f"The line y_hat = {line.weight} * x + {line.bias}, point by point:")
for x, y in zip(xs, ys):
    prediction = line.predict(x)
    print(
        f"  x = {x}: y_hat = {prediction:.2f}, y = {y}, "
        f"error = {error(prediction, y):+.2f}, error**2 = {squared_error(error(prediction, y)):.4f}"
    )
predictions = [line.predict(x) for x in xs]
print(f"  mean of the squared errors: loss = {mean_squared_error(predictions, ys):.4f}")
print()
print("Other lines, and their loss:")
for weight, bias in [(1.5, 1.0), (2.0, 1.0), (1.94, 1.15), (2.5, 0.0)]:
    candidate = Line(weight, bias)
    loss = mean_squared_error([candidate.predict(x) for x in xs], ys)
    print(f"  weight {weight:>4}, bias {bias:>4}: loss = {loss:.4f}")

print()
print("What to notice:")
print("- This line misses below the first point (error -0.60) and above the others:")
print("  squaring removes the sign, so a miss above counts the same as one below.")
print("- One number ranks every line; fitting means finding the line with the least loss.")
print("- gradstep uses a plain mean with no 1/2 in front, everywhere.")
