"""Stand-in for ``google.colab.drive``: there is no Google Drive in CI; nothing is mounted.

Example:
    >>> from google.colab import drive
    >>> drive.mount("/content/drive")
"""

from __future__ import annotations

from google.colab import record


def mount(
    mountpoint: str, force_remount: bool = False, timeout_ms: int = 120000, readonly: bool = False
) -> None:
    """Colab: mounts the user's Drive at ``mountpoint``. Here: recorded only."""
    record("drive.mount", mountpoint, force_remount=force_remount, readonly=readonly)


def flush_and_unmount(timeout_ms: int = 86400000) -> None:
    """Colab: writes pending changes back to Drive and unmounts it. Here: recorded only."""
    record("drive.flush_and_unmount")
