"""A student who presses "Run all" on an untouched notebook sees all of it (issue 15).

Every student notebook is executed from the top with nothing solved, in the smallest profile
with a dry run (every `fit` stops after a few steps), without strict checks, as a student's
kernel runs. No cell may raise: an unanswered exercise must leave its value empty and let
its check say "not attempted yet" (read back from the check records of every graded cell),
and the lesson after it must still run.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest

from course_tools.execution import run_notebook
from course_tools.grading import IGNORED_STDERR
from course_utils.records import read_records

ROOT = Path(__file__).resolve().parent.parent
STUDENT_NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS, ids=[p.stem for p in STUDENT_NOTEBOOKS])
def test_run_all_reaches_the_end_with_nothing_solved(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("COURSE_DRY_RUN", "1")
    monkeypatch.setenv("COURSE_STRICT", "0")  # a student's kernel: checks only talk
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "0")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    result = run_notebook(nb, cwd=tmp_path, timeout=900)
    if result.failure is not None:
        pytest.fail(f"{path.name}: 'Run all' stops with nothing solved: {result.failure}")
    graded = [
        cell
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")
    ]
    assert graded, f"{path.name}: no graded check cells"
    problems = []
    for cell in graded:  # every check, read back from its records, fails in words
        verdicts = [r for r in read_records({"cells": [cell]}) if r["kind"] == "check"]
        grade_id = cell.metadata["nbgrader"]["grade_id"]
        assert verdicts and not any(r["passed"] for r in verdicts), grade_id
        stderr = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stderr")
        # A grader scores a check cell that writes to stderr 0, even for a right answer.
        assert not stderr or re.search(IGNORED_STDERR, stderr), f"{grade_id}: {stderr[:300]}"
        problems += [p for r in verdicts for p in r["problems"]]
    assert any("not attempted yet" in p for p in problems), problems
