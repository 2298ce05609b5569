"""Measure gradstep against loops written out in this benchmark, in one run.

    python benchmarks/run.py            # the full run, one to two minutes
    python benchmarks/run.py --quick    # smaller sizes, about ten seconds

Prints markdown tables of ratios against baselines measured in the same run
and the same interpreter: the fused loop and the tutorial loop of
``baselines.py``, ``statistics.linear_regression``, parsing a CSV file with the
``csv`` module, and NumPy if it happens to be installed (never required).

Candidates run in rounds, each once per round, for at least 5 rounds. A time
is the median over rounds, in CPU seconds of this process
(``time.process_time``), so that time given to other programs on a shared
machine does not count; a ratio is the median over rounds of the ratio within
one round. Memory is the peak resident set size of a fresh child process
(VmHWM, what ``/usr/bin/time -v`` reports as maximum), or peak traced
allocations (``tracemalloc``). Child-process rows are single runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import training_loops
from baselines import (
    exact_feature_least_squares,
    exact_least_squares,
    fused_descent,
    make_data,
    make_feature_data,
    numpy_descent,
    numpy_or_none,
    one_pass_over_rows,
    tutorial_descent,
)

from gradstep import fit, fit_features, polynomial_features
from gradstep.datasets import nist
from gradstep.fast.sums import LineSums, gradient_and_loss_from_sums, line_sums
from gradstep.fit import fit_pairs, fit_sums

LEARNING_RATE = 0.01  # stable for x in [0, 10]: below 2 / lambda_max, about 0.03
GRID_SIZE = 200


@dataclass
class Target:
    """One target of issue 5: what was measured, and whether it holds."""

    name: str
    measured: float
    limit: float
    unit: str = "x"
    higher_is_better: bool = False

    @property
    def holds(self) -> bool:
        if self.higher_is_better:
            return self.measured >= self.limit
        return self.measured <= self.limit


TARGETS: list[Target] = []


@dataclass
class Timings:
    """CPU seconds of each candidate in each round."""

    rounds: dict[str, list[float]]

    def __getitem__(self, name: str) -> float:
        """The median time of one candidate."""
        return statistics.median(self.rounds[name])

    def ratio(self, name: str, baseline: str) -> float:
        """The median over rounds of the candidate's time over the baseline's in that round.

        Candidate and baseline ran seconds apart, so a change in the load of a
        shared machine between rounds cancels out of each round's ratio.
        """
        return statistics.median(
            seconds / baseline_seconds
            for seconds, baseline_seconds in zip(self.rounds[name], self.rounds[baseline])
        )


def median_times(candidates: dict[str, Callable[[], object]], repeats: int) -> Timings:
    """Run each candidate once per round, round after round."""
    rounds: dict[str, list[float]] = {name: [] for name in candidates}
    for _ in range(repeats):
        for name, run in candidates.items():
            start = time.process_time()
            run()
            rounds[name].append(time.process_time() - start)
    return Timings(rounds)


def table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def lre(estimate: float, exact: float) -> float:
    """Log relative error: the number of correct significant digits (capped at 17)."""
    if estimate == exact:
        return 17.0
    return min(17.0, -math.log10(abs(estimate - exact) / abs(exact)))


def machine() -> None:
    numpy = numpy_or_none()
    numpy_version = "not installed" if numpy is None else f"{numpy.__version__} (optional)"
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print(
        f"Interpreter: {platform.python_implementation()} {platform.python_version()} "
        f"({sys.executable})  \nMachine: {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} logical CPUs ({cpu})  \n"
        f"NumPy: {numpy_version}"
    )
    print()


def lesson_loop(sizes: list[tuple[int, int]], repeats: int) -> None:
    """Target 1: fit with a learning rate and steps, per step, against the fused loop."""
    print("## 1. The lesson loop: `fit(xs, ys, learning_rate=0.01, steps=S)`, per step\n")
    rows = []
    for n, steps in sizes:
        rows += lesson_loop_at(n, steps, repeats)
    table(["what", "n", "steps S", "ns per point per step", "ratio to fused"], rows)


def lesson_loop_at(n: int, steps: int, repeats: int) -> list[list[str]]:
    numpy = numpy_or_none()
    xs, ys = make_data(n)
    start = (0.5, -0.5)
    candidates: dict[str, Callable[[], object]] = {
        "fused": lambda: fused_descent(xs, ys, *start, LEARNING_RATE, steps),
        "tutorial": lambda: tutorial_descent(xs, ys, *start, LEARNING_RATE, steps),
        "gradstep S": lambda: fit(xs, ys, learning_rate=LEARNING_RATE, steps=steps),
        "gradstep 0": lambda: fit(xs, ys, learning_rate=LEARNING_RATE, steps=0),
    }
    if numpy is not None:
        x_array, y_array = numpy.array(xs), numpy.array(ys)
        descent = numpy_descent(numpy)
        candidates["numpy"] = lambda: descent(x_array, y_array, *start, LEARNING_RATE, steps)
    times = median_times(candidates, repeats)
    fused = times["fused"] / steps
    ratios = {name: times.ratio(name, "fused") for name in candidates}
    # fit(steps=S) makes S + 1 passes (the start's loss too), fit(steps=0) one,
    # plus the same checks and sums: the difference is S passes and S updates.
    ratios["per step"] = statistics.median(
        (with_steps - without) / fused_seconds
        for with_steps, without, fused_seconds in zip(
            times.rounds["gradstep S"], times.rounds["gradstep 0"], times.rounds["fused"]
        )
    )
    per_step = (times["gradstep S"] - times["gradstep 0"]) / steps

    def row(what: str, seconds: float, ratio: float) -> list[str]:
        return [what, f"{n:,}", str(steps), f"{seconds * 1e9 / n:.0f}", f"{ratio:.2f}"]

    rows = [
        row("fused loop (baseline)", fused, 1.0),
        row("tutorial loop", times["tutorial"] / steps, ratios["tutorial"]),
        row(
            "**gradstep `fit`, per step** (S steps minus 0 steps)",
            per_step,
            ratios["per step"],
        ),
        row(
            "gradstep `fit`, whole call / S (checks, sums, S + 1 passes)",
            times["gradstep S"] / steps,
            ratios["gradstep S"],
        ),
    ]
    if numpy is not None:
        rows.append(row("NumPy arrays, same descent", times["numpy"] / steps, ratios["numpy"]))
    TARGETS.append(Target(f"1. lesson loop per step / fused, n = {n:,}", ratios["per step"], 1.2))
    return rows


def default_fit(sizes: list[int], repeats: int) -> None:
    """Target 2: the default fit against statistics.linear_regression."""
    print("## 2. The default fit: `fit(xs, ys)` against `statistics.linear_regression`\n")
    rows = []
    for n in sizes:
        rows += default_fit_at(n, repeats)
    table(["what", "n", "ms", "ratio to linear_regression", "LRE weight / bias"], rows)


def default_fit_at(n: int, repeats: int) -> list[list[str]]:
    numpy = numpy_or_none()
    xs, ys = make_data(n)
    exact_weight, exact_bias = exact_least_squares(xs, ys)
    result = fit(xs, ys)
    regression = statistics.linear_regression(xs, ys)
    candidates: dict[str, Callable[[], object]] = {
        "regression": lambda: statistics.linear_regression(xs, ys),
        "fit": lambda: fit(xs, ys),
        "fused": lambda: fused_descent(xs, ys, 0.5, -0.5, LEARNING_RATE, 1),
    }
    if numpy is not None:
        x_array, y_array = numpy.array(xs), numpy.array(ys)
        candidates["numpy"] = lambda: numpy.polyfit(x_array, y_array, 1)
    times = median_times(candidates, repeats)
    rows: list[list[str]] = []

    def row(what: str, name: str, digits: str) -> list[str]:
        ratio = times.ratio(name, "regression")
        return [what, f"{n:,}", f"{times[name] * 1e3:.2f}", f"{ratio:.2f}", digits]

    def digits(weight: float, bias: float) -> str:
        return f"{lre(weight, exact_weight):.1f} / {lre(bias, exact_bias):.1f}"

    rows.append(row("`statistics.linear_regression` (baseline)", "regression", digits(*regression)))
    rows.append(
        row(
            f"**gradstep `fit`**, checks included ({result.steps} step"
            f"{'' if result.steps == 1 else 's'})",
            "fit",
            digits(result.weight, result.bias),
        )
    )
    rows.append(row("one step of the fused loop", "fused", "-"))
    if numpy is not None:
        slope, intercept = (float(value) for value in numpy.polyfit(x_array, y_array, 1))
        rows.append(
            row("NumPy `polyfit` (arrays made beforehand)", "numpy", digits(slope, intercept))
        )
    if n < 100_000:
        return rows  # the issue sets its target at n = 10**5; smaller n is for the record
    TARGETS.append(
        Target(
            f"2. default fit / linear_regression, n = {n:,}", times.ratio("fit", "regression"), 0.75
        )
    )
    TARGETS.append(
        Target(
            f"2. default fit LRE (fewer of weight, bias), n = {n:,}",
            min(lre(result.weight, exact_weight), lre(result.bias, exact_bias)),
            9.0,
            unit=" digits",
            higher_is_better=True,
        )
    )
    return rows


def feature_problems() -> Iterator[tuple[str, list[list[float]], list[float]]]:
    """Issue 11's problems: polynomials on x = 0..20 with integer coefficients (exact y,
    and y with a fixed pattern of noise), NIST Pontius, near-collinear predictors."""
    xs = list(range(21))
    coefficients = (7, -3, 5, -2, 1, -1, 1)
    for degree in range(1, 7):
        ys = [float(sum(c * x**j for j, c in enumerate(coefficients[: degree + 1]))) for x in xs]
        rows = polynomial_features(xs, degree)
        yield f"degree {degree}, x = 0..20, exact y", rows, ys
        noisy = [y + (3.0 if i % 3 == 0 else -1.5) for i, y in enumerate(ys)]
        yield f"degree {degree}, x = 0..20, noisy y", rows, noisy
    pontius = nist("pontius")
    yield "NIST Pontius", polynomial_features(pontius.xs, 2), pontius.ys
    for gap in (2.0**-10, 2.0**-20, 2.0**-30):
        generator = random.Random(7)
        rows = []
        for year in range(1947, 1963):
            a, b = generator.randint(100, 200), generator.randint(50, 90)
            near_sum = a + b + generator.randint(-9, 9) * gap
            near_difference = 2 * a - b + generator.randint(-9, 9) * gap
            rows.append([a, b, near_sum, generator.randint(0, 50), year, near_difference])
        ys = [
            3 * r[0]
            - 2 * r[1]
            + 5 * r[2]
            + r[3]
            - 7 * r[4]
            + 11 * r[5]
            + generator.randint(-8, 8) / 8
            for r in rows
        ]
        yield f"6 predictors, 2 within {gap:.2g} of sums of others", rows, ys
    xs_narrow = [1 + i / 40 for i in range(41)]
    yield (
        "degree 10, x in [1, 2]",
        polynomial_features(xs_narrow, 10),
        [math.sin(x) for x in xs_narrow],
    )


def features_accuracy(repeats: int) -> None:
    """Issue 11: fit_features defaults against exact least squares, problem by problem."""
    print("## Many features: accuracy of `fit_features(rows, ys)` against exact least squares\n")
    rows_out = []
    certified_digits = []
    for name, rows, ys in feature_problems():
        exact = exact_feature_least_squares(rows, ys)
        result = fit_features(rows, ys)
        seconds = median_times({"fit": lambda rows=rows, ys=ys: fit_features(rows, ys)}, repeats)
        fewest = min(
            lre(value, truth) for value, truth in zip([*result.weights, result.bias], exact)
        )
        rows_out.append(
            [
                name,
                f"{result.condition_number:.3g}",
                f"{fewest:.1f}",
                str(result.steps),
                f"{seconds['fit'] * 1e3:.2f}",
                "yes" if result.converged else "no",
            ]
        )
        if result.converged:
            certified_digits.append(fewest)
    table(
        ["problem", "condition number", "fewest correct digits", "steps", "ms", "converged"],
        rows_out,
    )
    print("17.0 digits: the float nearest the exact answer, to the last bit.\n")
    TARGETS.append(
        Target(
            f"11. fewest correct digits over the {len(certified_digits)} converged problems",
            min(certified_digits),
            9.0,
            unit=" digits",
            higher_is_better=True,
        )
    )


def many_features(n: int, k: int, repeats: int) -> None:
    """Issue 11: fit_features with its defaults against one pure-Python pass over the rows."""
    print(f"## Many features: `fit_features(rows, ys)` against one pass over the rows (k = {k})\n")
    numpy = numpy_or_none()
    rows, ys = make_feature_data(n, k)
    exact = exact_feature_least_squares(rows, ys)
    result = fit_features(rows, ys)
    candidates: dict[str, Callable[[], object]] = {
        "pass": lambda: one_pass_over_rows(rows, ys, [0.5] * k, -0.5),
        "fit_features": lambda: fit_features(rows, ys),
    }
    if numpy is not None:
        design = numpy.column_stack([numpy.array(rows), numpy.ones(n)])
        targets = numpy.array(ys)
        candidates["numpy"] = lambda: numpy.linalg.lstsq(design, targets, rcond=None)
    times = median_times(candidates, repeats)

    def digits(values: list[float]) -> str:
        return f"{min(lre(value, truth) for value, truth in zip(values, exact)):.1f}"

    rows_out = [
        ["one pass over the rows: gradient and loss (baseline)", f"{n:,}", "pass", "-"],
        [
            f"**`fit_features`** defaults, checks included ({result.steps} steps, "
            f"converged {result.converged})",
            f"{n:,}",
            "fit_features",
            digits([*result.weights, result.bias]),
        ],
    ]
    if numpy is not None:
        solution = numpy.linalg.lstsq(design, targets, rcond=None)[0]
        rows_out.append(
            [
                "NumPy `lstsq` (arrays made beforehand)",
                f"{n:,}",
                "numpy",
                digits([float(value) for value in solution]),
            ]
        )
    table(
        ["what", "n", "ms", "ratio to one pass", "fewest correct digits"],
        [
            [what, size, f"{times[name] * 1e3:.1f}", f"{times.ratio(name, 'pass'):.1f}", lres]
            for what, size, name, lres in rows_out
        ],
    )
    ratio = times.ratio("fit_features", "pass")
    # The issue asks for the ratio to be stated; 30 is a ceiling that catches a regression.
    TARGETS.append(Target(f"11. fit_features / one pass, n = {n:,}, k = {k}", ratio, 30.0))
    TARGETS.append(
        Target(
            f"11. fit_features LRE (fewest of {k + 1} coefficients), n = {n:,}",
            min(lre(value, truth) for value, truth in zip([*result.weights, result.bias], exact)),
            9.0,
            unit=" digits",
            higher_is_better=True,
        )
    )


def write_csv(path: Path, xs: list[float], ys: list[float], copies: int) -> None:
    """Write x,y rows with 6 decimals; ``copies`` times the same rows, one after another."""
    block = "".join(f"{x:.6f},{y:.6f}\n" for x, y in zip(xs, ys))
    with path.open("w", newline="") as file:
        file.write("x,y\n")
        for _ in range(copies):
            file.write(block)


def pairs_from_csv(path: Path) -> Iterator[tuple[float, float]]:
    """What a user writes to stream a CSV file into ``fit_pairs``."""
    with path.open(newline="") as file:
        rows = csv.reader(file)
        next(rows)
        for x_text, y_text in rows:
            yield float(x_text), float(y_text)


def parse_only(path: Path) -> None:
    """The baseline: read the file with the csv module and turn every cell into a float."""
    with path.open(newline="") as file:
        rows = csv.reader(file)
        next(rows)
        for x_text, y_text in rows:
            float(x_text)
            float(y_text)


def child(mode: str, path: Path) -> None:
    """Run one job in this fresh process and print its CPU time and peak memory as JSON."""
    start = time.process_time()
    if mode == "parse":
        parse_only(path)
    elif mode == "fit_pairs":
        fit_pairs(pairs_from_csv(path))
    elif mode == "cli":
        from gradstep.commandline.cli import main

        with redirect_stdout(io.StringIO()):
            main(["fit", str(path)])
    seconds = time.process_time() - start
    print(json.dumps({"seconds": seconds, "peak_mib": peak_resident_mib()}))


def peak_resident_mib() -> float:
    """This process's peak resident set size (what /usr/bin/time -v calls maximum)."""
    status = Path("/proc/self/status")
    if status.exists():
        # VmHWM, unlike getrusage's ru_maxrss, does not inherit the parent's
        # peak across fork and exec.
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource  # not on Windows

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def in_child(mode: str, path: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output.splitlines()[-1])
    return result


