"""Generated offline stand-ins, cached with a checksum so they are made once and never trusted blindly.

A stand-in is made by code (see :mod:`course_utils.data.uci_digits` and
:mod:`course_utils.data.shapes10`) and stored in the course cache
(:func:`course_utils.cache.cache_dir`, ``standins/``) as an uncompressed ``.npz`` (fast to
load) beside a JSON manifest holding its SHA-256, the generator's version and its
parameters. On load the file's SHA-256 must match the manifest; a corrupt, partial or
outdated file is reported and made again, never loaded. Files are written to a temporary
name and renamed, so an interrupted write never leaves a half file under the real name.

Example:
    >>> arrays, info = load_or_make("demo", 1, lambda: {"x": np.zeros(3)})   # doctest: +SKIP
    >>> info["cached"]                                                        # doctest: +SKIP
    False
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from course_utils.cache import atomic_file, cache_dir, sha256_of

SUBDIR = "standins"


def paths(name: str, version: int, for_writing: bool = False) -> tuple[Path, Path]:
    """The ``(data, manifest)`` paths of stand-in ``name`` made by generator ``version``:
    in the configured cache, or where :func:`course_utils.cache.cache_dir` writes (a
    per-user folder when the configured one is read-only) if ``for_writing``."""
    folder = cache_dir(SUBDIR) if for_writing else cache_dir(SUBDIR, create=False)
    stem = f"{name}-v{version}"
    return folder / f"{stem}.npz", folder / f"{stem}.json"


def read_cached(name: str, version: int) -> tuple[dict[str, np.ndarray] | None, str]:
    """The cached arrays if present and intact, else ``None`` and the reason in words.

    Intact means: the manifest is a JSON object, the data file's SHA-256 matches it, and
    the arrays have the names and shapes the manifest lists. Anything else is a reason to
    make the stand-in again, never an exception.
    """
    data_path, manifest_path = paths(name, version)
    if not data_path.exists() or not manifest_path.exists():
        data_path, manifest_path = paths(name, version, for_writing=True)  # a per-user copy?
    if not data_path.exists() or not manifest_path.exists():
        return None, "not cached yet"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as error:
        return None, f"manifest {manifest_path} is unreadable ({error})"
    if not isinstance(manifest, dict):
        return None, f"manifest {manifest_path} is not a JSON object"
    try:
        actual = sha256_of(data_path)
    except OSError as error:
        return None, f"cached file {data_path} cannot be read ({error.strerror or error})"
    if actual != manifest.get("sha256"):
        return None, (
            f"cached file {data_path} is corrupt or partial (SHA-256 {actual[:12]}... "
            f"expected {str(manifest.get('sha256'))[:12]}...)"
        )
    try:
        with np.load(data_path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError) as error:
        return None, f"cached file {data_path} cannot be loaded ({error})"
    shapes = manifest.get("shapes")
    if isinstance(shapes, dict) and {k: list(v.shape) for k, v in arrays.items()} != shapes:
        return None, (
            f"cached file {data_path} holds {sorted(arrays)} with other shapes than "
            "its manifest lists"
        )
    return arrays, "cached"


def write_cached(
    name: str, version: int, arrays: dict[str, np.ndarray], extra: dict[str, Any] | None = None
) -> Path:
    """Store ``arrays`` atomically with a manifest; return the data file's path."""
    data_path, manifest_path = paths(name, version, for_writing=True)
    with atomic_file(data_path) as partial:  # a full disk or an error leaves no partial file
        with open(partial, "wb") as handle:
            np.savez(handle, **arrays)  # type: ignore[arg-type]
        digest = sha256_of(partial)
    manifest = {
        "name": name,
        "generator_version": version,
        "sha256": digest,
        "bytes": data_path.stat().st_size,
        "shapes": {key: list(value.shape) for key, value in arrays.items()},
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **(extra or {}),
    }
    with atomic_file(manifest_path) as partial:
        partial.write_text(json.dumps(manifest, indent=2))
    return data_path


def load_or_make(
    name: str,
    version: int,
    make: Callable[[dict[str, np.ndarray] | None], dict[str, np.ndarray]],
    enough: Callable[[dict[str, np.ndarray]], bool] = lambda arrays: True,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Load stand-in ``name`` from the cache, or make it (and cache it).

    Args:
        name, version: identify the stand-in and the generator that made it.
        make: called with the intact cached arrays (or ``None``) when they are missing,
            corrupt or not ``enough``; returns the arrays to use and cache. Receiving the
            old arrays lets a generator extend a cached prefix instead of starting over.
        enough: whether intact cached arrays satisfy the request.

    Returns:
        ``(arrays, info)``; ``info`` has ``cached`` (bool), ``seconds`` (to make, when
        made), ``path`` and ``note`` (why it was (re)made, e.g. a corrupt file).
    """
    cached, reason = read_cached(name, version)
    data_path, _ = paths(name, version, for_writing=cached is None)
    if cached is not None and enough(cached):
        return cached, {"cached": True, "path": str(data_path), "note": "", "seconds": 0.0}
    start = time.perf_counter()
    arrays = make(cached)
    seconds = time.perf_counter() - start
    note = "" if cached is not None or reason == "not cached yet" else reason + "; made again"
    try:
        write_cached(name, version, arrays, {"seconds_to_make": round(seconds, 3)})
    except OSError as error:  # read-only or full cache: the data is still good, just uncached
        warnings.warn(
            f"could not cache the {name} stand-in in {data_path.parent} "
            f"({error.strerror or error}); it is used uncached and made again next "
            "time. Point COURSE_CACHE_DIR at a writable folder with free space.",
            stacklevel=2,
        )
        note = (note + "; " if note else "") + "not cached (the cache folder cannot be written)"
    return arrays, {"cached": False, "path": str(data_path), "note": note, "seconds": seconds}
