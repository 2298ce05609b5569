"""The child process of ``gradstep check``: run a learner's file and write down what it returns.

    python runner.py REQUEST.json RESULTS.jsonl STUCK.txt

The checker starts this script in a process of its own, so that nothing
the learner's code does (an endless loop, an exception, ``sys.exit``, a
thousand prints) can reach the checker. It uses the standard library only
and imports nothing of gradstep's, so the learner's file is the only code
of theirs that runs. Results go to a file, one JSON line per event, written
as they happen: if the process is stopped midway, the checker still knows
which exercises finished and which one was running. ``faulthandler`` stops
an exercise that runs longer than the time limit and writes where it was
to STUCK.txt. The checker starts it in a temporary folder of its own, so
the paths it is given, and the learner's file's, are absolute.
"""

from __future__ import annotations

import faulthandler
import functools
import importlib.util
import inspect
import json
import math
import os
import sys
import traceback
from collections.abc import Callable
from types import ModuleType
from typing import Any, TextIO

MAX_ITEMS = 100_000


def where(problem: BaseException, learner_file: str) -> dict[str, Any]:
    """The exception's type and message, and the line of the learner's file it came from."""
    found: dict[str, Any] = {"type": type(problem).__name__, "message": str(problem)}
    if isinstance(problem, SyntaxError) and problem.lineno is not None:
        found.update(line=problem.lineno, text=(problem.text or "").strip(), message=problem.msg)
        return found
    wanted = os.path.normcase(os.path.abspath(learner_file))
    for frame in traceback.extract_tb(problem.__traceback__):
        if os.path.normcase(os.path.abspath(frame.filename)) == wanted:
            found.update(line=frame.lineno, text=(frame.line or "").strip())
    return found


def other(value: Any, **more: Any) -> dict[str, Any]:
    """A value that is not a float, record or list: its type and the start of its repr."""
    try:
        shown = repr(value)
    except ValueError:  # an int past 4300 digits, which Python refuses to print
        shown = "..."
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return {"other": type(value).__name__, "repr": shown, **more}


def encode(value: Any, depth: int = 0) -> Any:
    """A JSON-able picture of what the learner's function returned."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, bytes)):
        return other(value)
    if isinstance(value, (list, tuple)) and depth < 3 and len(value) <= MAX_ITEMS:
        return [encode(item, depth + 1) for item in value]
    if all(hasattr(value, field) for field in ("weight", "bias", "loss")):
        return {
            "record": {
                field: encode(getattr(value, field), depth + 1)
                for field in ("weight", "bias", "loss")
            }
        }
    if hasattr(value, "__float__"):
        try:
            return float(value)
        except OverflowError:
            if isinstance(value, int):
                exponent = math.log10(abs(value))
                mantissa = 10 ** (exponent - math.floor(exponent))
                near = f"{'-' if value < 0 else ''}{mantissa:.2g}e+{math.floor(exponent)}"
                return other(value, past_floats=True, near=near)
            return other(value, past_floats=True)
        except (TypeError, ValueError):
            pass
    return other(value)


def loop_gradient_and_loss(
    xs: list[float], ys: list[float]
) -> Callable[[float, float], tuple[float, float, float]]:
    """The ``gradient_and_loss`` handed to the learner's loop (lesson 4's, written again)."""

    def gradient_and_loss(weight: float, bias: float) -> tuple[float, float, float]:
        n = len(xs)
        sum_d_loss_d_weight = sum_d_loss_d_bias = sum_squared_error = 0.0
        for x, target in zip(xs, ys):
            error = weight * x + bias - target
            sum_d_loss_d_weight += 2.0 * error * x
            sum_d_loss_d_bias += 2.0 * error
            sum_squared_error += error * error
        return sum_d_loss_d_weight / n, sum_d_loss_d_bias / n, sum_squared_error / n

    return gradient_and_loss


def arguments(style: str, case: list[Any]) -> list[Any]:
    """The arguments of one call, from one case of the request."""
    if style == "loop":
        xs, ys, start, learning_rate, steps = case
        return [loop_gradient_and_loss(xs, ys), tuple(start), learning_rate, steps]
    return list(case)


def run_cases(function: Callable[..., Any], exercise: dict[str, Any], file: str) -> dict[str, Any]:
    """Call the learner's function on every case; stop at the first exception."""
    try:
        signature: inspect.Signature | None = inspect.signature(function)
    except (TypeError, ValueError):
        signature = None
    values: list[Any] = []
    for index, case in enumerate(exercise["cases"]):
        call = arguments(exercise["style"], case)
        if signature is not None:
            try:
                signature.bind(*call)
            except TypeError as problem:
                return {"values": values, "bad_call": str(problem), "signature": str(signature)}
        try:
            value = function(*call)
        # Every exception, KeyboardInterrupt too, is the learner's to hear about.
        except BaseException as problem:
            return {"values": values, "raised": where(problem, file), "case": index}
        values.append(encode(value))
    return {"values": values}


def load(file: str) -> ModuleType:
    """Import the learner's file as a module of its own name (its main block does not run)."""
    name = os.path.splitext(os.path.basename(file))[0]
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise ImportError(f"{file} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(request_path: str, results_path: str, stuck_path: str) -> int:
    """Run the exercises of the request, writing one JSON line per event."""
    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    file = request["file"]
    limit = float(request["time_limit"])
    # As `python FILE.py` would: the learner's folder first, this one not at all.
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [path for path in sys.path if os.path.abspath(path or ".") != here]
    sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
    with (
        open(results_path, "a", encoding="utf-8") as results,
        open(stuck_path, "w", encoding="utf-8") as stuck,
    ):

        def emit(event: dict[str, Any]) -> None:
            results.write(json.dumps(event) + "\n")
            results.flush()

        module = run_timed(emit, stuck, limit, "<import>", lambda: load(file), file)
        if module is None:
            return 0
        emit({"event": "done", "name": "<import>"})
        for exercise in request["exercises"]:
            name = exercise["name"]
            function = getattr(module, name, None)
            # A function imported from elsewhere (gradstep's own, say) is not the learner's.
            if not callable(function) or getattr(function, "__module__", None) != module.__name__:
                emit({"event": "done", "name": name, "missing": True})
                continue
            outcome = run_timed(
                emit,
                stuck,
                limit,
                name,
                functools.partial(run_cases, function, exercise, file),
                file,
            )
            if outcome is not None:
                emit({"event": "done", "name": name, **outcome})
    return 0


def run_timed(
    emit: Callable[[dict[str, Any]], None],
    stuck: TextIO,
    limit: float,
    name: str,
    work: Callable[[], Any],
    file: str,
) -> Any:
    """Run one piece of work under the time limit; None if it raised (already reported)."""
    emit({"event": "start", "name": name})
    # Past the limit, faulthandler writes where every thread was and ends the process.
    faulthandler.dump_traceback_later(limit, exit=True, file=stuck)
    try:
        return work()
    except BaseException as problem:  # as in run_cases: KeyboardInterrupt too
        emit({"event": "done", "name": name, "raised": where(problem, file)})
        return None
    finally:
        faulthandler.cancel_dump_traceback_later()


if __name__ == "__main__":
    status = main(*sys.argv[1:4])
    # Threads the learner started must not keep this process alive: leave at once.
    os._exit(status)
