"""The cells of a submission: matched to the course, put back, moved, guarded and read.

What :mod:`course_tools.grading` does to a notebook a student handed in, before and after
running it:

* :func:`reattach_metadata`: cells that lost nbgrader's metadata get it back by their text;
* :func:`move_written_answers`: text typed into a question cell, or into a new cell right
  after a question or an answer, goes into the answer cell, flagged "moved";
* :func:`restore_locked_cells`: check and question cells are put back from the solution,
  source, type and metadata (a check turned into a markdown cell runs again), hidden tests
  included; deleted ones are re-inserted after their answer;
* :func:`add_guard_cells`: the grader's first cell and an audit after each check
  (:mod:`course_utils.grading_guard`);
* :func:`read_results`: per graded cell, whether it passed, judged only by check records
  signed with this run's key.

Example:
    >>> student_text("x = 1\\n### BEGIN HIDDEN TESTS\\ny = 2\\n### END HIDDEN TESTS")
    'x = 1'
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from course_tools import authoring
from course_utils.grading_guard import verify
from course_utils.records import MIME_TYPE as RECORD_MIME

#: stderr lines that are TensorFlow's start-up chatter, not the student's.
IGNORED_STDERR = (
    r"absl::InitializeLog|oneDNN custom operations|cuInit|TF_ENABLE_ONEDNN_OPTS"
    r"|computation_placer|cuda_|Unable to register cu"
)
ARM_SOURCE = "import course_utils.grading_guard as _course_grader\n_course_grader.arm()"
AUDIT_SOURCE = (
    "import course_utils.grading_guard as _course_grader\n_course_grader.audit({grade_id!r})"
)
GUARD_TAG = "course-grader"


def grading(cell: Any) -> dict[str, Any]:
    """A cell's nbgrader metadata ({} when it has none)."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def grading_cells(nb: Any) -> dict[str, Any]:
    """The cells of ``nb`` that carry nbgrader metadata, by ``grade_id``."""
    return {grading(cell)["grade_id"]: cell for cell in nb.cells if grading(cell).get("grade_id")}


def student_text(source: str) -> str:
    """The text a student sees of a solution cell: no hidden tests, stripped."""
    return authoring.strip_hidden_tests(source).strip()


def locked_texts(nb: Any) -> set[str]:
    """The student-version texts of the locked cells of a solution notebook."""
    return {
        student_text(cell.source)
        for cell in nb.cells
        if grading(cell).get("locked") and cell.source.strip()
    }


def reattach_metadata(submission: Any, source: Any) -> int:
    """Give cells that lost their nbgrader metadata (an editor or an upload can drop it) the
    source's, matched by text; return how many cells got it back.

    A check or question cell is found by its text, which the student cannot usefully change;
    the answer cell is the one just before its check (code) or just after its question
    (written).
    """
    bare = [cell for cell in submission.cells if not grading(cell)]
    by_text: dict[str, Any] = {}
    for cell in bare:
        by_text.setdefault(cell.source.strip(), cell)
    attached = 0
    for position, cell in enumerate(source.cells):
        text = student_text(cell.source)
        if not (grading(cell).get("locked") and text in by_text):
            continue
        theirs = by_text.pop(text)
        theirs.metadata["nbgrader"] = copy.deepcopy(grading(cell))
        attached += 1
        at = submission.cells.index(theirs)
        for step in (-1, 1):  # the answer before a check, the answer after a question
            mine = (
                source.cells[position + step] if 0 <= position + step < len(source.cells) else None
            )
            near = submission.cells[at + step] if 0 <= at + step < len(submission.cells) else None
            if (
                mine is not None
                and near is not None
                and grading(mine).get("solution")
                and not grading(near)
                and mine.cell_type == near.cell_type
            ):
                near.metadata["nbgrader"] = copy.deepcopy(grading(mine))
                attached += 1
    return attached


def _is_stub(text: str) -> bool:
    return text.strip() in ("", authoring.STUDENT_ANSWER)


def _extra_text(theirs: str, question: str) -> str:
    """What a student added to a question cell: the text without the question's own lines."""
    theirs = theirs.strip()
    if question in theirs:
        return theirs.replace(question, "", 1).strip()
    kept = set(question.splitlines())
    return "\n".join(line for line in theirs.splitlines() if line not in kept).strip()


def _course_text(text: str, texts: list[str]) -> bool:
    """Whether ``text`` is, or is close to, a cell of the course: a lesson cell of an older
    version of the course is not a student's answer (``difflib``'s ratio above 0.6).

    Example:
        >>> _course_text("## Further reading, updated", ["## Further reading"])
        True
        >>> _course_text("A perceptron draws one line.", ["## Further reading"])
        False
    """
    from difflib import SequenceMatcher

    return any(
        SequenceMatcher(None, text, other).ratio() > 0.6
        for other in texts
        if 0.5 < (len(text) + 1) / (len(other) + 1) < 2
    )


