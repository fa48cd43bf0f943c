"""Where the course lives on GitHub: the one place that names the repository.

Colab badges, each notebook's Colab cell and the README are generated from these two
values. A fork retargets the whole course with one command, which rewrites this file and
everything generated from it::

    python -m course_utils retarget my-user/my-fork --branch main

Example:
    >>> colab_url("notebooks/01_perceptron.ipynb").startswith("https://colab.research.google.com/github/")
    True
"""

from __future__ import annotations

GITHUB_REPO = "nn-vision-course/nn-vision-course"
BRANCH = "main"


def clone_url(repo: str = GITHUB_REPO) -> str:
    """The HTTPS address ``git clone`` uses."""
    return f"https://github.com/{repo}.git"


def colab_url(path: str, repo: str = GITHUB_REPO, branch: str = BRANCH) -> str:
    """The address that opens ``path`` (relative to the repository root) in Colab."""
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{path}"
