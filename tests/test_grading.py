"""An instructor grades the class with both graders, and cheating students try their luck
(issues 15 and 27).

One `python -m course_utils grade --jobs 2` run grades, in one go: every notebook's solution
(as a student hands it in: the student version with the answers filled in; in 01 and 02 the
written answers are typed into the question cells), and, for 01, 02 and 03, a blank, a table
of the visible test cases with the check cells turned into markdown, the monkeypatches of the
review (each named in the audit's reasons), Keras where the exercise says "by hand", a
submission that writes to its neighbours' files and to course_utils/checks.py, and an answer
that ignores SIGINT and sleeps. At the same time nbgrader (the course folder that
`python -m course_utils nbgrader` writes) autogrades every solution and a partial 01 whose
written answer was typed into the question cell, and exports the gradebook.

CI time matters: one notebook costs 7 to 20 s (most of it importing TensorFlow), so cheats
that the audit names separately share a submission, and the whole module takes about four
minutes on our 2-core machine (its closing figures are written to timing.txt beside the CSV).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from course_tools import authoring, grading
from course_tools.grading_class import GRADE_COLUMNS, read_csv, write_csv

ROOT = Path(__file__).resolve().parent.parent
NAME = "01_perceptron"
NOTEBOOKS = sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
#: The notebooks with graded code exercises (a notebook may have none yet).
EXERCISED = [
    name
    for name in NOTEBOOKS
    if any(
        c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
        for c in nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4).cells
    )
]
GRADING_KEYS = ("grade_id", "solution", "grade", "locked", "points")
TIMEOUT = 45  # the class run's cell limit (the slowest, 06's curve in smoke, ~12 s alone; 3 jobs share 2 cores)
CODE = ("passed", "failed", "flagged", "error", "grader-error")


def read(folder: str, name: str) -> nbformat.NotebookNode:
    """A course notebook; ``read("notebooks", name)`` is the student version, made from the
    solution here, so the class does not depend on notebooks/ being regenerated (its drift
    is test_authoring's business)."""
    solution = nbformat.read(ROOT / "solutions" / f"{name}.ipynb", as_version=4)
    return authoring.make_student(solution, name) if folder == "notebooks" else solution


def by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def completed(name: str) -> nbformat.NotebookNode:
    """What a student who solved everything hands in: the student version, answers filled in."""
    nb = read("notebooks", name)
    solved = by_id(read("solutions", name))
    for gid, cell in by_id(nb).items():
        if cell.metadata["nbgrader"].get("solution"):
            cell.source = solved[gid].source
    return nb


def prefixed(nb, code: str):
    """``nb`` with ``code`` run at the top of its first answer cell."""
    nb = copy.deepcopy(nb)
    first = next(
        c
        for c in nb.cells
        if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")
    )
    first.source = code.strip() + "\n\n" + first.source
    return nb


def answered(nb, answers: dict[str, str]):
    nb = copy.deepcopy(nb)
    cells = by_id(nb)
    for gid, source in answers.items():
        cells[gid].source = source
    return nb


def checks_as_markdown(nb):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade"):
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return nb


def typed_into_questions(nb):
    """Each written answer typed under its question, in the question cell (Colab shows no lock)."""
    nb = copy.deepcopy(nb)
    for gid, cell in by_id(nb).items():
        if gid.endswith("-question") and cell.cell_type == "markdown":
            cell.source += f"\n\nMy answer to {gid}: the perceptron draws one straight line."
    for cell in by_id(nb).values():
        if authoring.is_written_answer(cell):
            cell.source = authoring.STUDENT_ANSWER
    return nb


# The review's two-line cheats, put at the top of a blank notebook's first answer cell. Those
# the audit names separately share a submission (CI time); REASONS says what each must show.
PATCHES = {
    "b1_functions_b3_strict_emit_b7_custom_exc": """
import contextlib
from course_utils import checks as _c
for _name in ("check_function", "check_value", "check_model", "check_separates"):
    setattr(_c, _name, lambda *a, **k: True)
_c.together = lambda *a, **k: contextlib.nullcontext()
_c.strict_checks = lambda: False
_c.emit = lambda *a, **k: None
get_ipython().set_custom_exc((_c.CheckFailed,), lambda shell, etype, value, tb, tb_offset=None: None)
""",
    "b2_patch_verdict": """
import course_utils.checks as _c
_c.verdict = lambda title, problems, success="": _c.Verdict(True)
""",
    "b4_sys_modules": """
import contextlib, sys, types
_fake = types.ModuleType("course_utils.checks")
for _name in ("check_function", "check_value", "check_model", "check_separates", "verdict"):
    setattr(_fake, _name, lambda *a, **k: True)
_fake.together = lambda *a, **k: contextlib.nullcontext()
sys.modules["course_utils.checks"] = _fake
import course_utils
course_utils.checks = _fake
checks = _fake
""",
    "b5_input_transformer": """
def _skip_checks(lines):
    return ["pass\\n"] if any("checks." in line for line in lines) else lines
get_ipython().input_transformers_post.append(_skip_checks)
""",
    "b9_forged_records": """
import course_utils.checks as _c
from course_utils.records import emit as _emit
def _verdict(title, problems, success=""):
    _emit("check", {"name": title, "passed": True, "problems": []}, "✓ " + title)
    return _c.Verdict(True)
_c.verdict = _verdict
""",
}
REASONS = {
    "b1_functions_b3_strict_emit_b7_custom_exc": [
        "checks.check_function was replaced",
        "checks.strict_checks was replaced",
        "checks.emit was replaced",
        "custom exception handler",
    ],
    "b2_patch_verdict": ["checks.verdict was replaced"],
    "b4_sys_modules": [
        "sys.modules['course_utils.checks'] was replaced",
        "the name `checks` no longer refers to course_utils.checks",
    ],
    "b5_input_transformer": ["input transformer"],
    "b9_forged_records": ["without this run's signature", "checks.verdict was replaced"],
}
PATCHED = {
    "b2_patch_verdict": ("01_perceptron", "02_mlp_iris"),
    "b5_input_transformer": ("01_perceptron", "03_cnn_mnist"),
}

TABLES = {  # the check's visible cases, typed in
    "01_perceptron": {
        "01-at-least-k": """
import numpy as np
_table = {(2, 1): 0.5, (2, 2): 1.5, (3, 2): 1.5, (4, 1): 0.5, (5, 3): 2.5, (6, 6): 5.5}
def at_least_k(n, k):
    return (np.ones(n), -_table[(n, k)]) if (n, k) in _table else (np.zeros(n), 0.0)
"""
    },
    "02_mlp_iris": {
        "02-count-mlp-params": """
_table = {(4, 10, 10, 3): 193, (784, 128, 10): 101770, (2, 1): 3, (3, 5, 5, 5, 2): 92}
def count_mlp_params(layer_sizes):
    return _table.get(tuple(layer_sizes), 0)
"""
    },
    "03_cnn_mnist": {
        "03-shape-after": """
_table = {(64, 64, 3): (15, 15, 16), (28, 28, 1): (6, 6, 16), (33, 50, 3): (8, 12, 16),
          (100, 17, 1): (24, 4, 16)}
def shape_after(height, width, channels):
    return _table.get((height, width, channels), (0, 0, 0))
"""
    },
}

KERAS_BY_HAND = {
    "03_cnn_mnist": {
        "03-shape-after": """
def shape_after(height, width, channels):
    stack = keras.Sequential([keras.Input(shape=(height, width, channels)),
                              keras.layers.Conv2D(8, 3, strides=2),
                              keras.layers.MaxPooling2D(2),
                              keras.layers.Conv2D(16, 5, padding="same")])
    return tuple(stack.output_shape[1:])
"""
    },
}

SLEEPER = """
import signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)   # ignores the interrupt a timeout sends
time.sleep(10 ** 6)
"""


def tamper_code(submissions: Path) -> str:
    """Rewrite every neighbour's notebook (relative and absolute paths), add a `verdict` that
    always passes to course_utils/checks.py, and look for the solutions."""
    return f"""
import pathlib, course_utils
_hits = []
def _glob(folder, pattern):
    try:
        return list(pathlib.Path(folder).glob(pattern))
    except OSError:   # a folder the kernel may not enter
        return []
for _folder in ("..", "../..", {str(submissions)!r}):
    for _victim in _glob(_folder, "*/*.ipynb") + _glob(_folder, "*.ipynb"):
        try:
            _victim.write_text("{{}}")
            _hits.append(str(_victim))
        except OSError:
            pass
_checks = pathlib.Path(course_utils.__file__).parent / "checks.py"
try:
    _checks.write_text(_checks.read_text() + "\\ndef verdict(*a, **k):\\n    return Verdict(True)\\n")
    _hits.append(str(_checks))
except OSError:
    pass
_solutions = _glob({str(ROOT / "solutions")!r}, "*.ipynb")
_solutions += _glob(pathlib.Path(course_utils.__file__).parents[1] / "solutions", "*.ipynb")
print(f"TAMPER wrote {{len(_hits)}} file(s); saw {{len(_solutions)}} solution file(s)")
"""


TYPED = ("01_perceptron", "02_mlp_iris")


def class_submissions(folder: Path) -> dict[str, tuple[str, str]]:
    """Write the class into ``folder``; return {student: (notebook, what is expected)}."""
    cases: dict[str, tuple[str, str]] = {}

    def put(student: str, name: str, nb, expect: str) -> None:
        (folder / student).mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / student / f"{name}.ipynb")
        cases[f"{student}/{name}"] = (name, expect)

    for name in EXERCISED:  # 01 and 02 also have their written answers in the question cells
        solved = completed(name)
        put("solution", name, typed_into_questions(solved) if name in TYPED else solved, "full")
    for name in ("01_perceptron", "02_mlp_iris", "03_cnn_mnist"):
        blank = read("notebooks", name)
        put("blank", name, blank, "zero")
        put(
            "table_markdown_checks", name, checks_as_markdown(answered(blank, TABLES[name])), "zero"
        )
    for student, code in PATCHES.items():
        for name in PATCHED.get(student, ("01_perceptron",)):
            put(student, name, prefixed(read("notebooks", name), code), "flagged")
    for name, answers in KERAS_BY_HAND.items():
        put("keras_by_hand", name, answered(read("notebooks", name), answers), "keras")
    put(
        "aab_tamper",
        "01_perceptron",
        prefixed(read("notebooks", "01_perceptron"), tamper_code(folder)),
        "zero",
    )
    sleeper = completed("01_perceptron")
    by_id(sleeper)["01-w-or"].source = SLEEPER + by_id(sleeper)["01-w-or"].source
    put("aaa_sleeper", "01_perceptron", sleeper, "sleeper")
    return cases


