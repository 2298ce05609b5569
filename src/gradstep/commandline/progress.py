"""A progress line for long runs: step, loss and speed, redrawn in place.

A fit of a million steps, or a file of ten million rows, takes long enough
that a silent terminal looks stuck. ``ProgressLine`` is a ``progress``
callback for ``fit`` (see ``descent.descend``): handed each ``Step``, it
rewrites one line of the terminal, "step 120,000  loss 0.0472  95,000
steps/s", by returning the cursor to the start of the line with ``\\r``.
Only the command line uses it, and only when the output is a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO

from gradstep.descent import Step


class ProgressLine:
    """One line on a terminal that shows how a long run is going.

    Nothing is drawn in the first ``delay`` seconds (a quick fit stays
    silent), then at most one redraw every ``interval`` seconds, each
    overwriting the last with a carriage return; ``finish`` ends the line.
    It is a ``progress`` callback for ``fit``: it is handed each ``Step``.
    """

    def __init__(
        self,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
        delay: float = 1.0,
        interval: float = 0.1,
    ) -> None:
        self.stream, self.clock, self.delay, self.interval = stream, clock, delay, interval
        self.started = clock()
        self.last_drawn: float | None = None
        self.width = 0

    def show(self, words: str) -> None:
        """Redraw the line with words, unless it is too early or too soon."""
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.last_drawn is not None and now - self.last_drawn < self.interval:
            return
        self.last_drawn = now
        # Spaces wipe what is left of a longer previous line.
        self.stream.write("\r" + words.ljust(self.width))
        self.stream.flush()
        self.width = len(words)

    def __call__(self, record: Step) -> None:
        seconds = max(self.clock() - self.started, 1e-9)
        self.show(
            f"step {record.step:,}  loss {record.data_loss:.6g}  "
            f"{record.step / seconds:,.0f} steps/s"
        )

    def counting(self, pairs: Iterable[tuple[float, float]]) -> Iterator[tuple[float, float]]:
        """Pass rows on, showing how many have been read."""
        for rows, pair in enumerate(pairs, start=1):
            if rows % 4096 == 0:
                self.show(f"read {rows:,} rows")
            yield pair

    def finish(self) -> None:
        """End the line, if anything was drawn, so the next output starts clean."""
        if self.last_drawn is not None:
            self.stream.write("\n")
            self.stream.flush()
            self.last_drawn = None  # a second finish (after an error, say) adds no blank line
