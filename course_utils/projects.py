"""Your own image project: deduplicate, split 80/20 into class folders, classify a folder.

The pipeline of a classifier of your own pictures (notebook 06): collect images, remove
duplicates, label them by putting each in a folder named after its class, split every class
into ``train/`` and ``validation/`` (80/20), train, then classify new images. This module
does the file plumbing of those steps (and :func:`to_rgb`, the one image conversion the
course's loaders share); the notebook builds and trains the model itself.

Functions:

:func:`deduplicate`
    groups of duplicate images in a folder tree: *exact* duplicates (the same file bytes,
    by SHA-256) and, with ``near=True``, *near* duplicates (the same 64-bit difference
    hash of a 9x8 grey thumbnail, confirmed pixel by pixel: a resized, re-saved or slightly
    recompressed copy). Optionally removes all but the first file of each group; links to
    one file and copies in different class folders are reported, never removed.
:func:`split_folder`
    copies ``src/<class>/<images>`` into ``dst/train/<class>/`` and
    ``dst/validation/<class>/``, a seeded shuffle per class, at least one validation image
    per class.
:func:`classify_folder`
    runs a trained Keras model over every image in a folder and returns one
    :class:`Prediction` (file, class, confidence) per image.

Example:
    >>> import tempfile, numpy as np
    >>> from PIL import Image
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "a").mkdir()
    >>> Image.fromarray(np.zeros((8, 8, 3), np.uint8)).save(root / "a" / "1.png")
    >>> _ = shutil.copyfile(root / "a" / "1.png", root / "a" / "2.png")
    >>> [[p.name for p in group.files] for group in deduplicate(root)]
    [['1.png', '2.png']]
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from course_utils.cache import sha256_of

__all__ = [
    "DEFAULT_BACKGROUND",
    "DuplicateGroup",
    "IMAGE_EXTENSIONS",
    "Prediction",
    "SplitReport",
    "classify_folder",
    "deduplicate",
    "difference_hash",
    "image_files",
    "split_folder",
    "to_rgb",
]

#: The image types Keras's ``image_dataset_from_directory`` reads (the one place naming them).
IMAGE_EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
#: The colour transparent pixels are composited onto (white, like a photo's paper).
DEFAULT_BACKGROUND = (255, 255, 255)


def image_files(folder: str | os.PathLike[str]) -> list[Path]:
    """Every image file under ``folder`` (recursively), sorted by path; hidden ones skipped.

    Raises:
        FileNotFoundError: ``folder`` is not a folder.

    Example:
        >>> image_files("/no/such/folder")
        Traceback (most recent call last):
        ...
        FileNotFoundError: /no/such/folder is not a folder
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise FileNotFoundError(f"{root} is not a folder")
    found = [
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in IMAGE_EXTENSIONS
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    ]
    return sorted(found)


def to_rgb(image: Any, background: tuple[int, int, int] = DEFAULT_BACKGROUND) -> Any:
    """A Pillow image as RGB: transparency composited onto ``background``, grey expanded.

    Keras's own image loader drops an alpha channel, which turns a transparent background
    black; this keeps it the colour of ``background``.

    Example:
        >>> from PIL import Image
        >>> clear = Image.new("RGBA", (2, 2), (0, 0, 0, 0))
        >>> to_rgb(clear, (250, 250, 250)).getpixel((0, 0))
        (250, 250, 250)
    """
    from PIL import Image

    if image.mode == "RGB" and "transparency" not in image.info:
        return image
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*background, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float grey: scale to 8 bits before converting.
        array = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or array.max() > 255 else 255.0
        image = Image.fromarray(np.clip(array / top * 255, 0, 255).astype("uint8"), "L")
    return image.convert("RGB")


def difference_hash(path: str | os.PathLike[str], size: int = 8) -> int:
    """A perceptual "difference hash": 1 bit per pair of neighbouring pixels of a grey
    ``(size+1) x size`` thumbnail, set where the left pixel is brighter than its right
    neighbour. Copies that were resized or recompressed usually keep the same hash.

    Example:
        >>> import tempfile; from PIL import Image
        >>> p = Path(tempfile.mkdtemp()) / "x.png"
        >>> Image.fromarray(np.tile(np.arange(0, 250, 25, dtype=np.uint8), (10, 1))).save(p)
        >>> difference_hash(p)          # brightness rises left to right: no bit is set
        0
    """
    from PIL import Image

    with Image.open(path) as image:
        grey = image.convert("L").resize((size + 1, size), Image.Resampling.BILINEAR)
        pixels = np.asarray(grey, dtype=np.int16)
    bits = (pixels[:, :-1] > pixels[:, 1:]).reshape(-1)
    return int(sum(1 << i for i, bit in enumerate(bits) if bit))


