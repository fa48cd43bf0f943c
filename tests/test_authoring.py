"""Student notebooks are generated from solutions/ and never drift from them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from course_tools import authoring, repository
from course_tools.authoring import MarkupError, make_student, strip_mark_schemes, strip_solutions

ROOT = Path(__file__).resolve().parent.parent


def test_solution_block_replaced_with_indentation():
    source = "def f(x):\n    ### BEGIN SOLUTION\n    return 2 * x\n    ### END SOLUTION\n"
    assert strip_solutions(source) == ("def f(x):\n    # YOUR CODE HERE\n    pass\n")


def test_several_blocks_and_untouched_code():
    source = "a = 1\n### BEGIN SOLUTION\nb = 2\n### END SOLUTION\nc = 3\n### BEGIN SOLUTION\nd\n### END SOLUTION"
    out = strip_solutions(source)
    assert out.count("# YOUR CODE HERE\npass") == 2
    assert "a = 1" in out and "c = 3" in out and "b = 2" not in out and "\nd" not in out


@pytest.mark.parametrize(
    "bad",
    [
        "### BEGIN SOLUTION\nx",
        "x\n### END SOLUTION",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION",
    ],
)
def test_malformed_markup_is_an_error(bad):
    with pytest.raises(MarkupError):
        strip_solutions(bad)


def test_mark_scheme_hidden():
    text = "Why?\n\n=== BEGIN MARK SCHEME ===\nThe secret.\n=== END MARK SCHEME ===\n"
    assert strip_mark_schemes(text) == "Why?\n\nYOUR ANSWER HERE\n"
    with pytest.raises(MarkupError):
        strip_mark_schemes("=== BEGIN MARK SCHEME ===\nno end")


def demo_notebook() -> nbformat.NotebookNode:
    nb = new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "widgets": {"state": "big"},
        "language_info": {"name": "python"},
    }
    nb.cells = [
        new_markdown_cell("# 99 · Demo\n" + authoring.badges("99_demo", student=False)),
        new_code_cell("old colab cell", metadata={"tags": ["colab-setup"]}),
        new_code_cell(
            "x = 1\n### BEGIN SOLUTION\ny = 2\n### END SOLUTION",
            execution_count=3,
            metadata={"scrolled": True},
            outputs=[nbformat.v4.new_output("stream", text="2\n")],
        ),
        new_markdown_cell("Q?\n=== BEGIN MARK SCHEME ===\nA.\n=== END MARK SCHEME ==="),
    ]
    return nb


def test_make_student_strips_answers_outputs_and_metadata():
    student = make_student(demo_notebook(), "99_demo")
    text = json.dumps(student)
    assert "y = 2" not in text and "A." not in text and "big" not in text
    code = student.cells[2]
    assert code.outputs == [] and code.execution_count is None and code.metadata == {}
    assert student.cells[1].source == authoring.colab_cell_source()
    header = student.cells[0].source
    assert "notebooks/99_demo.ipynb" in header and "solutions/99_demo.ipynb" not in header


def test_generated_notebooks_match_solutions():
    """The committed notebooks/ is exactly what `python -m course_utils student` writes."""
    assert authoring.drift(ROOT) == []


def test_every_solution_has_badges_colab_cell_and_setup():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert authoring.badges(path.stem, student=False) in nb.cells[0].source, path.name
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code[0].source == authoring.colab_cell_source(), path.name
        assert f'setup("{path.stem}")' in code[1].source, path.name


def test_student_notebooks_have_exercises_but_no_solutions():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN MARK SCHEME" not in text, path.name
        assert "# YOUR CODE HERE" in text, f"{path.name} has no exercise"
        nb = nbformat.read(path, as_version=4)
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_exercise_markup_is_what_nbgrader_needs():
    """Answer, check and written-answer cells carry nbgrader metadata (issue 15)."""
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        assert authoring.exercise_problems(nb) == [], path.name
        graded = [c for c in nb.cells if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
        assert graded, f"{path.name} has no graded exercise"


def test_student_versions_keep_grading_metadata_and_hide_written_answers():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        solution = nbformat.read(path, as_version=4)
        student = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
        assert len(student.cells) == len(solution.cells)
        for theirs, ours in zip(student.cells, solution.cells, strict=True):
            grading = ours.get("metadata", {}).get("nbgrader")
            assert theirs.get("metadata", {}).get("nbgrader") == grading, path.name
            if grading and grading.get("locked"):
                assert (
                    theirs.metadata["editable"] is False and theirs.metadata["deletable"] is False
                )
            if authoring.is_written_answer(ours):
                assert theirs.source == authoring.STUDENT_ANSWER, path.name


def test_exercise_problems_finds_a_check_that_is_not_locked():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "### BEGIN SOLUTION\nx = 1\n### END SOLUTION",
                metadata={
                    "nbgrader": {
                        "grade_id": "x",
                        "solution": True,
                        "grade": False,
                        "locked": False,
                        "schema_version": 3,
                    }
                },
            ),
            nbformat.v4.new_code_cell("checks.check_value('x', x, 1)"),
        ]
    )
    assert authoring.exercise_problems(nb) == [
        "answer cell 0 (x) is not followed by a locked grade cell"
    ]


def test_retarget_rewrites_everything_in_a_copy(tmp_path, monkeypatch):
    """A fork retargets the course with one command; run it on a copy of the repository."""
    for name in ("course_utils", "course_tools", "solutions", "notebooks"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(tmp_path / name)], check=True)
    for name in ("README.md", "pyproject.toml"):
        (tmp_path / name).write_text((ROOT / name).read_text(encoding="utf-8"), encoding="utf-8")
    # A notebook of our own, so the test does not depend on which notebooks exist yet.
    nbformat.write(demo_notebook(), tmp_path / "solutions" / "99_demo.ipynb")
    old = repository.github_repo()
    code = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r});"
        "from course_utils.__main__ import main; sys.exit(main(sys.argv[1:]))"
    )
    subprocess.run(
        [sys.executable, "-c", code, "retarget", "someone/fork", "--branch", "dev"],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    everything = "".join(
        p.read_text(encoding="utf-8")
        for p in [*tmp_path.glob("*/*.ipynb"), tmp_path / "README.md", tmp_path / "pyproject.toml"]
    )
    assert old not in everything
    assert "github/someone/fork/blob/dev/" in everything
    assert repository.github_repo(tmp_path) == "someone/fork"
    assert repository.branch(tmp_path) == "dev"
    assert "https://github.com/someone/fork.git" in everything
    assert repository.github_repo() == old  # the real repository is untouched


def test_retarget_rejects_a_bad_name():
    with pytest.raises(ValueError, match="OWNER/NAME"):
        authoring.retarget("not a repo", "main", root=Path("/nonexistent"))


@pytest.mark.parametrize(
    "branch",
    [
        'main";print("INJECTED");x="',
        "-rf",
        "a..b",
        "dev/",
        "topic.lock",
        ".hidden",
        "with space",
        "a\nb",
    ],
)
def test_retarget_refuses_a_branch_name_that_could_inject_code(branch, tmp_path):
    """The fault probe wrote `BRANCH = "main";print(...)` into the course's source; now
    nothing is written and the message names the problem."""
    with pytest.raises(ValueError, match="not a branch name"):
        authoring.retarget("someone/fork", branch, root=tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("repo", ["../..", "someone/..", "a/b/c"])
def test_retarget_refuses_a_repository_that_is_a_path(repo):
    with pytest.raises(ValueError, match="OWNER/NAME"):
        authoring.retarget(repo, "main", root=Path("/nonexistent"))


def test_branch_names_git_accepts_are_written_as_literals():
    assert authoring.branch_problem("feature/week-3_v1.2") is None
    cell = authoring.colab_cell_source("someone/fork", "feature/week-3")
    assert 'COURSE_BRANCH = "feature/week-3"' in cell
    compile(cell, "colab-cell", "exec")


# --- issue 27: hidden tests and names that clash


def test_hidden_tests_are_left_out_of_the_student_version_as_nbgrader_does():
    from nbgrader.preprocessors import ClearHiddenTests

    source = "cases = [1]\n### BEGIN HIDDEN TESTS\ncases += [2]\n### END HIDDEN TESTS\ncheck(cases)"
    assert authoring.strip_hidden_tests(source) == "cases = [1]\ncheck(cases)"
    cell = new_code_cell(
        source,
        metadata={
            "nbgrader": {
                "grade": True,
                "locked": True,
                "grade_id": "c",
                "points": 1,
                "solution": False,
                "schema_version": 3,
            }
        },
    )
    nb = new_notebook(cells=[cell])
    cleared, _ = ClearHiddenTests().preprocess(nb, {})
    assert cleared.cells[0].source == authoring.strip_hidden_tests(source)
    student = make_student(new_notebook(cells=[new_code_cell(source)]), "x")
    assert "HIDDEN" not in student.cells[0].source and "cases += [2]" not in student.cells[0].source
    with pytest.raises(MarkupError):
        authoring.strip_hidden_tests("### BEGIN HIDDEN TESTS\nx")


def test_every_code_check_has_hidden_tests_and_the_student_version_has_none():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            grading = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and grading.get("grade"):
                assert authoring.BEGIN_HIDDEN in cell.source, f"{path.name}: {grading['grade_id']}"
        student = (ROOT / "notebooks" / path.name).read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in student, path.name


def test_a_name_defined_in_two_code_cells_is_flagged():
    lesson = new_code_cell("def make_head(shape, units, classes):\n    pass")
    exercise = new_code_cell(
        "def make_head(size, classes):\n    ### BEGIN SOLUTION\n    pass\n    ### END SOLUTION",
        metadata={"nbgrader": {"solution": True, "grade_id": "x"}},
    )
    problems = authoring.name_clashes(new_notebook(cells=[lesson, exercise]))
    assert problems == [
        "make_head is defined in code cells 0 and 1: give the exercise its own name"
    ]
    answer_reuses_a_variable = new_code_cell(
        "species = 3", metadata={"nbgrader": {"solution": True, "grade_id": "y"}}
    )
    problems = authoring.name_clashes(
        new_notebook(cells=[new_code_cell("species = ['a']"), answer_reuses_a_variable])
    )
    assert problems and problems[0].startswith("species is defined in code cells 0 and 1")
    # A lesson may reuse its own variables.
    assert (
        authoring.name_clashes(
            new_notebook(cells=[new_code_cell("model = 1"), new_code_cell("model = 2")])
        )
        == []
    )
