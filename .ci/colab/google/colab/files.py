"""Stand-in for ``google.colab.files``: no browser, so nothing is uploaded or downloaded.

Example:
    >>> from google.colab import files
    >>> files.upload()
    {}
"""

from __future__ import annotations

from typing import Any

from google.colab import record


def upload(target_dir: str = "") -> dict[str, bytes]:
    """Colab: asks the user for files and returns ``{name: content}``. Here: ``{}``."""
    record("files.upload", target_dir)
    return {}


def download(filename: str) -> None:
    """Colab: sends ``filename`` to the user's browser. Here: recorded only."""
    record("files.download", filename)


def view(filename: str) -> Any:
    """Colab: opens ``filename`` in the file viewer. Here: recorded only."""
    record("files.view", filename)
