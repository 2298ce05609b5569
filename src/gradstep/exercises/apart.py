"""Running a learner's file in a child process, one exercise at a time under a time limit.

The child is ``runner.py``, started by its path with this Python, so that
nothing of the learner's code ever runs in the checker's process. It
reports each exercise as it starts and ends; when one runs past the limit,
``faulthandler`` in the child stops it and writes where it was, and a fresh
child goes on with the exercises after it.

The child works in a fresh temporary folder, removed afterwards, so that a
relative path in the learner's code (``os.remove(name)``) cannot touch the
files beside theirs. On POSIX it leads a process group of its own, and the
whole group is killed when it ends: a process the learner's code started
does not outlive the check. This guards against accidents, not malice:
absolute paths are still reachable.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gradstep.exercises.cases import Case
from gradstep.exercises.catalogue import EXERCISES, Exercise

RUNNER = Path(__file__).resolve().with_name("runner.py")
# A process group of its own lets the checker stop whatever the child started.
GROUPS = sys.platform != "win32"


def run_apart(file: str, cases: dict[str, list[Case]], time_limit: float) -> dict[str, Any]:
    """Run the exercises in child processes; after an endless loop, go on in a fresh one."""
    outcomes: dict[str, Any] = {}
    remaining = [exercise for exercise in EXERCISES]
    while True:
        events, stuck, status, errors = one_child(file, remaining, cases, time_limit)
        running = None
        for event in events:
            if event.get("event") == "start":
                running = event["name"]
            elif event.get("event") == "done":
                outcomes[event["name"]] = event
                running = None
        if running is None and "<import>" not in outcomes:
            tail = errors.strip().splitlines()[-1:] or [f"exit status {status}"]
            outcomes["<import>"] = {"crashed": f"the checker's process failed: {tail[0]}"}
        if running is None:
            return outcomes
        if stuck or status is None:
            outcomes[running] = {"stuck": stuck_line(stuck, file)}
        else:  # ended without faulthandler: os._exit, or the interpreter crashed
            outcomes[running] = {"ended": status}
        remaining = [exercise for exercise in remaining if exercise.name not in outcomes]
        if running == "<import>" or not remaining:
            return outcomes


def one_child(
    file: str, exercises: Sequence[Exercise], cases: dict[str, list[Case]], time_limit: float
) -> tuple[list[dict[str, Any]], str, int | None, str]:
    """One child process: its events, what faulthandler wrote, its exit status, its stderr.

    The exit status is None when the child was stopped by the backstop timeout.
    """
    request = {
        "file": file,
        "time_limit": time_limit,
        "exercises": [
            {"name": e.name, "style": e.style, "cases": cases[e.name]} for e in exercises
        ],
    }
    # The learner's `from gradstep... import Step` finds this very gradstep.
    package_root = str(Path(__file__).resolve().parents[2])
    env = {
        **os.environ,
        # Absolute, since the child works in another folder.
        "PYTHONPATH": os.pathsep.join(
            [package_root]
            + [
                os.path.abspath(path)
                for path in os.environ.get("PYTHONPATH", "").split(os.pathsep)
                if path
            ]
        ),
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ left beside the learner's file
    }
    with (
        tempfile.TemporaryDirectory(prefix="gradstep-check-") as folder,
        # The learner's working folder: whatever their code leaves there goes with it.
        tempfile.TemporaryDirectory(
            prefix="gradstep-work-", ignore_cleanup_errors=True
        ) as work_folder,
    ):
        paths = [
            os.path.join(folder, name)
            for name in ("request.json", "results.jsonl", "stuck.txt", "stderr.txt")
        ]
        with open(paths[0], "w", encoding="utf-8") as handle:
            json.dump(request, handle)
        with (
            open(paths[3], "w", encoding="utf-8") as stderr,
            subprocess.Popen(
                [sys.executable, str(RUNNER), *paths[:3]],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,  # the learner's prints go nowhere
                stderr=stderr,
                env=env,
                cwd=work_folder,
                start_new_session=GROUPS,
            ) as child,
        ):
            status: int | None = None
            try:
                # A backstop only: faulthandler stops a stuck exercise in the child.
                status = child.wait(timeout=time_limit * (len(exercises) + 2) + 30)
            except subprocess.TimeoutExpired:
                pass
            finally:  # also when the checker itself is interrupted
                stop_all(child)
        events = []
        for text in read_text(paths[1]).splitlines():
            try:
                events.append(json.loads(text))
            except json.JSONDecodeError:
                continue
        return events, read_text(paths[2]), status, read_text(paths[3])[-2000:]


def stop_all(child: subprocess.Popen[bytes]) -> None:
    """Kill the child and, on POSIX, every process it started (its whole group)."""
    if GROUPS:
        # The group may be gone already (macOS says EPERM when only zombies are left).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, signal.SIGKILL)
    else:
        child.kill()
    child.wait()


def read_text(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def stuck_line(dump: str, file: str) -> int | None:
    """The line of the learner's file where faulthandler found the stuck code."""
    wanted = os.path.normcase(file)
    for text in dump.splitlines():  # innermost call first
        text = text.strip()
        if text.startswith('File "') and '", line ' in text:
            path, _, rest = text[6:].partition('", line ')
            if os.path.normcase(os.path.abspath(path)) == wanted:
                number = rest.split()[0]
                return int(number) if number.isdigit() else None
    return None