@dataclass(frozen=True)
class DuplicateGroup:
    """Files that are copies of one another; ``files[0]`` is the one kept.

    Attributes:
        kind: ``"exact"`` (identical bytes), ``"near"`` (the same difference hash, confirmed
            by a small pixel difference), ``"cross-class"`` (copies in different class
            folders: their labels disagree, so a person must decide) or ``"same file"``
            (links to one file on disk: nothing to delete).
        files: the files, the kept one first, the others sorted by path.
        removable: whether ``deduplicate(remove=True)`` deletes the others.
    """

    kind: str
    files: tuple[Path, ...]
    removable: bool = True

    @property
    def extra(self) -> tuple[Path, ...]:
        """The copies: every file but the first."""
        return self.files[1:]


#: A near-duplicate pair must also differ by at most this mean grey level (0..255) on a
#: 32x32 thumbnail: the hash alone groups different pictures that share a coarse shading.
NEAR_PIXEL_DISTANCE = 8.0
#: Hashes with fewer set bits than this (or more than 64 minus it) come from flat or
#: evenly shaded images, which all hash alike: they never form near groups.
MIN_HASH_BITS = 8


def _thumbnail(path: Path) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as image:
        return np.asarray(
            image.convert("L").resize((32, 32), Image.Resampling.BILINEAR), dtype=np.float32
        )


def _class_of(path: Path, root: Path) -> str:
    parts = path.relative_to(root).parts
    return parts[0] if len(parts) > 1 else ""


def deduplicate(
    folder: str | os.PathLike[str], *, near: bool = False, remove: bool = False
) -> list[DuplicateGroup]:
    """Find (and optionally delete) duplicate images in a folder tree.

    Exact duplicates have the same SHA-256 of their bytes. With ``near=True``, the images
    left after that are also grouped by :func:`difference_hash` (resized or re-saved
    copies), but only when the hash is not degenerate (flat images all hash to 0) and the
    pictures also match pixel by pixel (:data:`NEAR_PIXEL_DISTANCE`).

    Nothing is lost: symbolic and hard links to one file are reported as ``"same file"``
    and never deleted; a file that another path in the folder links to is never deleted;
    copies in different class folders are reported as ``"cross-class"`` and left for you
    to decide, since their labels disagree. A file that cannot be read as an image is
    named in a warning and skipped.

    Args:
        folder: the folder to search (sub-folders included).
        near: also group near duplicates.
        remove: delete every file but the first of each removable group.

    Returns:
        The groups of two or more files: links, exact, cross-class, then near ones.

    Example:
        >>> deduplicate("/no/such/folder")
        Traceback (most recent call last):
        ...
        FileNotFoundError: /no/such/folder is not a folder
    """
    import warnings

    root = Path(folder).expanduser()
    files = image_files(root)
    skipped: list[str] = []
    by_identity: dict[tuple[int, int], list[Path]] = {}
    for path in files:
        try:
            info = path.stat()  # follows links: two names of one file share an identity
        except OSError as error:
            skipped.append(f"{path} ({error.strerror or error})")
            continue
        by_identity.setdefault((info.st_dev, info.st_ino), []).append(path)

    groups: list[DuplicateGroup] = []
    linked: set[Path] = set()  # files other paths of the folder point to
    representatives: list[Path] = []
    for paths in by_identity.values():
        real = [p for p in paths if not p.is_symlink()]
        keep = (real or paths)[0]
        representatives.append(keep)
        if len(paths) > 1:
            linked.add(keep)
            groups.append(
                DuplicateGroup(
                    "same file", (keep, *[p for p in paths if p != keep]), removable=False
                )
            )

    def classify(kind: str, paths: list[Path]) -> DuplicateGroup:
        paths = sorted(paths)
        if len({_class_of(p, root) for p in paths}) > 1:
            return DuplicateGroup("cross-class", tuple(paths), removable=False)
        return DuplicateGroup(kind, tuple(paths))

    by_digest: dict[str, list[Path]] = {}
    for path in sorted(representatives):
        by_digest.setdefault(sha256_of(path), []).append(path)
    groups += [classify("exact", paths) for paths in by_digest.values() if len(paths) > 1]

    if near:
        by_hash: dict[int, list[Path]] = {}
        for paths in by_digest.values():
            try:
                value = difference_hash(paths[0])
            except Exception as error:  # noqa: BLE001 - any unreadable file is skipped
                skipped.append(f"{paths[0]} ({type(error).__name__}: {error})")
                continue
            if MIN_HASH_BITS <= bin(value).count("1") <= 64 - MIN_HASH_BITS:
                by_hash.setdefault(value, []).append(paths[0])
        for paths in by_hash.values():
            if len(paths) < 2:
                continue
            first = _thumbnail(paths[0])
            close = [paths[0]] + [
                p
                for p in paths[1:]
                if float(np.abs(_thumbnail(p) - first).mean()) <= NEAR_PIXEL_DISTANCE
            ]
            if len(close) > 1:
                groups.append(classify("near", close))
    if skipped:
        warnings.warn(
            f"deduplicate skipped {len(skipped)} file(s) it could not read: "
            + "; ".join(skipped[:5])
            + (" ..." if len(skipped) > 5 else ""),
            stacklevel=2,
        )
    if remove:
        for group in groups:
            if group.removable:
                for path in group.extra:
                    if path not in linked:
                        path.unlink(missing_ok=True)
    return groups


