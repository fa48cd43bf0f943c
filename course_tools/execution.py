"""Run a notebook in a fresh kernel, the one way every course tool does it.

The runner (``course_utils run``), the grader (``course_utils grade``) and the Colab leg of CI
all execute notebooks through :func:`run_notebook`. It is nbclient's ``NotebookClient`` with
three differences, each for a failure seen in this project:

* **It never waits on a finished cell.** nbclient waits for a cell's reply with one blocking
  ``get_msg(timeout=<cell timeout>)`` on the shell channel; after a cell that displays
  ipywidgets that call has been seen to miss the reply and block until the cell timeout
  (nbclient issue #312, seen with ipywidgets 7.7.1 under Colab's pins). Here the channel is
  read in slices of :data:`POLL_SECONDS`, up to the same deadline (the idea of nbclient PR
  #311), without touching nbclient's internals: the client's shell channel gets a sliced
  ``get_msg``.
* **A timeout ends the cell and the kernel.** A cell past its timeout raises at once (no
  interrupt that a cell can ignore), and the kernel is shut down ``immediate``-ly, which
  kills it; so a notebook that ignores SIGINT and sleeps costs one timeout, not forever.
* **What a cell prints is capped** at ``output_limit`` characters per cell, so a notebook that
  prints megabytes cannot fill a report or a feedback file.

A kernel that fails to start (a port already in use, once in 88 starts) is retried.

Example:
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    >>> run_notebook(nb, cwd=".", timeout=60).failure is None   # doctest: +SKIP
    True
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

#: Seconds per read of the shell channel while a cell runs.
POLL_SECONDS = 1.0
#: Characters a cell's outputs keep, by default (text and stream outputs).
OUTPUT_LIMIT = 200_000
#: Times a kernel that failed to start is started again.
START_RETRIES = 2


@dataclass
class CellFailure:
    """Why a notebook's run stopped: the code cell (its index among all cells) and what
    happened: ``"error"`` (the cell raised), ``"timeout"``, ``"dead"`` (the kernel died),
    ``"start"`` (no kernel could be started) or ``"interrupted"``."""

    kind: str
    message: str
    cell_index: int | None = None


@dataclass
class RunResult:
    """What :func:`run_notebook` did: the failure (None when every cell ran) and the time."""

    failure: CellFailure | None
    seconds: float


def _sliced(original: Callable[..., Any]) -> Callable[..., Any]:
    """``get_msg`` that waits in slices of :data:`POLL_SECONDS` up to the same timeout."""

    async def get_msg(*args: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            step = POLL_SECONDS if left is None else max(0.0, min(POLL_SECONDS, left))
            try:
                return await original(*args, timeout=step, **kwargs)
            except Empty:
                if left is not None and left <= POLL_SECONDS:
                    raise

    return get_msg


def _truncate(cell: Any, limit: int) -> None:
    """Cut a cell's text outputs to ``limit`` characters in all, saying so."""
    used = 0
    for output in cell.get("outputs", []):
        if output.get("output_type") == "stream":
            key, holder = "text", output
        elif "text/plain" in output.get("data", {}):
            key, holder = "text/plain", output["data"]
        else:
            continue
        text = holder[key] if isinstance(holder[key], str) else "".join(holder[key])
        room = max(0, limit - used)
        if len(text) > room:
            holder[key] = text[:room] + f"\n[... {len(text) - room:,} characters cut]\n"
        used += min(len(text), room)


def make_client(
    nb: Any,
    *,
    cwd: str | Path,
    timeout: int,
    kernel_name: str = "python3",
    allow_errors: bool = False,
    output_limit: int = OUTPUT_LIMIT,
    on_cell_start: Callable[[Any, int], None] | None = None,
) -> Any:
    """The course's ``NotebookClient`` for ``nb`` (see the module docstring)."""
    from nbclient import NotebookClient

    class CourseClient(NotebookClient):
        async def async_start_new_kernel_client(self) -> Any:
            kc = await super().async_start_new_kernel_client()
            kc.shell_channel.get_msg = _sliced(kc.shell_channel.get_msg)
            return kc

    def on_cell_executed(cell: Any, cell_index: int, execute_reply: Any) -> None:
        _truncate(cell, output_limit)

    return CourseClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        interrupt_on_timeout=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(cwd)}},
        on_cell_start=on_cell_start,
        on_cell_executed=on_cell_executed,
    )


