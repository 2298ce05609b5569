"""Never destroy a file: outputs are checked against the inputs first and replaced whole.

The command line runs in-process here (``main`` with captured output), except
where a real Ctrl-C or a real pipe is the point; those run in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import SOURCE_ENV

from gradstep.commandline import cli
from gradstep.commandline.outputs import SVG_MARK, OutputError, Outputs, check_outputs

DATA = "x,y\n1.5,4.25\n2.5,6.5\n4.0,9.75\n5.5,13.5\n"
# The history of a last run, as gradstep writes one (its header first): a new run may
# replace it, and one that is stopped or fails must leave it as it was.
LAST_HISTORY = ",".join(cli.HISTORY_COLUMNS) + "\n0,data,the rows of the last run\n"


def call(*arguments: str) -> tuple[int, str, str]:
    """Run ``gradstep`` in-process: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(arguments))
        except SystemExit as exit_:  # argparse's usage errors
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(DATA, encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir() if path.name.endswith(".part"))


@pytest.mark.parametrize("option", ["--history", "--svg"])
def test_an_output_that_is_the_data_is_refused(data: Path, option: str) -> None:
    status, out, err = call("fit", str(data), option, str(data))
    assert status == 2 and out == ""
    assert err == (
        f"gradstep fit: {option} {data}: that is the data file; writing it would destroy the "
        f"data. Name another file.\n"
    )
    assert data.read_text(encoding="utf-8") == DATA


@pytest.mark.parametrize("link", ["symbolic", "hard", "dotted"])
def test_the_data_by_another_name_is_the_data(data: Path, tmp_path: Path, link: str) -> None:
    other = tmp_path / "other.csv"
    if link == "symbolic":
        other.symlink_to(data)
    elif link == "hard":
        os.link(data, other)
    else:
        other = tmp_path / "." / "sub" / ".." / "data.csv"
        (tmp_path / "sub").mkdir()
    status, _, err = call("fit", str(data), "--history", str(other))
    assert status == 2
    assert f"that is the data file ({other} is {data} by another name)" in err
    assert data.read_text(encoding="utf-8") == DATA