@dataclass(frozen=True)
class SplitReport:
    """What :func:`split_folder` did: images per class in each part."""

    root: Path
    train: dict[str, int]
    validation: dict[str, int]

    def summary(self) -> str:
        """One line, e.g. ``'2 classes: 16 training and 4 validation images in /tmp/x'``."""
        return (
            f"{len(self.train)} classes: {sum(self.train.values())} training and "
            f"{sum(self.validation.values())} validation images in {self.root}"
        )


def split_folder(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    *,
    validation: float = 0.2,
    seed: int = 42,
) -> SplitReport:
    """Copy ``src/<class>/<images>`` into ``dst/train/<class>/`` and ``dst/validation/<class>/``.

    Each class is shuffled with ``seed`` and ``round(n * validation)`` of its ``n``
    images (at least one) go to validation, so every class keeps the same proportion.
    Files are copied, never moved; ``src`` is left as it was.

    Args:
        src: one sub-folder per class, named after the class.
        dst: where ``train/`` and ``validation/`` are written (must not hold them yet).
        validation: the fraction held out, between 0 and 1 (0.2 is the 80/20 split).
        seed: the shuffle's seed.

    Raises:
        ValueError: a bad fraction, fewer than two classes, a class with fewer than two
            images, two files that would get the same name, a ``dst`` inside ``src``, or a
            ``dst`` that already holds a split. Every class is checked before anything is
            copied, and a failure while copying removes what was written.

    Example:
        >>> split_folder("/no/such/folder", "/tmp/out")
        Traceback (most recent call last):
        ...
        FileNotFoundError: /no/such/folder is not a folder
    """
    if not 0.0 < validation < 1.0:
        raise ValueError(f"validation must be a fraction between 0 and 1, got {validation}")
    src, dst = Path(src).expanduser(), Path(dst).expanduser()
    if not src.is_dir():
        raise FileNotFoundError(f"{src} is not a folder")
    classes = sorted(p for p in src.iterdir() if p.is_dir() and not p.name.startswith("."))
    if len(classes) < 2:
        raise ValueError(
            f"{src} has {len(classes)} class folder(s); a classifier needs at "
            "least two, one per class, each holding that class's images"
        )
    if dst.resolve() == src.resolve() or src.resolve() in dst.resolve().parents:
        raise ValueError(
            f"{dst} is inside {src}: the split would become a class of its own "
            "source; choose a destination outside it"
        )
    if (dst / "train").exists() or (dst / "validation").exists():
        raise ValueError(
            f"{dst} already holds a train/ or validation/ folder: choose an "
            "empty destination so old and new splits do not mix"
        )
    # Check every class before copying anything, so a bad class leaves no half-made split.
    plan: dict[str, list[tuple[Path, str]]] = {}
    for class_dir in classes:
        files = image_files(class_dir)
        if len(files) < 2:
            raise ValueError(
                f"class {class_dir.name!r} has {len(files)} image(s); it needs "
                "at least two to have one for training and one for validation"
            )
        named: dict[str, Path] = {}
        for path in files:
            # Files in nested folders keep distinct names: a/b.png -> a__b.png.
            name = "__".join(path.relative_to(class_dir).parts)
            if name in named:
                raise ValueError(
                    f"{path} and {named[name]} would both be copied as {name!r} "
                    f"in class {class_dir.name!r}: rename one of them"
                )
            named[name] = path
        plan[class_dir.name] = [(path, name) for name, path in sorted(named.items())]
    rng = random.Random(seed)
    train: dict[str, int] = {}
    held: dict[str, int] = {}
    made = [dst / part for part in ("train", "validation")]
    try:
        for class_name, entries in plan.items():
            entries = sorted(entries, key=lambda entry: entry[0])
            rng.shuffle(entries)
            n_val = min(max(1, round(len(entries) * validation)), len(entries) - 1)
            for part, chosen in (("validation", entries[:n_val]), ("train", entries[n_val:])):
                target = dst / part / class_name
                target.mkdir(parents=True, exist_ok=True)
                for path, name in chosen:
                    shutil.copy2(path, target / name)
            train[class_name] = len(entries) - n_val
            held[class_name] = n_val
    except BaseException:
        for folder in made:  # nothing half-made is left behind to block a rerun
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return SplitReport(dst, train, held)


