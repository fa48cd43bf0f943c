"""A local real copy of MNIST or CIFAR-10: the folder named by ``COURSE_DATA_DIR``.

Instructors carry datasets on a USB stick or a lab share. Point ``COURSE_DATA_DIR`` at
such a folder and the loaders take the real data from it before any cache or download,
with no network. The forms people have are accepted, in the folder itself or in a
``mnist/`` or ``cifar10/`` sub-folder:

MNIST
    ``mnist.npz`` in the Keras layout (``x_train`` (60000, 28, 28) uint8, ``y_train``,
    ``x_test``, ``y_test``), or the four original IDX files
    (``train-images-idx3-ubyte.gz`` ..., gzipped or not).
CIFAR-10
    the original ``cifar-10-python.tar.gz``, its extracted ``cifar-10-batches-py/``, or
    class folders of images ``train/<class>/*.png|jpg`` and ``test/<class>/...`` (also
    as a ``.tar.gz`` or ``.zip`` archive whose name contains "cifar").

What is loaded is validated: shapes and dtype, the 10 classes in both splits, the split
sizes of the real dataset (60,000 / 10,000 and 50,000 / 10,000). The original files are
checked against their published checksums (the Keras file's SHA-256, the archives' MD5)
and the announcement says whether the copy was checksum-verified. Images from class
folders are sorted by class on disk, so each split is shuffled with a fixed seed
(:data:`SHUFFLE_SEED`): a loader's "first n images" are then a mix of all classes.

A wrong or partial copy raises :class:`LocalCopyError`, whose message names the file and
says what is wrong; the loaders then fall back to their other sources. Nothing in the
folder is ever changed or deleted.

Example:
    >>> find_mnist(Path("/nonexistent")) is None
    True
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import pickle
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ENV = "COURSE_DATA_DIR"
SHUFFLE_SEED = 0

MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
MNIST_IDX_MD5 = {
    "train-images-idx3-ubyte": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte": "ec29112dd5afa0611ce80d1b7f02629c",
}
CIFAR_ARCHIVE = "cifar-10-python.tar.gz"
CIFAR_ARCHIVE_MD5 = "c58f30108f718f92721af3b95e74349a"
CIFAR_CLASSES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp")

EXPECTED = {
    "MNIST": {"shape": (28, 28), "train": 60_000, "test": 10_000},
    "CIFAR-10": {"shape": (32, 32, 3), "train": 50_000, "test": 10_000},
}


class LocalCopyError(ValueError):
    """A local copy exists but is wrong or partial; the message names the file."""


@dataclass
class LocalCopy:
    """Arrays read from a local copy, and what was checked.

    Attributes:
        arrays: ``x_train``, ``y_train``, ``x_test``, ``y_test`` (uint8 images, int64 labels).
        path: the file or folder read.
        form: a short description, e.g. ``"Keras mnist.npz"``.
        verified: True when the bytes match the original's published checksum.
        check: a sentence on what was checked.
    """

    arrays: dict[str, np.ndarray]
    path: Path
    form: str
    verified: bool
    check: str
    notes: list[str] = field(default_factory=list)


def data_dir() -> Path | None:
    """The folder named by ``COURSE_DATA_DIR`` (None when unset or empty).

    Example:
        >>> os.environ[ENV] = "~/datasets"; str(data_dir()).endswith("datasets")
        True
        >>> del os.environ[ENV]; data_dir() is None
        True
    """
    value = os.environ.get(ENV, "").strip()
    return Path(value).expanduser() if value else None


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _candidates(folder: Path, sub: str) -> list[Path]:
    return [folder, folder / sub]


def validate(name: str, arrays: dict[str, np.ndarray], path: Path) -> None:
    """Raise :class:`LocalCopyError` unless ``arrays`` look like the whole real dataset."""
    want = EXPECTED[name]
    for split in ("train", "test"):
        x, y = arrays[f"x_{split}"], arrays[f"y_{split}"]
        if x.dtype != np.uint8:
            raise LocalCopyError(
                f"{path}: the {split} images are {x.dtype}, not uint8 (0..255 pixels)"
            )
        if tuple(x.shape[1:]) != want["shape"]:
            raise LocalCopyError(
                f"{path}: the {split} images have shape {tuple(x.shape[1:])}; "
                f"{name} images are {want['shape']}"
            )
        if len(x) != len(y):
            raise LocalCopyError(f"{path}: {len(x):,} {split} images but {len(y):,} labels")
        if len(x) != want[split]:
            raise LocalCopyError(
                f"{path}: a partial copy: {len(x):,} {split} images; the real "
                f"{name} has {want[split]:,}"
            )
        labels = set(np.unique(y).tolist())
        if labels != set(range(10)):
            missing = sorted(set(range(10)) - labels)
            extra = sorted(labels - set(range(10)))
            raise LocalCopyError(
                f"{path}: the {split} labels are not the 10 classes 0..9"
                + (f" (missing {missing})" if missing else "")
                + (f" (unexpected {extra})" if extra else "")
            )


# ---------------------------------------------------------------------------- MNIST


def _read_mnist_npz(path: Path) -> LocalCopy:
    try:
        with np.load(path, allow_pickle=False) as data:
            missing = {"x_train", "y_train", "x_test", "y_test"} - set(data.files)
            if missing:
                raise LocalCopyError(
                    f"{path}: not the Keras layout (no {', '.join(sorted(missing))})"
                )
            arrays = {key: data[key] for key in ("x_train", "y_train", "x_test", "y_test")}
    except LocalCopyError:
        raise
    except Exception as error:  # noqa: BLE001 - a truncated or foreign file
        raise LocalCopyError(
            f"{path}: unreadable as an .npz file ({type(error).__name__}: "
            f"{error}); a truncated copy?"
        ) from error
    verified = _digest(path, "sha256") == MNIST_NPZ_SHA256
    return LocalCopy(
        arrays,
        path,
        "Keras mnist.npz",
        verified,
        "SHA-256 matches the file Keras downloads"
        if verified
        else "not the file Keras downloads (SHA-256 differs), so not "
        "checksum-verified; shapes, labels and split sizes checked",
    )


def _idx(path: Path) -> np.ndarray:
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as handle:
            raw = handle.read()
    except (OSError, EOFError) as error:
        raise LocalCopyError(f"{path}: unreadable ({error}); a truncated copy?") from error
    if len(raw) < 8 or raw[:2] != b"\0\0" or raw[2] != 8:
        raise LocalCopyError(f"{path}: not an IDX file of unsigned bytes")
    dims = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(dims))
    body = raw[4 + 4 * dims :]
    if len(body) != int(np.prod(shape)):
        raise LocalCopyError(
            f"{path}: holds {len(body):,} bytes of data, its header promises "
            f"{int(np.prod(shape)):,} (a truncated copy?)"
        )
    return np.frombuffer(body, np.uint8).reshape(shape)


def _read_mnist_idx(folder: Path) -> LocalCopy | None:
    files = {}
    for stem in MNIST_IDX_MD5:
        found = [folder / f"{stem}.gz", folder / stem]
        present = [p for p in found if p.is_file()]
        if present:
            files[stem] = present[0]
    if not files:
        return None
    if len(files) < len(MNIST_IDX_MD5):
        missing = sorted(set(MNIST_IDX_MD5) - set(files))
        raise LocalCopyError(f"{folder}: has MNIST's IDX files but not {', '.join(missing)}")
    arrays = {
        "x_train": _idx(files["train-images-idx3-ubyte"]),
        "y_train": _idx(files["train-labels-idx1-ubyte"]).astype(np.int64),
        "x_test": _idx(files["t10k-images-idx3-ubyte"]),
        "y_test": _idx(files["t10k-labels-idx1-ubyte"]).astype(np.int64),
    }
    verified = all(
        p.suffix == ".gz" and _digest(p, "md5") == MNIST_IDX_MD5[stem] for stem, p in files.items()
    )
    return LocalCopy(
        arrays,
        folder,
        "MNIST's original IDX files",
        verified,
        "MD5 of the four files matches the published ones"
        if verified
        else "not checksum-verified (not the original .gz files); shapes, labels and "
        "split sizes checked",
    )


def find_mnist(folder: Path) -> LocalCopy | None:
    """MNIST from ``folder`` (or ``folder/mnist``): None if there is no copy there.

    Raises:
        LocalCopyError: a copy is there but wrong or partial.
    """
    for place in _candidates(folder, "mnist"):
        copy: LocalCopy | None
        if (place / "mnist.npz").is_file():
            copy = _read_mnist_npz(place / "mnist.npz")
        else:
            copy = _read_mnist_idx(place) if place.is_dir() else None
            if copy is None:
                continue
        copy.arrays["y_train"] = copy.arrays["y_train"].astype(np.int64)
        copy.arrays["y_test"] = copy.arrays["y_test"].astype(np.int64)
        validate("MNIST", copy.arrays, copy.path)
        copy.arrays["x_train"] = copy.arrays["x_train"][..., None]
        copy.arrays["x_test"] = copy.arrays["x_test"][..., None]
        return copy
    return None


# ------------------------------------------------------------------------- CIFAR-10


class _NumpyOnly(pickle.Unpickler):
    """Unpickles CIFAR's batches, refusing every global but NumPy's array builders."""

    ALLOWED = {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"refusing to load {module}.{name} from a data file")


def _batch(raw: bytes, where: str) -> tuple[np.ndarray, np.ndarray]:
    try:
        batch = _NumpyOnly(io.BytesIO(raw), encoding="bytes").load()
        data = np.asarray(batch[b"data"], np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
        labels = np.asarray(batch[b"labels"], np.int64)
    except Exception as error:  # noqa: BLE001 - truncated, foreign or hostile
        raise LocalCopyError(
            f"{where}: not a CIFAR-10 batch ({type(error).__name__}: {error})"
        ) from error
    return data, labels


def _batches(read: dict[str, bytes], where: str) -> dict[str, np.ndarray]:
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    missing = [n for n in names if n not in read]
    if missing:
        raise LocalCopyError(f"{where}: a partial copy: no {', '.join(missing)}")
    train = [_batch(read[n], f"{where}: {n}") for n in names[:5]]
    x_test, y_test = _batch(read["test_batch"], f"{where}: test_batch")
    return {
        "x_train": np.concatenate([x for x, _ in train]),
        "y_train": np.concatenate([y for _, y in train]),
        "x_test": x_test,
        "y_test": y_test,
    }


def _read_cifar_archive(path: Path) -> LocalCopy:
    read: dict[str, bytes] = {}
    try:
        with tarfile.open(path) as tar:
            for member in tar:
                if member.isfile() and Path(member.name).parent.name == "cifar-10-batches-py":
                    read[Path(member.name).name] = tar.extractfile(member).read()  # type: ignore[union-attr]
    except (tarfile.TarError, OSError, EOFError) as error:
        raise LocalCopyError(f"{path}: unreadable archive ({error}); a truncated copy?") from error
    arrays = _batches(read, str(path))
    verified = _digest(path, "md5") == CIFAR_ARCHIVE_MD5
    return LocalCopy(
        arrays,
        path,
        "the original cifar-10-python.tar.gz",
        verified,
        "MD5 matches the published archive"
        if verified
        else "not the published archive (MD5 differs), so not checksum-verified; "
        "shapes, labels and split sizes checked",
    )


def _read_cifar_batches(folder: Path) -> LocalCopy:
    read = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    return LocalCopy(
        _batches(read, str(folder)),
        folder,
        "the extracted cifar-10-batches-py/",
        False,
        "not checksum-verified (extracted files); shapes, labels and split sizes checked",
    )


def _image(raw: bytes, where: str) -> np.ndarray:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(raw)) as image:
            return np.asarray(image.convert("RGB"), np.uint8)
    except Exception as error:  # noqa: BLE001 - truncated or not an image
        raise LocalCopyError(f"{where}: not a readable image ({type(error).__name__})") from error


def _class_folder_members(source: Path) -> Iterator[tuple[str, str, str, bytes]]:
    """``(split, class, name, bytes)`` for every image under ``train/`` and ``test/``."""

    def parts(name: str) -> tuple[str, str, str] | None:
        pieces = Path(name).parts
        pieces = pieces[
            pieces.index("train")
            if "train" in pieces
            else pieces.index("test")
            if "test" in pieces
            else len(pieces) :
        ]
        if (
            len(pieces) == 3
            and pieces[2].lower().endswith(IMAGE_SUFFIXES)
            and not pieces[2].startswith(".")
        ):
            return pieces[0], pieces[1].lower(), pieces[2]
        return None

    if source.is_dir():
        for split in ("train", "test"):
            for path in sorted((source / split).rglob("*")):
                found = parts(str(path.relative_to(source)))
                if found and path.is_file():
                    yield (*found, path.read_bytes())
    elif zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                found = parts(info.filename)
                if found and not info.is_dir():
                    yield (*found, archive.read(info))
    else:
        with tarfile.open(source) as tar:
            for member in tar:
                found = parts(member.name)
                if found and member.isfile():
                    yield (*found, tar.extractfile(member).read())  # type: ignore[union-attr]


def _read_cifar_folders(source: Path) -> LocalCopy:
    images: dict[str, list[np.ndarray]] = {"train": [], "test": []}
    labels: dict[str, list[int]] = {"train": [], "test": []}
    seen: dict[str, set[str]] = {"train": set(), "test": set()}
    try:
        for split, name, file_name, raw in _class_folder_members(source):
            if name not in CIFAR_CLASSES:
                raise LocalCopyError(
                    f"{source}: class folder {split}/{name} is not one of "
                    f"CIFAR-10's classes ({', '.join(CIFAR_CLASSES)})"
                )
            seen[split].add(name)
            images[split].append(_image(raw, f"{source}: {split}/{name}/{file_name}"))
            labels[split].append(CIFAR_CLASSES.index(name))
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise LocalCopyError(f"{source}: unreadable ({error}); a truncated copy?") from error
    for split in ("train", "test"):
        missing = [c for c in CIFAR_CLASSES if c not in seen[split]]
        if missing and seen[split]:
            raise LocalCopyError(f"{source}: {split}/ has no folder for {', '.join(missing)}")
        if not images[split]:
            raise LocalCopyError(f"{source}: no images under {split}/<class>/")
        shapes = {image.shape for image in images[split]}
        if len(shapes) != 1:
            raise LocalCopyError(
                f"{source}: {split}/ images differ in size ({sorted(shapes)[:3]}"
                "...); CIFAR-10 images are all 32x32"
            )
    arrays: dict[str, np.ndarray] = {}
    rng = np.random.default_rng(SHUFFLE_SEED)
    for split in ("train", "test"):
        order = rng.permutation(len(images[split]))
        arrays[f"x_{split}"] = np.stack(images[split])[order]
        arrays[f"y_{split}"] = np.asarray(labels[split], np.int64)[order]
    kind = "folder" if source.is_dir() else "archive"
    return LocalCopy(
        arrays,
        source,
        f"class folders of images ({kind})",
        False,
        "not checksum-verified (class folders have no published checksum); "
        "shapes, classes and split sizes checked",
        [f"shuffled with seed {SHUFFLE_SEED}: the folders are sorted by class"],
    )


def _looks_like_class_folders(path: Path) -> bool:
    if path.is_dir():
        return (path / "train").is_dir() and (path / "test").is_dir()
    name = path.name.lower()
    return path.is_file() and "cifar" in name and name.endswith((".tar.gz", ".tgz", ".tar", ".zip"))


def find_cifar10(folder: Path) -> LocalCopy | None:
    """CIFAR-10 from ``folder`` (or ``folder/cifar10``): None if there is no copy there.

    Raises:
        LocalCopyError: a copy is there but wrong or partial.
    """
    for place in _candidates(folder, "cifar10"):
        if not place.is_dir():
            continue
        copy: LocalCopy | None = None
        if (place / CIFAR_ARCHIVE).is_file():
            copy = _read_cifar_archive(place / CIFAR_ARCHIVE)
        elif (place / "cifar-10-batches-py").is_dir():
            copy = _read_cifar_batches(place / "cifar-10-batches-py")
        elif place.name.lower() in {"cifar10", "cifar-10"} and _looks_like_class_folders(place):
            copy = _read_cifar_folders(place)
        else:
            archives = sorted(
                p for p in place.iterdir() if _looks_like_class_folders(p) and p.is_file()
            )
            if archives:
                copy = _read_cifar_folders(archives[0])
        if copy is not None:
            validate("CIFAR-10", copy.arrays, copy.path)
            return copy
    return None
