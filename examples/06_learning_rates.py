"""Lesson 6 of the examples: the learning rate, too small, just right, too large.

Descent is stable while learning_rate < 2 / lambda_max, where lambda_max is the
largest curvature of the loss bowl (see gradstep.further.curvature).
"""

import gradstep
from gradstep.fast.sums import line_sums
from gradstep.further.curvature import hessian_eigenvalues, stable_learning_rate

xs = [1.0, 2.0, 3.0, 4.0, 5.0]
ys = [3.1, 4.9, 7.2, 8.8, 11.1]
sums = line_sums(xs, ys)
largest, smallest = hessian_eigenvalues(sums)
stable = stable_learning_rate(sums)
print(f"Curvatures of the loss bowl: {largest:.3f} and {smallest:.3f}")
print(f"Largest stable learning rate: 2 / {largest:.3f} = {stable:.4f}")
print()
print(f"{'rate':>7} {'loss after 50 steps':>20}  {'after 500':>10}")
for learning_rate in (0.001, 0.01, 0.05, 0.08):
    after_50 = gradstep.fit(xs, ys, learning_rate=learning_rate, steps=50).loss
    after_500 = gradstep.fit(xs, ys, learning_rate=learning_rate, steps=500).loss
    print(f"{learning_rate:>7} {after_50:>20.6f}  {after_500:>10.6f}")

print()
print("And a rate just above the stable one:")
try:
    gradstep.fit(xs, ys, learning_rate=0.09, steps=50)
except gradstep.DivergenceError as problem:
    print(f"  DivergenceError: {problem}")
    print(f"  (its {len(problem.history)} records, the start included, are in problem.history)")

print()
print("What to notice:")
print("- Too small a rate crawls: after 50 steps 0.001 is still 100 times worse than 0.05.")
print("- Larger is faster, right up to the stable rate.")
print("- Past 2 / lambda_max every step overshoots more than the last, and gradstep")
print("  stops at once and tells you the rate that would have worked.")
