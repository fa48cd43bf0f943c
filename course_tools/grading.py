"""Grading: an nbgrader course folder built from ``solutions/``.

``solutions/`` carries nbgrader's cell metadata (see :mod:`course_tools.authoring`), so
nbgrader can release and autograde the course's notebooks as they are. This module writes
the folder nbgrader works in: one assignment per notebook under ``source/``, the solution
with its outputs cleared and only the student badge (the released copy must not link to
the solutions), an ``nbgrader_config.py`` that grades the way the course's tests run
(smallest profile, no network, strict checks, TensorFlow's log lines ignored), and a
``GRADING.md`` with the commands.

Command::

    python -m course_utils nbgrader DEST [--notebooks 01 02 ...]

Example:
    >>> assignment_names(["01"])
    ['01_perceptron', '01b_gradient_descent']
"""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path
from typing import Any

from course_tools import authoring
from course_utils.paths import REPO_ROOT, SOLUTIONS
from course_utils.records import MIME_TYPE as RECORD_MIME, read_records

COURSE_ID = "nn-vision-course"
# stderr lines that are TensorFlow's start-up chatter, not the student's: nbgrader gives 0
# to a graded cell with any stderr output unless IgnorePattern removes it.
IGNORED_STDERR = (r"absl::InitializeLog|oneDNN custom operations|cuInit|TF_ENABLE_ONEDNN_OPTS"
                  r"|computation_placer|cuda_|Unable to register cu")
CELL_TIMEOUT = 600  # seconds: the smoke profile's slowest cell takes well under a minute

CONFIG = '''\
"""nbgrader configuration written by `python -m course_utils nbgrader`.

Grading runs every submitted notebook again, top to bottom, in the course's smallest profile
(`smoke`: tiny data, a few training steps) without network, with strict checks: a check that
fails raises, so nbgrader scores its cell 0. Without COURSE_STRICT_CHECKS=1 every check cell
would pass and an empty notebook would get full marks.
"""
import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}

# Kernels started by nbgrader inherit these.
# COURSE_DRY_RUN cuts every training run to a few steps: grading needs the checks, not the
# lesson's training.
os.environ.update(COURSE_PROFILE="smoke", COURSE_OFFLINE="1", COURSE_STRICT_CHECKS="1",
                  COURSE_DRY_RUN="1", TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")

# The course's stub: `pass` keeps "Run all" going past an unanswered exercise (nbgrader's
# default, `raise NotImplementedError()`, stops it), so the release equals notebooks/.
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}

c.Execute.timeout = {timeout}  # per cell, in seconds
c.IgnorePattern.enabled = True  # TensorFlow's start-up lines on stderr must not cost marks
c.IgnorePattern.pattern = {pattern!r}
'''

GUIDE = """\
# Grading the course with nbgrader

This folder was written by `python -m course_utils nbgrader`. Its `source/` holds one
assignment per notebook: {assignments}.

Run every command **from this folder**, with the course's virtualenv activated (nbgrader
calls `alembic` from the `PATH`: `source <course>/.venv/bin/activate`).

1. Release: `nbgrader generate_assignment 01_perceptron` writes `release/01_perceptron/`,
   the student version (it equals the course's `notebooks/`). Hand it out, or let students
   use the Colab badges: those notebooks carry the same grading metadata.
2. Collect: put each student's notebook at
   `submitted/<student id>/01_perceptron/01_perceptron.ipynb` (or `nbgrader zip_collect` a
   downloaded LMS archive; Colab users download the `.ipynb` with File > Download).
3. Autograde: `nbgrader autograde 01_perceptron`. Each notebook is run again from the top in
   the `smoke` profile with strict checks; locked check cells are restored from the source,
   so an edited check cannot pass.
4. Grade the written answers in the formgrader (`jupyter lab`, then the Nbgrader menu), or
   through nbgrader's Python API.
5. Export: `nbgrader export` writes `grades.csv`; `nbgrader generate_feedback 01_perceptron`
   writes an HTML report per student.

Points: each check cell of an exercise is worth 1 point; a written answer is worth the marks
its question states. What grading costs: every submission is executed in full, in `smoke`
with training cut to a few steps, so a class of 30 costs 30 runs of the notebook: on our
2-core machine about 20 s each for 01 and 30 to 60 s for the others, 10 to 30 minutes
per notebook for the class.
"""


def assignment_names(prefixes: list[str] | None = None,
                     root: Path = REPO_ROOT) -> list[str]:
    """The solution notebooks (stems) whose names start with one of ``prefixes`` (all if None)."""
    stems = sorted(path.stem for path in (root / SOLUTIONS).glob("*.ipynb"))
    if not prefixes:
        return stems
    return [stem for stem in stems if any(stem.startswith(prefix) for prefix in prefixes)]