def describe(error: BaseException) -> CellFailure:
    """An exception from nbclient as a :class:`CellFailure` with a one-line message."""
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    if isinstance(error, DeadKernelError):
        return CellFailure(
            "dead", "the kernel died (a crash in native code, out of memory, or os._exit)"
        )
    if isinstance(error, CellTimeoutError):
        return CellFailure("timeout", "a cell ran past its time limit")
    if isinstance(error, CellExecutionError):
        name, value = getattr(error, "ename", ""), getattr(error, "evalue", "")
        text = f"{name}: {value}" if name else str(error).strip().splitlines()[-1:]
        return CellFailure("error", " ".join(str(text).split())[:300])
    return CellFailure("error", f"{type(error).__name__}: {error}"[:300])


def _is_start_failure(error: BaseException) -> bool:
    text = f"{type(error).__name__}: {error}"
    return any(
        word in text
        for word in (
            "Address already in use",
            "ZMQError",
            "Kernel didn't respond",
            "kernel died before replying",
        )
    )


def run_notebook(
    nb: Any,
    *,
    cwd: str | Path,
    timeout: int,
    kernel_name: str = "python3",
    env: dict[str, str] | None = None,
    allow_errors: bool = False,
    output_limit: int = OUTPUT_LIMIT,
    on_cell_start: Callable[[Any, int], None] | None = None,
    on_kernel_pid: Callable[[int | None], None] | None = None,
    kernel_log: Any = None,
    start_retries: int = START_RETRIES,
) -> RunResult:
    """Execute ``nb`` in place (outputs are written into its cells); never raises for a
    failure inside the notebook.

    Args:
        nb: an nbformat notebook; its code cells get this run's outputs.
        cwd: the kernel's working directory.
        timeout: seconds one cell may run.
        kernel_name: the Jupyter kernel to start.
        env: the kernel's whole environment (default: this process's).
        allow_errors: go on after a cell that raises (the grader does; its cells' errors are
            in their outputs).
        output_limit: characters of text output kept per cell.
        on_cell_start: called as ``on_cell_start(cell, index)`` before each cell; an
            exception it raises stops the run (the runner's Ctrl-C between cells).
        on_kernel_pid: called with the kernel's process id before each cell (None where the
            kernel is not a local process), so a caller can signal it.
        kernel_log: an open file for the kernel process's own stdout and stderr
            (TensorFlow's C++ log goes there, not into the notebook); default: inherited.
        start_retries: how often a kernel that failed to start is started again.
    """
    start_kwargs: dict[str, Any] = {}
    if env is not None:
        start_kwargs["env"] = env
    if kernel_log is not None:
        start_kwargs.update(stdout=kernel_log, stderr=kernel_log)
    start = time.perf_counter()
    attempt = 0
    while True:
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        current: dict[str, int] = {}

        # `current` and `client` are this attempt's: the hook only runs during this attempt.
        def started(cell: Any, cell_index: int) -> None:
            current["index"] = cell_index  # noqa: B023
            if on_kernel_pid is not None:
                provisioner = getattr(client.km, "provisioner", None)  # noqa: B023
                process = getattr(provisioner, "process", None)
                on_kernel_pid(getattr(process, "pid", None))
            if on_cell_start is not None:
                on_cell_start(cell, cell_index)

        client = make_client(
            nb,
            cwd=cwd,
            timeout=timeout,
            kernel_name=kernel_name,
            allow_errors=allow_errors,
            output_limit=output_limit,
            on_cell_start=started,
        )
        try:
            client.execute(**start_kwargs)
            return RunResult(None, time.perf_counter() - start)
        except Exception as error:  # noqa: BLE001 - every failure becomes a result
            if "index" not in current and _is_start_failure(error) and attempt < start_retries:
                attempt += 1
                time.sleep(1.0 + attempt)
                continue
            if "index" not in current:
                failure = CellFailure(
                    "start", f"no kernel could be started: {type(error).__name__}: {error}"[:300]
                )
            else:
                failure = describe(error)
                failure.cell_index = current["index"]
            return RunResult(failure, time.perf_counter() - start)
