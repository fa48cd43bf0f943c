"""Authoring: ``solutions/`` is the single source; ``notebooks/`` is generated from it.

Markup in solution notebooks (nbgrader-compatible):

* In a code cell, lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are the
  answer. The student version replaces them with ``# YOUR CODE HERE`` and ``pass``,
  indented like the block. (nbgrader's default stub is ``raise NotImplementedError()``; it
  stops "Run all" at the first exercise written at the top level of a cell, so the course
  and its nbgrader configuration use ``pass``: an unanswered exercise leaves its value
  empty, its check says "not attempted yet", and the rest of the notebook runs.)
* In a check cell, lines between ``### BEGIN HIDDEN TESTS`` and ``### END HIDDEN TESTS``
  (nbgrader's markup) are hidden test cases: the student version leaves them out (as
  ``nbgrader generate_assignment`` does), and both graders put them back, since they restore
  check cells from the solution. A table of the visible cases then fails.
* A written answer is two markdown cells: a read-only question, then an answer cell marked
  as an nbgrader "manually graded answer" whose whole text is the model answer and mark
  scheme; students see ``YOUR ANSWER HERE``. (The older markup, a block between
  ``=== BEGIN MARK SCHEME ===`` and ``=== END MARK SCHEME ===`` inside a markdown cell, is
  still cut from student versions so that it can never leak, but :func:`exercise_problems`
  rejects it: nbgrader only accepts a mark scheme in a manually graded cell.)
* Exercise cells carry nbgrader's cell metadata (``metadata.nbgrader``: ``grade_id``,
  ``solution``, ``grade``, ``locked``, ``points``, ``schema_version``), so that
  ``nbgrader generate_assignment`` accepts the solutions and ``autograde`` can grade what
  students hand in. :func:`exercise_problems` lists what is wrong with that markup.

The student version keeps tags and the nbgrader metadata (locked cells also get Jupyter's
``editable: false`` and ``deletable: false``, as nbgrader's release does) and loses outputs,
execution counts and all other cell metadata; its badge opens the student copy. Each
notebook's first code cell is the Colab cell, rendered from :mod:`course_tools.repository`,
so that ``retarget`` can move every notebook to a fork at once.

Commands::

    python -m course_utils student            # regenerate notebooks/ from solutions/
    python -m course_utils student --check    # exit 1 if notebooks/ is out of date
    python -m course_utils retarget OWNER/REPO [--branch BRANCH]

Example:
    >>> print(strip_solutions("x = 1\\n    ### BEGIN SOLUTION\\n    y = 2\\n    ### END SOLUTION"))
    x = 1
        # YOUR CODE HERE
        pass
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import re
from pathlib import Path
from typing import Any

from course_tools import repository
from course_utils.paths import NOTEBOOKS, REPO_ROOT, SOLUTIONS

BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"
BEGIN_SCHEME = "=== BEGIN MARK SCHEME ==="
END_SCHEME = "=== END MARK SCHEME ==="
STUDENT_CODE = ["# YOUR CODE HERE", "pass"]
STUDENT_ANSWER = "YOUR ANSWER HERE"

COLAB_CELL_TAG = "colab-setup"
BADGE_LINE = re.compile(r"^\[!\[Open (the )?(student|solution)[^\]]*\]\([^)]*\)\]\([^)]*\).*$")


class MarkupError(ValueError):
    """A solution notebook's exercise markup is malformed."""