def cli_can_fit() -> bool:
    from gradstep.commandline.cli import build_parser

    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
            build_parser().parse_args(["fit", "--help"])
    except SystemExit as leaving:
        return leaving.code == 0
    return False


def one_pass(small: int, large: int, xs: list[float], ys: list[float], repeats: int) -> None:
    """Target 3: fit_pairs over a CSV file, time against parsing and memory at two sizes."""
    print("## 3. One pass over a CSV file: `fit_pairs` of a generator of csv rows\n")
    copies = large // small
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        small_path, large_path = Path(folder) / "small.csv", Path(folder) / "large.csv"
        write_csv(small_path, xs[:small], ys[:small], 1)
        write_csv(large_path, xs[:small], ys[:small], copies)
        times = median_times(
            {
                "parse": lambda: parse_only(small_path),
                "fit_pairs": lambda: fit_pairs(pairs_from_csv(small_path)),
            },
            repeats,
        )
        rows.append(
            [
                f"csv + float() only (baseline), median of {repeats} rounds",
                f"{small:,}",
                f"{times['parse']:.2f}",
                "1.00",
                "-",
            ]
        )
        rows.append(
            [
                f"**`fit_pairs`**, median of {repeats} rounds",
                f"{small:,}",
                f"{times['fit_pairs']:.2f}",
                f"{times.ratio('fit_pairs', 'parse'):.2f}",
                "-",
            ]
        )
        TARGETS.append(
            Target(
                f"3. fit_pairs time / csv parse, n = {small:,}",
                times.ratio("fit_pairs", "parse"),
                1.5,
            )
        )
        modes = ["parse", "fit_pairs"] + (["cli"] if cli_can_fit() else [])
        memory: dict[tuple[str, int], dict[str, float]] = {}
        for n, path in ((small, small_path), (large, large_path)):
            for mode in modes:
                memory[mode, n] = in_child(mode, path)
        for mode in modes:
            what = {
                "parse": "csv + float() only, child process",
                "fit_pairs": "**`fit_pairs`**, child process",
                "cli": "`gradstep fit FILE.csv` (its `main`), child process",
            }[mode]
            for n in (small, large):
                measured = memory[mode, n]
                parse_seconds = memory["parse", n]["seconds"]
                rows.append(
                    [
                        what,
                        f"{n:,}",
                        f"{measured['seconds']:.2f}",
                        f"{measured['seconds'] / parse_seconds:.2f}",
                        f"{measured['peak_mib']:.1f}",
                    ]
                )
        for mode in modes[1:]:
            label = "fit_pairs" if mode == "fit_pairs" else "CLI"
            small_peak = memory[mode, small]["peak_mib"]
            large_peak = memory[mode, large]["peak_mib"]
            TARGETS.append(
                Target(
                    f"3. {label} time / csv parse, n = {large:,} (one run)",
                    memory[mode, large]["seconds"] / memory["parse", large]["seconds"],
                    1.5,
                )
            )
            TARGETS.append(
                Target(f"3. {label} peak memory, n = {large:,}", large_peak, 50.0, unit=" MiB")
            )
            TARGETS.append(
                Target(
                    f"3. {label} peak memory {large:,} / {small:,} rows",
                    large_peak / small_peak,
                    1.1,
                )
            )
    table(["what", "rows", "CPU s", "ratio to parse", "peak RSS MiB"], rows)
    print(
        f"The {large:,}-row file is the {small:,} rows written {copies} times; "
        f"values have 6 decimals.\n"
    )


