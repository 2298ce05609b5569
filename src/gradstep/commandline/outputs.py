"""Writing the command line's output files so that no run can destroy a file.

Two rules keep a user's files safe:

1. Before anything is read, ``check_outputs`` refuses an output that is an
   input, or that another output also names. Files are compared by resolved
   path and by identity (device and inode), so a symbolic link or a hard link
   to the data counts as the data.
2. ``Outputs`` writes each file to a temporary file beside it and moves them
   all into place at the end (``os.replace``, which is atomic). A run that
   fails, diverges or is interrupted leaves every old file as it was, or, once
   finished, the whole new one: never half of either.

And an output replaces only a file that gradstep wrote itself, which it
knows by the file's first line (its ``marks``: the SVG's first line is a
comment that says so, the history's its header), or an empty one, which holds
nothing to lose. Any other file is refused, unless the user asks for it with
``--overwrite``; re-running a command replaces its own outputs.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from types import FrameType
from typing import TextIO

from gradstep.errors import GradstepError

STDIN = "-"
EXAMPLE_NAMES = {"--svg": "fit.svg", "--history": "history.csv"}
# The first line of every SVG file gradstep writes: how it knows its own again.
SVG_MARK = "<!-- Written by gradstep: a later gradstep fit may replace this file. -->"


class OutputError(GradstepError):
    """An output file names an input, another output, or a place that cannot be written."""


def _identity(path: str) -> tuple[int, int] | None:
    """The (device, inode) of the file a path names, following links, or None."""
    try:
        status = os.fstat(sys.stdin.fileno()) if path == STDIN else os.stat(path)
    except (OSError, ValueError, AttributeError):
        return None  # no such file yet, or a stdin without a file behind it
    return status.st_dev, status.st_ino


def _same_file(first: str, second: str) -> bool:
    if STDIN not in (first, second) and os.path.realpath(first) == os.path.realpath(second):
        return True
    identity = _identity(first)
    return identity is not None and identity == _identity(second)


def check_outputs(
    inputs: Sequence[tuple[str, str]],
    outputs: Sequence[tuple[str, str]],
    *,
    marks: Mapping[str, str] | None = None,
    overwrite: bool = False,
) -> None:
    """Refuse outputs that would overwrite an input or each other, or cannot be written.

    Each entry is (what it is, path), as ("--svg", "fit.svg"). ``marks`` gives
    the first line of the files gradstep writes for an option: an existing
    file that does not begin with it (and is not empty) is refused, unless
    ``overwrite``. Raises ``OutputError`` with a sentence; passes silently when
    every output is safe.
    """
    for number, (option, path) in enumerate(outputs):
        for what, input_path in inputs:
            if _same_file(path, input_path):
                also = "" if path == input_path else f" ({path} is {input_path} by another name)"
                raise OutputError(
                    f"{option} {path}: that is the {what}{also}; writing it would destroy "
                    f"the data. Name another file."
                )
        for other_option, other_path in outputs[:number]:
            if _same_file(path, other_path):
                raise OutputError(
                    f"{other_option} {other_path} and {option} {path} name the same file, so "
                    f"one would replace the other. Name two different files."
                )
        _check_writable(option, path)
        mark = (marks or {}).get(option)
        if not overwrite and not _is_device(path) and not _written_by_gradstep(path, mark):
            raise OutputError(
                f"{option} {path}: that file is there and gradstep did not write it, so "
                f"gradstep keeps it. Name another file, or add --overwrite to replace it."
            )


def _written_by_gradstep(path: str, mark: str | None) -> bool:
    """Is there no file at path, an empty one, or one whose first line is gradstep's mark?"""
    try:
        with open(path, "rb") as file:
            start = file.read(len(mark or "") * 4 + 2)  # the mark, in up to 4 bytes a character
    except FileNotFoundError:
        return True
    except OSError:
        return False  # cannot be read, so cannot be known
    if not start:
        return True  # empty: nothing to lose
    return mark is not None and start.split(b"\n")[0].rstrip(b"\r") == mark.encode("utf-8")


