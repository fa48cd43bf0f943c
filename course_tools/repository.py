"""Where the course lives on GitHub: one data entry, ``[tool.nn-vision-course]`` in
``pyproject.toml``.

Colab badges, each notebook's Colab cell and the README are rendered from its two values,
``repository`` (``OWNER/NAME``) and ``branch``. A fork changes them with one command, which
rewrites that entry and the files rendered from it::

    python -m course_utils retarget my-user/my-fork --branch main

The values are read when asked for, never bound at import, so a retarget in the same
process is seen at once.

Example:
    >>> colab_url("notebooks/01_perceptron.ipynb").startswith("https://colab.research.google.com/github/")
    True
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from course_utils.paths import REPO_ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TABLE = "nn-vision-course"


def settings(root: Path = REPO_ROOT) -> dict[str, Any]:
    """The ``[tool.nn-vision-course]`` table of ``pyproject.toml``."""
    with open(root / "pyproject.toml", "rb") as handle:
        return dict(tomllib.load(handle)["tool"][TABLE])


def github_repo(root: Path = REPO_ROOT) -> str:
    """The GitHub repository, ``OWNER/NAME``."""
    return str(settings(root)["repository"])


def branch(root: Path = REPO_ROOT) -> str:
    """The branch that badges and Colab cells open."""
    return str(settings(root)["branch"])


def clone_url(repo: str | None = None) -> str:
    """The HTTPS address ``git clone`` uses."""
    return f"https://github.com/{repo or github_repo()}.git"


def colab_url(path: str, repo: str | None = None, branch_name: str | None = None) -> str:
    """The address that opens ``path`` (relative to the repository root) in Colab."""
    return (
        f"https://colab.research.google.com/github/{repo or github_repo()}/blob/"
        f"{branch_name or branch()}/{path}"
    )
