"""An instructor grades notebook 01 with nbgrader, end to end (issue 15).

`python -m course_utils nbgrader` writes the course folder; nbgrader releases the student
version (which must equal the course's own `notebooks/`), autogrades three submissions (blank,
complete and partly wrong, one with an edited check cell), takes a manual grade for a written
answer, and exports the gradebook.
"""

from __future__ import annotations

import copy
import csv
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_tools import authoring, grading

ROOT = Path(__file__).resolve().parent.parent
NAME = "01_perceptron"
GRADING_KEYS = ("grade_id", "solution", "grade", "locked", "points")


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run an nbgrader command in ``course`` (alembic must be on the PATH, as in a venv)."""
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("course")
    assert grading.write_course(dest, ["01_"]) == [NAME]
    nbgrader(dest, "generate_assignment", NAME, "--force")
    return dest


def by_id(nb) -> dict:
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells if "nbgrader" in c.metadata}


def test_the_release_is_the_course_student_notebook(course: Path) -> None:
    release = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    student = nbformat.read(ROOT / "notebooks" / f"{NAME}.ipynb", as_version=4)
    assert [c.cell_type for c in release.cells] == [c.cell_type for c in student.cells]
    for theirs, ours in zip(release.cells, student.cells):
        assert theirs.source == ours.source
        grading_theirs = theirs.metadata.get("nbgrader", {})
        grading_ours = ours.metadata.get("nbgrader", {})
        assert {k: grading_theirs.get(k) for k in GRADING_KEYS} == \
            {k: grading_ours.get(k) for k in GRADING_KEYS}
    assert "Open the solution" not in release.cells[0].source


def submit(course: Path, student: str, nb) -> None:
    folder = course / "submitted" / student / NAME
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{NAME}.ipynb")


def test_autograde_and_export_give_the_expected_scores(course: Path) -> None:
    release = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    submit(course, "blank", release)
    submit(course, "complete", source)

    partial = nbformat.read(course / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    cells = by_id(partial)
    # Exercise 1 gets the intercept's sign wrong, and its check cell is "fixed" to always pass.
    cells["01-boundary-line"].source = cells["01-boundary-line"].source.replace(
        "-b / w[1]", "b / w[1]")
    assert "-b / w[1]" not in cells["01-boundary-line"].source
    cells["01-boundary-line-check"].source = 'print("✓ weighted_sums_on_your_line: all cases right")'
    cells["01-why-can-t-a-perceptron-learn-xor"].source = "It is not linear."
    submit(course, "partial", partial)

    nbgrader(course, "autograde", NAME)

    from nbgrader.api import Gradebook

    written = "01-why-can-t-a-perceptron-learn-xor"
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student, marks in (("complete", 3), ("partial", 1)):
            grade = gradebook.find_grade(written, NAME, NAME, student)
            grade.manual_score = marks
        gradebook.db.commit()
        auto = {student: gradebook.find_submission(NAME, student).score
                for student in ("blank", "complete", "partial")}
    # complete: 3 checks + 3 marks (the second written answer is not graded yet); partial: OR
    # and at_least_k right, boundary_line wrong (its edited check is restored from the
    # source), 1 of 3 marks for the written answer.
    assert auto == {"blank": 0.0, "complete": 6.0, "partial": 3.0}

    nbgrader(course, "export")
    with open(course / "grades.csv", newline="") as handle:
        rows = {row["student_id"]: row for row in csv.DictReader(handle)}
    assert {s: float(rows[s]["raw_score"]) for s in rows} == auto
    assert {float(rows[s]["max_score"]) for s in rows} == {9.0}


def test_the_config_grades_strictly_offline_and_ignores_tensorflow_noise(course: Path) -> None:
    config = (course / "nbgrader_config.py").read_text(encoding="utf-8")
    for needed in ('COURSE_STRICT_CHECKS="1"', 'COURSE_PROFILE="smoke"', 'COURSE_OFFLINE="1"',
                   "c.IgnorePattern.enabled = True"):
        assert needed in config
    assert "oneDNN custom operations" in grading.IGNORED_STDERR
    assert (course / "GRADING.md").exists()


def test_every_notebook_has_an_assignment(tmp_path: Path) -> None:
    names = grading.write_course(tmp_path)
    assert names == sorted(p.stem for p in (ROOT / "solutions").glob("*.ipynb"))
    for name in names:
        nb = nbformat.read(tmp_path / "source" / name / f"{name}.ipynb", as_version=4)
        assert authoring.exercise_problems(nb) == []
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_the_class_grader_grades_blank_complete_partial_and_broken(course: Path,
                                                                   tmp_path: Path) -> None:
    """`python -m course_utils grade` on what a Colab class hands in (issue 15)."""
    release = nbformat.read(course / "release" / NAME / f"{NAME}.ipynb", as_version=4)
    source = nbformat.read(course / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    folder = tmp_path / "submissions"
    folder.mkdir()
    nbformat.write(release, folder / "blank.ipynb")
    nbformat.write(source, folder / f"complete_{NAME}.ipynb")
    partial = copy.deepcopy(source)
    cells = by_id(partial)
    cells["01-boundary-line"].source = cells["01-boundary-line"].source.replace(
        "-b / w[1]", "b / w[1]")
    cells["01-boundary-line-check"].source = 'print("✓ weighted_sums_on_your_line: all cases right")'
    cells["01-why-can-t-a-perceptron-learn-xor"].source = "It is not linear."
    nbformat.write(partial, folder / "partial.ipynb")
    crashing = copy.deepcopy(source)
    by_id(crashing)["01-w-or"].source = "import os\nos._exit(1)"   # the kernel dies here
    nbformat.write(crashing, folder / "crashing.ipynb")
    (folder / "broken.ipynb").write_text("{ this is not json", encoding="utf-8")
    stripped = copy.deepcopy(source)   # an editor dropped every cell's metadata
    for cell in stripped.cells:
        cell.metadata = {}
    nbformat.write(stripped, folder / "stripped.ipynb")

    out = tmp_path / "grades.csv"
    env = dict(os.environ, COURSE_STRICT_CHECKS="0")   # the grader sets its own, strict
    result = subprocess.run([sys.executable, "-m", "course_utils", "grade", str(folder),
                             "--out", str(out), "--jobs", "2"], env=env, capture_output=True,
                            text=True, timeout=1200)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    with open(out, newline="") as handle:
        rows = list(csv.DictReader(handle))
    points = {}
    for row in rows:
        points.setdefault(row["student"], 0.0)
        points[row["student"]] += float(row["points"])
    assert points == {"blank": 0.0, "complete": 3.0, "partial": 2.0, "crashing": 1.0,
                      "broken": 0.0, "stripped": 3.0}
    status = {(r["student"], r["exercise"]): r["status"] for r in rows}
    assert status[("partial", "01-boundary-line-check")] == "failed"   # the edited check was restored
    assert status[("complete", "01-why-can-t-a-perceptron-learn-xor")] == "manual"
    assert status[("stripped", "01-why-can-t-a-perceptron-learn-xor")] == "manual"
    assert status[("blank", "01-why-can-t-a-perceptron-learn-xor")] == "unanswered"
    assert status[("crashing", "01-w-or-check")] == "error"
    assert next(r for r in rows if r["student"] == "broken")["status"] == "error"
    feedback = (tmp_path / "feedback" / "partial.md").read_text(encoding="utf-8")
    assert "01-boundary-line-check was edited: restored" in feedback