def source_notebook(solution: Any, name: str) -> Any:
    """The nbgrader source of one notebook: the solution without outputs, with the student
    badge only, so that nbgrader's release is the course's student version."""
    nb = copy.deepcopy(solution)
    authoring.retarget_badges(nb, name, student=True)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {key: value for key, value in cell.metadata.items()
                         if key in ("tags", "nbgrader")}
    return nb


def write_course(dest: Path, prefixes: list[str] | None = None,
                 root: Path = REPO_ROOT) -> list[str]:
    """Write an nbgrader course folder at ``dest``; return the assignment names."""
    import nbformat

    names = assignment_names(prefixes, root)
    if not names:
        raise ValueError(f"no notebook matches {prefixes}")
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        solution = nbformat.read(root / SOLUTIONS / f"{name}.ipynb", as_version=4)
        folder = dest / "source" / name
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(solution, name), folder / f"{name}.ipynb")
    (dest / "nbgrader_config.py").write_text(
        CONFIG.format(course_id=COURSE_ID, timeout=CELL_TIMEOUT, pattern=IGNORED_STDERR,
                      stub="\n".join(authoring.STUDENT_CODE), text_stub=authoring.STUDENT_ANSWER),
        encoding="utf-8")
    (dest / "GRADING.md").write_text(GUIDE.format(assignments=", ".join(names)),
                                     encoding="utf-8")
    return names


def nbgrader_main(argv: list[str]) -> int:
    """``python -m course_utils nbgrader DEST [--notebooks 01 ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils nbgrader",
        description="Write an nbgrader course folder (source/, nbgrader_config.py, GRADING.md).")
    parser.add_argument("dest", type=Path, help="the folder to write (created if missing)")
    parser.add_argument("--notebooks", nargs="*", metavar="PREFIX",
                        help="notebook name prefixes, e.g. 01 03b (default: all)")
    args = parser.parse_args(argv)
    try:
        names = write_course(args.dest, args.notebooks)
    except ValueError as error:
        parser.error(str(error))
    print(f"wrote an nbgrader course in {args.dest}: {len(names)} assignment(s), "
          f"{', '.join(names)}; see {args.dest / 'GRADING.md'}")
    return 0


# ---------------------------------------------------------------------------------------
# `python -m course_utils grade`: a grade sheet for a class that works in Colab

GRADING_ENVIRONMENT = {"COURSE_PROFILE": "smoke", "COURSE_OFFLINE": "1",
                       "COURSE_STRICT_CHECKS": "1", "COURSE_DRY_RUN": "1",
                       "TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "Agg"}
GRADE_COLUMNS = ["student", "notebook", "exercise", "points", "max_points", "status", "detail"]


def grading_cells(nb: Any) -> dict[str, Any]:
    """The cells of ``nb`` that carry nbgrader metadata, by ``grade_id``."""
    return {cell.metadata["nbgrader"]["grade_id"]: cell for cell in nb.cells
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")}


def _locked_texts(nb: Any) -> set[str]:
    return {cell.source.strip() for cell in nb.cells
            if cell.get("metadata", {}).get("nbgrader", {}).get("locked") and cell.source.strip()}


def which_notebook(submission: Any, path: Path, sources: dict[str, Any]) -> str | None:
    """The course notebook a submission is a copy of: by its grading ids, else by the text
    of its check and question cells, else by file name."""
    ids = set(grading_cells(submission))
    texts = {cell.source.strip() for cell in submission.cells}
    for overlap in ({name: len(ids & set(grading_cells(source))) for name, source in sources.items()},
                    {name: len(texts & _locked_texts(source)) for name, source in sources.items()}):
        best = max(overlap, key=overlap.get, default=None)
        if best is not None and overlap[best]:
            return best
    for name in sorted(sources, key=len, reverse=True):
        if name in path.stem:
            return name
    return None


def reattach_metadata(submission: Any, source: Any) -> int:
    """Give cells that lost their nbgrader metadata (an editor or an upload can drop cell
    metadata) the source's, matched by text; return how many cells got it back.

    A check or question cell is found by its text, which the student cannot usefully change;
    the answer cell is the one just before its check (code) or just after its question
    (written).
    """
    def grading(cell: Any) -> dict[str, Any]:
        return cell.get("metadata", {}).get("nbgrader", {})

    bare = [cell for cell in submission.cells if not grading(cell)]
    by_text: dict[str, Any] = {}
    for cell in bare:
        by_text.setdefault(cell.source.strip(), cell)
    attached = 0
    for position, cell in enumerate(source.cells):
        if not (grading(cell).get("locked") and cell.source.strip() in by_text):
            continue
        theirs = by_text.pop(cell.source.strip())
        theirs.metadata["nbgrader"] = copy.deepcopy(grading(cell))
        attached += 1
        at = submission.cells.index(theirs)
        for step in (-1, 1):  # the answer before a check, the answer after a question
            mine = source.cells[position + step] if 0 <= position + step < len(source.cells) else None
            near = submission.cells[at + step] if 0 <= at + step < len(submission.cells) else None
            if (mine is not None and near is not None and grading(mine).get("solution")
                    and not grading(near) and mine.cell_type == near.cell_type):
                near.metadata["nbgrader"] = copy.deepcopy(grading(mine))
                attached += 1
    return attached


def restore_locked_cells(submission: Any, source: Any) -> list[str]:
    """Put the source's locked cells (checks, questions) back into ``submission`` in place,
    re-inserting any the student deleted after the cell before them; return what changed."""
    changes: list[str] = []
    theirs = grading_cells(submission)
    previous_id = None
    for cell in source.cells:
        grading = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = grading.get("grade_id")
        if grade_id and grading.get("locked"):
            if grade_id in theirs:
                if theirs[grade_id].source != cell.source:
                    theirs[grade_id].source = cell.source
                    changes.append(f"{grade_id} was edited: restored")
            else:
                anchor = theirs.get(previous_id) if previous_id else None
                at = submission.cells.index(anchor) + 1 if anchor is not None else len(submission.cells)
                submission.cells.insert(at, copy.deepcopy(cell))
                changes.append(f"{grade_id} was missing: put back")
        if grade_id:
            previous_id = grade_id
            theirs = grading_cells(submission)
    return changes


def _cell_failure(cell: Any) -> str:
    """Why an executed graded cell earns nothing ('' if it passed): its error, a check it
    recorded as failed, or stderr."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {' '.join(str(output.get('evalue', '')).split())}"[:300]
    for record in read_records({"cells": [cell]}):
        if record.get("kind") == "check" and not record.get("passed"):
            return f"{record['name']}: {'; '.join(record.get('problems', []))}"[:300]
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stderr":
            if not re.search(IGNORED_STDERR, output.get("text", "")):
                return "wrote to stderr: " + " ".join(output.get("text", "").split())[:200]
    return ""


