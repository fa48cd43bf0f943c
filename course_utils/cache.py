"""The course's one cache folder, and checksums for what is kept in it.

Location, first match wins:

1. ``$COURSE_CACHE_DIR`` (ours: point it at a shared or roomy disk);
2. ``$KERAS_HOME/nn-vision-course`` when ``KERAS_HOME`` is set (so it sits beside Keras's
   own ``datasets/`` and ``models/`` caches);
3. ``~/.keras/nn-vision-course``.

TensorFlow Datasets keeps its own files under ``$TFDS_DATA_DIR`` (default
``~/tensorflow_datasets``) and Keras under ``$KERAS_HOME`` (default ``~/.keras``); the
course leaves those where the libraries put them.

Example:
    >>> import os; os.environ["COURSE_CACHE_DIR"] = "/tmp/course-cache"
    >>> str(cache_dir())
    '/tmp/course-cache'
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import warnings
from pathlib import Path

CACHE_NAME = "nn-vision-course"


def _configured_root() -> tuple[Path, str]:
    """The cache root and the setting that chose it (for messages)."""
    if os.environ.get("COURSE_CACHE_DIR"):
        return Path(os.environ["COURSE_CACHE_DIR"]).expanduser(), "COURSE_CACHE_DIR"
    if os.environ.get("KERAS_HOME"):
        return Path(os.environ["KERAS_HOME"]).expanduser() / CACHE_NAME, "KERAS_HOME"
    return Path.home() / ".keras" / CACHE_NAME, "the default location"


def fallback_root() -> Path:
    """A per-user temporary cache, used when the configured one cannot be written."""
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"{CACHE_NAME}-{user}"


_warned: set[str] = set()


def _writable(folder: Path) -> bool:
    """Whether files can be created in ``folder`` (or in its nearest existing ancestor)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    return probe.is_dir() and os.access(probe, os.W_OK | os.X_OK)


def _fall_back(root: Path, setting: str, parts: tuple[str, ...], why: str) -> Path:
    spare = fallback_root().joinpath(*parts)
    if str(root) not in _warned:
        _warned.add(str(root))
        warnings.warn(f"the course cache {root} ({setting}) cannot be written ({why}): new "
                      f"files go to {fallback_root()} instead. Point COURSE_CACHE_DIR at a "
                      "writable folder to keep them.", stacklevel=3)
    spare.mkdir(parents=True, exist_ok=True)
    return spare


def cache_dir(*parts: str, create: bool = True) -> Path:
    """The cache folder (or a sub-folder of it) to write into, created unless ``create`` is
    False (then it is only the path, for reading).

    When the folder cannot be written (a read-only or full disk, a file where the folder
    should be, no permission, an instructor's read-only shared cache), a warning names the
    setting and the folder, and the same sub-folder of a per-user temporary cache
    (:func:`fallback_root`) is returned instead, so the course still runs; only the time
    the cache saves is lost. Readers look in ``cache_dir(..., create=False)`` first, so a
    shared cache is still read.

    Example:
        >>> import os; os.environ["COURSE_CACHE_DIR"] = "/tmp/course-cache"
        >>> cache_dir("models").name
        'models'
    """
    root, setting = _configured_root()
    path = root.joinpath(*parts)
    if not create:
        return path
    if not _writable(path):
        return _fall_back(root, setting, parts, "no permission" if path.exists()
                          or root.exists() else "it cannot be created")
    if path.is_dir():
        return path
    try:
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError as error:
        return _fall_back(root, setting, parts, str(error.strerror or error))


def sha256_of(path: str | os.PathLike[str], chunk_size: int = 1 << 20) -> str:
    """The SHA-256 hex digest of a file, read in chunks so large files are fine.

    Example:
        >>> p = Path("/tmp/_sha_demo.txt"); _ = p.write_text("abc")
        >>> sha256_of(p)[:12]
        'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk_size), b""):
            digest.update(block)
    return digest.hexdigest()