def loss_grid(sums: LineSums, weights: list[float], biases: list[float]) -> list[list[float]]:
    return [
        [gradient_and_loss_from_sums(sums, weight, bias)[2] for weight in weights]
        for bias in biases
    ]


def loss_surface(data: dict[int, tuple[list[float], list[float]]], repeats: int) -> None:
    """Target 4: a 200 x 200 grid of losses from the sums, after one pass."""
    print(f"## 4. Loss surface: {GRID_SIZE} x {GRID_SIZE} losses from the sums of one pass\n")
    weights = [3.0 + 6.0 * (i / (GRID_SIZE - 1) - 0.5) for i in range(GRID_SIZE)]
    biases = [2.0 + 20.0 * (i / (GRID_SIZE - 1) - 0.5) for i in range(GRID_SIZE)]
    small, large = min(data), max(data)
    sums = {n: line_sums(xs, ys) for n, (xs, ys) in data.items()}
    # The grids of both sizes in the same rounds, so their ratio compares like with like.
    times = median_times(
        {
            **{f"pass {n}": partial(line_sums, *data[n]) for n in (small, large)},
            **{f"grid {n}": partial(loss_grid, sums[n], weights, biases) for n in (small, large)},
        },
        repeats,
    )
    rows = [[f"{n:,}", f"{times[f'pass {n}']:.3f}", f"{times[f'grid {n}']:.3f}"] for n in data]
    table(["n", "one pass (`line_sums`), s", "grid after it, s"], rows)
    TARGETS.append(
        Target(f"4. grid time beyond the pass, n = {large:,}", times[f"grid {large}"], 1.0, " s")
    )
    TARGETS.append(
        Target(
            f"4. grid time {large:,} / {small:,}",
            times.ratio(f"grid {large}", f"grid {small}"),
            2.0,
        )
    )


