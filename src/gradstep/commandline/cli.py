"""The ``gradstep`` command: ``demo``, ``fit FILE.csv``, ``exercise``, ``check FILE.py``.

Exit status of ``fit``: 0 when the fit worked; 2 for a usage error (an
unknown option, a column that is not in the file or named twice, x and y
naming one column, a first row that could be a header or data, a learning
rate that is not positive, more than ``MAX_STEPS`` steps, an output file that
is an input, another output, ``-`` or inside a file); 1 for a data error (a
missing or empty file, a row of the wrong width, a cell that is not a number,
too few rows), for a descent that diverged, for an output file that could not
be written, and for standard output that could not be written (a full disk);
141 when the reader of standard output went away (``| head``), quietly, as
Unix tools stopped by SIGPIPE; 130 when interrupted (Ctrl-C), 143 when
stopped by SIGTERM; 3 for an unexpected failure, a bug. Messages about the
file start ``FILE:LINE:`` or ``FILE:``; none is a traceback. Output files are
replaced whole or not at all (``outputs``).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import errno
import os
import signal
import stat
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from types import FrameType
from typing import TextIO, cast

from gradstep import __version__
from gradstep.checks import check_learning_rate, check_steps
from gradstep.commandline.csvfile import STDIN, ColumnError, CsvError, CsvPairs, HeaderError
from gradstep.commandline.demo import demo
from gradstep.commandline.outputs import SVG_MARK, Outputs, check_outputs
from gradstep.commandline.progress import ProgressLine
from gradstep.commandline.reservoir import PointSample
from gradstep.descent import Step
from gradstep.errors import DivergenceError, GradstepError
from gradstep.exercises import TIME_LIMIT, check_command, exercise_command
from gradstep.fast.stream import stream_sums
from gradstep.fit import fit_sums
from gradstep.fitting.result import FitResult
from gradstep.pictures.plots import fit_chart, loss_chart, surface_chart
from gradstep.pictures.svg import side_by_side

SAMPLE_SIZE = 2000
# At a few microseconds a step, already an hour or more: a bigger count is a typo.
MAX_STEPS = 10**9
# 128 + SIGPIPE (13): the status a shell shows for a tool stopped by a closed pipe.
EXIT_CLOSED_PIPE = 141


HISTORY_COLUMNS = [
    "step",
    "units",
    "weight",
    "bias",
    "loss",
    "d_loss_d_weight",
    "d_loss_d_bias",
    "data_weight",
    "data_bias",
    "data_loss",
]


def write_history(history: Sequence[Step], file: TextIO) -> None:
    """Write every recorded step as CSV, one row per step.

    ``weight`` to ``d_loss_d_bias`` are in the row's ``units`` ("data" or
    "standardised"), where the step was taken, so that each row's weight minus
    the learning rate times its d_loss_d_weight is the next row's weight;
    ``data_weight``, ``data_bias`` and ``data_loss`` are the same line and its
    loss in the data's units.
    """
    writer = csv.writer(file)
    writer.writerow(HISTORY_COLUMNS)
    for record in history:
        d_loss_d_weight, d_loss_d_bias = record.gradient
        data_weight, data_bias = record.data_line
        # repr keeps every digit, so the file reads back to the same floats.
        writer.writerow(
            [
                record.step,
                record.units,
                *(
                    repr(number)
                    for number in (
                        record.weight,
                        record.bias,
                        record.loss,
                        d_loss_d_weight,
                        d_loss_d_bias,
                        data_weight,
                        data_bias,
                        record.data_loss,
                    )
                ),
            ]
        )


def fit_file(arguments: argparse.Namespace) -> int:
    """``gradstep fit FILE.csv``: read the file once, fit, print, and write what was asked."""
    try:
        learning_rate = (
            None
            if arguments.learning_rate is None
            else check_learning_rate(arguments.learning_rate)
        )
        steps = None if arguments.steps is None else check_steps(arguments.steps)
        if steps is not None and steps > MAX_STEPS:
            # A huge count from a typo would run silently for days when stdout is a file.
            raise GradstepError(
                f"--steps {steps} is more than {MAX_STEPS:,}, the most gradstep takes "
                f"(that many already take an hour or more, at a few microseconds a step). "
                f"Take fewer: a fit usually settles in a few thousand."
            )
        # Found out now, not after reading ten million rows.
        check_outputs(
            [("data file", arguments.file)],
            [
                (option, path)
                for option, path in (("--svg", arguments.svg), ("--history", arguments.history))
                if path is not None
            ],
            marks={"--svg": SVG_MARK, "--history": ",".join(HISTORY_COLUMNS)},
            overwrite=arguments.overwrite,
        )
    except GradstepError as problem:
        print(f"gradstep fit: {in_command_line_words(problem)}", file=sys.stderr)
        return 2
    show_progress = not arguments.quiet and sys.stderr.isatty()
    progress = ProgressLine(sys.stderr) if show_progress else None
    outputs = Outputs()
    try:
        return fit_and_write(arguments, learning_rate, steps, progress, outputs)
    finally:
        # Whatever happened (an error, Ctrl-C), no temporary file is left behind,
        # and the next line printed starts at the left.
        outputs.discard()
        if progress is not None:
            progress.finish()


# The library's advice names its parameters (learning_rate, fit); here the same
# advice names the command's options. tests/test_cli.py runs every such message
# through the command line and finds no parameter name left.
COMMAND_LINE_WORDS = (
    ("The learning rate is", "--learning-rate is"),
    ("Use a rate below", "Use a --learning-rate below"),
    ("Use a smaller rate", "Use a smaller --learning-rate"),
    (
        "leave learning_rate out and let fit scale",
        "leave --learning-rate out and let gradstep scale",
    ),
    (
        "Leave learning_rate out so that fit scales",
        "Leave --learning-rate out so that gradstep scales",
    ),
    (
        "gradstep.fit(xs, ys) on the rows themselves wins the digits back",
        "a regular file (not a pipe) of at most 100,000 rows is read again to win them back",
    ),
    ("leave learning_rate out", "leave --learning-rate out"),
    ("give more steps", "give more --steps"),
    (
        "Leave learning_rate and steps out to have it refine from the rows",
        "Leave --learning-rate and --steps out to have gradstep refine from the rows",
    ),
)


def in_command_line_words(problem: Exception) -> str:
    """The library's message, its advice naming the command's options.

    >>> in_command_line_words(ValueError("Use a rate below 0.01, or leave learning_rate "
    ...     "out and let fit scale the data."))  # doctest: +NORMALIZE_WHITESPACE
    'Use a --learning-rate below 0.01, or leave --learning-rate out and let gradstep
    scale the data.'
    """
    message = str(problem)
    for library_words, command_words in COMMAND_LINE_WORDS:
        message = message.replace(library_words, command_words)
    return message


ROWS_READ_AGAIN = 100_000  # in memory, exactly split: about 60 MB


def open_pairs(arguments: argparse.Namespace, fit_bias: bool) -> CsvPairs:
    """The (x, y) pairs of the file and columns the arguments name."""
    return CsvPairs(
        arguments.file,
        arguments.x,
        arguments.y,
        min_rows=2 if fit_bias else 1,
        header=arguments.header,
    )


def file_identity(path: str) -> tuple[int, int, int, int] | None:
    """A regular file's device, inode, size and change time; None for a pipe or a device.

    Only a regular file can be read a second time and be the same data: a pipe,
    /dev/stdin or a FIFO gives its bytes once.
    """
    if path == STDIN:
        return None
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


def read_again(
    arguments: argparse.Namespace,
    fit_bias: bool,
    rows: int,
    identity: tuple[int, int, int, int] | None,
) -> Callable[[], tuple[list[float], list[float]]] | None:
    """A second read of the file's pairs, into memory, for the certificate; None if none can be.

    Asked for only where the sums alone cannot vouch for six digits (see
    ``fitting.certificate``). Not for a pipe, past ``ROWS_READ_AGAIN`` rows,
    or for a file changed since the first read: the sums' own verdict stands.
    """
    if identity is None or rows > ROWS_READ_AGAIN:
        return None

    def pairs_again() -> tuple[list[float], list[float]]:
        xs: list[float] = []
        ys: list[float] = []
        if file_identity(arguments.file) != identity:
            return xs, ys  # changed meanwhile: not the rows of these sums
        for x, y in open_pairs(arguments, fit_bias):
            xs.append(x)
            ys.append(y)
        return xs, ys

    return pairs_again


def fit_and_write(
    arguments: argparse.Namespace,
    learning_rate: float | None,
    steps: int | None,
    progress: ProgressLine | None,
    outputs: Outputs,
) -> int:
    """Read, fit, and write the outputs; the status to exit with."""
    fit_bias = not arguments.no_bias
    try:
        pairs = open_pairs(arguments, fit_bias)
    except (ColumnError, HeaderError) as problem:
        print(problem, file=sys.stderr)
        return 2
    except GradstepError as problem:
        print(problem, file=sys.stderr)
        return 1
    identity = file_identity(arguments.file)
    # One pass: each row is sampled for the picture, counted, summed, then forgotten.
    sample = PointSample(SAMPLE_SIZE)
    rows: Iterable[tuple[float, float]] = sample.passing(pairs) if arguments.svg else pairs
    if progress is not None:
        rows = progress.counting(rows)
    try:
        sums = stream_sums(rows)
        result = fit_sums(
            sums,
            learning_rate=learning_rate,
            steps=steps,
            fit_bias=fit_bias,
            progress=progress,
            rows=read_again(arguments, fit_bias, sums.n, identity),
            input_rounding=pairs.rounding,
        )
    except DivergenceError as divergence:
        if progress is not None:
            progress.finish()
        print(f"gradstep fit: {in_command_line_words(divergence)}", file=sys.stderr)
        if arguments.history:
            # The steps up to the blow-up are worth studying.
            write_outputs(outputs, history_path=arguments.history, history=divergence.history)
        return 1
    except GradstepError as problem:
        if progress is not None:
            progress.finish()
        # Problems found in the file name their line already; the rest name the file.
        where = "" if isinstance(problem, CsvError) else f"{pairs.name}: "
        print(f"{where}{in_command_line_words(problem)}", file=sys.stderr)
        return 1
    if progress is not None:
        progress.finish()
    charts = ""
    if arguments.svg:
        # The line at a few early steps, fading in, shows it moving onto the data.
        early_steps = [step for step in (0, 1, 3, 10, 30, 100, 300) if step < result.steps]
        xs = [x for x, _ in sample.points]
        ys = [y for _, y in sample.points]
        charts = side_by_side(
            [
                fit_chart(
                    xs,
                    ys,
                    result,
                    at_steps=early_steps,
                    points_in_data=sample.seen,
                    x_label=pairs.x_name,
                    y_label=pairs.y_name,
                ),
                loss_chart(result),
                surface_chart(sums, result, animate=False),
            ]
        )
    status = write_outputs(
        outputs,
        history_path=arguments.history,
        history=result.history,
        svg_path=arguments.svg,
        svg=charts,
    )
    if status == 0:
        print_table(pairs)
        print_result(result)
    return status


def write_outputs(
    outputs: Outputs,
    history_path: str | None,
    history: Sequence[Step],
    svg_path: str | None = None,
    svg: str = "",
) -> int:
    """Write the history and the picture, each whole or not at all; 0, or 1 if one failed."""
    try:
        if history_path:
            with outputs.writing(history_path) as file:
                write_history(history, file)
        if svg_path:
            with outputs.writing(svg_path) as file:
                file.write(f"{SVG_MARK}\n{svg}")
        outputs.commit()
    except OSError as problem:
        name = problem.filename or history_path or svg_path
        print(
            f"{name}: cannot be written ({problem.strerror}); no output file was changed.",
            file=sys.stderr,
        )
        return 1
    return 0


def print_table(pairs: CsvPairs) -> None:
    """How the file was read: the header decision, the columns, the number of rows."""
    if pairs.header_line is None:
        forced = " (--no-header)" if pairs.header_forced else ""
        print(f"header = none{forced}: line {pairs.first_line} is data")
        print(f"x = column {pairs.x_column}")
        print(f"y = column {pairs.y_column}")
    else:
        forced = " (--header)" if pairs.header_forced else ""
        print(f"header = line {pairs.header_line}{forced}")
        print(f"x = {pairs.x_name!r} (column {pairs.x_column})")
        print(f"y = {pairs.y_name!r} (column {pairs.y_column})")
    print(f"rows = {pairs.rows}")


def print_result(result: FitResult) -> None:
    """The answer, one ``name = value`` a line, every digit kept (it reads back exactly)."""
    print(f"weight = {result.weight!r}")
    print(f"bias = {result.bias!r}")
    print(f"loss = {result.loss!r}")
    print(f"steps = {result.steps}")
    print(f"converged = {'yes' if result.converged else 'no'}")
    if not result.converged or "comes from the sums alone" in result.note:
        # Why not, in words: the numbers above are not to be taken as certified
        # (or the loss has fewer digits than it shows).
        print(f"note = {in_command_line_words(Exception(result.note))}")


def build_parser() -> argparse.ArgumentParser:
    """The command line's options and subcommands."""
    parser = argparse.ArgumentParser(
        prog="gradstep",
        description="Gradient descent taught by doing it: fit a weight and a bias to data.",
    )
    parser.add_argument("--version", action="version", version=f"gradstep {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("demo", help="fit a line to built-in data and print the four steps")
    fitting = commands.add_parser(
        "fit",
        help="fit a line to two columns of a CSV file",
        description="Fit y_hat = weight * x + bias to two columns of a CSV file, read once.",
    )
    fitting.add_argument(
        "file", metavar="FILE.csv", help="the data, one row per point (- reads standard input)"
    )
    fitting.add_argument("--x", help="the x column: header name or 0-based index (default 0)")
    fitting.add_argument("--y", help="the y column: header name or 0-based index (default 1)")
    header = fitting.add_mutually_exclusive_group()
    header.add_argument(
        "--header",
        action="store_const",
        const=True,
        help="the first row names the columns (default: it does if a cell in it is text)",
    )
    header.add_argument(
        "--no-header",
        dest="header",
        action="store_const",
        const=False,
        help="the first row is data",
    )
    fitting.add_argument(
        "--learning-rate",
        type=float,
        help="plain descent on the raw data with this rate (default: scale the data and "
        "choose the rate)",
    )
    fitting.add_argument(
        "--steps", type=int, help=f"take exactly this many steps (at most {MAX_STEPS:,})"
    )
    fitting.add_argument(
        "--no-bias", action="store_true", help="fit y_hat = weight * x, through the origin"
    )
    fitting.add_argument(
        "--svg", metavar="OUT.svg", help="write the fit, loss curve and loss surface, side by side"
    )
    fitting.add_argument(
        "--history",
        metavar="OUT.csv",
        help="write every step: its units, weight, bias, loss and gradient, and its line "
        "and loss in the data's units",
    )
    fitting.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an --svg or --history file that gradstep did not write (without it, "
        "only gradstep's own outputs, or empty files, are replaced)",
    )
    fitting.add_argument("--quiet", action="store_true", help="no progress line")
    exercising = commands.add_parser(
        "exercise",
        help="list the exercises, or print one's task and write its starter file",
        description="Without NAME, list the exercises; with one, print its task and write "
        "its starter file in this folder (never over a file that is there).",
    )
    exercising.add_argument("name", nargs="?", metavar="NAME|NUMBER", help="e.g. gradient or 5")
    checking = commands.add_parser(
        "check",
        help="check the exercise functions a file defines, and diagnose mistakes",
        description="Run every exercise function FILE.py defines, in a separate process, "
        "and say for each: passed, or what is wrong. Exit status 0 when all pass.",
    )
    checking.add_argument("file", metavar="FILE.py", help="a file of exercise functions")
    checking.add_argument(
        "--time-limit",
        type=float,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"the longest one exercise may run (default {TIME_LIMIT:g})",
    )
    return parser


class Terminated(BaseException):
    """SIGTERM arrived (kill, timeout): stop as Ctrl-C stops, cleaning up on the way out."""


def _terminate(number: int, frame: FrameType | None) -> None:
    raise Terminated


class OutputLostError(Exception):
    """Standard output could not be written: a full disk, a closed pipe, a failing device."""

    def __init__(self, problem: OSError) -> None:
        super().__init__(problem)
        self.problem = problem


class GuardedOutput:
    """Standard output whose write errors come out as ``OutputLostError``.

    An OSError could come from anywhere, and one gradstep did not expect is a
    bug to report; one from writing the results (``> /dev/full``, ``| head``)
    is the world's doing. Wrapping standard output tells the two apart.
    """

    def __init__(self, stream: TextIO | None) -> None:
        # None when started with standard output closed (gradstep ... >&-).
        self.stream = stream

    def write(self, text: str) -> int:
        if self.stream is None:
            closed = OSError(errno.EBADF, "standard output is closed")
            raise OutputLostError(closed)
        try:
            return self.stream.write(text)
        except OSError as problem:
            raise OutputLostError(problem) from problem

    def flush(self) -> None:
        try:
            if self.stream is not None:
                self.stream.flush()
        except OSError as problem:
            raise OutputLostError(problem) from problem

    def __getattr__(self, name: str) -> object:
        # isatty, encoding, fileno...: those of the stream itself.
        return getattr(self.stream, name)


def output_lost(problem: OSError, stdout: TextIO | None) -> int:
    """Say that the output could not be written (quietly for a closed pipe); the exit status."""
    if stdout is sys.__stdout__ and stdout is not None:
        # What is still buffered would fail again at exit, with a traceback-like
        # "Exception ignored" note: send it nowhere (Python's advice for SIGPIPE).
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stdout.fileno())
            os.close(devnull)
    if problem.errno == errno.EPIPE:
        # The reader went away (gradstep fit data.csv | head -1): stop quietly, as
        # Unix tools do, with the status of a process stopped by SIGPIPE.
        return EXIT_CLOSED_PIPE
    print(f"gradstep: could not write the output: {problem.strerror}.", file=sys.stderr)
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status. Never a traceback."""
    # Only the main thread may set a signal handler (tests may call main elsewhere).
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    stdout = sys.stdout
    sys.stdout = cast(TextIO, GuardedOutput(stdout))
    try:
        status = run(argv)
        # Buffered lines meet a full disk or a closed pipe here, not after main returned.
        sys.stdout.flush()
        return status
    except OutputLostError as lost:
        return output_lost(lost.problem, stdout)
    except BrokenPipeError as problem:  # standard error's reader went away
        return output_lost(problem, stdout)
    except KeyboardInterrupt:
        # Outputs move into place only at the very end, so an interrupt changes none.
        print("gradstep: interrupted (Ctrl-C); no output file was changed.", file=sys.stderr)
        return 130
    except Terminated:
        print("gradstep: stopped (SIGTERM); no output file was changed.", file=sys.stderr)
        return 143
    except Exception as problem:  # the promise: one line, never a traceback
        words = " ".join(str(problem).split())
        print(
            f"gradstep: unexpected {type(problem).__name__}: {words}. This is a bug in "
            f"gradstep; please report it with the command that caused it.",
            file=sys.stderr,
        )
        return 3
    finally:
        sys.stdout = stdout
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)


def run(argv: Sequence[str] | None) -> int:
    """Parse the arguments and run the command they name."""
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "demo":
        return demo()
    if arguments.command == "fit":
        return fit_file(arguments)
    if arguments.command == "exercise":
        return exercise_command(arguments.name)
    if arguments.command == "check":
        return check_command(arguments.file, arguments.time_limit)
    parser.print_help(sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