def strip_solutions(source: str) -> str:
    """Replace every ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` block in code."""
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            if inside:
                raise MarkupError(f"line {number}: {BEGIN_SOLUTION} inside another block")
            inside = True
            indent = line[: len(line) - len(line.lstrip())]
            out.extend(indent + text for text in STUDENT_CODE)
        elif stripped == END_SOLUTION:
            if not inside:
                raise MarkupError(f"line {number}: {END_SOLUTION} without {BEGIN_SOLUTION}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkupError(f"{BEGIN_SOLUTION} is never closed by {END_SOLUTION}")
    return "\n".join(out)


def strip_hidden_tests(source: str) -> str:
    """Remove every ``### BEGIN HIDDEN TESTS`` ... ``### END HIDDEN TESTS`` block, markers
    included, line for line as nbgrader's ``ClearHiddenTests`` does (so that nbgrader's
    release still equals ``notebooks/``).

    Example:
        >>> print(strip_hidden_tests("cases = [1]\\n### BEGIN HIDDEN TESTS\\ncases += [2]\\n"
        ...                          "### END HIDDEN TESTS\\ncheck(cases)"))
        cases = [1]
        check(cases)
    """
    out: list[str] = []
    inside = False
    for number, line in enumerate(source.split("\n"), start=1):
        if BEGIN_HIDDEN in line:
            if inside:
                raise MarkupError(f"line {number}: {BEGIN_HIDDEN} inside another block")
            inside = True
        elif END_HIDDEN in line:
            if not inside:
                raise MarkupError(f"line {number}: {END_HIDDEN} without {BEGIN_HIDDEN}")
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise MarkupError(f"{BEGIN_HIDDEN} is never closed by {END_HIDDEN}")
    return "\n".join(out)


def strip_mark_schemes(source: str) -> str:
    """Replace every mark-scheme block in markdown with ``YOUR ANSWER HERE``.

    Example:
        >>> strip_mark_schemes("Why?\\n=== BEGIN MARK SCHEME ===\\nBecause.\\n=== END MARK SCHEME ===")
        'Why?\\nYOUR ANSWER HERE'
    """
    pattern = re.compile(re.escape(BEGIN_SCHEME) + r".*?" + re.escape(END_SCHEME), re.S)
    if source.count(BEGIN_SCHEME) != source.count(END_SCHEME):
        raise MarkupError("a mark scheme is opened and not closed (or the other way round)")
    return pattern.sub(STUDENT_ANSWER, source)


def badges(name: str, *, student: bool, repo: str | None = None, branch: str | None = None) -> str:
    """The Colab badge line(s) for notebook ``name`` (e.g. ``"01_perceptron"``)."""
    repo = repo or repository.github_repo()
    branch = branch or repository.branch()
    image = "https://colab.research.google.com/assets/colab-badge.svg"
    student_url = repository.colab_url(f"{NOTEBOOKS}/{name}.ipynb", repo, branch)
    solution_url = repository.colab_url(f"{SOLUTIONS}/{name}.ipynb", repo, branch)
    lines = [f"[![Open the student version in Colab]({image})]({student_url})"]
    if not student:
        lines.append(f"[![Open the solution in Colab]({image})]({solution_url})")
    return "\n".join(lines)


def colab_cell_source(repo: str | None = None, branch: str | None = None) -> str:
    """The first code cell of every notebook: makes the course importable in Colab.

    It clones the repository (no ``pip install``: Colab already has TensorFlow, Keras,
    matplotlib, scikit-learn, scikit-image, tensorflow-datasets and ipywidgets, so nothing
    is reinstalled and no runtime restart is needed) and puts it on ``sys.path``.
    Anywhere else it does nothing: there the course is installed with ``pip install -e .``.
    """
    repo = repo or repository.github_repo()
    branch = branch or repository.branch()
    folder = "/content/" + repo.split("/")[-1]
    clone = (
        '        subprocess.run(["git", "clone", "-q", "--depth=1", "-b", COURSE_BRANCH, COURSE_REPO, '
        "COURSE_DIR], check=True)"
    )
    # Eight lines: with the setup cell's two, the one run of ten that every notebook shares.
    return "\n".join(
        [
            "import os, subprocess, sys",
            f"COURSE_REPO = {json.dumps(repository.clone_url(repo))}",
            f"COURSE_BRANCH = {json.dumps(branch)}",
            f"COURSE_DIR = {json.dumps(folder)}",
            'if "google.colab" in sys.modules:  # Colab only: fetch the course; elsewhere nothing',
            "    if not os.path.isdir(COURSE_DIR):",
            clone,
            "    sys.path.insert(0, COURSE_DIR)",
        ]
    )


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def retarget_badges(nb: Any, name: str, *, student: bool) -> None:
    """Rewrite the badge lines of ``nb`` in place (``student``: the student badge only)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            lines = _source(cell).split("\n")
            if any(BADGE_LINE.match(line) for line in lines):
                kept: list[str] = []
                placed = False
                for line in lines:
                    if BADGE_LINE.match(line):
                        if not placed:
                            kept.append(badges(name, student=student))
                            placed = True
                    else:
                        kept.append(line)
                cell.source = "\n".join(kept)


def _retarget_cells(nb: Any, name: str, *, student: bool) -> None:
    """Rewrite the badge lines and the Colab cell of ``nb`` in place."""
    retarget_badges(nb, name, student=student)
    for cell in nb.cells:
        if cell.cell_type == "code" and COLAB_CELL_TAG in cell.metadata.get("tags", []):
            cell.source = colab_cell_source()


def student_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The cell metadata a student version keeps: tags and nbgrader's, with locked cells
    made read-only and undeletable in Jupyter (what nbgrader's ``LockCells`` does).

    Example:
        >>> student_metadata({"tags": ["x"], "execution": {}, "nbgrader": {"locked": True}})
        {'tags': ['x'], 'nbgrader': {'locked': True}, 'editable': False, 'deletable': False}
    """
    kept: dict[str, Any] = {}
    if metadata.get("tags"):
        kept["tags"] = list(metadata["tags"])
    grading = metadata.get("nbgrader")
    if grading:
        kept["nbgrader"] = dict(grading)
        if grading.get("locked"):
            kept["editable"] = False
            kept["deletable"] = False
    return kept


def is_written_answer(cell: Any) -> bool:
    """Whether ``cell`` is a written answer: a markdown cell nbgrader treats as a solution."""
    return cell.cell_type == "markdown" and bool(
        cell.get("metadata", {}).get("nbgrader", {}).get("solution")
    )


def top_level_names(source: str) -> set[str]:
    """The names a code cell binds at its top level: functions, classes, assignments,
    imports (a cell that is not plain Python, e.g. with ``%magic`` lines, gives what
    its Python lines bind).

    Example:
        >>> sorted(top_level_names("import numpy as np\\ndef f(x):\\n    y = 1\\nz, w = 1, 2\\n%time f(1)"))
        ['f', 'np', 'w', 'z']
    """
    lines = [line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def _defined_names(source: str) -> set[str]:
    """Functions and classes a code cell defines at its top level."""
    try:
        tree = ast.parse(
            "\n".join(
                line for line in source.split("\n") if not line.lstrip().startswith(("%", "!"))
            )
        )
    except SyntaxError:
        return set()
    return {
        node.name
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
    }


def name_clashes(nb: Any) -> list[str]:
    """Top-level names defined in two different code cells where one of them is an exercise:
    a function or class defined twice, or any name an exercise's answer cell binds that
    another cell binds too (06's exercise redefined the lesson's ``make_head``: a student
    who runs the cells out of order then gets the other one). Lessons may reassign their
    own variables (``model``, ``history``); redefining a lesson function is flagged too.

    Example:
        >>> import nbformat.v4 as v4
        >>> name_clashes(v4.new_notebook(cells=[v4.new_code_cell("def f(): pass"),
        ...                                     v4.new_code_cell("def f(): return 1")]))
        ['f is defined in code cells 0 and 1: give the exercise its own name']
    """
    problems: list[str] = []
    first_definition: dict[str, int] = {}
    first_binding: dict[str, int] = {}
    answers: dict[int, set[str]] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = _source(cell)
        grading = cell.get("metadata", {}).get("nbgrader", {})
        for name in sorted(_defined_names(source)):
            if name in first_definition and first_definition[name] != index:
                problems.append(
                    f"{name} is defined in code cells {first_definition[name]} and "
                    f"{index}: give the exercise its own name"
                )
            first_definition.setdefault(name, index)
        bound = top_level_names(source)
        if grading.get("solution"):
            answers[index] = bound
        for name in bound:
            first_binding.setdefault(name, index)
    for index, bound in answers.items():
        for name in sorted(bound):
            other = first_binding[name]
            message = f"{name} is defined in code cells {min(other, index)} and {max(other, index)}"
            if other != index and not any(p.startswith(f"{name} is defined") for p in problems):
                problems.append(f"{message}: give the exercise its own name")
    return problems


def exercise_problems(nb: Any) -> list[str]:
    """What is wrong with a solution notebook's exercise markup for nbgrader (empty if
    nothing): every answer cell is an nbgrader solution cell followed by a locked grade cell
    with points, every written answer follows a locked question cell that states its marks,
    every ``grade_id`` is unique, hidden tests are closed, and no top-level name is defined
    in two code cells where one is an exercise (:func:`name_clashes`).

    Example:
        >>> import nbformat.v4 as v4
        >>> cell = v4.new_code_cell("### BEGIN SOLUTION\\nx = 1\\n### END SOLUTION")
        >>> exercise_problems(v4.new_notebook(cells=[cell]))
        ['cell 0 has a solution but no nbgrader solution metadata']
    """
    problems: list[str] = []
    seen: set[str] = set()
    cells = list(nb.cells)
    for index, cell in enumerate(cells):
        grading = cell.get("metadata", {}).get("nbgrader")
        source = _source(cell)
        if BEGIN_SOLUTION in source and not (grading and grading.get("solution")):
            problems.append(f"cell {index} has a solution but no nbgrader solution metadata")
        if BEGIN_SCHEME in source:
            problems.append(f"cell {index} holds a mark scheme: make it a written-answer cell")
        if BEGIN_HIDDEN in source:
            try:
                strip_hidden_tests(source)
            except MarkupError as error:
                problems.append(f"cell {index}: {error}")
            if not (grading and grading.get("grade") and grading.get("locked")):
                problems.append(f"cell {index} has hidden tests but is not a locked grade cell")
        if not grading:
            continue
        grade_id = grading.get("grade_id", "")
        if not grade_id or grade_id in seen:
            problems.append(f"cell {index} has a missing or repeated grade_id {grade_id!r}")
        seen.add(grade_id)
        if grading.get("schema_version") != 3:
            problems.append(f"cell {index} ({grade_id}) is not nbgrader schema version 3")
        if grading.get("grade") and not grading.get("points"):
            problems.append(f"cell {index} ({grade_id}) is graded but has no points")
        if cell.cell_type == "code" and grading.get("solution"):
            following = next((c for c in cells[index + 1 :] if c.cell_type == "code"), None)
            check = (following or {}).get("metadata", {}).get("nbgrader", {})
            if not (check.get("grade") and check.get("locked") and not check.get("solution")):
                problems.append(
                    f"answer cell {index} ({grade_id}) is not followed by a locked grade cell"
                )
        if is_written_answer(cell):
            question = cells[index - 1] if index else None
            asked = (question or {}).get("metadata", {}).get("nbgrader", {}) if question else {}
            points = grading.get("points")
            if not asked.get("locked"):
                problems.append(
                    f"written answer {index} ({grade_id}) has no read-only question cell before it"
                )
            elif question is not None and f"({points} mark" not in _source(question):
                problems.append(
                    f"the question before written answer {index} ({grade_id}) "
                    f"does not say it is worth {points} mark(s)"
                )
    return problems + name_clashes(nb)


def make_student(solution: Any, name: str) -> Any:
    """Return the student version of a solution notebook (an ``nbformat`` node)."""
    nb = copy.deepcopy(solution)
    for cell in nb.cells:
        written = is_written_answer(cell)
        cell.metadata = student_metadata(cell.get("metadata", {}))
        if cell.cell_type == "code":
            cell.source = strip_solutions(strip_hidden_tests(_source(cell)))
            cell.outputs = []
            cell.execution_count = None
        elif written:
            cell.source = STUDENT_ANSWER
        elif cell.cell_type == "markdown":
            cell.source = strip_mark_schemes(_source(cell))
    _retarget_cells(nb, name, student=True)
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "colab": {"provenance": []},
    }
    return nb


def _read(path: Path) -> Any:
    import nbformat

    return nbformat.read(path, as_version=4)


def _dumps(nb: Any) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def student_versions(root: Path = REPO_ROOT) -> dict[Path, str]:
    """The text each file in ``notebooks/`` should have, generated from ``solutions/``."""
    wanted: dict[Path, str] = {}
    for path in sorted((root / SOLUTIONS).glob("*.ipynb")):
        student = make_student(_read(path), path.stem)
        wanted[root / NOTEBOOKS / path.name] = _dumps(student)
    return wanted


def drift(root: Path = REPO_ROOT) -> list[str]:
    """Differences between ``notebooks/`` and what ``solutions/`` generates (empty if none).

    Example:
        >>> drift()          # doctest: +SKIP
        []
    """
    problems = []
    wanted = student_versions(root)
    for path, text in wanted.items():
        if not path.exists():
            problems.append(f"{path.relative_to(root)} is missing")
        elif path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.relative_to(root)} differs from its solution's student version")
    for path in sorted((root / NOTEBOOKS).glob("*.ipynb")):
        if path not in wanted:
            problems.append(f"{path.relative_to(root)} has no solution notebook")
    return problems


