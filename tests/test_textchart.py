"""Terminal charts against small golden outputs, and how they pick size, glyphs and colour."""

import io

import pytest

from gradstep.descent import Step
from gradstep.fit import fit
from gradstep.pictures.textchart import (
    ASCII,
    UNICODE,
    can_print,
    fit_text_chart,
    loss_text_chart,
    wants_colour,
)

# The loss falls fourfold each step: a straight line on a log scale.
HISTORY = [Step(k, 0.0, 0.0, 640.0 / 4**k, (0.0, 0.0)) for k in range(5)]
XS = [1.5, 2.5, 4.0, 5.5, 7.0]
YS = [4.1, 6.2, 9.1, 12.4, 15.2]

LOSS_ASCII = """\
loss at each step (log scale)
       640 +*
           |    *
           |        *
           |           *
       2.5 +               *
           +----------------
            0     step     4
"""

LOSS_UNICODE = """\
loss at each step (log scale)
       640 ┤•
           │    •
           │        •
           │           •
       2.5 ┤               •
           └────────────────
            0     step     4
"""

FIT_ASCII = """\
data (o) and the line y = 2.028 x + 1.086 (.)
     15.28 +                  .o
           |              o...
           |          ....
           |      ...o
           |  .o..
       4.1 +o.
           +--------------------
            1.5       x        7
"""

FIT_UNICODE = """\
data (●) and the line y = 2.028 x + 1.086 (·)
     15.28 ┤                  ·●
           │              ●···
           │          ····
           │      ···●
           │  ·●··
       4.1 ┤●·
           └────────────────────
            1.5       x        7
"""


def test_loss_chart_golden() -> None:
    assert loss_text_chart(HISTORY, width=16, height=5, unicode=False, colour=False) == LOSS_ASCII
    assert loss_text_chart(HISTORY, width=16, height=5, unicode=True, colour=False) == LOSS_UNICODE


def test_fit_chart_golden() -> None:
    result = fit(XS, YS)
    chart = fit_text_chart(XS, YS, result, width=20, height=6, unicode=False, colour=False)
    assert chart == FIT_ASCII
    chart = fit_text_chart(XS, YS, result, width=20, height=6, unicode=True, colour=False)
    assert chart == FIT_UNICODE


def test_a_long_history_is_drawn_one_column_a_step() -> None:
    # 40 steps in 20 columns: each column reads the loss off the line between steps.
    history = [Step(k, 0.0, 0.0, 640.0 / 1.5**k, (0.0, 0.0)) for k in range(40)]
    chart = loss_text_chart(history, width=20, height=5, unicode=False, colour=False)
    assert chart.splitlines()[1:6] == [
        "       640 +***",
        "           |   *****",
        "           |        ****",
        "           |            *****",
        " 8.682e-05 +                 ***",
    ]


def test_colour_only_when_asked_and_the_plain_text_is_unchanged() -> None:
    coloured = loss_text_chart(HISTORY, width=16, height=5, unicode=False, colour=True)
    assert "\x1b[34m*\x1b[0m" in coloured
    assert coloured.replace("\x1b[34m", "").replace("\x1b[0m", "") == LOSS_ASCII
    assert "\x1b[" not in LOSS_ASCII


class FakeTerminal(io.StringIO):
    def __init__(self, encoding: str, is_terminal: bool) -> None:
        super().__init__()
        self._encoding, self._is_terminal = encoding, is_terminal

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._is_terminal


def test_glyphs_and_colour_follow_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert can_print(UNICODE, FakeTerminal("utf-8", True))
    assert not can_print(UNICODE, FakeTerminal("ascii", True))
    assert can_print(ASCII, FakeTerminal("ascii", True))
    assert wants_colour(FakeTerminal("utf-8", True))
    assert not wants_colour(FakeTerminal("utf-8", False))
    monkeypatch.setenv("NO_COLOR", "1")
    assert not wants_colour(FakeTerminal("utf-8", True))
    # Chosen from the stream when not given: ASCII and no colour for a plain ASCII file.
    plain = loss_text_chart(HISTORY, width=16, height=5, stream=FakeTerminal("ascii", False))
    assert plain == LOSS_ASCII


def test_the_chart_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # shutil.get_terminal_size reads COLUMNS and LINES first.
    monkeypatch.setenv("COLUMNS", "50")
    monkeypatch.setenv("LINES", "20")
    chart = loss_text_chart(HISTORY, unicode=False, colour=False)
    lines = chart.splitlines()
    assert max(len(line) for line in lines) <= 50
    assert max(len(line) for line in lines) >= 45
    assert len(lines) == 1 + 10 + 2
