"""The package's layering (CONTRIBUTING.md, "Layers"): what notebooks import never imports the
instructor tools or test machinery, and each layer imports only itself and the layers below.

The check reads every import statement (top-level and inside functions) with ``ast``.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Layers of course_utils, lowest first. A module may import its own layer and those below.
LAYERS: list[tuple[str, list[str]]] = [
    (
        "foundation",
        [
            "paths",
            "switches",
            "records",
            "machine",
            "profiles",
            "cache",
            "thresholds",
            "arithmetic",
            "keras_graph",
        ],
    ),
    (
        "runtime",
        [
            "tflog",
            "fit_callbacks",
            "dryrun",
            "fitlog",
            "session",
            "announce",
            "gates",
            "checks",
            "answers",
            "grading_guard",
            "__init__",
        ],
    ),
    ("lesson helpers", ["plots", "lessons", "projects"]),
    ("data", ["data"]),
    ("lego", ["lego"]),
]
#: Never imported by course_utils (the student runtime), anywhere in it.
FORBIDDEN = ("course_tools", "pytest", "nbclient", "nbformat", "nbgrader", "nbval")
#: The one exception: ``python -m course_utils CMD`` forwards to course_tools.
ENTRY_POINT = "__main__"


def layer_of(module: str) -> int:
    """The layer index of a course_utils module name (``course_utils.data.mnist`` -> data)."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "__init__"
    for index, (_, names) in enumerate(LAYERS):
        if name in names:
            return index
    raise AssertionError(
        f"{module} has no layer: add it to LAYERS in tests/test_layering.py "
        "and to CONTRIBUTING.md's picture"
    )


def imports(path: Path) -> list[str]:
    """Absolute names of the modules ``path`` imports (``from a.b import c`` gives a.b and
    a.b.c, since c may be a module)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def package_modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted((ROOT / "course_utils").rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        parts = list(relative.parts)
        if parts[-1] == "__init__" and len(parts) > 2:
            parts = parts[:-1]
        found.append((".".join(parts), path))
    return found


def test_the_student_runtime_never_imports_tools_or_test_machinery():
    problems = []
    for module, path in package_modules():
        if module.endswith(ENTRY_POINT):
            continue
        for name in imports(path):
            if name.split(".")[0] in FORBIDDEN:
                problems.append(f"{module} imports {name}")
    assert not problems, problems


def test_each_layer_imports_only_itself_and_the_layers_below():
    problems = []
    for module, path in package_modules():
        if module.endswith(ENTRY_POINT):
            continue
        mine = layer_of(module)
        for name in imports(path):
            if not name.startswith("course_utils.") or name.count(".") < 1:
                continue
            try:
                theirs = layer_of(name)
            except AssertionError:
                continue  # `from course_utils.x import y`: y is checked as course_utils.x.y
            if theirs > mine:
                problems.append(
                    f"{module} ({LAYERS[mine][0]}) imports {name} ({LAYERS[theirs][0]})"
                )
    assert not problems, problems


def test_importing_what_notebooks_use_loads_no_tool_in_a_fresh_process():
    code = (
        "import sys; import course_utils, course_utils.checks, course_utils.gates, "
        "course_utils.plots, course_utils.data, course_utils.lego; "
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]; assert not bad, bad"
    )
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