def move_written_answers(submission: Any, source: Any) -> dict[str, str]:
    """Move written answers typed in the wrong place into their answer cells; return, per
    answer ``grade_id``, where the text came from.

    Two places are read: the question cell itself (in Colab nothing stops a student typing
    there) and new markdown or raw cells right after the question or after the answer (a
    student who added a cell instead of editing ``YOUR ANSWER HERE``). The moved text is
    marked in the answer, so whoever grades it by hand sees what happened.

    Example:
        >>> import nbformat.v4 as v4
        >>> q = v4.new_markdown_cell("Why?", metadata={"nbgrader": {"grade_id": "q-question", "locked": True}})
        >>> answer = {"grade_id": "q", "solution": True, "grade": True}
        >>> a = v4.new_markdown_cell("YOUR ANSWER HERE", metadata={"nbgrader": answer})
        >>> sub = v4.new_notebook(cells=[v4.new_markdown_cell("Why?\\nBecause."), copy.deepcopy(a)])
        >>> sub.cells[0].metadata = copy.deepcopy(q.metadata)
        >>> move_written_answers(sub, v4.new_notebook(cells=[q, a]))
        {'q': 'the question cell'}
        >>> sub.cells[1].source.splitlines()[-1]
        'Because.'
    """
    source_texts = {student_text(cell.source) for cell in source.cells} | {authoring.STUDENT_ANSWER}
    prose = [student_text(cell.source) for cell in source.cells if cell.cell_type != "code"]
    theirs = grading_cells(submission)
    moved: dict[str, str] = {}
    for position, cell in enumerate(source.cells):
        if not authoring.is_written_answer(cell) or position == 0:
            continue
        answer_id, question_cell = grading(cell)["grade_id"], source.cells[position - 1]
        question_id = grading(question_cell).get("grade_id")
        answer = theirs.get(answer_id)
        if answer is None or answer.cell_type != "markdown":
            continue
        pieces: list[tuple[str, str]] = []
        question = theirs.get(question_id) if question_id else None
        if question is not None and question.source.strip() != question_cell.source.strip():
            extra = _extra_text(question.source, question_cell.source.strip())
            if extra and not _course_text(extra, prose):  # not an older wording of the question
                pieces.append(("the question cell", extra))
                question.source = question_cell.source
        for anchor in (question, answer):
            if anchor is None or anchor not in submission.cells:
                continue
            at = submission.cells.index(anchor) + 1
            while at < len(submission.cells):
                new = submission.cells[at]
                text = (
                    new.source.strip()
                    if isinstance(new.source, str)
                    else "".join(new.source).strip()
                )
                if (
                    new.cell_type not in ("markdown", "raw")
                    or grading(new)
                    or text in source_texts
                    or _course_text(text, prose)
                ):
                    break
                if text:
                    pieces.append(
                        (
                            "a new cell after the "
                            + ("question" if anchor is question else "answer"),
                            text,
                        )
                    )
                submission.cells.pop(at)
        if not pieces:
            continue
        kept = "" if _is_stub(answer.source) else answer.source.strip() + "\n\n"
        notes = "\n\n".join(
            f"*(moved here by the grader from {where})*\n\n{text}" for where, text in pieces
        )
        answer.source = kept + notes
        moved[answer_id] = " and ".join(where for where, _ in pieces)
    return moved


def _fresh(cell: Any) -> Any:
    """A copy of a solution cell to put into a submission (no outputs)."""
    new = copy.deepcopy(cell)
    if new.cell_type == "code":
        new.outputs, new.execution_count = [], None
    else:
        new.pop("outputs", None)
        new.pop("execution_count", None)
    new.pop("id", None)
    return new


def restore_locked_cells(submission: Any, source: Any) -> list[str]:
    """Put the source's locked cells (checks, questions) back into ``submission`` in place:
    source (hidden tests included), cell type and metadata; re-insert any the student
    deleted after the cell before them; return what the student had changed."""
    changes: list[str] = []
    theirs = grading_cells(submission)
    previous_id = None
    for cell in source.cells:
        grade_id = grading(cell).get("grade_id")
        if grade_id and grading(cell).get("locked"):
            mine = theirs.get(grade_id)
            if mine is not None:
                if mine.cell_type != cell.cell_type:
                    changes.append(
                        f"{grade_id} had been turned into a {mine.cell_type} cell: restored"
                    )
                elif mine.source.strip() not in (student_text(cell.source), cell.source.strip()):
                    changes.append(f"{grade_id} was edited: restored")
                submission.cells[submission.cells.index(mine)] = _fresh(cell)
            else:
                anchor = theirs.get(previous_id) if previous_id else None
                at = (
                    submission.cells.index(anchor) + 1
                    if anchor is not None
                    else len(submission.cells)
                )
                submission.cells.insert(at, _fresh(cell))
                changes.append(f"{grade_id} was missing: put back")
            theirs = grading_cells(submission)
        if grade_id:
            previous_id = grade_id
    return changes


