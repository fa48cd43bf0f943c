"""The course runner: execute the solution notebooks headlessly and report on the run.

``python -m course_utils run [--profile P] [--notebooks 01 02 ...] [--seed N] [--store]
[--report] [--dry-run]``

For each notebook it clears the stored outputs, executes it in a fresh kernel and writes
the executed copy to ``runs/<profile>/``. It collects what the notebook recorded (see
:mod:`course_utils.records`): the setup banner (profile, device), the data sources, and
every accuracy gate with its value and threshold; it also counts warnings printed to
stderr. A failing notebook (a cell error, a dead kernel, a timeout) is recorded with the
cell that failed and the error in one line, and the runner carries on with the next one;
Ctrl-C stops the run. Either way the report is written (``report.md`` and
``report.json``), after every notebook, so nothing finished is lost; an interrupted run
says so. The kernels' own stderr (TensorFlow's C++ log, Jupyter's notices) goes to
``kernels.log`` beside the report, not to the console.

``--report`` writes the report of a fully passing run of every notebook into
``reports/<name>.md`` and ``.json`` and its times into the README's table, where ``<name>``
is the profile, with ``-real`` when ``COURSE_DATA_DIR`` names a local copy of the real data
(see :func:`report_name`): ``reports/cpu.md`` is the stand-ins' run, ``reports/cpu-real.md``
the real MNIST and CIFAR-10's. ``--store`` does the same and also copies the outputs back
into ``solutions/`` (the outputs the course ships) and the report into the README's
"latest run" section.

``--dry-run`` (for the ``full`` profile on a CPU) runs every cell with the profile's real
data and model sizes, but every ``fit`` stops after a few steps and gates are reported,
not enforced (see :mod:`course_utils.dryrun`). It catches what only that profile
does (224-pixel models, whole datasets, memory, paths) in minutes instead of hours.

This is what an instructor runs to check a machine before class.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from course_utils import fitlog
from course_utils.paths import REPO_ROOT, SOLUTIONS
from course_utils.records import MIME_TYPE as RECORD_MIME
from course_utils.records import read_records

# The first line of a printed warning: "path:line: CategoryWarning: message".
WARNING_LINE = re.compile(r":\d+: (\w*Warning): ")
ANSI_CODE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class NotebookResult:
    """What one notebook's run produced."""

    notebook: str
    profile: str
    passed: bool
    seconds: float
    device: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)  # exercise checks, in order
    warnings: int = 0
    deprecation_warnings: int = 0
    error: str = ""
    cell: str = ""  # the cell that failed, as nbval names it, with its first line
    fits: list[dict[str, Any]] = field(default_factory=list)  # training runs (fitlog.table)


def count_warnings(nb: Any) -> tuple[int, int]:
    """Count warning lines on stderr: ``(all warnings, deprecation warnings)``.

    Example:
        >>> count_warnings({"cells": [{"outputs": [{"output_type": "stream",
        ...     "name": "stderr", "text": "x.py:1: DeprecationWarning: old\\n  f()"}]}]})
        (1, 1)
    """
    total = deprecations = 0
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") != "stream" or output.get("name") != "stderr":
                continue
            text = output.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                match = WARNING_LINE.search(line)
                if match:
                    total += 1
                    if "Deprecation" in match.group(1):
                        deprecations += 1
    return total, deprecations


def find_notebooks(selection: list[str] | None, root: Path = REPO_ROOT) -> list[Path]:
    """Solution notebooks whose names start with one of ``selection`` (all when empty)."""
    paths = sorted((root / SOLUTIONS).glob("*.ipynb"))
    if not selection:
        return paths
    chosen = [p for p in paths if any(p.stem.startswith(s) for s in selection)]
    missing = [s for s in selection if not any(p.stem.startswith(s) for p in paths)]
    if missing:
        names = ", ".join(p.stem for p in paths)
        raise SystemExit(f"no solution notebook matches {', '.join(missing)} (have: {names})")
    return chosen


