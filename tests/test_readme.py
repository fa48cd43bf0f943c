"""The README's promises: its two commands, and a working badge for every notebook."""

from __future__ import annotations

import re
from pathlib import Path

from course_tools import repository

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SETUP_COMMAND = (
    "python3 -m venv .venv && .venv/bin/python -m pip install -U pip && "
    ".venv/bin/pip install -r requirements.txt && .venv/bin/python -m course_utils run"
)
TEST_COMMAND = ".venv/bin/python -m pytest --all"


def test_readme_gives_the_two_commands():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    assert SETUP_COMMAND in blocks
    assert TEST_COMMAND in blocks


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(rf"^{re.escape(TEST_COMMAND)}$", ci, flags=re.M)
    assert ".venv/bin/pip install" in ci and "requirements.txt" in ci


def test_every_notebook_has_both_badges_and_every_badge_points_at_a_file():
    urls = re.findall(r"\((https://colab\.research\.google\.com/github/[^)]+)\)", README)
    prefix = repository.colab_url("")
    targets = set()
    for url in urls:
        assert url.startswith(prefix), f"{url} does not point at {repository.github_repo()}"
        target = url[len(prefix) :]
        assert (ROOT / target).exists(), f"README badge points at missing {target}"
        targets.add(target)
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        assert f"solutions/{path.name}" in targets
        assert f"notebooks/{path.name}" in targets
