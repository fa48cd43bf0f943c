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
from pathlib import Path

CACHE_NAME = "nn-vision-course"


def cache_dir(*parts: str, create: bool = True) -> Path:
    """The cache folder (or a sub-folder of it), created unless ``create`` is False."""
    if os.environ.get("COURSE_CACHE_DIR"):
        root = Path(os.environ["COURSE_CACHE_DIR"]).expanduser()
    elif os.environ.get("KERAS_HOME"):
        root = Path(os.environ["KERAS_HOME"]).expanduser() / CACHE_NAME
    else:
        root = Path.home() / ".keras" / CACHE_NAME
    path = root.joinpath(*parts)
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


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