def one_line(text: str, limit: int = 300) -> str:
    """The last non-empty line of an error text, without terminal colour codes.

    Example:
        >>> one_line("Traceback...\\n\\x1b[31mNameError\\x1b[39m: name 'x' is not defined\\n")
        "NameError: name 'x' is not defined"
    """
    lines = [line.strip() for line in ANSI_CODE.sub("", text).splitlines() if line.strip()]
    return (lines[-1] if lines else "")[:limit]


def clear_outputs(nb: Any) -> None:
    """Remove stored outputs, so that a record can only come from this run's cells."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None


class Interrupted(Exception):
    """The run was stopped with Ctrl-C; the notebook's result is recorded as interrupted."""


class CtrlC:
    """While active, the first Ctrl-C interrupts the running kernel, as Jupyter's stop
    button does, so that the cell ends with ``KeyboardInterrupt`` and the kernel shuts down
    cleanly; the run then stops after writing its report. A second Ctrl-C stops at once.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.kernel_pid: int | None = None
        self._previous: Any = None

    def __enter__(self) -> CtrlC:
        self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: Any) -> None:
        signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: Any) -> None:
        self.pressed = True
        signal.signal(signal.SIGINT, signal.default_int_handler)  # the second press
        if self.kernel_pid is None:
            raise KeyboardInterrupt
        try:
            os.kill(self.kernel_pid, signal.SIGINT)
        except OSError:
            raise KeyboardInterrupt from None


def _progress(total: int, description: str) -> Any:
    """A progress bar over a notebook's code cells, on terminals only."""
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=description, unit="cell", leave=False, disable=None)


def execute(
    path: Path,
    out_dir: Path,
    profile: str,
    timeout: int,
    *,
    log: Any = None,
    label: str = "",
    ctrl_c: CtrlC | None = None,
) -> tuple[NotebookResult, Any]:
    """Run one notebook in a fresh kernel; return its result and the executed notebook.

    Never raises for a failure inside the notebook (cell error, dead kernel, timeout): the
    result says what failed and where. Raises :class:`Interrupted` on Ctrl-C, after the
    partial result is written. The kernel's stderr goes to ``log`` (``kernels.log``).
    """
    import contextlib

    import nbformat

    from course_tools.execution import CellFailure, RunResult, run_notebook

    nb = nbformat.read(path, as_version=4)
    clear_outputs(nb)
    os.environ["COURSE_PROFILE"] = profile
    code_cells = [index for index, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    bar = _progress(len(code_cells), label or path.stem)
    ctrl_c = ctrl_c or CtrlC()

    def on_cell_start(cell: Any, cell_index: int) -> None:
        if ctrl_c.pressed:
            raise Interrupted("Ctrl-C between cells")
        bar.update(1)

    def on_kernel_pid(pid: int | None) -> None:
        ctrl_c.kernel_pid = pid

    outcome: dict[str, RunResult] = {}

    def work() -> None:
        outcome["run"] = run_notebook(
            nb,
            cwd=path.parent,
            timeout=timeout,
            kernel_log=log,
            on_cell_start=on_cell_start,
            on_kernel_pid=on_kernel_pid,
        )

    # In a worker thread the run leaves SIGINT alone, so Ctrl-C reaches CtrlC in the main
    # thread, which interrupts the kernel as Jupyter's stop button does.
    worker = threading.Thread(target=work, name=f"run {path.stem}", daemon=True)
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.2)
    except KeyboardInterrupt:  # a second Ctrl-C, or one before the kernel started
        ctrl_c.pressed = True
        if ctrl_c.kernel_pid is not None:
            with contextlib.suppress(OSError):
                os.kill(ctrl_c.kernel_pid, signal.SIGKILL)
        worker.join(30)
    finally:
        ctrl_c.kernel_pid = None
        bar.close()
    run = outcome.get("run") or RunResult(CellFailure("interrupted", "interrupted (Ctrl-C)"), 0.0)
    failure = run.failure
    interrupted = ctrl_c.pressed
    error = cell_name = ""
    if interrupted:
        error = "interrupted (Ctrl-C)"
    elif failure is not None:
        error = failure.message
        if failure.kind == "dead":
            error += "; see kernels.log"
    if error and failure is not None and failure.cell_index is not None:
        number = code_cells.index(failure.cell_index)
        first = next(
            (
                line
                for line in nb.cells[failure.cell_index].source.splitlines()
                if line.strip() and not line.startswith("#")
            ),
            "",
        )
        cell_name = f"Cell {number}: {first.strip()[:80]}"
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / path.name)

    records = read_records(nb)
    setup = next((r for r in records if r["kind"] == "setup"), {})
    gates = [r for r in records if r["kind"] == "gate"]
    warnings, deprecations = count_warnings(nb)
    result = NotebookResult(
        notebook=path.stem,
        profile=setup.get("profile", profile),
        passed=not error,
        seconds=round(run.seconds, 1),
        device=setup.get("device", ""),
        sources=[
            {
                "dataset": r["dataset"],
                "source": r["source"],
                "real": r["real"],
                "stand_in": r.get("stand_in", not r["real"]),
            }
            for r in records
            if r["kind"] == "source"
        ],
        gates=[
            {
                "name": g["name"],
                "value": g["value"],
                "threshold": g["threshold"],
                "passed": g["passed"],
                "measure": g.get("measure", ""),
                **({"dry_run": True} if g.get("dry_run") else {}),
            }
            for g in gates
        ],
        checks=[
            {"name": c["name"], "passed": c["passed"], "problems": c["problems"]}
            for c in records
            if c["kind"] == "check"
        ],
        warnings=warnings,
        deprecation_warnings=deprecations,
        error=error,
        cell=cell_name,
        fits=fitlog.table(records),
    )
    if any(not g["passed"] and not g.get("dry_run") for g in gates):
        result.passed = False
    if interrupted:
        raise Interrupted(result, nb)
    return result, nb