def write_student_versions(root: Path = REPO_ROOT) -> list[Path]:
    """Regenerate ``notebooks/`` from ``solutions/``; return the files written."""
    (root / NOTEBOOKS).mkdir(exist_ok=True)
    written = []
    for path, text in student_versions(root).items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def refresh_solutions(root: Path = REPO_ROOT) -> list[Path]:
    """Re-render badges and Colab cells in ``solutions/`` from :mod:`repository`."""
    import nbformat

    changed = []
    for path in sorted((root / SOLUTIONS).glob("*.ipynb")):
        nb = _read(path)
        before = _dumps(nb)
        _retarget_cells(nb, path.stem, student=False)
        if _dumps(nb) != before:
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def student_main(argv: list[str]) -> int:
    """``python -m course_utils student [--check]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils student", description="Regenerate notebooks/ from solutions/."
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="only report drift; exit 1 if notebooks/ is out of date",
    )
    args = parser.parse_args(argv)
    if args.check:
        problems = drift()
        for problem in problems:
            print(problem)
        print(
            "notebooks/ is up to date"
            if not problems
            else "run `python -m course_utils student` to regenerate notebooks/"
        )
        return 1 if problems else 0
    refreshed = refresh_solutions()
    written = write_student_versions()
    for path in refreshed:
        print(f"refreshed badges / Colab cell in {path.relative_to(REPO_ROOT)}")
    for path in written:
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    if not written and not refreshed:
        print("notebooks/ was already up to date")
    return 0


REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
BRANCH_CHARACTERS = re.compile(r"^[A-Za-z0-9._/-]+$")


def branch_problem(branch: str) -> str | None:
    """Why ``branch`` is not a branch name ``retarget`` accepts, or None if it is.

    The rules are git's (``git check-ref-format --branch``) restricted to letters, digits
    and ``. _ / -``, so that the name can be written into Python source and URLs safely.

    Example:
        >>> branch_problem("feature/week-3"), branch_problem('main";print("x")')
        (None, 'it may only contain letters, digits and . _ / -')
    """
    if not BRANCH_CHARACTERS.match(branch):
        return "it may only contain letters, digits and . _ / -"
    if branch.startswith(("-", "/")) or branch.endswith(("/", ".", ".lock")):
        return "it may not start with - or /, nor end with /, . or .lock"
    if ".." in branch or "//" in branch or any(part.startswith(".") for part in branch.split("/")):
        return "it may not contain .. or //, nor a part starting with ."
    return None


def retarget(repo: str, branch: str, root: Path = REPO_ROOT) -> list[Path]:
    """Point the course at ``repo`` (``owner/name``) and ``branch``; return changed files.

    Both are validated first (a ``ValueError`` names the problem) and written as quoted
    literals into ``[tool.nn-vision-course]`` of ``pyproject.toml``, so no value can inject
    code into the Colab cells; then everything rendered from them is written again.
    """
    if not REPO_PATTERN.match(repo) or any(part.strip(".") == "" for part in repo.split("/")):
        raise ValueError(f"{repo!r} is not of the form OWNER/NAME")
    problem = branch_problem(branch)
    if problem:
        raise ValueError(f"{branch!r} is not a branch name the course accepts: {problem}")
    old_repo, old_branch = repository.github_repo(root), repository.branch(root)
    changed: list[Path] = []

    # The one data entry: the two values of [tool.nn-vision-course] in pyproject.toml.
    project = root / "pyproject.toml"
    text = project.read_text(encoding="utf-8")
    head, table = text.split(f"[tool.{repository.TABLE}]", 1)
    table = re.sub(
        r'^repository = ".*"$',
        lambda _: f"repository = {json.dumps(repo)}",
        table,
        count=1,
        flags=re.M,
    )
    table = re.sub(
        r'^branch = ".*"$', lambda _: f"branch = {json.dumps(branch)}", table, count=1, flags=re.M
    )
    new = f"{head}[tool.{repository.TABLE}]{table}"
    if new != text:
        project.write_text(new, encoding="utf-8")
        changed.append(project)

    for name in (
        "README.md",
        "CONTRIBUTING.md",
        "pyproject.toml",
        "validation/colab_gpu_validation.ipynb",
    ):  # rendered from those values
        path = root / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        new = text.replace(f"github/{old_repo}/blob/{old_branch}/", f"github/{repo}/blob/{branch}/")
        new = new.replace(f"github.com/{old_repo}", f"github.com/{repo}")
        new = new.replace(
            f'"COURSE_VALIDATION_REF", "{old_branch}"', f'"COURSE_VALIDATION_REF", "{branch}"'
        )
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    changed += refresh_solutions(root)
    changed += write_student_versions(root)
    return changed


def retarget_main(argv: list[str]) -> int:
    """``python -m course_utils retarget OWNER/REPO [--branch BRANCH]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils retarget",
        description="Point Colab badges, Colab cells and the README at another repository.",
    )
    parser.add_argument("repo", help="the GitHub repository, as OWNER/NAME")
    parser.add_argument("--branch", default="main", help="the branch Colab opens (default: main)")
    args = parser.parse_args(argv)
    try:
        changed = retarget(args.repo, args.branch)
    except ValueError as error:
        parser.error(str(error))
    for path in changed:
        print(f"updated {path.relative_to(REPO_ROOT)}")
    print(f"the course now points at github.com/{args.repo} (branch {args.branch})")
    return 0
