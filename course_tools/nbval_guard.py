"""A pytest plugin for nbval: a dead kernel fails its cell in seconds, not at the timeout.

nbval (0.11) sends a cell to the kernel and then waits for the reply for the whole cell
timeout (2,000 s by default) without asking whether the kernel is still alive. A kernel
that crashes (a segfault in a native library, the out-of-memory killer) therefore hangs
the test suite for half an hour before one vague failure. This plugin:

- waits for a cell's reply in slices of :data:`POLL_SECONDS`, and between slices checks
  that the kernel process is alive. A dead kernel fails the cell it was running with
  :class:`KernelDied` ("the kernel died while running this cell: killed by SIGSEGV");
- skips the notebook's remaining cells with the reason, instead of failing each one;
- gives nbval a cell timeout that fits the run profile (:data:`CELL_TIMEOUTS`) unless
  ``--nbval-cell-timeout`` is given.

The course's ``conftest.py`` loads it (``pytest_plugins``). To use it on other notebooks:
``python -m pytest --nbval-lax -p course_tools.nbval_guard my_notebook.ipynb``.

Example:
    >>> describe_exit(-11)
    'killed by SIGSEGV (signal 11)'
    >>> describe_exit(1)
    'exited with status 1'
"""

from __future__ import annotations

import os
import signal
import time
from queue import Empty
from typing import Any

import pytest

POLL_SECONDS = 2.0
# Seconds one cell may run, per profile. The longest smoke cell takes about 30 s on two
# cores; cpu cells up to a few minutes; full cells on a CPU much longer.
CELL_TIMEOUTS = {"smoke": 300.0, "cpu": 1800.0, "full": 7200.0}
NBVAL_DEFAULT_TIMEOUT = 2000.0


class KernelDied(RuntimeError):
    """The notebook's kernel process ended while a cell was running."""


def describe_exit(code: int | None) -> str:
    """Say how a process ended, from its return code (negative: killed by a signal)."""
    if code is None:
        return "ended (exit status unknown)"
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "an unknown signal"
        return f"killed by {name} (signal {-code})"
    return f"exited with status {code}"


def _exit_code(kernel: Any) -> int | None:
    process = getattr(getattr(getattr(kernel, "km", None), "provisioner", None), "process", None)
    return process.poll() if process is not None else None


def _guard_await_reply(original: Any) -> Any:
    def await_reply(self: Any, msg_id: str, timeout: float | None = None) -> Any:
        deadline = None if timeout is None else time.monotonic() + float(timeout)
        while True:
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise Empty
            try:
                return original(
                    self,
                    msg_id,
                    timeout=POLL_SECONDS if remaining is None else min(POLL_SECONDS, remaining),
                )
            except Empty:
                if not self.is_alive():
                    how = describe_exit(_exit_code(self))
                    self.course_death = how
                    raise KernelDied(
                        f"the kernel died while running this cell: {how}. A crash in native "
                        "code (TensorFlow, oneDNN) or running out of memory does this; see "
                        "README 'If a kernel dies'."
                    ) from None
                if remaining is not None and remaining <= POLL_SECONDS:
                    raise

    await_reply.__wrapped__ = original  # type: ignore[attr-defined]
    return await_reply


def _guard_cell_setup(original: Any) -> Any:
    def setup(self: Any) -> None:
        kernel = getattr(self.parent, "kernel", None)
        death = getattr(kernel, "course_death", None)
        if death:
            pytest.skip(f"the notebook's kernel died in an earlier cell ({death})")
        original(self)

    setup.__wrapped__ = original  # type: ignore[attr-defined]
    return setup


def unexpected_nbval(kernel_class: Any, cell_class: Any) -> str | None:
    """What differs from the nbval this guard wraps (0.11: ``RunningKernel.await_reply(self,
    msg_id, timeout)`` and ``IPyNbCell.setup(self)``), in words; None when nothing does.

    The guard replaces those two methods, so a release that renames or reshapes them must
    turn it off with a warning rather than break every notebook test.

    Example:
        >>> class Kernel:
        ...     def await_reply(self, msg_id, timeout=None): ...
        >>> class Cell:
        ...     def setup(self): ...
        >>> unexpected_nbval(Kernel, Cell) is None
        True
        >>> unexpected_nbval(object, Cell)
        'nbval has no RunningKernel.await_reply'
    """
    import inspect

    for owner, name, wanted in (
        (kernel_class, "await_reply", ["self", "msg_id", "timeout"]),
        (cell_class, "setup", ["self"]),
    ):
        method = getattr(owner, name, None)
        method = getattr(method, "__wrapped__", method)
        label = "RunningKernel" if owner is kernel_class else "IPyNbCell"
        if method is None:
            return f"nbval has no {label}.{name}"
        found = list(inspect.signature(method).parameters)
        if found != wanted:
            return f"nbval's {label}.{name} takes ({', '.join(found)}), not ({', '.join(wanted)})"
    return None


def _timeout_given(config: pytest.Config) -> bool:
    words = list(config.invocation_params.args) + list(config.getini("addopts"))
    words += os.environ.get("PYTEST_ADDOPTS", "").split()
    return any(str(word).startswith("--nbval-cell-timeout") for word in words)


def pytest_configure(config: pytest.Config) -> None:
    """Install the guard into nbval and set the cell timeout for the profile."""
    try:
        from nbval.kernel import RunningKernel
        from nbval.plugin import IPyNbCell
    except ImportError:  # nbval not installed: nothing to guard
        return
    problem = unexpected_nbval(RunningKernel, IPyNbCell)
    if problem:
        config.issue_config_time_warning(
            pytest.PytestConfigWarning(f"course_tools.nbval_guard is off: {problem}"), stacklevel=2
        )
    elif not hasattr(RunningKernel.await_reply, "__wrapped__"):
        RunningKernel.await_reply = _guard_await_reply(RunningKernel.await_reply)
        IPyNbCell.setup = _guard_cell_setup(IPyNbCell.setup)
    if hasattr(config.option, "nbval_cell_timeout") and not _timeout_given(config):
        profile = os.environ.get("COURSE_PROFILE", "").strip().lower()
        config.option.nbval_cell_timeout = CELL_TIMEOUTS.get(profile, NBVAL_DEFAULT_TIMEOUT)
