"""The grader's parts, without kernels (issue 27): student ids, the grade sheet, putting
cells back, moving written answers, signing and auditing check records."""

from __future__ import annotations

import copy
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_tools import grading_cells, grading_class
from course_tools.grading_class import GradeSheet, read_csv, student_id

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "file, expected",
    [
        ("Copy of 01_perceptron.ipynb", ""),
        ("carol_01_perceptron (1).ipynb", "carol"),
        ("dave_12345_67890_01_perceptron-1.ipynb", "dave"),
        ("Copy of erin_01_perceptron.ipynb", "erin"),
        ("bob-01_perceptron.ipynb", "bob"),
        ("alice.ipynb", "alice"),
    ],
)
def test_student_ids_follow_the_documented_rule(file: str, expected: str) -> None:
    assert student_id(Path("in") / file, Path("in"), "01_perceptron") == expected


def test_a_folder_per_student_and_a_roster(tmp_path: Path) -> None:
    assert student_id(Path("in/alice/Copy of 01_x (2).ipynb"), Path("in"), "01_x") == "alice"
    roster = tmp_path / "roster.csv"
    roster.write_text("s001,Dave Jones,dave\ns002,carol\n", encoding="utf-8")
    aliases = grading_class.read_roster(roster)
    assert (
        student_id(Path("in/dave_12345_67890_01_x-1.ipynb"), Path("in"), "01_x", aliases) == "s001"
    )
    assert student_id(Path("in/carol_01_x (1).ipynb"), Path("in"), "01_x", aliases) == "s002"


def _rows(student: str, points: float) -> list[dict]:
    return [
        {
            "student": student,
            "notebook": "01",
            "exercise": "check",
            "points": points,
            "max_points": 1,
            "status": "passed" if points else "failed",
            "detail": "",
        },
        {
            "student": student,
            "notebook": "01",
            "exercise": "essay",
            "points": 0,
            "max_points": 3,
            "status": "manual",
            "detail": "",
        },
    ]


def test_the_sheet_is_written_after_each_submission_and_one_student_can_be_regraded(
    tmp_path: Path,
) -> None:
    out = tmp_path / "grades.csv"
    sheet = GradeSheet(out)
    sheet.add(_rows("alice", 1))
    assert {r["student"] for r in read_csv(out)} == {"alice"}  # written at once
    sheet.add(_rows("bob", 0))
    assert len(read_csv(out)) == 4
    marks = tmp_path / "marks.csv"
    marks.write_text("student,notebook,exercise,points\nalice,01,essay,2\n", encoding="utf-8")
    again = GradeSheet(out, keep_others=True, marks=marks)  # --student bob --marks
    again.add(_rows("bob", 1))
    rows = read_csv(out)
    assert len(rows) == 4 and {r["points"] for r in rows if r["student"] == "bob"} == {"1", "0"}
    totals = {r["student"]: r for r in read_csv(tmp_path / "totals.csv")}
    assert float(totals["alice"]["total"]) == 3.0 and totals["alice"]["to_mark"] == "0"
    assert float(totals["bob"]["total"]) == 1.0 and totals["bob"]["to_mark"] == "1"
    template = again.write_marks_template({})
    assert [r["exercise"] for r in read_csv(template)] == ["essay", "essay"]


def _course() -> nbformat.NotebookNode:
    def meta(**grading):
        return {"nbgrader": {"schema_version": 3, **grading}}

    return new_notebook(
        cells=[
            new_code_cell(
                "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION",
                metadata=meta(grade_id="f", solution=True, grade=False, locked=False),
            ),
            new_code_cell(
                "checks.check_function(f, [((1,), 2)], name='f')\n### BEGIN HIDDEN TESTS\n"
                "checks.check_function(f, [((5,), 10)], name='f hidden')\n### END HIDDEN TESTS",
                metadata=meta(
                    grade_id="f-check", grade=True, locked=True, points=1, solution=False
                ),
            ),
            new_markdown_cell(
                "Why?\n\n**Your answer** goes in the cell below (2 marks).",
                metadata=meta(grade_id="why-question", locked=True, grade=False, solution=False),
            ),
            new_markdown_cell(
                "Because.",
                metadata=meta(grade_id="why", solution=True, grade=True, points=2, locked=False),
            ),
            new_markdown_cell("## Further reading"),
        ]
    )


def _student() -> nbformat.NotebookNode:
    from course_tools.authoring import make_student

    return make_student(_course(), "x")


