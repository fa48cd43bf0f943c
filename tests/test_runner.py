"""The course runner executes a notebook and reports its profile, sources, gates, warnings;
a failing, dying or interrupted notebook is a row of the report, never a lost report."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import nbformat
from notebook_files import write_notebook

from course_tools import runner
from course_utils.records import read_records


def test_runner_reports_a_passing_and_a_failing_notebook(tmp_path, monkeypatch, capsys):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    write_notebook(
        solutions / "01_good.ipynb",
        [
            'from course_utils import setup\nprofile = setup("01_good")',
            "from course_utils.announce import announce_source\n"
            'announce_source("Iris", "scikit-learn", real=True)',
            'from course_utils.gates import gate\ngate("accuracy", 0.95, at_least=0.9)',
            'import warnings\nwarnings.warn("old thing", DeprecationWarning, stacklevel=1)',
            'import os\nos.environ["COURSE_STRICT"] = os.environ["COURSE_STRICT_CHECKS"] = "0"'
            "  # a student run: a failed check does not stop it\n"
            'from course_utils import checks\nchecks.check_value("width", 24, expected=24)\n'
            'checks.check_value("height", None, expected=24)',
        ],
    )
    write_notebook(
        solutions / "02_bad.ipynb",
        [
            'from course_utils.gates import gate\ngate("accuracy", 0.2, at_least=0.9)',
        ],
    )
    monkeypatch.setattr(runner, "REPO_ROOT", tmp_path)
    out_dir = tmp_path / "out"
    code = runner.main(["--profile", "smoke", "--out", str(out_dir)])
    assert code == 1  # one notebook failed its gate

    report = json.loads((out_dir / "report.json").read_text())
    assert report["profile"] == "smoke" and not report["dry_run"] and not report["interrupted"]
    good, bad = report["notebooks"]
    assert good["passed"] and good["profile"] == "smoke" and good["device"].startswith("CPU")
    assert good["sources"] == [
        {"dataset": "Iris", "source": "scikit-learn", "real": True, "stand_in": False}
    ]
    assert good["gates"] == [
        {"name": "accuracy", "value": 0.95, "threshold": 0.9, "passed": True, "measure": "accuracy"}
    ]
    assert good["deprecation_warnings"] == 1
    assert good["checks"] == [  # the exercise checks are read back, not parsed from prose
        {"name": "width", "passed": True, "problems": []},
        {
            "name": "height",
            "passed": False,
            "problems": ["not attempted yet: the answer is still empty (None)"],
        },
    ]
    assert not bad["passed"] and "GateFailed" in bad["error"] and bad["cell"].startswith("Cell 0")
    markdown = (out_dir / "report.md").read_text()
    assert "| 01_good | passed |" in markdown and "| 02_bad | FAILED" in markdown
    assert "1/2 checks passed (not: height)" in markdown
    executed = nbformat.read(out_dir / "01_good.ipynb", as_version=4)
    assert [r["kind"] for r in read_records(executed)] == [
        "setup",
        "source",
        "gate",
        "check",
        "check",
    ]


def test_update_readme_writes_times_and_the_latest_run(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "| # | notebook | learn | CPU | GPU | badges |\n"
        "| 01 | Perceptron | things | old | real-old | gpu-old | b |\n"
        "| 02 | Iris | things | old | real-old | gpu-old | b |\n\n"
        "<!-- latest-run:start -->\nnothing\n<!-- latest-run:end -->\n"
    )
    results = [
        runner.NotebookResult(
            "01_perceptron",
            "cpu",
            True,
            42.0,
            gates=[
                {
                    "name": "xor accuracy",
                    "value": 1.0,
                    "threshold": 0.99,
                    "passed": True,
                    "measure": "accuracy",
                },
                {
                    "name": "xor minus and",
                    "value": 0.5,
                    "threshold": 0.1,
                    "passed": True,
                    "measure": "difference",
                },
            ],
        ),
        runner.NotebookResult("02_mlp_iris", "cpu", False, 700.0),
    ]
    assert runner.update_readme(results, "cpu", latest_run=True, root=tmp_path)
    text = readme.read_text()
    assert "| 01 | Perceptron | things | 42 s (accuracy: 100%) | real-old | gpu-old | b |" in text
    assert "| 02 | Iris | things | failed in the latest run | real-old | gpu-old | b |" in text
    assert "| 01_perceptron | passed | 42 |" in text and "nothing" not in text
    assert not runner.update_readme(results, "smoke", latest_run=True, root=tmp_path)


def test_a_real_data_run_fills_its_own_column_and_leaves_the_latest_run(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "| 01 | Perceptron | things | old | real-old | gpu-old | b |\n\n"
        "<!-- latest-run:start -->\nnothing\n<!-- latest-run:end -->\n"
    )
    results = [runner.NotebookResult("01_perceptron", "cpu", True, 42.0)]
    name = runner.report_name("cpu", real_data_copy=True)
    assert runner.update_readme(results, name, latest_run=False, root=tmp_path)
    text = readme.read_text()
    assert "| 01 | Perceptron | things | old | 42 s | gpu-old | b |" in text
    assert "nothing" in text


def test_a_dead_kernel_and_a_cell_error_are_rows_and_stale_outputs_are_not_read(
    tmp_path, monkeypatch
):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    write_notebook(
        solutions / "01_fine.ipynb",
        ['from course_utils.gates import gate\ngate("accuracy", 0.95, at_least=0.9)'],
    )
    dies = write_notebook(
        solutions / "02_dies.ipynb",
        [
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
            'from course_utils.gates import gate\ngate("accuracy", 0.95, at_least=0.9)',
        ],
    )
    breaks = write_notebook(
        solutions / "03_breaks.ipynb",
        [
            "x = 1",
            "# a comment first\nundefined_name_typo",
            'from course_utils.gates import gate\ngate("accuracy", 0.95, at_least=0.9)',
        ],
    )
    # stored outputs of a run long ago: a gate record in the cells that will not run now
    stale = {
        "output_type": "display_data",
        "metadata": {},
        "data": {
            "text/plain": "✓ old",
            "application/vnd.nn-vision-course.record+json": {
                "kind": "gate",
                "name": "stale",
                "value": 1.0,
                "threshold": 0.5,
                "passed": True,
            },
        },
    }
    for path in (dies, breaks):
        nb = nbformat.read(path, as_version=4)
        nb.cells[-1].outputs = [nbformat.from_dict(stale)]
        nbformat.write(nb, path)
    monkeypatch.setattr(runner, "REPO_ROOT", tmp_path)
    out_dir = tmp_path / "out"
    start = time.monotonic()
    assert runner.main(["--profile", "smoke", "--out", str(out_dir)]) == 1
    assert time.monotonic() - start < 120

    fine, died, broke = json.loads((out_dir / "report.json").read_text())["notebooks"]
    assert fine["passed"] and fine["gates"][0]["name"] == "accuracy"
    assert not died["passed"] and "kernel died" in died["error"]
    assert died["cell"] == "Cell 0: import os, signal" and died["gates"] == []
    assert not broke["passed"] and broke["gates"] == []
    assert broke["error"] == "NameError: name 'undefined_name_typo' is not defined"
    assert broke["cell"] == "Cell 1: undefined_name_typo"
    markdown = (out_dir / "report.md").read_text()
    assert "\x1b" not in markdown and "stale" not in markdown
    assert "| 03_breaks | FAILED in Cell 1: undefined_name_typo: NameError" in markdown
    assert (out_dir / "kernels.log").exists()


def test_ctrl_c_writes_a_report_marked_interrupted(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    write_notebook(solutions / "01_quick.ipynb", ["print('quick')"])
    write_notebook(solutions / "02_slow.ipynb", ["import time\ntime.sleep(120)"])
    write_notebook(solutions / "03_never.ipynb", ["print('never')"])
    out_dir = tmp_path / "out"
    script = (
        "import sys; from pathlib import Path; from course_tools import runner; "
        f"runner.REPO_ROOT = Path({str(tmp_path)!r}); "
        f"sys.exit(runner.main(['--profile', 'smoke', '--out', {str(out_dir)!r}]))"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COURSE_PROFILE": "smoke"},
    )
    deadline = time.monotonic() + 90
    while not (out_dir / "01_quick.ipynb").exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(4)  # 02's kernel is starting or sleeping
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=90)
    assert process.returncode == 130, output
    report = json.loads((out_dir / "report.json").read_text())
    assert report["interrupted"]
    names = [r["notebook"] for r in report["notebooks"]]
    assert names[0] == "01_quick" and "03_never" not in names
    assert report["notebooks"][0]["passed"]
    assert "Interrupted" in (out_dir / "report.md").read_text()
    assert "Traceback" not in output


def test_storing_a_cpu_run_rewrites_the_header_time_line(tmp_path):
    from nbformat.v4 import new_markdown_cell

    path = write_notebook(tmp_path / "01_x.ipynb", ["print(1)"])
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, new_markdown_cell("# 01\n\n**Time**: 9 hours, measured by hand.\n\nMore."))
    result = runner.NotebookResult(
        "01_x",
        "cpu",
        True,
        75.0,
        device="CPU: 2 cores",
        sources=[{"dataset": "MNIST", "source": "x", "real": False, "stand_in": True}],
    )
    runner.store_outputs({path: nb}, [result])
    header = nbformat.read(path, as_version=4).cells[0].source
    assert "9 hours" not in header and header.endswith("\n\nMore.")
    assert (
        "**Time**: about 5 minutes to read and work through, of which about 1 minute of "
        "computing on a 2-core laptop. The outputs shown come from such a run, on the "
        "course's offline stand-ins."
    ) in header
