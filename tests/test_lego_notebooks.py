"""Notebook 05 under a change its "more to try" list invites: ``IMAGE_SIZE = 32``.

A student who lowers the image size to 32 pixels gets a network that learns far less. In a
student's session (``COURSE_STRICT`` unset) the notebook must still run to its last cell and
say so in the gate's friendly paragraph, never in a traceback; where the course is verified
(``COURSE_STRICT=1``: pytest, the runner, the graders) the same values must fail on the gate.

The run is kept cheap: the ``cpu`` profile (whose thresholds the gates hold the run to) with
10 images per class and one epoch, so the gates surely miss; the strict half re-runs the gate
cell in the same kernel with ``COURSE_STRICT=1``, on the same values.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
from notebook_files import cell_text

from course_tools.execution import run_notebook
from course_utils.gates import MISSED_ADVICE

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "solutions" / "05_lego_alexnet.ipynb"

#: The student's change, and the short run that keeps the test cheap.
CHANGES = {"IMAGE_SIZE": "32", "PER_CLASS": "10", "EPOCHS": "1"}


def _edited_notebook() -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        cell.outputs = [] if cell.cell_type == "code" else cell.get("outputs")
        if cell.cell_type == "markdown":
            cell.pop("outputs", None)
    sizes = next(
        c for c in nb.cells if c.cell_type == "code" and "IMAGE_SIZE = profile.pick" in c.source
    )
    for name, value in CHANGES.items():
        sizes.source, count = re.subn(
            rf"^{name} = profile\.pick\([^)]*\)", f"{name} = {value}", sizes.source, flags=re.M
        )
        assert count == 1, f"no line '{name} = profile.pick(...)' in the sizes cell"
    return nb


def _gate_cell_index(nb: nbformat.NotebookNode) -> int:
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.cell_type == "code" and c.source.lstrip().startswith("gate(")
    )


def test_image_size_32_misses_the_gate_kindly_and_fails_it_strictly(tmp_path: Path) -> None:
    nb = _edited_notebook()
    gate_index = _gate_cell_index(nb)
    # The strict half: the same gate cell again, in the same kernel, where the course is verified.
    nb.cells.append(nbformat.v4.new_code_cell('import os\nos.environ["COURSE_STRICT"] = "1"'))
    nb.cells.append(nbformat.v4.new_code_cell(nb.cells[gate_index].source))
    env = dict(
        os.environ,
        COURSE_PROFILE="cpu",
        COURSE_OFFLINE="1",
        COURSE_STRICT="0",
        COURSE_STRICT_CHECKS="0",
        COURSE_CACHE_DIR=str(tmp_path / "cache"),
        KAGGLEHUB_CACHE=str(tmp_path / "kagglehub"),
        MPLBACKEND="Agg",
    )
    env.pop("COURSE_DATA_DIR", None)
    env.pop("COURSE_DRY_RUN", None)
    result = run_notebook(nb, cwd=tmp_path, timeout=600, env=env)

    # Student mode: every cell of the notebook ran, and the gate explained itself.
    assert result.failure is not None, "the strict gate cell at the end should have failed"
    assert result.failure.cell_index == len(nb.cells) - 1, result.failure
    student_gate = cell_text(nb.cells[gate_index])
    assert "✗" in student_gate and MISSED_ADVICE.splitlines()[0].strip() in student_gate
    assert "Traceback" not in student_gate and "GateFailed" not in student_gate
    for cell in nb.cells[:-2]:
        assert not any(o.get("output_type") == "error" for o in cell.get("outputs", [])), cell_text(
            cell
        )[:500]
    assert "32 px" in cell_text(next(c for c in nb.cells if "IMAGE_SIZE = 32" in c.source))

    # Strict mode: the same values fail on the gate, in one line.
    assert "GateFailed" in result.failure.message or "GateFailed" in cell_text(nb.cells[-1])