def add_guard_cells(nb: Any) -> None:
    """Insert the grader's first cell and an audit cell after each graded code cell."""
    import nbformat.v4 as v4

    metadata = {"tags": [GUARD_TAG]}
    for cell in [c for c in nb.cells if c.cell_type == "code" and grading(c).get("grade")]:
        at = nb.cells.index(cell) + 1
        nb.cells.insert(
            at,
            v4.new_code_cell(
                AUDIT_SOURCE.format(grade_id=grading(cell)["grade_id"]),
                metadata=copy.deepcopy(metadata),
            ),
        )
    nb.cells.insert(0, v4.new_code_cell(ARM_SOURCE, metadata=copy.deepcopy(metadata)))
    for cell in nb.cells:  # restored and inserted cells would repeat ids: format 4.4 has none
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4


def _records(cell: Any) -> list[dict[str, Any]]:
    return [
        dict(output["data"][RECORD_MIME])
        for output in cell.get("outputs", [])
        if RECORD_MIME in output.get("data", {})
    ]


@dataclass
class CellResult:
    """How one graded code cell did: ``status`` is passed, failed, flagged or error."""

    status: str
    detail: str = ""
    text: str = ""
    flags: list[str] = field(default_factory=list)


def cell_text(cell: Any) -> str:
    """What a student reads under a cell: its printed lines and its checks' sentences."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            text = output.get("text", "")
            parts.append(text if isinstance(text, str) else "".join(text))
        elif output.get("output_type") == "display_data" and RECORD_MIME in output.get("data", {}):
            parts.append(str(output["data"].get("text/plain", "")) + "\n")
        elif output.get("output_type") == "error":
            parts.append(f"{output.get('ename', 'Error')}: {output.get('evalue', '')}\n")
    return "".join(parts).strip()


def _error(cell: Any) -> str:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {' '.join(str(output.get('evalue', '')).split())}"[
                :300
            ]
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            text = output.get("text", "")
            text = text if isinstance(text, str) else "".join(text)
            if not re.search(IGNORED_STDERR, text):
                return "wrote to stderr: " + " ".join(text.split())[:200]
    return ""


def read_results(nb: Any, key: str, stopped: str = "") -> tuple[dict[str, CellResult], list[str]]:
    """Judge every graded code cell of the executed ``nb`` by this run's signed records.

    A cell passes when it ran without error, holds at least one check record signed with
    ``key`` and every such record passed. It is ``flagged`` (0 points, with the reason)
    when a check record in it is unsigned or forged, a signed record was shown twice, or the
    audit after it reports a replaced check function, an input transformer or an exception
    handler, or did not run at all. Returns the results by ``grade_id`` and the notebook's
    own flags (e.g. the grader's first cell did not run).

    Args:
        nb: the executed notebook, with the grader's guard cells.
        key: the run's secret.
        stopped: why the run ended early ('' if it did not): cells it never reached are
            ``error`` rows with this reason.
    """
    seen: set[int] = set()
    duplicated = False
    notebook_flags: list[str] = []
    armed = False
    for cell in nb.cells:
        for record in _records(cell):
            if "sig" in record and verify(record, key):
                seq = int(record.get("seq", -1))
                if seq in seen:
                    duplicated = True
                seen.add(seq)
                armed = armed or record.get("kind") == "armed"
    if not armed:
        notebook_flags.append("the grader's first cell did not run or was tampered with")
    if duplicated:
        notebook_flags.append("a signed check record was shown twice (a replayed record)")
    audits: dict[str, dict[str, Any]] = {}
    for cell in nb.cells:
        for record in _records(cell):
            if record.get("kind") == "audit" and verify(record, key):
                audits[str(record.get("after"))] = record
    results: dict[str, CellResult] = {}
    for cell in nb.cells:
        gid = grading(cell).get("grade_id")
        if not (gid and grading(cell).get("grade") and cell.cell_type == "code"):
            continue
        ran = cell.get("execution_count") is not None or bool(cell.get("outputs"))
        if not ran:
            results[gid] = CellResult("error", stopped or "this check cell did not run")
            continue
        signed: list[dict[str, Any]] = []
        unsigned: list[dict[str, Any]] = []
        for record in _records(cell):
            if record.get("kind") != "check":
                continue
            (signed if "sig" in record and verify(record, key) else unsigned).append(record)
        flags = list(notebook_flags)
        if unsigned:
            flags.append(
                "a check record without this run's signature (printed by the "
                "answer's own code, not by the check)"
            )
        audit = audits.get(gid)
        if audit is None:
            if not stopped:
                flags.append(
                    "the grader's audit after this check did not run (an input "
                    "transformer or a patched display?)"
                )
        elif audit.get("problems"):
            flags.append(f"the grader's audit after this check: {'; '.join(audit['problems'])}")
        failed = [r for r in signed if not r.get("passed")]
        error = _error(cell)
        if flags:
            status, detail = "flagged", "; ".join(flags)[:1000]
        elif failed:
            status = "failed"
            detail = f"{failed[0]['name']}: {'; '.join(failed[0].get('problems', []))}"[:300]
        elif error:
            status, detail = "failed", error
        elif not signed:
            status, detail = "failed", "no check ran in this cell"
        else:
            status, detail = "passed", ""
        results[gid] = CellResult(status, detail, cell_text(cell), flags)
    return results, notebook_flags
