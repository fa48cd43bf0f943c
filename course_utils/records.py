"""Machine-readable records in notebook outputs.

Every line that a report needs (the setup banner, each data source, each accuracy gate)
is shown to the student as plain text *and* carried in the same output as JSON under
:data:`MIME_TYPE`. The course runner (``python -m course_utils run``) reads these records
back from the executed notebooks, so the report never parses prose.

Example:
    >>> emit("gate", {"name": "demo", "passed": True}, "✓ demo")   # doctest: +SKIP
    ✓ demo
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

MIME_TYPE = "application/vnd.nn-vision-course.record+json"


def _in_ipython() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with Jupyter
        return False
    return get_ipython() is not None


def emit(kind: str, payload: dict[str, Any], text: str) -> None:
    """Show ``text`` to the reader and attach ``payload`` as a record of ``kind``.

    Outside IPython (a plain script, a test) only the text is printed.
    """
    if not _in_ipython():
        print(text)
        return
    from IPython.display import display

    record = {"kind": kind, **payload}
    # Round-trip through JSON so that a non-serialisable payload fails here, loudly,
    # rather than in the runner after a long run.
    record = json.loads(json.dumps(record))
    display({"text/plain": text, MIME_TYPE: record}, raw=True)


def read_records(notebook: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the records stored in an executed notebook (a dict as nbformat loads it).

    Example:
        >>> read_records({"cells": []})
        []
    """
    found: list[dict[str, Any]] = []
    for cell in notebook.get("cells", []):
        outputs: Iterable[dict[str, Any]] = cell.get("outputs", []) or []
        for output in outputs:
            data = output.get("data") or {}
            if MIME_TYPE in data:
                found.append(dict(data[MIME_TYPE]))
    return found
