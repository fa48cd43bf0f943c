"""Grading: an nbgrader course folder built from ``solutions/``, and ``course_utils grade``.

``solutions/`` carries nbgrader's cell metadata (see :mod:`course_tools.authoring`), so
nbgrader can release and autograde the course's notebooks as they are. This module writes
the folder nbgrader works in: one assignment per notebook under ``source/``, the solution
with its outputs cleared and only the student badge (the released copy must not link to
the solutions), an ``nbgrader_config.py`` that grades the way the course's tests run
(smallest profile, no network, strict checks, TensorFlow's log lines ignored), and a
``GRADING.md`` with the commands.

Commands::

    python -m course_utils nbgrader DEST [--notebooks 01 02 ...]
    python -m course_utils grade SUBMISSIONS --out grades.csv [--jobs N] [--timeout S]
        [--student NAME] [--roster FILE] [--marks FILE]

``grade`` runs every submission in a sandbox of its own (:mod:`course_tools.grading_sandbox`)
with the check cells restored from the solutions, hidden tests included
(:mod:`course_tools.grading_cells`), and scores only check records signed with that run's
secret (:mod:`course_utils.grading_guard`); the grade sheet is written as it goes
(:mod:`course_tools.grading_class`).

Example:
    >>> assignment_names(["01"])
    ['01_perceptron', '01b_gradient_descent']
"""

from __future__ import annotations

import argparse
import copy
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_tools import authoring
from course_tools.grading_cells import (
    IGNORED_STDERR,
    add_guard_cells,
    grading,
    grading_cells,
    locked_texts,
    move_written_answers,
    read_results,
    reattach_metadata,
    restore_locked_cells,
)
from course_tools.grading_class import GRADE_COLUMNS, GradeSheet, read_roster, student_id
from course_utils.paths import REPO_ROOT, SOLUTIONS

COURSE_ID = "nn-vision-course"
CELL_TIMEOUT = 600  # seconds: the smoke profile's slowest cell takes well under a minute
__all__ = ["GRADE_COLUMNS", "IGNORED_STDERR", "grade_folder", "grade_main", "write_course"]