def _cell_text(cell: Any) -> str:
    """What a student reads under a cell: its printed lines and its checks' sentences."""
    parts = []
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream" and output.get("name") == "stdout":
            parts.append(output.get("text", ""))
        elif output.get("output_type") == "display_data" and RECORD_MIME in output.get("data", {}):
            parts.append(str(output["data"].get("text/plain", "")) + "\n")
    return "".join(parts).strip()


def student_id(path: Path, folder: Path, notebook: str) -> str:
    """Who handed ``path`` in: its first folder under ``folder`` (``alice/01_x.ipynb``), else
    the file name without the notebook's name (``alice_01_x.ipynb``, ``alice.ipynb``).

    Example:
        >>> student_id(Path("in/alice/01_x.ipynb"), Path("in"), "01_x")
        'alice'
        >>> student_id(Path("in/bob_01_x.ipynb"), Path("in"), "01_x")
        'bob'
    """
    parts = path.relative_to(folder).parts
    if len(parts) > 1:
        return parts[0]
    return path.stem.replace(notebook, "").strip(" _-.") or path.stem


def grade_submission(path: Path, sources: dict[str, Any], timeout: int = CELL_TIMEOUT,
                     folder: Path | None = None) -> tuple[list[dict[str, Any]], str]:
    """Grade one submitted notebook: rows for the grade sheet and a feedback text.

    Never raises for a bad submission: an unreadable file, a notebook that is not one of the
    course's, a dead kernel or a cell that hangs become rows that say so.
    """
    import nbformat
    from nbclient import NotebookClient

    folder = folder or path.parent
    student = path.stem
    try:
        submission = nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is a row, not a crash
        row = {"student": student, "notebook": "?", "exercise": "-", "points": 0,
               "max_points": 0, "status": "error",
               "detail": f"not a readable notebook ({type(error).__name__})"}
        return [row], f"# {path.name}\n\nThis file could not be read as a notebook.\n"
    name = which_notebook(submission, path, sources)
    if name is None:
        row = {"student": student, "notebook": "?", "exercise": "-", "points": 0, "max_points": 0,
               "status": "error", "detail": "not a copy of any course notebook"}
        return [row], f"# {path.name}\n\nThis notebook is not one of the course's.\n"
    student = student_id(path, folder, name)
    source = sources[name]
    graded = {gid: cell for gid, cell in grading_cells(source).items()
              if cell.metadata["nbgrader"].get("grade")}
    missing = set(graded) - set(grading_cells(submission))
    reattached = reattach_metadata(submission, source) if missing else 0
    if not set(graded) & set(grading_cells(submission)):
        rows = [{"student": student, "notebook": name, "exercise": gid, "points": 0,
                 "max_points": cell.metadata["nbgrader"]["points"], "status": "error",
                 "detail": "the notebook lost its grading metadata: grade it by hand"}
                for gid, cell in graded.items()]
        return rows, f"# {student}: {name}\n\nThe notebook lost its grading metadata.\n"
    changes = restore_locked_cells(submission, source)
    for cell in submission.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    client = NotebookClient(submission, timeout=timeout, kernel_name="python3",
                            allow_errors=True, interrupt_on_timeout=True,
                            resources={"metadata": {"path": str(path.parent)}})
    crashed = ""
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - a dead kernel grades what ran
        crashed = f"the kernel stopped: {type(error).__name__}"
    cells = grading_cells(submission)
    rows, feedback = [], [f"# {student}: {name}", ""]
    if reattached:
        changes.insert(0, f"{reattached} cells had lost their grading metadata: matched by "
                          "their text")
    feedback += [f"- {change}" for change in changes] + ([""] if changes else [])
    for gid, cell in graded.items():
        points = cell.metadata["nbgrader"]["points"]
        theirs = cells.get(gid)
        if cell.cell_type == "markdown":
            answer = (theirs.source.strip() if theirs is not None else "")
            empty = answer in ("", authoring.STUDENT_ANSWER)
            rows.append({"student": student, "notebook": name, "exercise": gid, "points": 0,
                         "max_points": points, "status": "unanswered" if empty else "manual",
                         "detail": "" if empty else "written answer: grade it by hand"})
            feedback += [f"## {gid} (written, {points} marks)", "", answer or "(no answer)", ""]
            continue
        if theirs is None or (crashed and not theirs.get("outputs")):
            why = crashed or "the cell is missing"
            rows.append({"student": student, "notebook": name, "exercise": gid, "points": 0,
                         "max_points": points, "status": "error", "detail": why})
            feedback += [f"## {gid}: 0 of {points}", "", why, ""]
            continue
        failure = _cell_failure(theirs)
        rows.append({"student": student, "notebook": name, "exercise": gid,
                     "points": 0 if failure else points, "max_points": points,
                     "status": "failed" if failure else "passed", "detail": failure})
        feedback += [f"## {gid}: {0 if failure else points} of {points}", "",
                     _cell_text(theirs) or failure or "(no output)", ""]
    return rows, "\n".join(feedback)


