"""Mutation testing of gradstep's core: run mutmut, then print the score.

    python tools/mutation_score.py            # mutate, test, print the score
    python tools/mutation_score.py --report   # print the score of the last run only

mutmut (2.x, configured under [tool.mutmut] in pyproject.toml) changes the
core modules one small edit at a time -- a + for a -, a 2 for a 3, a message
string -- and runs the test suite against each. A mutant the tests catch is
"killed"; one they miss "survived" and is either a missing test or an edit
that changes nothing observable (an equivalent mutant). The score is the
share killed; a mutant that made the tests time out counts as killed.

Needs the dev extra: python -m pip install -e ".[dev]". A first run takes about
10 minutes on two cores; later runs retest only the survivors and new lines.
Run it from the repository root: mutmut edits the files in place while it runs.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".mutmut-cache"
KILLED = {"ok_killed", "bad_timeout", "ok_suspicious"}
REQUIRED_SCORE = 90.0


def run_mutmut() -> None:
    environment = dict(os.environ, GRADSTEP_HYPOTHESIS_PROFILE="mutation")
    # mutmut's exit status is a bit mask of what it found; the score below says it all.
    subprocess.run([sys.executable, "-m", "mutmut", "run"], cwd=ROOT, env=environment)


def report() -> float:
    with sqlite3.connect(CACHE) as database:
        rows = database.execute(
            "SELECT Mutant.id, Mutant.status, SourceFile.filename, Line.line_number, Line.line "
            "FROM Mutant JOIN Line ON Mutant.line = Line.id "
            "JOIN SourceFile ON Line.sourcefile = SourceFile.id ORDER BY Mutant.id"
        ).fetchall()
    counts = Counter(status for _, status, *_ in rows)
    killed = sum(counts[status] for status in KILLED)
    total = len(rows)
    score = 100.0 * killed / total if total else 0.0
    survivors = [row for row in rows if row[1] not in KILLED]
    for mutant_id, status, filename, line_number, line in survivors:
        print(f"  {status:12} id {mutant_id:4}  {filename}:{line_number + 1}  {line.strip()}")
    print(f"by status: {dict(sorted(counts.items()))}")
    print(f"mutation score: {killed}/{total} killed = {score:.1f}% (required {REQUIRED_SCORE}%)")
    print("see one survivor's edit with: python -m mutmut show ID")
    return score


def main() -> int:
    if "--report" not in sys.argv[1:]:
        run_mutmut()
    if not CACHE.exists():
        print("No .mutmut-cache: run without --report first.", file=sys.stderr)
        return 2
    return 0 if report() >= REQUIRED_SCORE else 1


if __name__ == "__main__":
    sys.exit(main())
