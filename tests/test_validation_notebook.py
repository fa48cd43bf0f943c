"""The Colab GPU validation notebook, run here offline in the smoke profile.

It clones this repository (from disk, at HEAD), runs nbval and the course runner over
notebook 01 and must end with its VALIDATED line.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from course_tools import repository

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "validation" / "colab_gpu_validation.ipynb"


def test_validation_notebook_runs_offline_in_smoke(tmp_path, monkeypatch):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("the repository has no commit to clone yet")
    monkeypatch.setenv("COURSE_VALIDATION_REPO", ROOT.as_uri())
    monkeypatch.setenv("COURSE_VALIDATION_REF", head.stdout.strip())
    monkeypatch.setenv("COURSE_VALIDATION_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_VALIDATION_NOTEBOOKS", "01")
    monkeypatch.setenv("COURSE_VALIDATION_DIR", str(tmp_path / "checkout"))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    text = "".join(out.get("text", "") for cell in nb.cells for out in cell.get("outputs", []))
    assert f"VALIDATED commit {head.stdout.strip()} in the 'smoke' profile" in text
    assert "nbval and report passed" in text
    report = (tmp_path / "checkout" / "runs" / "smoke" / "report.md").read_text()
    assert "| 01_perceptron | passed |" in report


def test_validation_notebook_points_at_the_course_repository():
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert repository.clone_url() in text
    assert repository.colab_url("validation/colab_gpu_validation.ipynb") in text
