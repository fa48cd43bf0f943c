"""``load_cifar10``: CIFAR-10 from the best available source, or its offline stand-in.

The real CIFAR-10 (60,000 32x32 colour photos of 10 classes) comes from a cached copy
(Keras or TFDS) or a download by ``keras.datasets.cifar10`` (163 MB from
www.cs.toronto.edu); without a network the stand-in is *Shapes-10*, ten classes of
generated 32x32 colour images of shapes in clutter (see :mod:`course_utils.data.shapes10`),
whose class names are the shapes', never CIFAR-10's.

Example:
    >>> data = load_cifar10(n_train=5000, n_test=1000)    # doctest: +SKIP
    CIFAR-10: offline stand-in (Shapes-10, ...), not the real dataset
    >>> data.x_train.shape, data.class_names[0]           # doctest: +SKIP
    ((5000, 32, 32, 3), 'disc')
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.data import shapes10, sources, standins
from course_utils.data.local import CIFAR_CLASSES
from course_utils.data.result import ImageData

#: CIFAR-10's ten classes, in label order (one list, kept with the local-copy reader).
CLASS_NAMES: tuple[str, ...] = CIFAR_CLASSES

SPEC = sources.RealDataset(
    name="CIFAR-10",
    key="cifar10",
    class_names=CLASS_NAMES,
    keras_file="cifar-10-batches-py-target_archive",
    keras_sha256="6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
    keras_extracted="cifar-10-batches-py-target",
    keras_loader="keras.datasets.cifar10.load_data",
    tfds_name="cifar10",
    channels=3,
    download_mb=163,
)

#: The stand-in's default size (``n_train=None``): rendered in seconds on a laptop CPU.
#: Smaller requests render only what they need; larger ones (up to STANDIN_MAX) render more.
STANDIN_TRAIN = 10_000
STANDIN_TEST = 2_000
STANDIN_MAX = 60_000
TRAIN_SEED, TEST_SEED = 0, 1
STANDIN_NAME = "shapes10"
STANDIN_DESCRIPTION = "Shapes-10, generated 32x32 colour shapes in clutter, classes named by shape"
DIFFERENCES = (
    "generated images of 10 shapes (disc, triangle, square, ...) with random colour, pose, "
    "texture, clutter and noise instead of photos of airplanes, cars, animals...; same "
    "32x32x3 uint8 format and 10 balanced classes; accuracies are not comparable with CIFAR-10's"
)


def _extend(
    cached: dict[str, np.ndarray] | None, n_train: int, n_test: int
) -> dict[str, np.ndarray]:
    """Render the images missing from ``cached`` (a prefix of the same streams)."""
    out: dict[str, np.ndarray] = {}
    for split, want, seed in (("train", n_train, TRAIN_SEED), ("test", n_test, TEST_SEED)):
        have_x = cached[f"x_{split}"] if cached else np.empty((0, 32, 32, 3), np.uint8)
        have_y = cached[f"y_{split}"] if cached else np.empty((0,), np.int64)
        have = len(have_x) - len(have_x) % 500  # whole chunks only: the rest is re-rendered
        if want > have:
            x_new, y_new = shapes10.render(want - have, seed=seed, start=have)
            have_x = np.concatenate([have_x[:have], x_new])
            have_y = np.concatenate([have_y[:have], y_new])
        out[f"x_{split}"], out[f"y_{split}"] = have_x, have_y
    return out


def load_standin(
    n_train: int | None = None, n_test: int | None = None
) -> tuple[dict[str, np.ndarray], str, dict[str, Any]]:
    """The CIFAR-10 stand-in's arrays (rendered as needed, then cached) and its description."""
    want_train = STANDIN_TRAIN if n_train is None else min(n_train, STANDIN_MAX)
    want_test = STANDIN_TEST if n_test is None else min(n_test, STANDIN_MAX)
    arrays, info = standins.load_or_make(
        STANDIN_NAME,
        shapes10.GENERATOR_VERSION,
        lambda cached: _extend(cached, want_train, want_test),
        enough=lambda cached: (
            len(cached["x_train"]) >= want_train and len(cached["x_test"]) >= want_test
        ),
    )
    arrays = {
        "x_train": arrays["x_train"][:want_train],
        "y_train": arrays["y_train"][:want_train],
        "x_test": arrays["x_test"][:want_test],
        "y_test": arrays["y_test"][:want_test],
    }
    made = (
        "loaded from the cache"
        if info["cached"]
        else f"rendered in {info['seconds']:.1f} s and cached"
    )
    meta = {
        "standin_name": STANDIN_NAME,
        "differences": DIFFERENCES,
        "cache_path": info["path"],
        "full_train": max(STANDIN_TRAIN, want_train),
        "full_test": max(STANDIN_TEST, want_test),
        "detail": f"{made} at {info['path']}"
        + (f" ({info['note']})" if info["note"] else "")
        + f"\n  how it differs from CIFAR-10: {DIFFERENCES}",
    }
    return arrays, STANDIN_DESCRIPTION, meta


def load_cifar10(
    n_train: int | None = None, n_test: int | None = None, source: str = "auto"
) -> ImageData:
    """CIFAR-10 as uint8 arrays ``(N, 32, 32, 3)`` (0..255) and int64 labels ``(N,)``.

    Tries a local copy (``COURSE_DATA_DIR``), a cached copy, then a download (only if the
    host answers within seconds and ``COURSE_OFFLINE`` is unset), then the offline stand-in
    Shapes-10; prints which it used.

    Args:
        n_train, n_test: keep only the first ``n`` images of each split (``None``: all;
            for the stand-in, ``None`` means 10,000 / 2,000, and up to 60,000 can be
            asked for; more take longer to render the first time).
        source: ``"auto"``, or force ``"local"`` (``COURSE_DATA_DIR``), ``"cache"``,
            ``"download"`` or ``"standin"``.

    Returns:
        :class:`~course_utils.data.result.ImageData`. Use ``data.class_names``, never a
        hard-coded CIFAR list: the stand-in's classes are shapes.

    Example:
        >>> data = load_cifar10(n_train=2000, n_test=500, source="standin")  # doctest: +SKIP
        >>> data.real, data.class_names[:2]                                  # doctest: +SKIP
        (False, ('disc', 'triangle'))
    """
    return sources.load(SPEC, load_standin, shapes10.CLASS_NAMES, n_train, n_test, source)
