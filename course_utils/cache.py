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
    >>> str(cache_dir())          # doctest: +SKIP
    '/root/.keras/nn-vision-course'

Every write into the cache is atomic: :func:`atomic_file` and :func:`building` write under a
temporary name and rename, so an interruption never leaves a half-written file or folder
under the real name. Notebooks hand results to later notebooks with :func:`save_model`,
:func:`save_result` and :func:`load_result`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
        warnings.warn(
            f"the course cache {root} ({setting}) cannot be written ({why}): new "
            f"files go to {fallback_root()} instead. Point COURSE_CACHE_DIR at a "
            "writable folder to keep them.",
            stacklevel=3,
        )
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
        >>> cache_dir("models").name       # doctest: +SKIP
        'models'
    """
    root, setting = _configured_root()
    path = root.joinpath(*parts)
    if not create:
        return path
    if not _writable(path):
        return _fall_back(
            root,
            setting,
            parts,
            "no permission" if path.exists() or root.exists() else "it cannot be created",
        )
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
        >>> p = Path(tempfile.mkdtemp()) / "abc.txt"; _ = p.write_text("abc")
        >>> sha256_of(p)[:12]
        'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk_size), b""):
            digest.update(block)
    return digest.hexdigest()


@contextlib.contextmanager
def atomic_file(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Write a file all at once: yield a temporary path beside ``path``, rename it to
    ``path`` when the block ends normally, delete it otherwise.

    Example:
        >>> target = Path(tempfile.mkdtemp()) / "result.json"
        >>> with atomic_file(target) as partial:
        ...     _ = partial.write_text("{}")
        >>> target.read_text()
        '{}'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.stem}.{os.getpid()}.partial{target.suffix}")
    try:
        yield partial
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


#: A folder built with :func:`building` is complete when it holds this file.
COMPLETE = ".complete"


@contextlib.contextmanager
def building(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Build a cache folder all at once: yield a temporary sibling, and rename it to
    ``folder`` when the block ends normally; delete it otherwise.

    Write a :data:`COMPLETE` file into it last. Two processes building the same folder
    cannot mix their files: each builds its own temporary folder and the first rename wins
    (the other's copy is discarded); an existing folder without :data:`COMPLETE` (a broken
    leftover) is replaced.

    Example:
        >>> target = Path(tempfile.mkdtemp()) / "renders"
        >>> with building(target) as work:
        ...     _ = (work / "a.txt").write_text("a")
        ...     _ = (work / COMPLETE).write_text("")
        >>> sorted(p.name for p in target.iterdir())
        ['.complete', 'a.txt']
    """
    target = Path(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield work
        try:
            os.rename(work, target)
        except OSError:
            if not (target / COMPLETE).exists():  # a broken leftover: replace it
                shutil.rmtree(target, ignore_errors=True)
                os.rename(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def save_model(model: Any, name: str) -> Path:
    """Save a Keras model as ``cache_dir("models")/<name>.keras``, atomically; return the path.

    Example:
        >>> save_model(my_model, "05_alexnet_lego_cpu")    # doctest: +SKIP
    """
    path = cache_dir("models") / f"{name}.keras"
    with atomic_file(path) as partial:
        model.save(partial)
    return path


def save_result(name: str, result: dict[str, Any]) -> Path:
    """Write a JSON result for a later notebook, ``cache_dir("results")/<name>.json``.

    Give it the ``split_id`` of the data it was measured on, so that the later notebook
    compares only on the same images (see :func:`load_result`).

    Example:
        >>> import os; os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp()
        >>> _ = save_result("demo", {"accuracy": 0.9, "split_id": "ab12"})
        >>> load_result("demo", split_id="ab12")
        ({'accuracy': 0.9, 'split_id': 'ab12'}, '')
    """
    path = cache_dir("results") / f"{name}.json"
    with atomic_file(path) as partial:
        partial.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return path


def load_result(name: str, split_id: str | None = None) -> tuple[dict[str, Any] | None, str]:
    """A result an earlier notebook saved, and '' ; or None and why not, in words (not run
    here, unreadable, or measured on other images than ``split_id``).

    Example:
        >>> import os; os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp()
        >>> load_result("05_alexnet_lego_cpu")[1]
        'no saved result 05_alexnet_lego_cpu.json (that notebook was not run here)'
    """
    path = cache_dir("results", create=False) / f"{name}.json"
    if not path.exists():
        return None, f"no saved result {path.name} (that notebook was not run here)"
    try:
        result = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        return None, f"{path.name} could not be read ({type(error).__name__})"
    if split_id is not None and result.get("split_id") != split_id:
        return None, (
            f"{path.name} was measured on other images (split {result.get('split_id')}"
            f", here {split_id}): other sizes or another data source"
        )
    return result, ""
