"""Where notebook 06 gets VGG16's ImageNet weights: a local copy, Keras' cache, or a download.

The order is the data loaders' (see :mod:`course_utils.data.sources`):

1. **A local copy** in the folder named by ``COURSE_DATA_DIR`` under Keras' own file name
   (``vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5``, Keras' legacy HDF5 format;
   ``python -m course_utils prefetch --to DIR`` writes it there). It is loaded by path and
   checked against the MD5 Keras publishes: a file that differs is still loaded (the
   architecture fits) but announced as *not* the published ImageNet weights, and the
   notebook does not hold it to the pretrained network's accuracy.
2. **Keras' cache** (``$KERAS_HOME/models``), checked the same way.
3. **The download**, when :func:`course_utils.data.network.check` reaches the host.
4. Otherwise none: the notebook says so and skips what needs them.

Example:
    >>> import os; os.environ["COURSE_OFFLINE"] = "1"; os.environ.pop("COURSE_DATA_DIR", None)
    >>> os.environ["KERAS_HOME"] = "/tmp/no-keras-home-here"
    >>> find_vgg16_weights().available
    False
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from course_utils.data import local, network
from course_utils.data.sources import keras_home

#: Keras' file names and MD5s for the VGG16 ImageNet weights (from keras.applications.vgg16).
VGG16_FILES: dict[str, tuple[str, str]] = {
    "VGG16 weights (no top)": (
        "vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5",
        "6d6bbae143d832006294945121d1f1fc",
    ),
    "VGG16 weights (with top)": (
        "vgg16_weights_tf_dim_ordering_tf_kernels.h5",
        "64373286793e3c8b2b4e3219cbf3544b",
    ),
}
NO_TOP = "VGG16 weights (no top)"


def md5_of(path: Path) -> str:
    """The MD5 of a file (Keras publishes MD5s for its weight files)."""
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def vgg16_state(label: str = NO_TOP) -> tuple[str, Path]:
    """``("cached" | "corrupt" | "missing", path)`` of one VGG16 file in Keras' cache."""
    name, md5 = VGG16_FILES[label]
    path = keras_home() / "models" / name
    if not path.exists():
        return "missing", path
    return ("cached" if md5_of(path) == md5 else "corrupt"), path


@dataclass(frozen=True)
class ImageNetWeights:
    """What :func:`find_vgg16_weights` found.

    Attributes:
        available: whether a VGG16 base can be given these weights.
        weights: the value for ``keras.applications.VGG16(weights=...)``: a file path, or
            ``"imagenet"`` (Keras downloads them), or None when not available.
        source: where they come from, in a few words ("local copy", "Keras cache", ...).
        verified: whether the file matches the MD5 Keras publishes (a download is checked
            by Keras itself, so it counts as verified).
        reason: why they are not available, or a note on the file.
    """

    available: bool
    weights: str | None
    source: str
    verified: bool
    reason: str = ""


def find_vgg16_weights(label: str = NO_TOP) -> ImageNetWeights:
    """Find VGG16's ImageNet weights without downloading anything (see the module's order)."""
    name, md5 = VGG16_FILES[label]
    folder = local.data_dir()
    if folder is not None and (folder / name).is_file():
        path = folder / name
        verified = md5_of(path) == md5
        note = (
            "checksum verified"
            if verified
            else "its MD5 differs from the published one: not the ImageNet weights Keras ships"
        )
        return ImageNetWeights(
            True, str(path), f"local copy in COURSE_DATA_DIR ({path.name})", verified, note
        )
    state, path = vgg16_state(label)
    if state == "cached":
        return ImageNetWeights(True, str(path), "Keras cache", True, "checksum verified")
    reach = network.check(network.HOSTS["vgg16"])
    if reach:
        # Keras downloads them (and replaces a damaged cached file), checking the MD5.
        return ImageNetWeights(
            True,
            "imagenet",
            "download (58 MB, once)",
            True,
            "" if state == "missing" else "the cached file is damaged",
        )
    problem = "damaged" if state == "corrupt" else "not cached"
    return ImageNetWeights(
        False, None, "none", False, f"{reach.reason}, and the weights are {problem}"
    )
