"""Five steps of a training loop with a scalar autodiff, each run in a fresh process.

    python benchmarks/training_loops.py NAME    # one run; prints JSON

NAME is ``gradstep`` (``gradstep.autodiff.Value``), ``micrograd`` (micrograd
0.1.0's ``Value``, only if it is installed: it is not a dependency) or
``fused`` (``baselines.fused_descent``, the hand-written loop). A step builds
the loss of 2,000 points, the same expression for every Value class,
back-propagates, and updates the weight and the bias, as a user's training
loop does; the garbage collector stays on, as a user has it. ``run.py``
starts the children in rounds and prints the ratios.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from baselines import fused_descent, make_data

POINTS, STEPS, LEARNING_RATE, START = 2_000, 5, 0.01, (0.5, -0.5)
# micrograd's topological sort is recursive: about 1,000 points pass Python's
# default limit of 1,000 frames, so its run needs a higher one.
MICROGRAD_RECURSION_LIMIT = 100_000


def micrograd_installed() -> bool:
    try:
        importlib.import_module("micrograd.engine")
    except ImportError:
        return False
    return True


def mean_squared_error(weight: Any, bias: Any, xs: list[float], ys: list[float]) -> Any:
    """loss = 1/n * sum((weight * x + bias - y)**2), with whatever Value class weight is."""
    total = 0.0
    for x, y in zip(xs, ys):
        error = weight * x + bias - y
        total = total + error**2
    return total / len(xs)


def train(value_class: Any, xs: list[float], ys: list[float]) -> tuple[float, float]:
    weight, bias = value_class(START[0]), value_class(START[1])
    for _ in range(STEPS):
        weight.grad = bias.grad = 0.0  # micrograd adds to .grad; gradstep starts afresh anyway
        loss = mean_squared_error(weight, bias, xs, ys)
        loss.backward()
        weight.data -= LEARNING_RATE * weight.grad
        bias.data -= LEARNING_RATE * bias.grad
    return weight.data, bias.data


def one_run(name: str) -> dict[str, float]:
    """The training loop in this process: its CPU seconds and where it ended."""
    xs, ys = make_data(POINTS)
    if name == "micrograd":
        sys.setrecursionlimit(MICROGRAD_RECURSION_LIMIT)
        value_class = importlib.import_module("micrograd.engine").Value
    elif name == "gradstep":
        value_class = importlib.import_module("gradstep.autodiff").Value
    start = time.process_time()
    if name == "fused":
        weight, bias, _ = fused_descent(xs, ys, *START, LEARNING_RATE, STEPS)
    else:
        weight, bias = train(value_class, xs, ys)
    seconds = time.process_time() - start
    return {"seconds": seconds, "weight": weight, "bias": bias}


def in_fresh_process(name: str) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), name],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.splitlines()[-1])
    return result


def rounds(names: list[str], repeats: int) -> dict[str, list[dict[str, float]]]:
    """Each implementation once per round, each run in a fresh process."""
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for _ in range(repeats):
        for name in names:
            runs[name].append(in_fresh_process(name))
    return runs


if __name__ == "__main__":
    print(json.dumps(one_run(sys.argv[1])))