def grade_folder(folder: Path, out: Path, jobs: int = 1, feedback_dir: Path | None = None,
                 root: Path = REPO_ROOT, timeout: int = CELL_TIMEOUT
                 ) -> list[dict[str, Any]]:
    """Grade every ``*.ipynb`` under ``folder``; write the CSV ``out`` and one feedback file
    per submission in ``feedback_dir`` (default: next to ``out``); return the rows."""
    import csv
    import os
    from concurrent.futures import ThreadPoolExecutor

    import nbformat

    sources = {name: nbformat.read(root / SOLUTIONS / f"{name}.ipynb", as_version=4)
               for name in assignment_names(None, root)}
    paths = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not paths:
        raise ValueError(f"no .ipynb files under {folder}")
    os.environ.update(GRADING_ENVIRONMENT)   # every kernel started below inherits these
    feedback_dir = feedback_dir or out.parent / "feedback"
    feedback_dir.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(lambda p: grade_submission(p, sources, timeout, folder), paths))
    rows: list[dict[str, Any]] = []
    for path, (submission_rows, text) in zip(paths, results):
        rows += submission_rows
        label = "_".join(path.relative_to(folder).with_suffix("").parts)
        (feedback_dir / f"{label}.md").write_text(text + "\n", encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=GRADE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return rows


def grade_main(argv: list[str]) -> int:
    """``python -m course_utils grade SUBMISSIONS --out grades.csv [--jobs N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils grade",
        description="Grade downloaded student notebooks: run each again in a clean kernel "
                    "(smoke profile, offline, strict checks), restore the check cells from "
                    "the course, write one CSV row per student and exercise and a feedback "
                    "file per notebook.")
    parser.add_argument("submissions", type=Path,
                        help="a folder of .ipynb files (STUDENT.ipynb, or STUDENT/NOTEBOOK.ipynb)")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write")
    parser.add_argument("--jobs", type=int, default=1,
                        help="submissions graded at the same time (one kernel each)")
    parser.add_argument("--timeout", type=int, default=CELL_TIMEOUT,
                        help=f"seconds a cell may take (default {CELL_TIMEOUT})")
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    try:
        rows = grade_folder(args.submissions, args.out, args.jobs, timeout=args.timeout)
    except ValueError as error:
        parser.error(str(error))
    students = {(r["student"], r["notebook"]) for r in rows}
    manual = sum(r["status"] == "manual" for r in rows)
    print(f"graded {len(students)} submission(s): {args.out}; feedback in "
          f"{args.out.parent / 'feedback'}; {manual} written answer(s) to grade by hand")
    return 0
