"""The course runner executes a notebook and reports its profile, sources, gates, warnings."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from course_utils import runner
from course_utils.records import read_records


def write_notebook(path: Path, cells: list[str]) -> Path:
    nb = new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                  "language": "python"}}
    nb.cells = [new_code_cell(c) for c in cells]
    nbformat.write(nb, path)
    return path


def test_runner_reports_a_passing_and_a_failing_notebook(tmp_path, monkeypatch, capsys):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    write_notebook(solutions / "01_good.ipynb", [
        'from course_utils import setup\nprofile = setup("01_good")',
        'from course_utils.runtime import announce_source\n'
        'announce_source("Iris", "scikit-learn", real=True)',
        'from course_utils.gates import gate\ngate("accuracy", 0.95, at_least=0.9)',
        'import warnings\nwarnings.warn("old thing", DeprecationWarning, stacklevel=1)',
    ])
    write_notebook(solutions / "02_bad.ipynb", [
        'from course_utils.gates import gate\ngate("accuracy", 0.2, at_least=0.9)',
    ])
    monkeypatch.setattr(runner, "REPO_ROOT", tmp_path)
    out_dir = tmp_path / "out"
    code = runner.main(["--profile", "smoke", "--out", str(out_dir)])
    assert code == 1  # one notebook failed its gate

    report = json.loads((out_dir / "report.json").read_text())
    good, bad = report
    assert good["passed"] and good["profile"] == "smoke" and good["device"].startswith("CPU")
    assert good["sources"] == [{"dataset": "Iris", "source": "scikit-learn", "real": True,
                                "stand_in": False}]
    assert good["gates"] == [{"name": "accuracy", "value": 0.95, "threshold": 0.9,
                              "passed": True}]
    assert good["deprecation_warnings"] == 1
    assert not bad["passed"] and "GateFailed" in bad["error"]
    markdown = (out_dir / "report.md").read_text()
    assert "| 01_good | passed |" in markdown and "| 02_bad | FAILED" in markdown
    executed = nbformat.read(out_dir / "01_good.ipynb", as_version=4)
    assert [r["kind"] for r in read_records(executed)] == ["setup", "source", "gate"]


def test_update_readme_writes_times_and_the_latest_run(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("| # | notebook | learn | CPU | GPU | badges |\n"
                      "| 01 | Perceptron | things | old | gpu-old | b |\n"
                      "| 02 | Iris | things | old | gpu-old | b |\n\n"
                      "<!-- latest-run:start -->\nnothing\n<!-- latest-run:end -->\n")
    results = [runner.NotebookResult("01_perceptron", "cpu", True, 42.0, gates=[
                   {"name": "xor accuracy", "value": 1.0, "threshold": 0.99, "passed": True}]),
               runner.NotebookResult("02_mlp_iris", "cpu", False, 700.0)]
    assert runner.update_readme(results, "cpu", complete=True, root=tmp_path)
    text = readme.read_text()
    assert "| 01 | Perceptron | things | 42 s (accuracy: 100%) | gpu-old | b |" in text
    assert "| 02 | Iris | things | failed in the latest run | gpu-old | b |" in text
    assert "| 01_perceptron | passed | 42 |" in text and "nothing" not in text
    assert not runner.update_readme(results, "smoke", complete=True, root=tmp_path)