def merged_sums(xs: list[float], ys: list[float]) -> None:
    """Target 5: the sums of two shards, merged, against the sums of one pass."""
    print("## 5. Mergeable sums: two shards merged against one pass\n")
    half = len(xs) // 3  # uneven shards, so that the merge has work to do
    merged = line_sums(xs[:half], ys[:half]).merged(line_sums(xs[half:], ys[half:]))
    whole = line_sums(xs, ys)
    rows = []
    worst = 0.0
    for name in ("mean_x", "mean_y", "sxx", "sxy", "syy"):
        one, two = getattr(whole, name), getattr(merged, name)
        difference = abs(one - two) / abs(one)
        worst = max(worst, difference)
        rows.append([name, f"{one:.17g}", f"{two:.17g}", f"{difference:.1e}"])
    table(
        [f"sum (n = {len(xs):,})", "one pass", "shards 1/3 + 2/3, merged", "relative difference"],
        rows,
    )
    TARGETS.append(
        Target("5. merged vs one pass, largest relative difference", worst, 1e-12, unit="")
    )


def bounded_history(step_counts: list[int]) -> None:
    """Target 6: the memory of the history of a long run, from the sums."""
    print("## 6. Bounded history: `fit_sums(sums, learning_rate=0.01, steps=S)`\n")
    sums = line_sums(*make_data(1000))
    rows = []
    peaks = {}
    for steps in step_counts:
        tracemalloc.start()
        start = time.process_time()
        result = fit_sums(sums, learning_rate=LEARNING_RATE, steps=steps)
        seconds = time.process_time() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        peaks[steps] = peak / 2**20
        first, last = result.history[0].step, result.history[-1].step
        rows.append(
            [
                f"{steps:,}",
                f"{len(result.history):,}",
                f"{first} .. {last:,}",
                f"{peaks[steps]:.1f}",
                f"{seconds:.1f}",
            ]
        )
        del result
    table(["steps", "records kept", "steps kept", "peak traced MiB", "CPU s (traced)"], rows)
    small, large = min(peaks), max(peaks)
    TARGETS.append(
        Target(f"6. history memory {large:,} / {small:,} steps", peaks[large] / peaks[small], 1.1)
    )


