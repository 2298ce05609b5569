"""The ``gradstep`` command: ``gradstep demo`` and ``gradstep --version``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from gradstep import __version__
from gradstep.datasets import forbes
from gradstep.fit import fit
from gradstep.result import FitResult


def print_four_steps(result: FitResult, out: TextIO | None = None) -> None:
    """Print a fit's history as the four steps of the teaching notes."""

    def write(text: str) -> None:
        print(text, file=out)

    start = result.history[0]
    write("Step 1: start at a random weight and bias and calculate the loss.")
    write(f"  weight = {start.weight:.6g}, bias = {start.bias:.6g}  ->  loss = {start.loss:.6g}")
    write("Step 2: take a step in the direction of steepest descent.")
    d_loss_d_weight, d_loss_d_bias = start.gradient
    write(
        f"  gradient: d(loss)/d(weight) = {d_loss_d_weight:.6g}, "
        f"d(loss)/d(bias) = {d_loss_d_bias:.6g}"
    )
    if result.scaling is not None:
        scaling = result.scaling
        write(
            f"  (taken on standardised data, u = (x - {scaling.x_shift:.6g}) / "
            f"{scaling.x_scale:.6g} and v = (y - {scaling.y_shift:.6g}) / "
            f"{scaling.y_scale:.6g}, with learning rate {result.learning_rate:g})"
        )
    else:
        write(
            f"  weight = weight - {result.learning_rate:g} * d(loss)/d(weight), "
            f"and the same for the bias"
        )
    if len(result.history) > 1:
        first = result.history[1]
        write(f"  weight = {first.weight:.10g}, bias = {first.bias:.10g}")
        write("Step 3: calculate the new loss.")
        write(f"  loss = {first.loss:.10g}")
    write("Step 4: repeat steps 2 and 3.")
    for record in result.history[2:]:
        d_loss_d_weight, d_loss_d_bias = record.gradient
        write(
            f"  step {record.step}: weight = {record.weight:.10g}, bias = "
            f"{record.bias:.10g}, loss = {record.loss:.10g}"
        )
    state = "converged" if result.converged else "stopped without converging"
    write(f"  {state} after {result.steps} step{'' if result.steps == 1 else 's'}.")


def demo() -> int:
    """Fit a line to Forbes' boiling-point data and print the four steps."""
    boiling_points, pressures = forbes()
    print("gradstep demo: Forbes (1857), 17 places in the Alps and Scotland.")
    print("  x = boiling point of water (degrees F), y = air pressure (inches of mercury)")
    print()
    result = fit(boiling_points, pressures)
    print_four_steps(result)
    print()
    print(f"Fitted line: pressure = {result.weight:.6g} * boiling point + {result.bias:.6g}")
    print(f"Mean squared error: {result.loss:.6g}")
    if result.note:
        print(result.note)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The command line's options and subcommands."""
    parser = argparse.ArgumentParser(
        prog="gradstep",
        description="Gradient descent taught by doing it: fit a weight and a bias to data.",
    )
    parser.add_argument("--version", action="version", version=f"gradstep {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("demo", help="fit a line to built-in data and print the four steps")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "demo":
        return demo()
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
