"""A notebook whose kernel dies fails under pytest/nbval in seconds, naming the cell."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from notebook_files import write_notebook

from course_tools import nbval_guard


def _pytest(folder: Path, *args: str) -> tuple[subprocess.CompletedProcess, float]:
    (folder / "pytest.ini").write_text("[pytest]\n")  # keep the course's addopts out
    start = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval-lax",
            "-p",
            "no:cacheprovider",
            "-p",
            "course_tools.nbval_guard",
            *args,
        ],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=240,
    )
    return done, time.monotonic() - start


def test_a_killed_kernel_fails_its_cell_within_two_minutes(tmp_path):
    write_notebook(
        tmp_path / "dies.ipynb",
        [
            "x = 1",
            "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
            "print(x)",
        ],
    )
    done, seconds = _pytest(tmp_path, "dies.ipynb")
    assert done.returncode == 1, done.stdout
    assert seconds < 120
    assert "dies.ipynb::Cell 1" in done.stdout
    assert "the kernel died while running this cell: killed by SIGKILL" in done.stdout
    assert "1 failed, 1 passed, 1 skipped" in done.stdout


def test_a_healthy_notebook_still_passes_and_slow_cells_are_not_cut_short(tmp_path):
    # a cell longer than one polling slice must not be mistaken for a dead kernel
    write_notebook(
        tmp_path / "fine.ipynb",
        [f"import time\ntime.sleep({nbval_guard.POLL_SECONDS * 2})", "print('done')"],
    )
    done, _ = _pytest(tmp_path, "fine.ipynb")
    assert done.returncode == 0, done.stdout
    assert "2 passed" in done.stdout


def test_a_hanging_cell_still_times_out(tmp_path):
    write_notebook(tmp_path / "hangs.ipynb", ["import time\ntime.sleep(600)"])
    done, seconds = _pytest(tmp_path, "hangs.ipynb", "--nbval-cell-timeout=3")
    assert done.returncode == 1
    assert seconds < 60
    assert "Timeout" in done.stdout


class _Config:
    """The parts of a pytest config that the plugin reads."""

    def __init__(self, args: list[str]):
        self.invocation_params = type("Params", (), {"args": tuple(args)})()
        self.option = type("Options", (), {"nbval_cell_timeout": 2000.0})()

    def getini(self, name: str) -> list[str]:
        return []


def test_the_cell_timeout_follows_the_profile_unless_given(monkeypatch):
    monkeypatch.delenv("PYTEST_ADDOPTS", raising=False)
    for profile in ("smoke", "cpu", "full"):
        monkeypatch.setenv("COURSE_PROFILE", profile)
        config = _Config([])
        nbval_guard.pytest_configure(config)
        assert config.option.nbval_cell_timeout == nbval_guard.CELL_TIMEOUTS[profile]
    config = _Config(["--nbval-cell-timeout=42"])
    nbval_guard.pytest_configure(config)
    assert config.option.nbval_cell_timeout == 2000.0  # what the user gave wins (nbval parsed it)