def _is_device(path: str) -> bool:
    """Is the path a terminal, a pipe or a device (/dev/null, /dev/stdout): no file to keep?"""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _check_writable(option: str, path: str) -> None:
    if not path.strip():
        raise OutputError(f"{option} needs a file name; it was given an empty one.")
    if path == STDIN:
        # Writing a file named "-" would surprise; printing it would mix it with the results.
        raise OutputError(
            f"{option} -: '-' means standard input, and only for the data file; an output "
            f"needs a file name, such as {EXAMPLE_NAMES.get(option, 'out.txt')}."
        )
    if _is_device(path):
        return  # written straight into: there is nothing to replace
    target = os.path.realpath(path)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise OutputError(
            f"{option} {path}: is a folder. Name a file in it, such as "
            f"{os.path.join(path, 'out' + os.path.splitext(path)[1])}."
        )
    if not os.path.isdir(folder):
        # The nearest folder on the way that is there: is it a file (data.csv/out.svg)?
        nearest = folder
        while not os.path.exists(nearest) and os.path.dirname(nearest) != nearest:
            nearest = os.path.dirname(nearest)
        if os.path.exists(nearest) and not os.path.isdir(nearest):
            raise OutputError(
                f"{option} {path}: {nearest} is a file, not a folder, so nothing can be "
                f"written inside it. Name a file in a folder."
            )
        raise OutputError(
            f"{option} {path}: the folder {os.path.dirname(os.path.abspath(path))} does not "
            f"exist. Create it, or write the file somewhere else."
        )
    # A file marked read-only for everyone is refused even where os.access would let
    # the user write it (root may write any file): the mark says "keep this".
    writable_bits = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    if os.path.isfile(target) and (
        not os.access(target, os.W_OK) or not os.stat(target).st_mode & writable_bits
    ):
        raise OutputError(
            f"{option} {path}: the file is read-only, and gradstep does not replace it. "
            f"Make it writable, or write somewhere else."
        )
    if not os.path.exists(target) and not os.access(folder, os.W_OK):
        raise OutputError(
            f"{option} {path}: the folder {folder} cannot be written to. Write the file "
            f"somewhere else."
        )


def _new_file_mode() -> int:
    # The mode a new file would get from open(): rw for all, less the umask.
    # Reading the umask means setting it; it is set straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while files move into place, so that all of them move, or none."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread can handle signals
        return

    def hold(number: int, frame: FrameType | None) -> None:
        # The work is done by the time these few renames run: finishing them
        # keeps the outputs whole and consistent, which is what Ctrl-C protects.
        pass

    previous = {number: signal.signal(number, hold) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


class Outputs:
    """Files written beside their targets, then moved into place together.

    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "note.txt")
    >>> outputs = Outputs()
    >>> with outputs.writing(path) as file:
    ...     _ = file.write("whole")
    >>> os.path.exists(path)  # not yet: the text waits in a temporary file
    False
    >>> outputs.commit()
    >>> open(path).read()
    'whole'
    """

    def __init__(self) -> None:
        self._pending: list[tuple[str, str]] = []  # (temporary file, its target)

    @contextlib.contextmanager
    def writing(self, path: str) -> Iterator[TextIO]:
        """A text file to write; it replaces ``path`` only at ``commit``."""
        if _is_device(path):
            with open(path, "w", encoding="utf-8", newline="") as device:
                yield device
            return
        target = os.path.realpath(path)  # through a link: the link stays, its file is new
        mode = stat.S_IMODE(os.stat(target).st_mode) if os.path.exists(target) else _new_file_mode()
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".part", dir=os.path.dirname(target)
        )
        try:
            os.chmod(temporary, mode)
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
                yield file
                file.flush()
                os.fsync(file.fileno())  # on disk before the rename, so a crash keeps one whole
        except BaseException:
            os.unlink(temporary)
            raise
        self._pending.append((temporary, target))

    def commit(self) -> None:
        """Move every written file into place."""
        with _interrupts_held():
            while self._pending:
                temporary, target = self._pending.pop(0)
                os.replace(temporary, target)

    def discard(self) -> None:
        """Remove the temporary files not moved into place; the old files stay."""
        while self._pending:
            temporary, _ = self._pending.pop()
            with contextlib.suppress(OSError):
                os.unlink(temporary)
