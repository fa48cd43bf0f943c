"""``requirements.txt`` and ``environment.yml`` are generated from ``pyproject.toml``.

``pyproject.toml`` is the one dependency spec. ``python -m course_utils deps`` writes the
two files; ``python -m course_utils deps --check`` (and ``tests/test_deps.py``) fails when
either is out of date.

Example:
    >>> "tensorflow" in " ".join(requirements_lines())
    True
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course_utils.paths import REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

EXTRAS = ("lab", "test", "dev")
HEADER = "Generated from pyproject.toml by `python -m course_utils deps`; do not edit by hand."


def _project(root: Path = REPO_ROOT) -> dict:
    with open(root / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]


def requirements_lines(root: Path = REPO_ROOT) -> list[str]:
    """Every requirement of the course and its local tools, in pyproject order."""
    project = _project(root)
    lines = list(project["dependencies"])
    for extra in EXTRAS:
        lines += project["optional-dependencies"][extra]
    return lines


def requirements_txt(root: Path = REPO_ROOT) -> str:
    """The text of ``requirements.txt``: the pinned ranges, then the course itself."""
    lines = [
        f"# {HEADER}",
        "# Install with: pip install -r requirements.txt (from the repository root).",
        *requirements_lines(root),
        "# the course's helper package, editable, so changes to course_utils show at once",
        "-e .",
    ]
    return "\n".join(lines) + "\n"


def environment_yml(root: Path = REPO_ROOT) -> str:
    """The text of ``environment.yml``: conda's Python and pip, then the same pip list."""
    python = _project(root)["requires-python"].replace(" ", "")  # e.g. ">=3.10,<3.14"
    lines = [
        f"# {HEADER}",
        "# Create with: conda env create -f environment.yml && conda activate nn-vision-course",
        "name: nn-vision-course",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python{python}",
        "  - pip",
        "  - pip:",
    ]
    lines += [f'      - "{req}"' for req in requirements_lines(root)]
    lines.append("      - -e .")
    return "\n".join(lines) + "\n"


def expected_files(root: Path = REPO_ROOT) -> dict[Path, str]:
    """The generated files and the text each should have."""
    return {
        root / "requirements.txt": requirements_txt(root),
        root / "environment.yml": environment_yml(root),
    }


def main(argv: list[str]) -> int:
    """``python -m course_utils deps [--check]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils deps",
        description="Regenerate requirements.txt and environment.yml from pyproject.toml.",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if either is stale")
    args = parser.parse_args(argv)
    stale = [
        p
        for p, text in expected_files().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]
    if args.check:
        for path in stale:
            print(f"{path.name} is out of date: run `python -m course_utils deps`")
        return 1 if stale else 0
    for path, text in expected_files().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.name}")
    return 0