def autodiff_training(repeats: int) -> None:
    """Target 7: a training loop with gradstep's autodiff against micrograd and the fused loop."""
    points, steps = training_loops.POINTS, training_loops.STEPS
    print(
        f"## 7. Autodiff: {steps} steps of a training loop, the loss of {points:,} points "
        f"built and back-propagated each step, each run in a fresh process, gc on\n"
    )
    names = ["fused", "gradstep"]
    if training_loops.micrograd_installed():
        names.append("micrograd")
    else:
        print(
            "micrograd is not installed, so its row is left out (`pip install micrograd==0.1.0`).\n"
        )
    runs = training_loops.rounds(names, repeats)

    def seconds(name: str) -> list[float]:
        return [run["seconds"] for run in runs[name]]

    def median_ratio(name: str, baseline: str) -> float:
        return statistics.median(a / b for a, b in zip(seconds(name), seconds(baseline)))

    rows = []
    for name, what in [
        ("fused", "fused loop (baseline), `baselines.fused_descent`"),
        ("gradstep", "**`gradstep.autodiff.Value`**: build, `backward()`, update"),
        ("micrograd", "micrograd 0.1.0 `Value`, the same expression (recursion limit raised)"),
    ]:
        if name not in runs:
            continue
        per_point = statistics.median(seconds(name)) / (points * steps)
        rows.append(
            [
                what,
                f"{per_point * 1e6:.2f}",
                f"{median_ratio(name, 'fused'):.1f}",
                f"{median_ratio(name, 'gradstep'):.2f}",
            ]
        )
    table(["what", "us per point per step", "ratio to fused", "ratio to gradstep"], rows)
    # Every implementation takes the same steps: their end points agree to rounding.
    ends = [(run["weight"], run["bias"]) for name in names for run in runs[name]]
    spread = max(
        max(abs(weight - ends[0][0]) / abs(ends[0][0]), abs(bias - ends[0][1]) / abs(ends[0][1]))
        for weight, bias in ends
    )
    print(
        f"All take the same steps: the weights and biases they end at differ by at most "
        f"{spread:.1e} (relative).\n"
    )
    TARGETS.append(
        Target("7. autodiff cost per point / fused loop", median_ratio("gradstep", "fused"), 100)
    )
    if "micrograd" in runs:
        TARGETS.append(
            Target(
                "7. micrograd time / gradstep autodiff time",
                median_ratio("micrograd", "gradstep"),
                10,
                higher_is_better=True,
            )
        )


