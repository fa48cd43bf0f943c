"""``load_mnist``: MNIST from the best available source, or its offline stand-in.

The real MNIST (70,000 28x28 grey digits, white on black) comes from a cached copy
(Keras or TFDS) or a download by ``keras.datasets.mnist``; without a network the
stand-in is scikit-learn's bundled UCI handwritten digits in MNIST's geometry (see
:mod:`course_utils.data.uci_digits` for how they differ).

Example:
    >>> data = load_mnist(n_train=1000, n_test=200)       # doctest: +SKIP
    MNIST: offline stand-in (UCI handwritten digits ...), not the real dataset
    >>> data.x_train.shape, data.x_train.dtype            # doctest: +SKIP
    ((1000, 28, 28, 1), dtype('uint8'))
    >>> ds_train, ds_test = data.datasets()  # like tfds.load(as_supervised=True)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import numpy as np

from course_utils.data import sources, standins, uci_digits
from course_utils.data.result import ImageData

CLASS_NAMES: tuple[str, ...] = tuple(str(d) for d in range(10))

SPEC = sources.RealDataset(
    name="MNIST",
    key="mnist",
    class_names=CLASS_NAMES,
    keras_file="mnist.npz",
    keras_sha256="731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
    keras_loader="keras.datasets.mnist.load_data",
    tfds_name="mnist",
    channels=1,
    download_mb=11,
)

STANDIN_NAME = "uci-digits-28x28"
STANDIN_DESCRIPTION = "UCI handwritten digits from scikit-learn, redrawn in MNIST's 28x28 geometry"


def load_standin(
    n_train: int | None = None, n_test: int | None = None
) -> tuple[dict[str, np.ndarray], str, dict[str, Any]]:
    """The MNIST stand-in's arrays (made once, then cached), its description and metadata."""
    arrays, info = standins.load_or_make(
        STANDIN_NAME, uci_digits.GENERATOR_VERSION, lambda cached: uci_digits.make_splits()
    )
    full_train, full_test = len(arrays["x_train"]), len(arrays["x_test"])
    arrays = {
        "x_train": arrays["x_train"][:n_train],
        "y_train": arrays["y_train"][:n_train],
        "x_test": arrays["x_test"][:n_test],
        "y_test": arrays["y_test"][:n_test],
    }
    made = (
        "loaded from the cache" if info["cached"] else f"made in {info['seconds']:.1f} s and cached"
    )
    meta = {
        "standin_name": STANDIN_NAME,
        "differences": uci_digits.DIFFERENCES,
        "cache_path": info["path"],
        "full_train": full_train,
        "full_test": full_test,
        "detail": f"{made} at {info['path']}"
        + (f" ({info['note']})" if info["note"] else "")
        + f"\n  how it differs from MNIST: {uci_digits.DIFFERENCES}",
    }
    return arrays, STANDIN_DESCRIPTION, meta


def load_mnist(
    n_train: int | None = None, n_test: int | None = None, source: str = "auto"
) -> ImageData:
    """MNIST as uint8 arrays ``(N, 28, 28, 1)`` (0..255, white on black) and int64 labels.

    Tries a local copy (``COURSE_DATA_DIR``), a cached copy, then a download (only if the
    host answers within seconds and ``COURSE_OFFLINE`` is unset), then the offline stand-in; prints which it used.

    Args:
        n_train, n_test: keep only the first ``n`` images of each split (``None``: all),
            e.g. ``profile.pick(full=None, cpu=20_000, smoke=1_000)``.
        source: ``"auto"``, or force ``"local"`` (``COURSE_DATA_DIR``), ``"cache"``,
            ``"download"`` or ``"standin"``.

    Returns:
        :class:`~course_utils.data.result.ImageData`; ``.real`` is ``False`` for the
        stand-in, whose ``metadata["differences"]`` says how it differs from MNIST.

    Example:
        >>> data = load_mnist(n_train=1000, source="standin")   # doctest: +SKIP
        >>> data.real, data.class_names[:3]                      # doctest: +SKIP
        (False, ('0', '1', '2'))
    """
    return sources.load(SPEC, load_standin, CLASS_NAMES, n_train, n_test, source)
