"""The offline stand-in for MNIST: scikit-learn's real handwritten digits in MNIST's geometry.

scikit-learn ships (inside its wheel, no download) the test part of the UCI "Optical
Recognition of Handwritten Digits" set: 1,797 digits written by 13 people (Alpaydin &
Kaynak, 1998), each a 32x32 bitmap reduced to 8x8 counts of ink (0..16). This module
brings them into MNIST's geometry, the way MNIST itself was made from NIST: each digit is
upsampled, cropped to its ink, scaled to fit a 20x20 box (aspect kept), and placed in a
28x28 frame so that its centre of mass sits at the centre; intensities 0..255, white ink
on black.

How it differs from MNIST (also printed in the loader's metadata):

* 1,797 images instead of 70,000, by 13 writers instead of ~500;
* the strokes are reconstructions from 8x8 = 64 numbers, so they are thick, blurry and
  have no fine detail (no serifs, no thin loops); many images look alike;
* so accuracy numbers are not comparable with MNIST's, only "it learns" is.

Example:
    >>> x, y = make_images()
    >>> x.shape, x.dtype, int(x.max())
    ((1797, 28, 28), dtype('uint8'), 255)
"""

from __future__ import annotations

import numpy as np

#: Bump when the conversion changes, so cached copies made by older code are rebuilt.
GENERATOR_VERSION = 2

DIFFERENCES = (
    "1,797 real digits by 13 writers (UCI 'Optical Recognition of Handwritten Digits', "
    "bundled with scikit-learn) instead of MNIST's 70,000 by ~500 writers; each was "
    "stored as 8x8 ink counts, so the 28x28 images are thick, blurry reconstructions "
    "without MNIST's fine strokes; accuracies are not comparable with MNIST's"
)


def _zoom_matrix(n_in: int, n_out: int) -> np.ndarray:
    """The linear map of a 1-D cubic-spline zoom ``n_in -> n_out`` samples (as a matrix).

    A spline zoom is linear and separable, so zooming a whole batch of images is two
    matrix products with this matrix instead of one ``ndimage.zoom`` call per image.
    """
    from scipy import ndimage  # scipy comes with scikit-learn and scikit-image

    eye = np.eye(n_in)
    return np.stack(
        [ndimage.zoom(col, n_out / n_in, order=3, mode="nearest") for col in eye], axis=1
    )


def to_mnist_geometry(digits8: np.ndarray) -> np.ndarray:
    """8x8 digits (0..16), shape (N, 8, 8), to uint8 (N, 28, 28) in MNIST's geometry.

    Per digit: cubic upsampling to 32x32, crop to the ink, scale to fit a 20x20 box
    (aspect kept), then place in 28x28 with the centre of mass at the centre (rounded to
    whole pixels), white ink on black.

    Example:
        >>> img = to_mnist_geometry(np.eye(8)[None] * 16)
        >>> img.shape, img.dtype
        ((1, 28, 28), dtype('uint8'))
    """
    from PIL import Image

    ink = np.asarray(digits8, np.float64).reshape(-1, 8, 8) / 16.0
    zoom = _zoom_matrix(8, 32)
    big = np.clip(np.einsum("yi,nij,xj->nyx", zoom, ink, zoom), 0, 1)
    out = np.zeros((len(big), 28, 28), np.float64)
    yy, xx = np.mgrid[0:20, 0:20]
    for k, image in enumerate(big):
        rows = np.flatnonzero(image.max(axis=1) > 0.15)
        cols = np.flatnonzero(image.max(axis=0) > 0.15)
        if rows.size == 0:
            continue
        crop = image[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        factor = 20.0 / max(crop.shape)
        h = min(20, max(1, round(crop.shape[0] * factor)))
        w = min(20, max(1, round(crop.shape[1] * factor)))
        box = np.asarray(
            Image.fromarray(crop.astype(np.float32), "F").resize((w, h), Image.Resampling.BILINEAR),
            np.float64,
        ).clip(0, 1)
        total = box.sum() or 1.0
        cy = (box * yy[:h, :w]).sum() / total
        cx = (box * xx[:h, :w]).sum() / total
        top = int(np.clip(round(13.5 - cy), 0, 28 - h))
        left = int(np.clip(round(13.5 - cx), 0, 28 - w))
        out[k, top : top + h, left : left + w] = box
    # Sharpen the ink's edge a little (MNIST's strokes are mostly saturated).
    out = np.clip((out - 0.08) * 1.6, 0, 1)
    return (out * 255 + 0.5).astype(np.uint8)


def read_bundled_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI digits bundled with scikit-learn: ``(images (N, 8, 8) 0..16, labels (N,))``.

    Reads scikit-learn's own data file ``sklearn/datasets/data/digits.csv.gz`` (what
    ``sklearn.datasets.load_digits`` reads) without importing scikit-learn, which alone
    takes seconds on a busy laptop; falls back to ``load_digits`` if the file moved.
    """
    import gzip
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("sklearn")
    if spec and spec.submodule_search_locations:
        path = (
            Path(list(spec.submodule_search_locations)[0]) / "datasets" / "data" / "digits.csv.gz"
        )
        if path.exists():
            with gzip.open(path, "rt") as handle:
                table = np.loadtxt(handle, delimiter=",", dtype=np.int64)
            return table[:, :64].reshape(-1, 8, 8).astype(np.float64), table[:, 64]
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.images, digits.target.astype(np.int64)


def make_images() -> tuple[np.ndarray, np.ndarray]:
    """All 1,797 digits as ``(images uint8 (N, 28, 28), labels int64 (N,))``, in the bundled order."""
    digits, labels = read_bundled_digits()
    return to_mnist_geometry(digits), labels


def make_splits(test_fraction: float = 0.2, seed: int = 0) -> dict[str, np.ndarray]:
    """A stratified, shuffled train/test split (deterministic for a given ``seed``).

    Returns:
        ``{"x_train", "y_train", "x_test", "y_test"}``; images (N, 28, 28, 1) uint8.
    """
    images, labels = make_images()
    rng = np.random.default_rng(seed)
    test_idx: list[int] = []
    for digit in range(10):  # stratified: the same fraction of every digit goes to test
        members = np.flatnonzero(labels == digit)
        test_idx.extend(rng.choice(members, round(len(members) * test_fraction), replace=False))
    is_test = np.zeros(len(labels), bool)
    is_test[test_idx] = True
    train_order = rng.permutation(np.flatnonzero(~is_test))
    test_order = rng.permutation(np.flatnonzero(is_test))
    return {
        "x_train": images[train_order, ..., None],
        "y_train": labels[train_order],
        "x_test": images[test_order, ..., None],
        "y_test": labels[test_order],
    }