def summary() -> None:
    print("## Targets\n")
    table(
        ["target", "measured", "limit", "holds"],
        [
            [
                target.name,
                f"{target.measured:.3g}{target.unit}",
                f"{'>=' if target.higher_is_better else '<='} {target.limit:g}{target.unit}",
                "yes" if target.holds else "**no**",
            ]
            for target in TARGETS
        ],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repeats (>= 5)")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "FILE"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        child(arguments.child[0], Path(arguments.child[1]))
        return
    repeats = max(5, arguments.repeats)
    began = time.perf_counter()
    print(f"# gradstep benchmarks{' (--quick)' if arguments.quick else ''}\n")
    machine()
    if arguments.quick:
        lesson_loop([(10_000, 20), (100_000, 3)], repeats)
        default_fit([100_000], repeats)
        features_accuracy(repeats)
        many_features(10_000, 5, repeats)
        small, large = 100_000, 1_000_000
        steps = [10_000, 100_000]
    else:
        lesson_loop([(10_000, 50), (100_000, 10)], repeats)
        default_fit([10_000, 100_000], repeats)
        features_accuracy(repeats)
        many_features(100_000, 5, repeats)
        small, large = 1_000_000, 10_000_000
        steps = [10_000, 1_000_000]
    xs, ys = make_data(max(small, 10_000))
    one_pass(small, large, xs, ys, repeats)
    loss_surface({10_000: (xs[:10_000], ys[:10_000]), small: (xs, ys)}, repeats)
    merged_sums(xs, ys)
    bounded_history(steps)
    autodiff_training(repeats)
    summary()
    print(f"Whole run: {time.perf_counter() - began:.0f} s of wall-clock time.")


if __name__ == "__main__":
    main()