CONFIG = '''\
"""nbgrader configuration written by `python -m course_utils nbgrader`.

Grading runs every submitted notebook again, top to bottom, in the course's smallest profile
(`smoke`: tiny data, a few training steps) without network, with strict checks: a check that
fails raises, so nbgrader scores its cell 0. Without COURSE_STRICT=1 every check cell would
pass and an empty notebook would get full marks. Check cells are restored from source/ with
their hidden tests (### BEGIN HIDDEN TESTS), which the release leaves out.
"""
import os

c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = {course_id!r}

# Kernels started by nbgrader inherit these.
# COURSE_DRY_RUN cuts every training run to a few steps: grading needs the checks, not the
# lesson's training.
os.environ.update(COURSE_PROFILE="smoke", COURSE_OFFLINE="1", COURSE_STRICT="1",
                  COURSE_DRY_RUN="1", TF_CPP_MIN_LOG_LEVEL="2", MPLBACKEND="Agg")

# The course's stub: `pass` keeps "Run all" going past an unanswered exercise (nbgrader's
# default, `raise NotImplementedError()`, stops it), so the release equals notebooks/.
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.ClearSolutions.text_stub = {text_stub!r}

c.Execute.timeout = {timeout}  # per cell, in seconds
c.IgnorePattern.enabled = True  # TensorFlow's start-up lines on stderr must not cost marks
c.IgnorePattern.pattern = {pattern!r}

# A written answer typed into the question cell (Colab shows no lock) or into a new cell
# after it is moved into the answer cell, marked "moved here by the grader", before
# OverwriteCells restores the question: it then shows in the formgrader for manual grading.
c.MoveWrittenAnswers.source_root = os.path.join(c.CourseDirectory.root, "source")
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "course_tools.grading_nbgrader.MoveWrittenAnswers",
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]
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
   hidden tests included, so an edited check cannot pass. A written answer typed into the
   question cell or a new cell is moved into its answer cell ("moved here by the grader").
   nbgrader runs students' code with your rights in this folder, where `source/` holds the
   solutions: run it on copies, in a container (see the course README, "For instructors").
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


def assignment_names(prefixes: list[str] | None = None, root: Path = REPO_ROOT) -> list[str]:
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
        cell.metadata = {
            key: value for key, value in cell.metadata.items() if key in ("tags", "nbgrader")
        }
    return nb


def write_course(
    dest: Path, prefixes: list[str] | None = None, root: Path = REPO_ROOT
) -> list[str]:
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
        CONFIG.format(
            course_id=COURSE_ID,
            timeout=CELL_TIMEOUT,
            pattern=IGNORED_STDERR,
            stub="\n".join(authoring.STUDENT_CODE),
            text_stub=authoring.STUDENT_ANSWER,
        ),
        encoding="utf-8",
    )
    (dest / "GRADING.md").write_text(GUIDE.format(assignments=", ".join(names)), encoding="utf-8")
    return names


def nbgrader_main(argv: list[str]) -> int:
    """``python -m course_utils nbgrader DEST [--notebooks 01 ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils nbgrader",
        description="Write an nbgrader course folder (source/, nbgrader_config.py, GRADING.md).",
    )
    parser.add_argument("dest", type=Path, help="the folder to write (created if missing)")
    parser.add_argument(
        "--notebooks",
        nargs="*",
        metavar="PREFIX",
        help="notebook name prefixes, e.g. 01 03b (default: all)",
    )
    args = parser.parse_args(argv)
    try:
        names = write_course(args.dest, args.notebooks)
    except ValueError as error:
        parser.error(str(error))
    print(
        f"wrote an nbgrader course in {args.dest}: {len(names)} assignment(s), "
        f"{', '.join(names)}; see {args.dest / 'GRADING.md'}"
    )
    return 0


# ---------------------------------------------------------------------------------------
# `python -m course_utils grade`: a grade sheet for a class that works in Colab

#: The kernel's settings: the graders' own (smallest profile, offline, strict, dry run).
GRADING_ENVIRONMENT = {
    "COURSE_PROFILE": "smoke",
    "COURSE_OFFLINE": "1",
    "COURSE_STRICT": "1",
    "COURSE_DRY_RUN": "1",
    "TF_CPP_MIN_LOG_LEVEL": "2",
    "MPLBACKEND": "Agg",
}
#: Characters of text output a graded cell keeps (a notebook that prints megabytes would
#: otherwise fill the feedback file).
OUTPUT_LIMIT = 20_000


def which_notebook(submission: Any, path: Path, sources: dict[str, Any]) -> str | None:
    """The course notebook a submission is a copy of: by its grading ids, else by the text
    of its check and question cells, else by file name.

    Example:
        >>> import nbformat.v4 as v4
        >>> which_notebook(v4.new_notebook(), Path("bob_01_x.ipynb"), {"01_x": v4.new_notebook()})
        '01_x'
    """
    ids = set(grading_cells(submission))
    texts = {cell.source.strip() for cell in submission.cells}
    for overlap in (
        {name: len(ids & set(grading_cells(source))) for name, source in sources.items()},
        {name: len(texts & locked_texts(source)) for name, source in sources.items()},
    ):
        best = max(overlap, key=lambda name: overlap[name], default=None)
        if best is not None and overlap[best]:
            return best
    for name in sorted(sources, key=len, reverse=True):
        if name in path.stem:
            return name
    return None


@dataclass
class Submission:
    """One file handed in: who, which notebook, and the notebook (None if unreadable)."""

    path: Path
    label: str
    student: str
    notebook: str | None
    nb: Any = None
    problem: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class GradingRun:
    """What every submission of one ``grade`` run shares."""

    sources: dict[str, Any]
    out_dir: Path
    work: Path
    timeout: int
    uid_base: int | None
    hide: list[Path]
    repo_root: Path = REPO_ROOT
    isolation: list[dict[str, Any]] = field(default_factory=list)


def identify(
    paths: list[Path], folder: Path, sources: dict[str, Any], roster: dict[str, str] | None = None
) -> tuple[list[Submission], list[str]]:
    """Read every file, name its student and notebook; return them and the run's warnings
    (two files for one student and notebook, ids not on the roster, unnamed files).

    Example:
        >>> subs, warnings = identify(paths, Path("in"), sources)      # doctest: +SKIP
        >>> warnings                                                   # doctest: +SKIP
        ['hank handed in 2 files for 01_perceptron: hank/01_perceptron.ipynb, ...']
    """
    import nbformat

    found: list[Submission] = []
    for path in paths:
        label = "_".join(path.relative_to(folder).with_suffix("").parts)
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as error:  # noqa: BLE001 - any unreadable file is a row, not a crash
            name = which_notebook(nbformat.v4.new_notebook(), path, sources)
            found.append(
                Submission(
                    path, label, "", name, None, f"not a readable notebook ({type(error).__name__})"
                )
            )
            continue
        name = which_notebook(nb, path, sources)
        sub = Submission(
            path, label, "", name, nb, "" if name else "not a copy of any course notebook"
        )
        stated = next((n for n in sorted(sources, key=len, reverse=True) if n in path.stem), None)
        if name and stated and stated != name:
            sub.notes.append(f"the file is named like {stated} but holds {name}: graded as {name}")
        found.append(sub)
    warnings: list[str] = []
    for sub in found:
        sub.student = student_id(sub.path, folder, sub.notebook or sub.path.stem, roster)
    if found and all(not sub.student for sub in found):
        for sub in found:  # a student's own folder: `grade alice/`
            sub.student = folder.resolve().name
    for sub in found:
        if not sub.student:
            sub.student = f"unknown:{sub.path.name}"
            warnings.append(
                f"{sub.path.name}: no student name in the file name; graded as "
                f"{sub.student} (put it in a folder named after the student)"
            )
        elif roster and sub.student.lower() not in roster:
            warnings.append(f"{sub.path.name}: {sub.student} is not on the roster")
    groups: dict[tuple[str, str], list[Submission]] = {}
    for sub in found:
        if sub.notebook:
            groups.setdefault((sub.student, sub.notebook), []).append(sub)
    for (student, notebook), subs in groups.items():
        if len(subs) > 1:
            files = ", ".join(str(s.path.relative_to(folder)) for s in subs)
            warnings.append(
                f"{student} handed in {len(subs)} files for {notebook}: {files}; "
                "each is graded, keep one"
            )
            for sub in subs:
                sub.notes.append(f"one of {len(subs)} files for {student} and {notebook}: {files}")
    return found, warnings


def _row(
    sub: Submission, exercise: str, points: float, max_points: float, status: str, detail: str
) -> dict[str, Any]:
    return {
        "student": sub.student,
        "notebook": sub.notebook or "?",
        "exercise": exercise,
        "points": points,
        "max_points": max_points,
        "status": status,
        "detail": detail,
    }


def _stopped(result: Any, nb: Any, timeout: int) -> str:
    """Why a run ended early, in words ('' if it did not)."""
    failure = result.failure
    if failure is None or failure.kind == "error":
        return ""
    where = ""
    if failure.cell_index is not None:
        cell = nb.cells[failure.cell_index]
        gid = grading(cell).get("grade_id")
        where = f" in {gid}" if gid else f" in code cell {failure.cell_index}"
    if failure.kind == "timeout":
        return f"the notebook stopped{where}: a cell ran past the {timeout} s limit, so its kernel was killed"
    return f"the notebook stopped{where}: {failure.message}"


def _run(
    nb: Any, sub: Submission, run: GradingRun, index: int, key: str
) -> tuple[Any, dict[str, Any]]:
    """Execute ``nb`` in the submission's sandbox; return the run's result and what the
    sandbox isolated."""
    from course_tools import grading_sandbox as sandbox
    from course_tools.execution import run_notebook

    uid = None if run.uid_base is None else run.uid_base + index
    box = sandbox.make_sandbox(
        run.work,
        sub.label,
        run.repo_root,
        uid=uid,
        hide=[p for p in run.hide if p.exists()],
        key=key,
    )
    env = sandbox.kernel_environment(
        box.work, box.course, {**GRADING_ENVIRONMENT, **sandbox.sandbox_variables(box)}
    )
    try:
        result = run_notebook(
            nb,
            cwd=box.work,
            timeout=run.timeout,
            env=env,
            allow_errors=True,
            kernel_name=sandbox.KERNEL_NAME,
            output_limit=OUTPUT_LIMIT,
        )
    finally:
        if uid is not None:
            sandbox.kill_user(uid)
        report = box.report()
        sandbox.remove_tree(box.root)
    return result, report


def grade_submission(
    sub: Submission, run: GradingRun, index: int = 0
) -> tuple[list[dict[str, Any]], str, Any]:
    """Grade one submission: its rows, its feedback text, and the executed notebook (None
    when nothing ran). Never raises for a bad submission.

    The steps: cells that lost their metadata get it back, written answers typed in the wrong
    place are moved, check and question cells are restored from the solution (hidden tests
    included), the grader's guard cells are added, the notebook runs in its sandbox, and each
    check is judged by its signed records (:func:`course_tools.grading_cells.read_results`).

    Example:
        >>> rows, feedback, executed = grade_submission(sub, run)      # doctest: +SKIP
        >>> rows[0]["status"]                                          # doctest: +SKIP
        'passed'
    """
    if sub.nb is None or sub.notebook is None:
        row = _row(sub, "-", 0, 0, "error", sub.problem)
        return [row], f"# {sub.path.name}\n\n{sub.problem}.\n", None
    source = run.sources[sub.notebook]
    submission = copy.deepcopy(sub.nb)
    graded = {
        gid: cell for gid, cell in grading_cells(source).items() if grading(cell).get("grade")
    }
    notes = list(sub.notes)
    if set(grading_cells(source)) - set(grading_cells(submission)):
        reattached = reattach_metadata(submission, source)
        if reattached:
            notes.append(
                f"{reattached} cells had lost their grading metadata: matched by their text"
            )
    if not set(grading_cells(source)) & set(grading_cells(submission)):
        unmatched = [
            _row(
                sub,
                gid,
                0,
                grading(cell)["points"],
                "error",
                "the notebook has none of the course's exercise cells: grade it by hand",
            )
            for gid, cell in graded.items()
        ]
        return (
            unmatched,
            f"# {sub.student}: {sub.notebook}\n\nNo exercise cell of the course was found.\n",
            None,
        )
    moved = move_written_answers(submission, source)
    notes += [
        f"{gid}: the written answer was in {where}: moved into the answer cell"
        for gid, where in moved.items()
    ]
    restored = restore_locked_cells(submission, source)
    notes += restored
    add_guard_cells(submission)
    key = secrets.token_hex(32)
    result, report = _run(submission, sub, run, index, key)
    run.isolation.append(report)
    if result.failure is not None and result.failure.kind == "start":
        why = f"grader error, not the student's: {result.failure.message}; grade this file again"
        failed = [
            _row(sub, gid, 0, grading(cell)["points"], "grader-error", why)
            for gid, cell in graded.items()
        ]
        return failed, f"# {sub.student}: {sub.notebook}\n\n{why}\n", submission
    stopped = _stopped(result, submission, run.timeout)
    failed_at = result.failure.cell_index if result.failure is not None else None
    stopped_in = (
        grading(submission.cells[failed_at]).get("grade_id")
        if stopped and failed_at is not None
        else None
    )
    results, _ = read_results(submission, key, stopped)
    cells = grading_cells(submission)
    rows: list[dict[str, Any]] = []
    feedback = [f"# {sub.student}: {sub.notebook}", ""] + [f"- {note}" for note in notes]
    feedback += [f"- {stopped}"] if stopped else []
    feedback += [""] if notes or stopped else []
    for gid, cell in graded.items():
        points = grading(cell)["points"]
        theirs = cells.get(gid)
        if cell.cell_type == "markdown":
            answer = theirs.source.strip() if theirs is not None else ""
            if gid in moved:
                status, detail = (
                    "moved",
                    f"typed into {moved[gid]}: moved to the answer; grade it by hand",
                )
            elif answer in ("", authoring.STUDENT_ANSWER):
                status, detail = "unanswered", ""
            else:
                status, detail = "manual", "written answer: grade it by hand"
            rows.append(_row(sub, gid, 0, points, status, detail))
            feedback += [f"## {gid} (written, {points} marks)", "", answer or "(no answer)", ""]
            continue
        outcome = results.get(gid)
        if outcome is not None and outcome.status != "passed" and stopped_in == gid:
            outcome.status, outcome.detail = "error", stopped  # this check itself was stopped
        if outcome is None:
            rows.append(_row(sub, gid, 0, points, "error", stopped or "the check cell is missing"))
            feedback += [f"## {gid}: 0 of {points}", "", stopped or "the check cell is missing", ""]
            continue
        earned = points if outcome.status == "passed" else 0
        put_back = [note for note in restored if note.startswith(f"{gid} ")]
        detail = "; ".join([outcome.detail] * bool(outcome.detail) + put_back)
        rows.append(_row(sub, gid, earned, points, outcome.status, detail))
        shown = outcome.text or outcome.detail or "(no output)"
        if outcome.status == "flagged":
            shown = f"{shown}\n\nFlagged for your instructor: {outcome.detail}"
        feedback += [f"## {gid}: {earned} of {points}", "", shown, ""]
    return rows, "\n".join(feedback), submission


def _hidden_paths(folder: Path, out_dir: Path, root: Path) -> list[Path]:
    """What a kernel must not see: the submissions, the grader's output, the solutions and
    the instructor tools (and the original course_utils: kernels import their copy)."""
    paths = [folder, out_dir] + [
        root / name for name in (SOLUTIONS, "course_tools", "course_utils", "tests", "notebooks")
    ]
    return [p.resolve() for p in paths]


def _isolation_summary(reports: list[dict[str, Any]], dropped: bool) -> str:
    if not dropped:
        return (
            "kernels ran as the grader's own user (the grader is not root): each in its own "
            "folder, on its own copy of course_utils and data/"
        )
    errors = sorted({e for r in reports for e in r.get("errors", [])})
    users = sum(1 for r in reports if r.get("uid"))
    hidden = sorted({h for r in reports for h in r.get("hidden", [])})
    text = (
        f"{users} of {len(reports)} kernels ran as a user of their own, each in its own "
        f"folder on its own copy of course_utils and data/"
    )
    if hidden:
        text += f"; hidden from them: {', '.join(hidden)}"
    if errors:
        text += f"; not isolated: {'; '.join(errors[:3])}"
    return text


def grade_folder(
    folder: Path,
    out: Path,
    jobs: int = 1,
    feedback_dir: Path | None = None,
    root: Path = REPO_ROOT,
    timeout: int = CELL_TIMEOUT,
    *,
    student: str | None = None,
    roster: Path | None = None,
    marks: Path | None = None,
    log: Any = print,
) -> list[dict[str, Any]]:
    """Grade every ``*.ipynb`` under ``folder`` (only ``student``'s, if given); write
    ``out`` (``grades.csv``), ``totals.csv``, ``marks-template.csv``, one feedback file and
    one executed notebook per submission, each as soon as that submission is graded.
    Return the rows of this run.

    Example:
        >>> grade_folder(Path("submissions"), Path("grading/grades.csv"), jobs=2)   # doctest: +SKIP
        graded alice 01_perceptron: 3/3 code points (9.5 s)
        ...
    """
    import os
    import tempfile
    from concurrent.futures import ThreadPoolExecutor, as_completed

    import nbformat

    from course_tools import grading_sandbox as sandbox

    sources = {
        name: nbformat.read(root / SOLUTIONS / f"{name}.ipynb", as_version=4)
        for name in assignment_names(None, root)
    }
    paths = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not paths:
        raise ValueError(f"no .ipynb files under {folder}")
    subs, warnings = identify(paths, folder, sources, read_roster(roster) if roster else None)
    if student:
        subs = [s for s in subs if s.student.lower() == student.lower()]
        if not subs:
            raise ValueError(f"no submission of {student!r} under {folder}")
    for warning in warnings:
        log(f"warning: {warning}")
    out_dir = out.parent
    feedback_dir = feedback_dir or out_dir / "feedback"
    executed_dir = out_dir / "executed"
    for path in (feedback_dir, executed_dir):
        path.mkdir(parents=True, exist_ok=True)
    sheet = GradeSheet(out, keep_others=bool(student), marks=marks)
    work = Path(tempfile.mkdtemp(prefix="nn-vision-grader-"))
    work.chmod(0o755)  # kernels running as their own users must pass through
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        [str(sandbox.write_kernelspec(work / "jupyter"))]
        + [p for p in os.environ.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    )
    dropped = sandbox.can_drop_privileges()
    run = GradingRun(
        sources=sources,
        out_dir=out_dir,
        work=work / "submissions",
        timeout=timeout,
        uid_base=sandbox.new_uid_base() if dropped else None,
        hide=_hidden_paths(folder, out_dir, root),
        repo_root=root,
    )
    lock = threading.Lock()
    texts: dict[tuple[str, str], str] = {}
    rows: list[dict[str, Any]] = []

    def one(index: int, sub: Submission) -> None:
        started = time.perf_counter()
        try:
            sub_rows, text, executed = grade_submission(sub, run, index)
        except Exception as error:  # noqa: BLE001 - a grader bug is a row, never a lost class
            why = f"grader error, not the student's: {type(error).__name__}: {error}"[:300]
            sub_rows, text, executed = [_row(sub, "-", 0, 0, "grader-error", why)], why, None
        with lock:
            (feedback_dir / f"{sub.label}.md").write_text(text + "\n", encoding="utf-8")
            if executed is not None:
                nbformat.write(executed, executed_dir / f"{sub.label}.ipynb")
            texts[(sub.student, sub.notebook or "?")] = text
            rows.extend(sub_rows)
            sheet.add(sub_rows)
            code = [r for r in sub_rows if r["status"] not in ("manual", "moved", "unanswered")]
            log(
                f"graded {sub.student} {sub.notebook or '?'}: "
                f"{sum(float(r['points']) for r in code):g}/{sum(float(r['max_points']) for r in code):g}"
                f" code points ({time.perf_counter() - started:.1f} s)",
                flush=True,
            )

    try:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [pool.submit(one, index, sub) for index, sub in enumerate(subs)]
            for future in as_completed(futures):
                future.result()
    finally:
        sandbox.remove_tree(work)
    sheet.write()
    sheet.write_marks_template(texts)
    log(f"isolation: {_isolation_summary(run.isolation, dropped)}")
    return rows


def grade_main(argv: list[str]) -> int:
    """``python -m course_utils grade SUBMISSIONS --out grades.csv [--jobs N] ...``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils grade",
        description="Grade downloaded student notebooks: run each again in a clean kernel of "
        "its own (smoke profile, offline, strict checks, a temporary folder, its own "
        "copy of the course), with the check cells and their hidden tests restored "
        "from the course; write one CSV row per student and exercise, totals, a "
        "feedback file and the executed notebook per submission.",
    )
    parser.add_argument(
        "submissions",
        type=Path,
        help="a folder of .ipynb files (STUDENT.ipynb, or STUDENT/NOTEBOOK.ipynb)",
    )
    parser.add_argument("--out", type=Path, default=Path("grades.csv"), help="the CSV to write")
    parser.add_argument(
        "--jobs", type=int, default=1, help="submissions graded at the same time (one kernel each)"
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=CELL_TIMEOUT,
        help=f"seconds a cell may take before its kernel is killed (default {CELL_TIMEOUT})",
    )
    parser.add_argument(
        "--student",
        help="grade only this student's files and replace their rows in the existing CSV",
    )
    parser.add_argument(
        "--roster",
        type=Path,
        help="student ids, one a line (or a CSV: id, then other names the files may carry)",
    )
    parser.add_argument(
        "--marks",
        type=Path,
        help="a CSV of marks for written answers "
        "(fill in marks-template.csv), merged into "
        "totals.csv",
    )
    args = parser.parse_args(argv)
    if not args.submissions.is_dir():
        parser.error(f"{args.submissions} is not a folder")
    try:
        rows = grade_folder(
            args.submissions,
            args.out,
            args.jobs,
            timeout=args.timeout,
            student=args.student,
            roster=args.roster,
            marks=args.marks,
        )
    except ValueError as error:
        parser.error(str(error))
    students = {(r["student"], r["notebook"]) for r in rows}
    manual = sum(r["status"] in ("manual", "moved") for r in rows)
    flagged = sum(r["status"] == "flagged" for r in rows)
    print(
        f"graded {len(students)} submission(s): {args.out} (totals in "
        f"{args.out.with_name('totals.csv')}); feedback in {args.out.parent / 'feedback'}, "
        f"executed notebooks in {args.out.parent / 'executed'}; {manual} written answer(s) "
        f"to mark in {args.out.with_name('marks-template.csv')}; {flagged} flagged"
    )
    return 0
