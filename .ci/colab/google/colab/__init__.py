"""A stand-in for Google Colab's ``google.colab`` package, for the Colab leg of CI.

Colab's kernel imports ``google.colab`` while it starts, so ``"google.colab" in sys.modules``
is true from a notebook's first cell; that is how the course (and most notebooks) tell Colab
from elsewhere. This package is installed into the Colab virtualenv's site-packages by
``python -m course_utils colab-leg`` and imported by ``colab_kernel_launcher`` beside it.

It is not Colab: it has only the submodules a course notebook might call, ``output``,
``files`` and ``drive``, and their functions do nothing but record the call. Calls are kept
in :data:`CALLS` and, when ``COLAB_STANDIN_CALLS`` names a file, appended to it as JSON
lines, so the leg can report what a notebook asked of Colab.

Example:
    >>> from google.colab import files
    >>> files.download("model.keras")
    >>> CALLS[-1]
    {'call': 'files.download', 'args': ['model.keras'], 'kwargs': {}}
"""

from __future__ import annotations

import json
import os
from typing import Any

__version__ = "0.0.0+course-stand-in"

#: Every call made to the stand-in's functions in this process, oldest first.
CALLS: list[dict[str, Any]] = []


def record(call: str, *args: Any, **kwargs: Any) -> None:
    """Remember ``call`` (``"submodule.function"``) with its arguments, as text."""
    entry = {
        "call": call,
        "args": [repr(a) if not isinstance(a, str) else a for a in args],
        "kwargs": {k: repr(v) for k, v in kwargs.items()},
    }
    CALLS.append(entry)
    path = os.environ.get("COLAB_STANDIN_CALLS")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


from google.colab import drive, files, output  # noqa: E402  (Colab imports them too)

__all__ = ["CALLS", "drive", "files", "output", "record"]
