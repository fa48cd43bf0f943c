"""The one notebook executor (course_tools.execution) in real kernels: a widget cell does not
stall it, a cell that ignores interrupts costs one timeout, and a flood of output is capped.

Issue 26 saw nbclient block after 01b's widget cell until the cell timeout (nbclient #312);
issue 27 saw a sleeping answer that ignores SIGINT hold a class run for ten minutes.
"""

from __future__ import annotations

import time

import nbformat
import pytest

from course_tools.execution import run_notebook

pytest.importorskip("ipywidgets")


def notebook(*sources: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])


def test_a_widget_cell_and_the_cells_after_it_finish_long_before_the_timeout(tmp_path):
    nb = notebook(
        "import ipywidgets as widgets\n"
        "from IPython.display import display\n"
        "slider = widgets.IntSlider(value=3, min=0, max=10)\n"
        "out = widgets.interactive(lambda k: print('k =', k), k=slider)\n"
        "display(out)",
        "slider.value = 7\nprint('after the widget')",
    )
    start = time.monotonic()
    result = run_notebook(nb, cwd=tmp_path, timeout=120)
    assert result.failure is None, result.failure
    assert time.monotonic() - start < 60  # a stall waits for the 120 s cell timeout
    assert "after the widget" in nb.cells[1].outputs[0]["text"]


def test_a_cell_that_ignores_interrupts_costs_one_timeout_then_its_kernel_is_killed(tmp_path):
    nb = notebook(
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(600)",
        "print('never')",
    )
    start = time.monotonic()
    result = run_notebook(nb, cwd=tmp_path, timeout=5)
    assert result.failure is not None and result.failure.kind == "timeout"
    assert result.failure.cell_index == 0
    assert time.monotonic() - start < 60
    assert nb.cells[1].outputs == []


def test_a_flood_of_output_is_capped(tmp_path):
    nb = notebook("print('x' * 2_000_000)")
    result = run_notebook(nb, cwd=tmp_path, timeout=60, output_limit=10_000)
    assert result.failure is None
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert len(text) < 12_000
