"""What every course dataset loader returns: NumPy arrays plus where they came from.

The arrays are the raw material a notebook builds its own ``tf.data`` pipeline from
(normalise, cache, shuffle, batch, prefetch: that is the lesson, so it is not done here).

Example:
    >>> import numpy as np
    >>> data = ImageData("Demo", np.zeros((4, 2, 2, 1), np.uint8), np.arange(4),
    ...                  np.zeros((2, 2, 2, 1), np.uint8), np.arange(2), ("a", "b", "c", "d"),
    ...                  source="generated", real=False)
    >>> data.num_train, data.num_test, data.image_shape
    (4, 2, (2, 2, 1))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class ImageData:
    """A train/test split of images with integer labels.

    Attributes:
        name: the dataset's name as announced, e.g. ``"MNIST"``.
        x_train, x_test: uint8 images ``(N, H, W, C)`` in 0..255.
        y_train, y_test: int64 labels ``(N,)``.
        class_names: the name of each label.
        source: where the arrays came from, in words.
        real: ``True`` for the real dataset, ``False`` for an offline stand-in.
        metadata: details (``kind``: ``keras-cache``, ``tfds-cache``, ``download`` or
            ``standin``; ``standin``: bool; ``why``: why this source; ``differences``...).
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    source: str
    real: bool
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def num_train(self) -> int:
        """Number of training images (like ``ds_info.splits["train"].num_examples``)."""
        return int(len(self.x_train))

    @property
    def num_test(self) -> int:
        """Number of test images."""
        return int(len(self.x_test))

    @property
    def image_shape(self) -> tuple[int, ...]:
        """Shape of one image, e.g. ``(28, 28, 1)``."""
        return tuple(int(d) for d in self.x_train.shape[1:])

    def datasets(self) -> tuple[Any, Any]:
        """``(train, test)`` as ``tf.data.Dataset`` of ``(image, label)`` pairs, unbatched.

        The same elements as ``tfds.load(..., as_supervised=True)`` gives (uint8 images,
        int64 labels), so the TensorFlow Datasets guide's pipeline code (``.map(normalize_img).cache()...``)
        works unchanged on them.

        Example:
            >>> ds_train, ds_test = data.datasets()        # doctest: +SKIP
            >>> ds_train = ds_train.map(normalize_img)     # doctest: +SKIP
        """
        import tensorflow as tf

        train = tf.data.Dataset.from_tensor_slices((self.x_train, self.y_train))
        test = tf.data.Dataset.from_tensor_slices((self.x_test, self.y_test))
        return train, test

    def subset(self, n_train: int | None = None, n_test: int | None = None) -> ImageData:
        """The first ``n_train`` / ``n_test`` images (all when ``None``)."""
        meta = dict(self.metadata)
        meta.update(full_train=self.num_train, full_test=self.num_test)
        return ImageData(
            self.name,
            self.x_train[:n_train],
            self.y_train[:n_train],
            self.x_test[:n_test],
            self.y_test[:n_test],
            self.class_names,
            self.source,
            self.real,
            meta,
        )

    def __repr__(self) -> str:
        kind = "real" if self.real else "STAND-IN"
        return (
            f"ImageData({self.name}, {kind}, source={self.source!r}, "
            f"train={self.x_train.shape}, test={self.x_test.shape})"
        )
