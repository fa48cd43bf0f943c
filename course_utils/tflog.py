"""TensorFlow's C++ start-up log: held back while TensorFlow starts, real problems passed on.

The log is written by C++ straight to file descriptor 2, so Python's ``sys.stderr`` cannot
catch it and ``TF_CPP_MIN_LOG_LEVEL`` does not silence the lines printed before absl is
initialised: Jupyter shows them, in red, as a notebook's first output. What is noise:

* the absl preamble ("WARNING: All log messages before absl::InitializeLog() ..."), and
  INFO lines (the oneDNN notice, "Could not find cuda drivers", the CPU-feature notice);
* the failed ``cuInit`` (an E line) on a machine with no NVIDIA device, where it only means
  "no GPU"; on a GPU machine it is a real error and is shown;
* the known second line of the CPU-feature notice ("To enable the following
  instructions: ..."), which carries no log prefix.

Two formats exist: TensorFlow 2.21's absl lines (``E0000 00:00:17.5  13236
cuda_platform.cc:52] ...``) and TensorFlow 2.20's, which Colab runs
(``2026-12-06 15:16:09.065362: E external/.../cuda_platform.cc:51] ...``). Both are known
here; anything else passes through.

Example:
    >>> with quiet_native_startup():      # doctest: +SKIP
    ...     import tensorflow
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator

from course_utils.machine import has_nvidia_device

_ABSL_PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called"
#: TensorFlow 2.21 (absl): ``I0000 00:00:1796576199.027794    2247 port.cc:153] ...``
_ABSL_LINE = re.compile(r"^([IWEF])\d{4} [\d:.]+\s+\d+ (\S+?\.cc):\d+\] ")
#: TensorFlow 2.20 (its own logger): ``2026-12-06 15:16:09.065362: E path/file.cc:51] ...``
_TSL_LINE = re.compile(r"^\d{4}-\d\d-\d\d [\d:.]+: ([IWEF]) (\S+?\.cc):\d+\] ")
#: Lines without a prefix that continue an INFO notice.
_CONTINUATIONS = ("To enable the following instructions:",)


def parse_log_line(line: str) -> tuple[str, str] | None:
    """``(level, source file name)`` of a TensorFlow C++ log line, or None.

    Example:
        >>> parse_log_line("2026-12-06 15:16:09.065362: E external/local_xla/xla/"
        ...                "stream_executor/cuda/cuda_platform.cc:51] failed call to cuInit")
        ('E', 'cuda_platform.cc')
        >>> parse_log_line("I0000 00:00:17.5  13236 port.cc:153] oneDNN custom operations")
        ('I', 'port.cc')
    """
    match = _ABSL_LINE.match(line) or _TSL_LINE.match(line)
    if not match:
        return None
    level, source = match.groups()
    return level, source.rsplit("/", 1)[-1]


def is_startup_noise(line: str, *, has_nvidia_device: bool) -> bool:
    """Whether one line of TensorFlow's start-up stderr is noise (see the module docstring).

    Example:
        >>> is_startup_noise("E0000 00:00:17.5  13236 cuda_platform.cc:52] failed call to "
        ...                  "cuInit: INTERNAL: CUDA error", has_nvidia_device=False)
        True
        >>> is_startup_noise("2026-12-06 15:16:09.065362: E external/local_xla/xla/stream_"
        ...                  "executor/cuda/cuda_platform.cc:51] failed call to cuInit: "
        ...                  "INTERNAL: CUDA error", has_nvidia_device=True)
        False
        >>> is_startup_noise("Traceback (most recent call last):", has_nvidia_device=False)
        False
    """
    if line.startswith(_ABSL_PREAMBLE):
        return True
    parsed = parse_log_line(line)
    if parsed is None:
        return False
    level, source = parsed
    if level == "I":
        return True
    return (
        level == "E" and source == "cuda_platform.cc" and "cuInit" in line and not has_nvidia_device
    )


def startup_lines_to_keep(text: str, *, has_nvidia_device: bool) -> list[str]:
    """The lines of a start-up log worth showing: neither noise nor the known continuation
    of an INFO notice.

    Example:
        >>> startup_lines_to_keep(
        ...     "I0000 00:00:1.0  1 cpu_feature_guard.cc:227] This TensorFlow binary is ...\\n"
        ...     "To enable the following instructions: AVX2 FMA, rebuild TensorFlow.\\n"
        ...     "a real problem\\n", has_nvidia_device=False)
        ['a real problem']
    """
    kept: list[str] = []
    after_noise = False
    for line in text.splitlines():
        if not line.strip():
            continue
        if is_startup_noise(line, has_nvidia_device=has_nvidia_device) or (
            after_noise and line.startswith(_CONTINUATIONS)
        ):
            after_noise = True
            continue
        after_noise = False
        kept.append(line)
    return kept


@contextlib.contextmanager
def quiet_native_startup() -> Iterator[None]:
    """Hold back TensorFlow's C++ start-up log while the block runs, then pass on every line
    that :func:`startup_lines_to_keep` keeps. The block's fd 2 goes to a temporary file."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable fd 2 (some embedded interpreters)
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            text = held.read().decode("utf-8", errors="replace")
            kept = startup_lines_to_keep(text, has_nvidia_device=has_nvidia_device())
            if kept:
                print("\n".join(kept), file=sys.stderr)
