"""Lesson 13 of the examples: write the gradient yourself, and let gradstep say what is wrong.

The round trip of ``gradstep exercise`` and ``gradstep check``, done from
Python in a scratch folder: take the starter file, make two classic
mistakes, read the diagnosis, fix the code, check again.
"""

import tempfile
from pathlib import Path

from gradstep.exercises import check_file, exercise_named, starter_text, task_text, write_starter

exercise = exercise_named("gradient")  # or exercise_named(5); the shell: gradstep exercise 5
print(task_text(exercise))
print()


def attempt(folder: Path, body: str, what: str) -> None:
    """Put a body into the starter file, as a learner would, and check it."""
    path = folder / exercise.starter_name
    before, _, _ = starter_text(exercise).rpartition("    raise NotImplementedError")
    path.write_text(before + body, encoding="utf-8")
    print(f"--- {what}:")
    print(body.rstrip())
    print(f"$ gradstep check {path.name}")
    for line in check_file(path).lines():
        print(line)
    print()


with tempfile.TemporaryDirectory() as scratch:
    folder = Path(scratch)
    path = write_starter(exercise, folder)
    print(f"Wrote {path.name}; checked before any work:")
    for line in check_file(path).lines():
        print(line)
    print()
    wrong_bias = """\
    n = len(xs)
    d_weight = d_bias = 0.0
    for x, y in zip(xs, ys):
        error = weight * x + bias - y
        d_weight += 2 * error * x
        d_bias += 2 * error * x
    return d_weight / n, d_bias / n
"""
    attempt(folder, wrong_bias, "first try: the bias's derivative copied from the weight's")
    wrong_sign = wrong_bias.replace("error * x\n    return", "error\n    return").replace(
        "error = weight * x + bias - y", "error = y - (weight * x + bias)"
    )
    attempt(folder, wrong_sign, "second try: the x is gone, but the error is now y - y_hat")
    right = wrong_sign.replace("error = y - (weight * x + bias)", "error = weight * x + bias - y")
    attempt(folder, right, "third try")

print("What to notice:")
print("- The checker ran the file in a separate process and only compared numbers: the")
print("  learner's code could not break it, and a starter says 'not written yet', not 'wrong'.")
print("- Each wrong answer was matched against a catalogue of known mistakes, and the one")
print("  it reproduced on every case (several sizes and scales, seeded) was named, with the")
print("  formula of the notes and the lesson to read.")
print("- The y - y_hat mistake flips the gradient: descent with it would climb the loss.")
print("- Try it from the shell: gradstep exercise 5, edit the file, gradstep check it.")
