"""The Colab code path, with Colab's conditions simulated.

In Colab the course is not installed: the notebook's first cell clones the repository and
puts it on ``sys.path``, then ``setup()`` must recognise Colab and, on a runtime without a
GPU, tell the student how to switch. Here ``google.colab`` is a stand-in module, the clone
comes from this repository on disk (no network), ``/content`` is a temporary folder, and
the installed copy of ``course_utils`` is hidden from the kernel.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from course_tools import authoring, repository

ROOT = Path(__file__).resolve().parent.parent

SIMULATION = textwrap.dedent("""
    import sys, types
    # Colab's kernel has google.colab imported; this machine has no such package.
    import google  # the real namespace package (protobuf lives in it)
    google.colab = sys.modules["google.colab"] = types.ModuleType("google.colab")
    # The course is not installed in Colab: drop the editable install and the checkout.
    sys.meta_path = [f for f in sys.meta_path if "editable" not in type(f).__module__.lower()
                     and "editable" not in getattr(f, "__name__", "").lower()]
    sys.path = [p for p in sys.path if p not in ("", {root!r})]
""")

AFTER = textwrap.dedent("""
    import course_utils
    print("IMPORTED FROM", course_utils.__file__)
    from course_utils import setup
    profile = setup("01_perceptron")
    print("PROFILE", profile.name)
""")


def clone_source() -> str:
    head = subprocess.run(
        ["git", "rev-parse", "--verify", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    if head.returncode != 0:
        pytest.skip("the repository has no commit to clone yet")
    return ROOT.as_uri()


def run_colab_cell(tmp_path: Path, cell: str) -> str:
    source = clone_source()
    branch = subprocess.run(
        ["git", "rev-parse", "--abbrev-ref", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    content = tmp_path / "content"
    content.mkdir()
    cell = (
        cell.replace(repository.clone_url(), source)
        .replace('COURSE_BRANCH = "main"', f'COURSE_BRANCH = "{branch}"')
        .replace('COURSE_DIR = "/content/', f'COURSE_DIR = "{content}/')
    )
    script = SIMULATION.format(root=str(ROOT)) + cell + "\n" + AFTER
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "COURSE_PROFILE": "",
        "COURSE_OFFLINE": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_colab_cell_clones_course_and_setup_warns_without_gpu(tmp_path):
    out = run_colab_cell(tmp_path, authoring.colab_cell_source())
    assert f"IMPORTED FROM {tmp_path}/content/" in out
    assert "No GPU in this Colab runtime: this notebook runs the 'cpu' profile" in out
    assert "Runtime > Change runtime type > T4 GPU" in out
    assert "PROFILE cpu" in out  # no GPU: the cpu profile, as the advice says


def test_colab_cell_does_nothing_outside_colab(monkeypatch):
    def no_clone(*args, **kwargs):
        raise AssertionError("the Colab cell tried to clone outside Colab")

    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(subprocess, "run", no_clone)
    before = list(sys.path)
    exec(authoring.colab_cell_source(), {})  # noqa: S102 - our own cell
    assert sys.path == before


def test_every_notebook_carries_the_current_colab_cell():
    for folder in ("solutions", "notebooks"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            tagged = [c for c in nb.cells if "colab-setup" in c.metadata.get("tags", [])]
            assert len(tagged) == 1, f"{path}: one Colab cell expected"
            assert tagged[0].source == authoring.colab_cell_source()