@dataclass(frozen=True)
class Prediction:
    """One classified image: its file, the predicted class and the model's confidence."""

    file: Path
    label: str
    confidence: float


def classify_folder(
    model: Any,
    folder: str | os.PathLike[str],
    class_names: Sequence[str],
    image_size: tuple[int, int],
    preprocess: Callable[[np.ndarray], np.ndarray] | None = None,
    batch_size: int = 32,
) -> list[Prediction]:
    """Classify every image in ``folder`` (sub-folders included) with a trained model.

    Each image is read with Pillow, transparency composited onto white, converted to RGB,
    resized to ``image_size`` (height, width) and given to the model as float32 pixels
    in 0..255, after ``preprocess`` if one is given (e.g.
    ``keras.applications.vgg16.preprocess_input``), exactly as the training images were.

    Args:
        model: a Keras model whose output is one probability per class (softmax).
        folder: the images to classify.
        class_names: the name of each output, in the order used in training.
        image_size: (height, width) the model expects.
        preprocess: the function applied to a batch before the model, if any.
        batch_size: images per call of the model.

    Returns:
        One :class:`Prediction` per image, sorted by file path.

    Raises:
        ValueError: the folder holds no images, an image cannot be read, ``image_size`` or
            the channels differ from the model's input, or the model's outputs do not
            match ``class_names`` or are not probabilities.

    Example:
        >>> import keras, tempfile; from PIL import Image
        >>> folder = Path(tempfile.mkdtemp())
        >>> Image.new("RGB", (20, 20), "red").save(folder / "brick.png")
        >>> model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.Flatten(),
        ...                           keras.layers.Dense(2, activation="softmax")])
        >>> [p.file.name for p in classify_folder(model, folder, ["a", "b"], (8, 8))]
        ['brick.png']
    """
    files = image_files(folder)
    if not files:
        raise ValueError(f"{folder} holds no images ({'/'.join(IMAGE_EXTENSIONS)})")
    from PIL import Image

    if not callable(getattr(model, "predict", None)):
        raise TypeError(f"classify_folder needs a trained Keras model, not {type(model).__name__}")
    height, width = int(image_size[0]), int(image_size[1])
    expected = tuple(getattr(model, "input_shape", None) or ())[1:]
    if len(expected) == 3:
        wanted_size, channels = expected[:2], expected[2]
        if None not in wanted_size and tuple(wanted_size) != (height, width):
            raise ValueError(
                f"the model takes {wanted_size[0]}x{wanted_size[1]} images but "
                f"image_size is {height}x{width}: pass the size it was trained at"
            )
        if channels not in (None, 3):
            raise ValueError(
                f"the model takes images with {channels} channel(s); "
                "classify_folder gives it colour (RGB, 3 channels) images"
            )
    results: list[Prediction] = []
    for start in range(0, len(files), batch_size):
        chunk = files[start : start + batch_size]
        batch = np.empty((len(chunk), height, width, 3), np.float32)
        for i, path in enumerate(chunk):
            try:
                with Image.open(path) as image:
                    rgb = to_rgb(image).resize((width, height), Image.Resampling.BILINEAR)
                    batch[i] = np.asarray(rgb, dtype=np.float32)
            except (OSError, Image.DecompressionBombError) as error:
                raise ValueError(
                    f"{path} cannot be read as an image ({type(error).__name__}: "
                    f"{error}): delete or replace it"
                ) from None
        if preprocess is not None:
            batch = np.asarray(preprocess(batch))
        probs = np.asarray(model.predict(batch, verbose=0))
        if probs.ndim != 2 or probs.shape[1] != len(class_names):
            raise ValueError(
                f"the model gives outputs of shape {probs.shape[1:]} but there are "
                f"{len(class_names)} class names: pass the names it was trained with"
            )
        if (probs < -1e-6).any() or not np.allclose(probs.sum(axis=1), 1.0, atol=1e-3):
            raise ValueError(
                "the model's outputs are not probabilities (each row should be "
                ">= 0 and sum to 1): end it with a softmax layer, or wrap it as "
                "keras.Sequential([model, keras.layers.Softmax()])"
            )
        for path, row in zip(chunk, probs, strict=True):
            best = int(np.argmax(row))
            results.append(Prediction(path, str(class_names[best]), float(row[best])))
    return results