def test_two_outputs_that_name_one_file_are_refused(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "both.out"
    status, _, err = call("fit", str(data), "--svg", str(target), "--history", str(target))
    assert status == 2
    assert f"--svg {target} and --history {target} name the same file" in err
    assert not target.exists()


def test_a_diverging_run_never_writes_over_its_data(data: Path) -> None:
    status, _, err = call("fit", str(data), "--learning-rate", "5", "--history", str(data))
    assert status == 2 and "would destroy the data" in err
    assert data.read_text(encoding="utf-8") == DATA


def test_a_read_only_output_is_not_replaced(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "kept.csv"
    target.write_text("kept", encoding="utf-8")
    target.chmod(0o444)
    status, _, err = call("fit", str(data), "--history", str(target))
    assert status == 2 and "the file is read-only" in err
    assert target.read_text(encoding="utf-8") == "kept"


def test_outputs_appear_whole_only_at_commit(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    outputs = Outputs()
    with outputs.writing(str(target)) as file:
        file.write("new text")
    assert target.read_text(encoding="utf-8") == "old"  # not yet
    assert len(leftovers(tmp_path)) == 1
    outputs.commit()
    assert target.read_text(encoding="utf-8") == "new text"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the old file's permissions
    assert leftovers(tmp_path) == []


def test_a_failure_while_writing_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    outputs = Outputs()
    with pytest.raises(RuntimeError), outputs.writing(str(target)) as file:
        file.write("half of the")
        raise RuntimeError("the disk fell off")
    outputs.discard()
    assert target.read_text(encoding="utf-8") == "old"
    assert leftovers(tmp_path) == []


def test_writing_through_a_link_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    outputs = Outputs()
    with outputs.writing(str(link)) as file:
        file.write("new")
    outputs.commit()
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new"


def test_check_outputs_passes_safe_outputs(tmp_path: Path) -> None:
    check_outputs(
        [("data file", str(tmp_path / "in.csv"))],
        [("--svg", str(tmp_path / "a.svg")), ("--history", str(tmp_path / "h.csv"))],
    )
    with pytest.raises(OutputError, match="does not exist"):
        check_outputs([], [("--svg", str(tmp_path / "missing" / "a.svg"))])


def test_ctrl_c_exits_130_with_one_line_and_the_outputs_untouched(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(LAST_HISTORY, encoding="utf-8")

    def interrupted(*arguments: object, **keywords: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "fit_sums", interrupted)
    status, out, err = call(
        "fit", str(data), "--history", str(history), "--svg", str(data) + ".svg"
    )
    assert status == 130 and out == ""
    assert err.strip() == "gradstep: interrupted (Ctrl-C); no output file was changed."
    assert history.read_text(encoding="utf-8") == LAST_HISTORY
    assert not Path(str(data) + ".svg").exists() and leftovers(tmp_path) == []


def test_ctrl_c_while_the_outputs_are_written_changes_none(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = tmp_path / "history.csv"
    history.write_text(LAST_HISTORY, encoding="utf-8")
    picture = tmp_path / "fit.svg"

    def interrupted(*arguments: object, **keywords: object) -> str:
        raise KeyboardInterrupt

    # The history is written; Ctrl-C comes while the picture is drawn.
    monkeypatch.setattr(cli, "side_by_side", interrupted)
    status, _, _ = call("fit", str(data), "--history", str(history), "--svg", str(picture))
    assert status == 130
    assert history.read_text(encoding="utf-8") == LAST_HISTORY
    assert not picture.exists() and leftovers(tmp_path) == []


def test_an_unexpected_failure_is_one_line_and_exit_3(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*arguments: object, **keywords: object) -> None:
        raise ZeroDivisionError("float division by zero\nsecond line")

    monkeypatch.setattr(cli, "stream_sums", broken)
    status, out, err = call("fit", str(data))
    assert status == 3 and out == ""
    assert err == (
        "gradstep: unexpected ZeroDivisionError: float division by zero second line. This is "
        "a bug in gradstep; please report it with the command that caused it.\n"
    )


def gradstep(*arguments: str, **options: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gradstep", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=SOURCE_ENV,
        **options,  # type: ignore[call-overload]
    )


def test_a_real_ctrl_c_in_a_long_run(data: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(LAST_HISTORY, encoding="utf-8")
    # Millions of plain steps at a tiny rate: far longer than the test waits.
    process = gradstep(
        "fit", str(data), "--learning-rate", "1e-9", "--steps", "100000000",
        "--history", str(history),
    )  # fmt: skip
    time.sleep(2.0)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert out == b"" and b"Traceback" not in err
    assert err.decode().strip() == "gradstep: interrupted (Ctrl-C); no output file was changed."
    assert history.read_text(encoding="utf-8") == LAST_HISTORY
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("name", ["-", "/dev/stdin"])
def test_bytes_that_are_not_utf8_through_a_pipe_get_a_sentence(name: str) -> None:
    if name != "-" and not Path(name).exists():
        pytest.skip(f"{name} does not exist on this system")
    process = gradstep("fit", name, stdin=subprocess.PIPE)
    out, err = process.communicate(b"x,y\n1.5,4.25\n2.5,6.5 \xb0C\n", timeout=60)
    shown = "<stdin>" if name == "-" else name
    assert process.returncode == 1 and out == b""
    assert err.decode() == (
        f"{shown}:3: this line is not UTF-8 text. Save the file as UTF-8 (in a spreadsheet "
        f"program: CSV UTF-8).\n"
    )


def test_standard_input_is_read_and_may_not_be_an_output(data: Path, tmp_path: Path) -> None:
    with data.open("rb") as stdin:
        process = gradstep("fit", "-", stdin=stdin)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert b"rows = 4" in out
    # gradstep fit - --history data.csv < data.csv would replace the data it reads.
    with data.open("rb") as stdin:
        process = gradstep("fit", "-", "--history", str(data), stdin=stdin)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 2 and b"that is the data file" in err
    assert data.read_text(encoding="utf-8") == DATA


def test_an_empty_output_name_is_refused(data: Path) -> None:
    status, _, err = call("fit", str(data), "--svg", "")
    assert status == 2
    assert err == "gradstep fit: --svg needs a file name; it was given an empty one.\n"


@pytest.mark.skipif(not Path("/dev/stdout").exists(), reason="needs /dev/stdout")
def test_the_history_can_go_to_a_pipe(data: Path) -> None:
    process = gradstep("fit", str(data), "--history", "/dev/stdout")
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.decode().startswith("step,units,weight,bias,loss,")
    assert b"rows = 4" in out


def test_sigterm_stops_a_long_run_cleanly(data: Path, tmp_path: Path) -> None:
    history = tmp_path / "history.csv"
    history.write_text(LAST_HISTORY, encoding="utf-8")
    process = gradstep(
        "fit", str(data), "--learning-rate", "1e-9", "--steps", "100000000",
        "--history", str(history),
    )  # fmt: skip
    time.sleep(2.0)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 143 and out == b"", err
    assert err.decode().strip() == "gradstep: stopped (SIGTERM); no output file was changed."
    assert history.read_text(encoding="utf-8") == LAST_HISTORY
    assert leftovers(tmp_path) == []


# --- an output replaces only what gradstep wrote ------------------------------------------

USERS_OWN = {
    "--svg": '<svg xmlns="http://www.w3.org/2000/svg"><!-- my drawing --></svg>\n',
    "--history": "step,units,weight,bias,loss\n0,data,1.5,2.5,3.5\n",  # like, but not, gradstep's
}


@pytest.mark.parametrize("option", ["--svg", "--history"])
def test_a_file_gradstep_did_not_write_is_kept(data: Path, tmp_path: Path, option: str) -> None:
    target = tmp_path / f"mine{'.svg' if option == '--svg' else '.csv'}"
    target.write_text(USERS_OWN[option], encoding="utf-8")
    status, out, err = call("fit", str(data), option, str(target))
    assert status == 2 and out == ""
    assert err == (
        f"gradstep fit: {option} {target}: that file is there and gradstep did not write it, "
        f"so gradstep keeps it. Name another file, or add --overwrite to replace it.\n"
    )
    assert target.read_text(encoding="utf-8") == USERS_OWN[option]
    assert leftovers(tmp_path) == []
    # Asked in so many words, gradstep replaces it.
    status, _, err = call("fit", str(data), option, str(target), "--overwrite")
    assert status == 0, err
    assert target.read_text(encoding="utf-8") != USERS_OWN[option]


def test_a_rerun_replaces_its_own_outputs_and_an_empty_file(data: Path, tmp_path: Path) -> None:
    picture, history = tmp_path / "fit.svg", tmp_path / "history.csv"
    history.write_text("", encoding="utf-8")  # as mktemp leaves it: nothing to lose
    for _ in range(2):
        status, _, err = call("fit", str(data), "--svg", str(picture), "--history", str(history))
        assert status == 0, err
    svg_text = picture.read_text(encoding="utf-8")
    assert svg_text.splitlines()[0] == SVG_MARK  # gradstep's mark, by which it knows its own
    assert ElementTree.fromstring(svg_text).tag == "{http://www.w3.org/2000/svg}svg"  # valid XML
    assert history.read_text(encoding="utf-8").splitlines()[0] == ",".join(cli.HISTORY_COLUMNS)


def test_overwrite_never_lets_an_output_be_the_data(data: Path) -> None:
    status, _, err = call("fit", str(data), "--history", str(data), "--overwrite")
    assert status == 2 and "would destroy the data" in err
    assert data.read_text(encoding="utf-8") == DATA


def test_outputs_are_kept_or_replaced_as_documented_in_a_real_run(
    data: Path, tmp_path: Path
) -> None:
    picture = tmp_path / "fit.svg"
    for _ in range(2):  # the second run replaces the first's picture
        completed = subprocess.run(
            [sys.executable, "-m", "gradstep", "fit", str(data), "--svg", str(picture)],
            capture_output=True, text=True, env=SOURCE_ENV, timeout=120,
        )  # fmt: skip
        assert completed.returncode == 0, completed.stderr
    mine = tmp_path / "mine.svg"
    mine.write_text(USERS_OWN["--svg"], encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "gradstep", "fit", str(data), "--svg", str(mine)],
        capture_output=True, text=True, env=SOURCE_ENV, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 2 and completed.stdout == ""
    assert completed.stderr.count("\n") == 1 and "add --overwrite to replace it" in completed.stderr
    assert mine.read_text(encoding="utf-8") == USERS_OWN["--svg"]
    helped = subprocess.run(
        [sys.executable, "-m", "gradstep", "fit", "--help"],
        capture_output=True, text=True, env=SOURCE_ENV, timeout=120,
    )  # fmt: skip
    assert "--overwrite" in helped.stdout


def test_the_readme_says_which_outputs_are_replaced() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "--overwrite" in readme
    assert "gradstep did not write" in readme