def build_course(dest: Path) -> None:
    """The nbgrader course: every notebook released, every solution and a partial 01 (its
    written answer typed into the question cell) submitted and autograded."""
    assert grading.write_course(dest) == NOTEBOOKS
    nbgrader(dest, "generate_assignment", "*", "--force")
    for name in NOTEBOOKS:
        release = nbformat.read(dest / "release" / name / f"{name}.ipynb", as_version=4)
        solved = by_id(read("solutions", name))
        submit(
            dest,
            "solution",
            name,
            answered(
                release,
                {
                    gid: solved[gid].source
                    for gid, cell in by_id(release).items()
                    if cell.metadata["nbgrader"].get("solution")
                },
            ),
        )
    release = nbformat.read(dest / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    solved = by_id(read("solutions", NAME))
    # boundary_line's intercept has the wrong sign and its check is "fixed" to pass (it is
    # restored), w_or is left as it was, at_least_k is right; the written answers are typed
    # into the question cells.
    partial = typed_into_questions(
        answered(
            release,
            {
                "01-boundary-line": solved["01-boundary-line"].source.replace(
                    "-b / w[1]", "b / w[1]"
                ),
                "01-at-least-k": solved["01-at-least-k"].source,
            },
        )
    )
    by_id(partial)[
        "01-boundary-line-check"
    ].source = 'print("✓ weighted_sums_on_your_line: all cases right")'
    submit(dest, "partial", NAME, partial)
    nbgrader(dest, "autograde", "*")


@pytest.fixture(scope="module")
def class_run(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Grade the whole class in one `grade --jobs 2` run, noting when each row appeared,
    while nbgrader grades its course in a thread beside it."""
    base = tmp_path_factory.mktemp("class")
    course = base / "course"
    failures: list[BaseException] = []

    def nbgrader_side() -> None:
        try:
            build_course(course)
        except BaseException as error:  # noqa: BLE001 - reported by the fixture
            failures.append(error)

    folder = base / "submissions"
    cases = class_submissions(folder)
    before = {p: hashlib.md5(p.read_bytes()).hexdigest() for p in folder.rglob("*.ipynb")}
    checks_py = hashlib.md5((ROOT / "course_utils" / "checks.py").read_bytes()).hexdigest()
    out = base / "out" / "grades.csv"
    env = dict(os.environ, COURSE_STRICT_CHECKS="0", COURSE_STRICT="0")  # the grader sets its own
    side = threading.Thread(target=nbgrader_side)
    start = time.monotonic()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "course_utils",
            "grade",
            str(folder),
            "--out",
            str(out),
            "--jobs",
            "2",
            "--timeout",
            str(TIMEOUT),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    side.start()
    seen: dict[str, float] = {}
    while process.poll() is None:
        time.sleep(0.5)
        for row in read_csv(out) if out.exists() else []:
            seen.setdefault(row["student"], time.monotonic() - start)
    stdout, stderr = process.communicate()
    elapsed = time.monotonic() - start
    side.join()
    both = time.monotonic() - start
    assert process.returncode == 0, (stdout + stderr)[-4000:]
    rows = read_csv(out)
    times = {
        f"{m[1]}/{m[2]}": float(m[3])
        for m in re.finditer(r"^graded (\S+) (\S+): .*\(([\d.]+) s\)$", stdout, re.M)
    }
    (base / "timing.txt").write_text(
        f"grade: {len(cases)} submissions in {elapsed:.0f} s with --jobs 2 "
        f"({elapsed / len(cases):.1f} s per submission); with nbgrader's "
        f"{len(NOTEBOOKS) + 1} beside it: {both:.0f} s\n"
        + "\n".join(f"{k}: {v:.1f} s" for k, v in sorted(times.items()))
        + "\n",
        encoding="utf-8",
    )
    return {
        "rows": rows,
        "cases": cases,
        "seen": seen,
        "elapsed": elapsed,
        "out": out,
        "folder": folder,
        "before": before,
        "checks_py": checks_py,
        "stdout": stdout,
        "times": times,
        "course": course,
        "nbgrader_failures": failures,
    }


def rows_of(run: dict, student: str, name: str) -> list[dict]:
    rows = [r for r in run["rows"] if r["student"] == student and r["notebook"] == name]
    assert rows, f"no rows for {student} {name}"
    return rows


def code_points(rows: list[dict]) -> tuple[float, float]:
    code = [r for r in rows if r["status"] in CODE]
    return sum(float(r["points"]) for r in code), sum(float(r["max_points"]) for r in code)


def test_every_solution_gets_full_code_marks_under_the_graders_settings(class_run: dict) -> None:
    for name in EXERCISED:
        rows = rows_of(class_run, "solution", name)
        got, most = code_points(rows)
        assert most > 0 and got == most, [r for r in rows if r["status"] != "passed"]
        assert {r["status"] for r in rows if r["status"] not in CODE} <= {"manual", "moved"}


def test_blank_notebooks_and_tables_of_visible_cases_get_nothing(class_run: dict) -> None:
    for student in ("blank", "table_markdown_checks"):
        for name in ("01_perceptron", "02_mlp_iris", "03_cnn_mnist"):
            rows = rows_of(class_run, student, name)
            assert code_points(rows)[0] == 0, rows
            assert all(r["status"] in ("failed", "unanswered") for r in rows), rows
    # The table's check cells had been turned into markdown: they ran again, and a hidden case
    # (one the student never saw) is what failed.
    row = next(
        r
        for r in rows_of(class_run, "table_markdown_checks", "03_cnn_mnist")
        if r["exercise"] == "03-shape-after-check"
    )
    assert "shape_after(97, 41, 2)" in row["detail"]
    assert "had been turned into a markdown cell: restored" in row["detail"]
    row = next(
        r
        for r in rows_of(class_run, "table_markdown_checks", "02_mlp_iris")
        if r["exercise"] == "02-count-mlp-params-check"
    )
    assert "count_mlp_params([7, 1])" in row["detail"]


def test_every_monkeypatch_is_flagged_with_its_reason(class_run: dict) -> None:
    for student, reasons in REASONS.items():
        for name in PATCHED.get(student, ("01_perceptron",)):
            code = [r for r in rows_of(class_run, student, name) if r["status"] in CODE]
            assert all(r["status"] == "flagged" and float(r["points"]) == 0 for r in code), code
            for reason in reasons:
                assert all(reason in r["detail"] for r in code), (
                    student,
                    reason,
                    code[0]["detail"],
                )


def test_by_hand_exercises_built_with_keras_fail_in_words(class_run: dict) -> None:
    for name, gid in (("03_cnn_mnist", "03-shape-after-check"),):
        row = next(r for r in rows_of(class_run, "keras_by_hand", name) if r["exercise"] == gid)
        assert row["status"] == "failed" and "builds a Keras layer or model" in row["detail"]


def test_a_submission_cannot_touch_its_neighbours_or_the_course(class_run: dict) -> None:
    after = {
        p: hashlib.md5(p.read_bytes()).hexdigest() for p in class_run["folder"].rglob("*.ipynb")
    }
    assert after == class_run["before"]
    assert (
        hashlib.md5((ROOT / "course_utils" / "checks.py").read_bytes()).hexdigest()
        == class_run["checks_py"]
    )
    assert code_points(rows_of(class_run, "solution", NAME)) == (3, 3)  # a neighbour
    assert code_points(rows_of(class_run, "aab_tamper", NAME)) == (0, 3)
    executed = nbformat.read(
        class_run["out"].parent / "executed" / "aab_tamper_01_perceptron.ipynb", as_version=4
    )
    said = "".join(
        o.get("text", "")
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("name") == "stdout"
    )
    if (
        "ran as a user of their own" in class_run["stdout"]
        and "not isolated" not in class_run["stdout"]
    ):
        assert "TAMPER wrote 0 file(s); saw 0 solution file(s)" in said, said


def test_a_notebook_that_ignores_interrupts_is_a_row_in_time_and_holds_nobody_up(
    class_run: dict,
) -> None:
    rows = rows_of(class_run, "aaa_sleeper", NAME)
    status = {r["exercise"]: r["status"] for r in rows}
    assert status["01-boundary-line-check"] == "passed"
    assert status["01-w-or-check"] == "error" and status["01-at-least-k-check"] == "error"
    assert "past the" in next(r for r in rows if r["exercise"] == "01-w-or-check")["detail"]
    assert class_run["seen"]["aaa_sleeper"] < 3 * TIMEOUT, class_run["seen"]
    earlier = [s for s, t in class_run["seen"].items() if t < class_run["seen"]["aaa_sleeper"]]
    assert earlier, "no other student's rows were written while the sleeper ran"


def test_written_answers_typed_into_the_question_are_moved_and_flagged(class_run: dict) -> None:
    for name in TYPED:
        rows = rows_of(class_run, "solution", name)
        written = [r for r in rows if r["status"] not in CODE]
        assert written and all(r["status"] == "moved" for r in written), written
    feedback = (class_run["out"].parent / "feedback" / "solution_01_perceptron.md").read_text()
    assert "moved here by the grader" in feedback and "draws one straight line" in feedback


def test_the_instructors_files(class_run: dict) -> None:
    out = class_run["out"].parent
    totals = {(r["student"], r["notebook"]): r for r in read_csv(out / "totals.csv")}
    assert float(totals[("solution", NAME)]["total"]) == 3
    assert totals[("solution", NAME)]["to_mark"] == "2"  # the two moved answers
    assert (out / "marks-template.csv").exists()
    assert (out / "executed" / f"solution_{NAME}.ipynb").exists()
    assert max(p.stat().st_size for p in (out / "feedback").glob("*.md")) < 200_000


def test_one_student_is_regraded_into_the_class_sheet(class_run: dict, tmp_path: Path) -> None:
    out = tmp_path / "grades.csv"
    write_csv(out, GRADE_COLUMNS, class_run["rows"])
    marks = tmp_path / "marks.csv"
    marks.write_text(
        f"student,notebook,exercise,points\naab_tamper,{NAME},"
        "01-why-can-t-a-perceptron-learn-xor,2\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_utils",
            "grade",
            str(class_run["folder"]),
            "--out",
            str(out),
            "--student",
            "aab_tamper",
            "--marks",
            str(marks),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    rows = read_csv(out)
    assert len(rows) == len(class_run["rows"])
    assert {r["student"] for r in rows} == {r["student"] for r in class_run["rows"]}
    totals = {(r["student"], r["notebook"]): r for r in read_csv(tmp_path / "totals.csv")}
    assert float(totals[("aab_tamper", NAME)]["total"]) == 2  # 0 code points, 2 marks
    assert float(totals[("solution", NAME)]["total"]) == 3  # the others' rows are kept


# ---------------------------------------------------------------------------------------
# nbgrader


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in ``course`` (alembic must be on the PATH, as in a venv)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result


def submit(course: Path, student: str, name: str, nb) -> None:
    folder = course / "submitted" / student / name
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture(scope="module")
def course(class_run: dict) -> Path:
    """The nbgrader course, graded beside the class run (see build_course)."""
    assert not class_run["nbgrader_failures"], class_run["nbgrader_failures"]
    return class_run["course"]


def test_the_release_is_the_course_student_notebook(course: Path) -> None:
    for name in NOTEBOOKS:
        release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
        student = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        assert [c.cell_type for c in release.cells] == [c.cell_type for c in student.cells]
        for theirs, ours in zip(release.cells, student.cells, strict=True):
            assert theirs.source == ours.source, name
            grading_theirs = theirs.metadata.get("nbgrader", {})
            grading_ours = ours.metadata.get("nbgrader", {})
            assert {k: grading_theirs.get(k) for k in GRADING_KEYS} == {
                k: grading_ours.get(k) for k in GRADING_KEYS
            }
        assert "Open the solution" not in release.cells[0].source


def test_nbgrader_gives_every_solution_full_code_marks(course: Path) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for name in EXERCISED:
            notebook = gradebook.find_submission_notebook(name, name, "solution")
            code = [g for g in notebook.grades if g.cell_type == "code"]
            assert code and all(g.score == g.max_score for g in code), (
                name,
                [(g.name, g.score) for g in code if g.score != g.max_score],
            )


def test_autograde_moves_written_answers_and_export_gives_the_expected_scores(course: Path) -> None:
    from nbgrader.api import Gradebook

    written = "01-why-can-t-a-perceptron-learn-xor"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        partial = gradebook.find_submission_notebook(NAME, NAME, "partial")
        moved = [g for g in partial.grades if g.cell_type == "markdown"]
        assert moved and all(g.needs_manual_grade for g in moved)
        for student, marks in (("solution", 3), ("partial", 1)):
            gradebook.find_grade(written, NAME, NAME, student).manual_score = marks
        gradebook.db.commit()
        auto = {
            student: gradebook.find_submission(NAME, student).score
            for student in ("solution", "partial")
        }
    # solution: 3 checks + 3 marks; partial: at_least_k right (w_or is the stub, and
    # boundary_line's edited check is restored), plus 1 mark for the moved written answer.
    assert auto == {"solution": 6.0, "partial": 2.0}
    graded = nbformat.read(course / "autograded" / "partial" / NAME / f"{NAME}.ipynb", as_version=4)
    assert "moved here by the grader" in by_id(graded)[written].source
    assert "draws one straight line" in by_id(graded)[written].source

    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["assignment"] == NAME]
    assert {r["student_id"]: float(r["raw_score"]) for r in rows} == auto
    assert {float(r["max_score"]) for r in rows} == {9.0}


def test_the_config_grades_strictly_offline_and_ignores_tensorflow_noise(course: Path) -> None:
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    for needed in (
        'COURSE_STRICT="1"',
        'COURSE_PROFILE="smoke"',
        'COURSE_OFFLINE="1"',
        "c.IgnorePattern.enabled = True",
        "MoveWrittenAnswers",
    ):
        assert needed in config
    assert "oneDNN custom operations" in grading.IGNORED_STDERR
    assert (course / "GRADING.md").exists()
    for name in NOTEBOOKS:
        nb = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
        assert authoring.exercise_problems(nb) == []
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