def checks_summary(result: NotebookResult) -> str:
    """How many exercise checks passed, naming those that did not.

    Example:
        >>> r = NotebookResult("01", "smoke", True, 1.0, checks=[
        ...     {"name": "predict", "passed": True, "problems": []},
        ...     {"name": "update", "passed": False, "problems": ["not attempted yet"]}])
        >>> checks_summary(r)
        '1/2 checks passed (not: update)'
    """
    passed = sum(c["passed"] for c in result.checks)
    failed = [c["name"] for c in result.checks if not c["passed"]]
    return f"{passed}/{len(result.checks)} checks passed" + (
        f" (not: {', '.join(failed)})" if failed else ""
    )


def _cell_text(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_name(profile: str, real_data_copy: bool, dry_run: bool = False) -> str:
    """The file name (without suffix) of a run's report in ``reports/``.

    Example:
        >>> report_name("cpu", False), report_name("cpu", True), report_name("full", False, True)
        ('cpu', 'cpu-real', 'full-dry-run')
    """
    return profile + ("-real" if real_data_copy else "") + ("-dry-run" if dry_run else "")


def gate_summary(gate: dict) -> str:
    """One gate for the report's table: value, threshold (none in ``smoke``) and verdict.

    >>> gate_summary({"name": "cnn", "value": 0.99, "threshold": None, "passed": True})
    'cnn 0.990 (no threshold)'
    """
    threshold = gate.get("threshold")
    bound = "(no threshold)" if threshold is None else f">= {threshold:.3f}"
    verdict = "" if gate["passed"] else " (not enforced)" if gate.get("dry_run") else " FAILED"
    return f"{gate['name']} {gate['value']:.3f} {bound}{verdict}"


def markdown_report(
    results: list[NotebookResult],
    *,
    dry_run: bool = False,
    interrupted: bool = False,
    data_dir: str = "",
    seed: int | None = None,
) -> str:
    """The report as a Markdown document."""
    lines = ["# Course run report" + (" (dry run)" if dry_run else ""), ""]
    if results:
        lines += [f"Profile: `{results[0].profile}`  ", f"Device: {results[0].device}  "]
    if seed is not None:
        lines += [f"Seed: {seed} (COURSE_SEED)  "]
    if data_dir:
        lines += [f"Local data copy: `{data_dir}` (COURSE_DATA_DIR)  "]
    if dry_run:
        lines += [
            "Dry run: every cell ran with this profile's data and model sizes, but each "
            "`fit` stopped after a few steps; gates were reported, not enforced, so the "
            "accuracies below say nothing about learning.  "
        ]
    if interrupted:
        lines += ["**Interrupted** (Ctrl-C): the notebooks after the last row did not run.  "]
    lines += [
        "",
        "| notebook | result | time (s) | data sources | accuracy gates | exercise checks "
        "| warnings (deprecation) |",
        "|---|---|---:|---|---|---|---:|",
    ]
    for r in results:
        sources = (
            "; ".join(
                f"{s['dataset']}: {s['source']}"
                + (
                    " (stand-in)"
                    if s.get("stand_in", not s["real"])
                    else ""
                    if s["real"]
                    else " (generated)"
                )
                for s in r.sources
            )
            or "-"
        )
        gates = "; ".join(gate_summary(g) for g in r.gates) or "-"
        if r.passed:
            status = "passed"
        else:
            where = f" in {r.cell}" if r.cell else ""
            status = f"FAILED{where}: {r.error}" if r.error else "FAILED"
        lines.append(
            f"| {r.notebook} | {_cell_text(status)} | {r.seconds:.0f} | "
            f"{_cell_text(sources)} | {_cell_text(gates)} | {checks_summary(r)} | "
            f"{r.warnings} ({r.deprecation_warnings}) |"
        )
    total = sum(r.seconds for r in results)
    lines += ["", f"Total time: {total:.0f} s"]
    if dry_run and any(r.fits for r in results):
        lines += [
            "",
            "## The profile on paper",
            "",
            "The training this profile asks for (epochs x steps x batch size of every "
            "`fit`), its floating-point work (6 per multiply-add per image), and an "
            "estimated time on a Colab T4 GPU: the dry run's time outside training plus "
            f"the training work at {fitlog.GPU_TRAINING_FLOPS / 1e12:.1f} TFLOP/s (35% of "
            "a T4's float32 peak; an assumption, not a measurement).",
            "",
            "| notebook | planned training images | training TFLOP | estimated T4 time |",
            "|---|---:|---:|---:|",
        ]
        for r in results:
            flops = fitlog.planned_training_flops(r.fits)
            images = sum(f.get("planned images") or 0 for f in r.fits)
            estimate = estimated_gpu_seconds(r)
            lines.append(
                f"| {r.notebook} | {images:,} | "
                + ("-" if flops is None else f"{flops / 1e12:,.1f}")
                + " | "
                + ("-" if estimate is None else format_duration(estimate))
                + " |"
            )
    if any(r.fits for r in results):
        lines += [
            "",
            "## Training runs",
            "",
            "Every `fit` of the run: images seen (steps x batch size, all epochs), "
            "multiply-adds per image, images per second, seconds, and the arithmetic "
            "rate that implies (training ~ 3 forward passes, 2 FLOPs per multiply-add).",
            "",
            "| notebook | model | epochs | images | MACs/image | images/s | seconds | GFLOP/s |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            for f in r.fits:

                def number(value: Any, spec: str = ",") -> str:
                    return "-" if value is None else format(value, spec)

                lines.append(
                    f"| {r.notebook} | {f['model']} | {f['epochs']} | "
                    f"{number(f['images'])} | {number(f['MACs/image'])} | "
                    f"{number(f['images/s'], ',.0f')} | {f['seconds']:.1f} | "
                    f"{number(f['GFLOP/s'])} |"
                )
    return "\n".join(lines) + "\n"


def json_report(
    results: list[NotebookResult],
    *,
    dry_run: bool = False,
    interrupted: bool = False,
    data_dir: str = "",
    seed: int | None = None,
) -> str:
    """The report as JSON: the run's facts and one object per notebook."""
    return (
        json.dumps(
            {
                "profile": results[0].profile if results else "",
                "seed": seed,
                "dry_run": dry_run,
                "interrupted": interrupted,
                "data_dir": data_dir,
                "seconds": round(sum(r.seconds for r in results), 1),
                "notebooks": [asdict(r) for r in results],
            },
            indent=2,
        )
        + "\n"
    )


LATEST_START = "<!-- latest-run:start -->"
LATEST_END = "<!-- latest-run:end -->"
#: The README table's time columns, by report name. A dry run of ``full`` fills the GPU
#: column with an estimate until a real GPU run replaces it.
COLUMNS = {"cpu": 3, "cpu-real": 4, "full": 5, "full-dry-run": 5}


def estimated_gpu_seconds(result: NotebookResult) -> float | None:
    """A ``full`` notebook's time on a Colab T4, estimated from its dry run: the dry run's
    time outside training (data, rendering, evaluation on this CPU) plus the planned
    training FLOPs at :data:`course_utils.fitlog.GPU_TRAINING_FLOPS`.

    Example:
        >>> r = NotebookResult("04_x", "full", True, 100.0, fits=[{"seconds": 40.0,
        ...     "MACs/image": 1e9, "planned images": 1_000_000}])
        >>> round(estimated_gpu_seconds(r))
        2176
    """
    flops = fitlog.planned_training_flops(result.fits)
    if flops is None:
        return None
    outside = max(0.0, result.seconds - sum(f["seconds"] for f in result.fits))
    return outside + flops / fitlog.GPU_TRAINING_FLOPS


def format_duration(seconds: float) -> str:
    """``42 -> '42 s'``, ``500 -> '8 min'``.

    Example:
        >>> format_duration(42), format_duration(500)
        ('42 s', '8 min')
    """
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def is_headline_accuracy(gate: dict[str, Any]) -> bool:
    """Whether a gate measures an accuracy itself (not a difference, ratio or count): its
    record's ``measure``, which :mod:`course_utils.thresholds` sets for every claim.

    Example:
        >>> is_headline_accuracy({"name": "CNN test accuracy", "measure": "accuracy"})
        True
        >>> is_headline_accuracy({"name": "CNN minus MLP", "measure": "difference"})
        False
    """
    return gate.get("measure") == "accuracy"


def update_readme(
    results: list[NotebookResult], name: str, latest_run: bool, root: Path = REPO_ROOT
) -> bool:
    """Write a run's times into the README's notebook table (and, if ``latest_run``, its
    report between the ``latest-run`` markers). Returns True if changed.

    ``name`` is the run's :func:`report_name`; only ``cpu``, ``cpu-real`` and ``full`` have a
    column, so ``smoke`` changes nothing.
    """
    path = root / "README.md"
    if name not in COLUMNS or not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for result in results:
        number = result.notebook.split("_")[0]
        for index, line in enumerate(lines):
            if line.startswith(f"| {number} |"):
                cells = line.split(" | ")
                if name.endswith("dry-run"):
                    estimate = estimated_gpu_seconds(result)
                    cells[COLUMNS[name]] = (
                        "not estimated"
                        if estimate is None
                        else f"about {format_duration(estimate)} (estimate)"
                    )
                    lines[index] = " | ".join(cells)
                    continue
                gates = ", ".join(
                    f"{g['value']:.0%}" for g in result.gates if is_headline_accuracy(g)
                )
                cells[COLUMNS[name]] = (
                    format_duration(result.seconds) if result.passed else "failed in the latest run"
                )
                if gates and result.passed:
                    cells[COLUMNS[name]] += f" (accuracy: {gates})"
                lines[index] = " | ".join(cells)
    new = "\n".join(lines)
    if latest_run and LATEST_START in new and LATEST_END in new:
        head, rest = new.split(LATEST_START, 1)
        _, tail = rest.split(LATEST_END, 1)
        body = markdown_report(results).replace("# Course run report\n\n", "")
        new = f"{head}{LATEST_START}\n{body}{LATEST_END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


TIME_LINE = re.compile(r"^\*\*Time\*\*.*$", re.M)


#: How long a beginner takes, for the estimate in each notebook's first cell: reading the
#: text (technical prose with formulas), reading and running a code cell, doing an exercise.
READING_WORDS_PER_MINUTE = 120
MINUTES_PER_CODE_CELL = 0.66
MINUTES_PER_EXERCISE = 8


def study_minutes(nb: Any, compute_seconds: float) -> int:
    """A beginner's time for a notebook, in minutes rounded to 5: reading, running the code
    cells, the graded exercises, and the computer's own time.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("word " * 2400)]
        ...     + [nbformat.v4.new_code_cell("x") for _ in range(30)])
        >>> study_minutes(nb, compute_seconds=120)
        40
    """
    words = sum(len(cell.source.split()) for cell in nb.cells if cell.cell_type == "markdown")
    code = sum(cell.cell_type == "code" for cell in nb.cells)
    exercises = sum(
        bool(cell.get("metadata", {}).get("nbgrader", {}).get("grade")) for cell in nb.cells
    )
    minutes = (
        words / READING_WORDS_PER_MINUTE
        + code * MINUTES_PER_CODE_CELL
        + exercises * MINUTES_PER_EXERCISE
        + compute_seconds / 60
    )
    return max(5, int(5 * round(minutes / 5)))


def time_line(result: NotebookResult, nb: Any) -> str:
    """The first cell's ``**Time**`` sentence, in plain words, from a stored ``cpu`` run.

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("word " * 2400)])
        >>> print(time_line(NotebookResult("01_x", "cpu", True, 150.0, device="CPU: 2 cores",
        ...       sources=[{"dataset": "Iris", "source": "sklearn", "real": True}]), nb))
        ... # doctest: +NORMALIZE_WHITESPACE
        **Time**: about 20 minutes to read and work through, of which about 2 minutes of
        computing on a 2-core laptop. The outputs shown come from such a run, on the real data.
    """
    stand_in = any(s.get("stand_in", not s["real"]) for s in result.sources)
    data = "the course's offline stand-ins" if stand_in else "the real data"
    compute = max(1, round(result.seconds / 60))
    machine = "a 2-core laptop"
    if "AVX-512" in result.device:  # about twice an ordinary (AVX2) laptop's speed: say so
        machine = "a fast 2-core CPU (up to twice that on a laptop without AVX-512)"
    return (
        f"**Time**: about {study_minutes(nb, result.seconds)} minutes to read and work "
        f"through, of which about {compute} minute{'s' if compute > 1 else ''} of computing "
        f"on {machine}. The outputs shown come from such a run, on {data}."
    )


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
PROGRESS_BAR = re.compile(r"\d+%\|")


def drop_fit_records(nb: Any) -> int:
    """Remove the runner's ``fit`` records (they are in the report) from stored outputs."""
    dropped = 0
    for cell in nb.cells:
        if "outputs" not in cell:
            continue
        kept = [
            o for o in cell.outputs if o.get("data", {}).get(RECORD_MIME, {}).get("kind") != "fit"
        ]
        dropped += len(cell.outputs) - len(kept)
        cell.outputs = kept
    return dropped


def drop_progress_bars(nb: Any) -> int:
    """Remove tqdm progress-bar widgets from a notebook's outputs; return how many.

    A stored notebook has no widget state, so a bar would show as a frozen "0%|" line.

    Example:
        >>> import nbformat
        >>> cell = nbformat.v4.new_code_cell("x")
        >>> cell.outputs = [nbformat.v4.new_output("display_data", data={
        ...     WIDGET_VIEW: {"model_id": "1"}, "text/plain": "rendering:   0%|  | 0/3200"})]
        >>> drop_progress_bars(nbformat.v4.new_notebook(cells=[cell])), cell.outputs
        (1, [])
    """
    dropped = 0
    for cell in nb.cells:
        kept = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data and PROGRESS_BAR.search(str(data.get("text/plain", ""))):
                dropped += 1
            else:
                kept.append(output)
        if "outputs" in cell:
            cell.outputs = kept
    return dropped


def store_outputs(executed: dict[Path, Any], results: list[NotebookResult] | None = None) -> None:
    """Write executed notebooks back to ``solutions/`` (the outputs the course ships), with
    each header's ``**Time**`` line rewritten from this run (``cpu`` runs only) and no
    progress-bar widgets."""
    import nbformat

    by_name = {r.notebook: r for r in results or []}
    for path, nb in executed.items():
        nb.metadata.pop("widgets", None)
        drop_progress_bars(nb)
        drop_fit_records(nb)
        result = by_name.get(path.stem)
        if (
            result is not None
            and result.profile == "cpu"
            and nb.cells
            and nb.cells[0].cell_type == "markdown"
        ):
            nb.cells[0].source = TIME_LINE.sub(
                time_line(result, nb).replace("\\", "\\\\"), nb.cells[0].source
            )
        nbformat.write(nb, path)


@dataclass
class RunConfig:
    """One ``python -m course_utils run``: what to run, how, and what to publish."""

    profile: str
    notebooks: list[str]
    out_dir: Path
    timeout: int
    dry_run: bool = False
    store: bool = False
    report: bool = False
    data_dir: str = ""
    seed: int = 42
    default_out: bool = True  # a dry run writes reports/ only into the default folder

    @property
    def name(self) -> str:
        """The report's name (:func:`report_name`)."""
        return report_name(self.profile, bool(self.data_dir), self.dry_run)

    @property
    def complete(self) -> bool:
        """Whether every notebook runs (only a complete run writes ``reports/``)."""
        return not self.notebooks

    def reports(self, results: list[NotebookResult], interrupted: bool = False) -> tuple[str, str]:
        """The Markdown and JSON reports of ``results``."""
        return (
            markdown_report(
                results,
                interrupted=interrupted,
                dry_run=self.dry_run,
                data_dir=self.data_dir,
                seed=self.seed,
            ),
            json_report(
                results,
                interrupted=interrupted,
                dry_run=self.dry_run,
                data_dir=self.data_dir,
                seed=self.seed,
            ),
        )


def set_run_environment(config: RunConfig) -> None:
    """The environment every kernel of the run inherits: the course verified strictly (a
    missed gate fails its notebook), training runs recorded, a dry run's cut, and small
    figures only when the outputs are stored."""
    os.environ["COURSE_SEED"] = str(config.seed)
    os.environ["COURSE_STRICT"] = "1"
    os.environ["COURSE_RECORD_FITS"] = "1"
    for name, on in (("COURSE_DRY_RUN", config.dry_run), ("COURSE_STORE_FIGURES", config.store)):
        if on:
            os.environ[name] = "1"
        else:
            os.environ.pop(name, None)


def run_notebooks(
    config: RunConfig, paths: list[Path]
) -> tuple[list[NotebookResult], dict[Path, Any], bool]:
    """Run ``paths`` one by one; the report is rewritten after each. Returns the results,
    the executed notebooks and whether Ctrl-C stopped the run."""
    config.out_dir.mkdir(parents=True, exist_ok=True)
    log_path = config.out_dir / "kernels.log"
    print(
        f"Running {len(paths)} notebook(s) in the '{config.profile}' profile"
        f"{' (dry run)' if config.dry_run else ''}; executed copies and the report go to "
        f"{config.out_dir}, the kernels' stderr to {log_path}",
        flush=True,
    )
    results: list[NotebookResult] = []
    executed: dict[Path, Any] = {}
    interrupted = False

    def write_reports() -> None:
        markdown, data = config.reports(results, interrupted)
        (config.out_dir / "report.md").write_text(markdown, encoding="utf-8")
        (config.out_dir / "report.json").write_text(data, encoding="utf-8")

    with open(log_path, "w", encoding="utf-8") as log, CtrlC() as ctrl_c:
        for number, path in enumerate(paths, start=1):
            label = f"[{number}/{len(paths)}] {path.stem}"
            log.write(f"===== {path.stem}\n")
            log.flush()
            try:
                result, nb = execute(
                    path,
                    config.out_dir,
                    config.profile,
                    config.timeout,
                    log=log,
                    label=label,
                    ctrl_c=ctrl_c,
                )
            except Interrupted as stop:
                result, nb = stop.args
                interrupted = True
            except KeyboardInterrupt:
                interrupted = True
                break
            finally:
                log.flush()
            results.append(result)
            executed[path] = nb
            gates = f"{sum(g['passed'] for g in result.gates)}/{len(result.gates)} gates passed"
            where = f" in {result.cell}" if result.cell else ""
            status = "passed" if result.passed else f"FAILED{where}: {result.error}"
            print(
                f"{label}: {status}; {result.seconds:.0f} s; {gates}; {checks_summary(result)}; "
                f"{result.warnings} warnings",
                flush=True,
            )
            write_reports()
            if interrupted:
                break
    write_reports()
    return results, executed, interrupted


def publish(config: RunConfig, results: list[NotebookResult], executed: dict[Path, Any]) -> int:
    """What a passing run leaves in the repository: stored outputs (``--store``), the
    committed report (a complete run with ``--store``, ``--report``, or a dry run) and the
    README's times. Returns the exit code."""
    everything_passed = all(r.passed for r in results)
    wants_report = (
        config.store or config.report or (config.dry_run and config.complete and config.default_out)
    )
    if not wants_report:
        return 0 if everything_passed else 1
    if not everything_passed:
        print("not storing outputs or writing reports/: the run did not pass")
        return 1
    if config.store:
        store_outputs(executed, results)
        print(f"stored the outputs of this run in {SOLUTIONS}/")
    if config.complete:
        markdown, data = config.reports(results)
        reports = REPO_ROOT / "reports"
        reports.mkdir(exist_ok=True)
        (reports / f"{config.name}.md").write_text(markdown, encoding="utf-8")
        (reports / f"{config.name}.json").write_text(data, encoding="utf-8")
        print(f"wrote reports/{config.name}.md and .json")
    if update_readme(results, config.name, latest_run=config.complete and config.store):
        print("updated the README's notebook table")
    return 0


def parse_arguments(argv: list[str]) -> RunConfig:
    """``python -m course_utils run``'s options as a :class:`RunConfig`."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils run", description="Execute the solution notebooks and report."
    )
    parser.add_argument(
        "--profile",
        choices=["full", "cpu", "smoke"],
        help="run profile (default: COURSE_PROFILE, else full with a GPU, "
        "else cpu; with --dry-run: full)",
    )
    parser.add_argument(
        "--notebooks",
        nargs="*",
        metavar="NN",
        help="notebook name prefixes, e.g. 01 02 (default: all)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="folder for executed copies and the report (default: runs/<profile>)",
    )
    parser.add_argument(
        "--timeout", type=int, default=3600, help="seconds one cell may run (default 3600)"
    )
    parser.add_argument(
        "--store",
        action="store_true",
        help="after a fully passing run, store its outputs in solutions/",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="after a fully passing run of every notebook, write reports/"
        "<profile>[-real].md and .json and the README's times (implied "
        "by --store)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        help="random seed for every notebook (COURSE_SEED; "
        "default 42), to repeat a run with other "
        "random numbers",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="every fit stops after a few steps and gates are not enforced: "
        "checks that every cell of a profile runs (default profile: full)",
    )
    args = parser.parse_args(argv)
    if args.dry_run and args.store:
        parser.error("--store keeps the outputs the course ships; a dry run's are not those")
    from course_utils.profiles import seed_from_environment, select_profile

    profile = args.profile
    if profile is None:
        if args.dry_run:
            profile = "full"
        else:
            from course_utils.machine import gpu_names
            from course_utils.tflog import quiet_native_startup

            with quiet_native_startup():  # this process imports TensorFlow to look for GPUs
                has_gpu = bool(gpu_names())
            profile = select_profile(os.environ.get("COURSE_PROFILE"), has_gpu=has_gpu).name
    data_dir = os.environ.get("COURSE_DATA_DIR", "")
    seed = args.seed if args.seed is not None else seed_from_environment()
    name = report_name(profile, bool(data_dir), args.dry_run)
    return RunConfig(
        profile=profile,
        notebooks=list(args.notebooks or []),
        out_dir=args.out or (REPO_ROOT / "runs" / name),
        timeout=args.timeout,
        dry_run=args.dry_run,
        store=args.store,
        report=args.report,
        data_dir=data_dir,
        seed=seed,
        default_out=args.out is None,
    )


def main(argv: list[str]) -> int:
    """``python -m course_utils run``."""
    config = parse_arguments(argv)
    set_run_environment(config)
    paths = find_notebooks(config.notebooks, REPO_ROOT)
    results, executed, interrupted = run_notebooks(config, paths)
    print()
    print(config.reports(results, interrupted)[0])
    if interrupted:
        print("interrupted: the report above holds the notebooks that ran")
        return 130
    return publish(config, results, executed)