def test_a_check_turned_into_markdown_is_put_back_as_code_with_its_hidden_tests() -> None:
    sub = _student()
    sub.cells[1].cell_type = "markdown"
    sub.cells[1].pop("outputs", None)
    sub.cells[1].pop("execution_count", None)
    changes = grading_cells.restore_locked_cells(sub, _course())
    assert changes == ["f-check had been turned into a markdown cell: restored"]
    assert sub.cells[1].cell_type == "code" and "f hidden" in sub.cells[1].source
    untouched = _student()
    assert (
        grading_cells.restore_locked_cells(untouched, _course()) == []
    )  # hidden tests are no edit


def test_a_deleted_check_is_put_back_after_its_answer() -> None:
    sub = _student()
    del sub.cells[1]
    assert grading_cells.restore_locked_cells(sub, _course()) == ["f-check was missing: put back"]
    assert sub.cells[1].metadata["nbgrader"]["grade_id"] == "f-check"


def test_an_answer_typed_into_the_question_or_a_new_cell_is_moved_and_flagged() -> None:
    sub = _student()
    sub.cells[2].source += "\n\nIt is linear."
    moved = grading_cells.move_written_answers(sub, _course())
    assert moved == {"why": "the question cell"}
    assert sub.cells[2].source == _course().cells[2].source
    assert (
        "moved here by the grader" in sub.cells[3].source and "It is linear." in sub.cells[3].source
    )

    sub = _student()
    sub.cells.insert(4, new_markdown_cell("My answer is in a cell of its own."))
    moved = grading_cells.move_written_answers(sub, _course())
    assert moved == {"why": "a new cell after the answer"}
    assert "a cell of its own" in sub.cells[3].source
    assert [c.source for c in sub.cells[4:]] == ["## Further reading"]  # lesson text stays


def test_records_signed_by_verdict_count_and_forged_ones_are_flagged(
    tmp_path: Path, monkeypatch, capsys
) -> None:
    from course_utils import checks, grading_guard

    key = "k" * 64
    keyfile = tmp_path / "key"
    keyfile.write_text(key, encoding="ascii")
    monkeypatch.setenv(grading_guard.KEYFILE_VARIABLE, str(keyfile))
    monkeypatch.delenv("COURSE_STRICT", raising=False)
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    shown: list[dict] = []
    try:
        grading_guard.arm()
        assert (
            not keyfile.exists() and grading_guard.KEYFILE_VARIABLE not in __import__("os").environ
        )
        monkeypatch.setattr(checks, "emit", lambda kind, record, text: shown.append(record))
        checks.check_value("x", 2, expected=2)
        forged = grading_guard.sign_check({"name": "x", "passed": True, "problems": []})
        assert "sig" in shown[0] and grading_guard.verify(shown[0], key)
        assert "sig" not in forged and not grading_guard.verify({**shown[0], "passed": False}, key)
        capsys.readouterr()
        import numpy

        monkeypatch.setattr(numpy, "allclose", lambda *a, **k: True)  # every answer "right"
        grading_guard.audit("x-check")  # outside IPython the audit prints its sentence
        audit = capsys.readouterr().out
        assert "checks.emit was replaced" in audit and "forged check record" in audit
        assert "numpy.allclose was replaced" in audit
    finally:
        grading_guard._sign = None
        grading_guard._audit = None


def test_read_results_scores_only_signed_records() -> None:
    from course_utils.grading_guard import signature
    from course_utils.records import MIME_TYPE

    key = "secret"

    def output(record: dict, signed: bool = True) -> dict:
        if signed:
            record = {**record, "sig": signature(record, key)}
        return nbformat.from_dict(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"text/plain": "", MIME_TYPE: record},
            }
        )

    nb = _student()
    grading_cells.add_guard_cells(nb)
    arm, check, audit = nb.cells[0], nb.cells[2], nb.cells[3]
    arm.outputs = [output({"kind": "armed", "after": "start", "problems": [], "seq": 1})]
    check.execution_count = 1
    check.outputs = [
        output({"kind": "check", "name": "f", "passed": True, "problems": [], "seq": 2})
    ]
    audit.outputs = [output({"kind": "audit", "after": "f-check", "problems": [], "seq": 3})]
    assert grading_cells.read_results(nb, key)[0]["f-check"].status == "passed"
    forged = copy.deepcopy(nb)
    forged.cells[2].outputs = [
        output({"kind": "check", "name": "f", "passed": True, "problems": []}, signed=False)
    ]
    result = grading_cells.read_results(forged, key)[0]["f-check"]
    assert result.status == "flagged" and "signature" in result.detail
    patched = copy.deepcopy(nb)
    patched.cells[3].outputs = [
        output(
            {
                "kind": "audit",
                "after": "f-check",
                "seq": 3,
                "problems": ["checks.verdict was replaced"],
            }
        )
    ]
    result = grading_cells.read_results(patched, key)[0]["f-check"]
    assert result.status == "flagged" and "checks.verdict was replaced" in result.detail
