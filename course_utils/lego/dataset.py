"""The LEGO bricks dataset of notebooks 05 and 06, as folders Keras reads: ``lego_folder``.

:func:`lego_folder` gets the images and returns where they are; the notebook reads them
itself with ``keras.utils.image_dataset_from_directory``, the Keras way to load a folder
of images. It holds back a **test split** that no training or choice ever sees::

    lego = lego_folder("auto", per_class=250, seed=42, render_size=80)
    train, val = keras.utils.image_dataset_from_directory(
        lego.train_dir, validation_split=0.2, subset="both", seed=42, image_size=(80, 80))
    test = keras.utils.image_dataset_from_directory(lego.test_dir, shuffle=False,
                                                    image_size=(80, 80))

Sources:

``"auto"`` (default)
    the real Kaggle set if it is already on disk or can be downloaded now; otherwise (no
    network, ``COURSE_OFFLINE=1``, no kagglehub or no credentials) the course's renders,
    said so in the one line it prints.
``"synthetic"``
    renders of the course's 16 part models (:mod:`course_utils.lego.render`), made on first
    use into the course cache; works offline.
``"kaggle"``
    "Images of LEGO Bricks" by Joost Hazelzet (:data:`KAGGLE_HANDLE`): a local copy in
    ``COURSE_DATA_DIR``, an existing download (kagglehub's cache or the course cache) or a
    fresh one through kagglehub; fails within seconds, saying what to do, when impossible.
a path
    any folder of ``<class>/<images>``, e.g. your own photos (or the Kaggle download).

Whatever the source, the folder is checked (empty classes, unreadable files and stray
non-image files are reported in plain words), at most ``per_class`` images of each class
are drawn, a ``test_fraction`` of each class is held out, and the two parts are written
(as links, in the cache) to ``train/`` and ``test/``. Images that are not plain RGB (the
Kaggle set's transparent PNGs, grey scale, palette) are composited onto ``background``
there: Keras's own loader would drop the alpha channel and turn the background black.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_utils.announce import announce_source
from course_utils.cache import COMPLETE, atomic_file, building, cache_dir, sha256_of
from course_utils.lego.geometry import CLASS_NAMES, OTHER_PART_NAMES
from course_utils.lego.render import RENDER_VERSION
from course_utils.projects import DEFAULT_BACKGROUND, IMAGE_EXTENSIONS, to_rgb
from course_utils.switches import is_offline

__all__ = [
    "KAGGLE_HANDLE",
    "LegoDataError",
    "LegoFolder",
    "LegoSourceError",
    "find_class_root",
    "inspect_folder",
    "kaggle_folder",
    "lego_folder",
    "split_files",
    "split_id",
    "synthetic_folder",
]

DATASET_NAME = "LEGO bricks"
#: The Kaggle set "Images of LEGO Bricks" (Joost Hazelzet): the one place that names it.
KAGGLE_HANDLE = "joosthazelzet/lego-brick-images"
KAGGLE_TITLE = "Kaggle's 'Images of LEGO Bricks'"
# Pillow's names of the formats tf.io.decode_image reads; anything else is converted.
TENSORFLOW_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "WEBP"}
#: Bump when the layout of the train/test folders changes (a new cache key).
SPLIT_VERSION = 1


class LegoDataError(ValueError):
    """A folder of images cannot be used as a dataset; the message says why and what to do."""


class LegoSourceError(RuntimeError):
    """The requested source cannot be had here (offline, no kagglehub, no credentials)."""


@dataclass
class FolderReport:
    """What :func:`inspect_folder` found in a ``<class>/<images>`` folder."""

    root: Path
    class_names: list[str]
    counts: dict[str, int]
    needs_conversion: list[Path] = field(default_factory=list)
    modes: dict[str, int] = field(default_factory=dict)
    sizes: set[tuple[int, int]] = field(default_factory=set)
    ignored: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # every image counted, in walking order

    @property
    def total(self) -> int:
        """The number of images."""
        return sum(self.counts.values())

    def summary(self) -> str:
        """One line: images, classes, sizes and modes, what was ignored or converted."""
        parts = [f"{self.total} images in {len(self.class_names)} classes"]
        if self.sizes:
            if len(self.sizes) == 1:
                ((w, h),) = self.sizes
                parts.append(f"{w}x{h} px")
            else:
                parts.append(f"{len(self.sizes)} different sizes (resized to one)")
        if self.modes:
            parts.append("modes " + ", ".join(f"{m}: {n}" for m, n in sorted(self.modes.items())))
        if self.needs_conversion:
            parts.append(f"{len(self.needs_conversion)} composited/converted to RGB")
        if self.ignored:
            parts.append(f"{len(self.ignored)} non-image files ignored")
        return "; ".join(parts)


def list_folder(root: str | os.PathLike[str]) -> FolderReport:
    """The class folders and image files of ``root``, checked for layout but not decoded.

    Rejected (:class:`LegoDataError`): a missing folder, images lying directly in it
    instead of in class folders, fewer than two classes, a class folder without images.
    Ignored (and counted): files of other types, images beside the class folders, hidden
    files such as macOS's ``._`` copies.

    Example:
        >>> list_folder("/no/such/folder")
        Traceback (most recent call last):
        ...
        course_utils.lego.dataset.LegoDataError: /no/such/folder is not a folder ...
    """
    root = Path(root).expanduser()
    if not root.is_dir():
        raise LegoDataError(
            f"{root} is not a folder (expected one sub-folder per class "
            "holding that class's images)"
        )
    entries = sorted(os.scandir(root), key=lambda e: e.name)
    loose = [e.name for e in entries if e.is_file() and e.name.lower().endswith(IMAGE_EXTENSIONS)]
    class_dirs = [e for e in entries if e.is_dir() and not e.name.startswith(".")]
    if loose and not class_dirs:
        raise LegoDataError(
            f"{root} holds images directly ({loose[0]}, ...) but needs one sub-folder per "
            "class: move each image into a folder named after its class"
        )
    if len(class_dirs) < 2:
        raise LegoDataError(
            f"{root} has {len(class_dirs)} class folder(s); a classifier "
            "needs at least two sub-folders, one per class"
        )
    report = FolderReport(root, [e.name for e in class_dirs], {})
    report.ignored += [root / name for name in loose]
    for entry in class_dirs:
        count = 0
        for dirpath, dirnames, filenames in os.walk(entry.path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or not name.lower().endswith(IMAGE_EXTENSIONS):
                    report.ignored.append(path)
                    continue
                count += 1
                report.files.append(path)
        if count == 0:
            raise LegoDataError(
                f"class folder {entry.name!r} in {root} has no images "
                f"({'/'.join(IMAGE_EXTENSIONS)}): add images or remove the folder"
            )
        report.counts[entry.name] = count
    return report


def inspect_folder(root: str | os.PathLike[str]) -> FolderReport:
    """Check a ``<class>/<images>`` folder (:func:`list_folder`), decode every image, and
    describe it; raise :class:`LegoDataError` with a plain-words message when it cannot be
    used.

    Also rejected: a file with an image extension that Pillow cannot decode completely
    (truncated, or too large to be a picture: a "decompression bomb"); the message names
    the file. Images that are not plain RGB, or in a format TensorFlow cannot decode (a
    TIFF saved as ``.png``), are listed in ``needs_conversion``.

    Example:
        >>> inspect_folder("/no/such/folder")
        Traceback (most recent call last):
        ...
        course_utils.lego.dataset.LegoDataError: /no/such/folder is not a folder ...
    """
    from PIL import Image, UnidentifiedImageError

    report = list_folder(root)
    for path in report.files:
        try:
            with Image.open(path) as image:
                mode, size, file_format = image.mode, image.size, image.format
                has_alpha = (
                    mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
                )
                image.load()  # decode it all: a truncated file fails here, named
        except (
            UnidentifiedImageError,
            OSError,
            Image.DecompressionBombError,
            SyntaxError,
            ValueError,
        ) as error:
            raise LegoDataError(
                f"{path} has an image extension but is not a readable image "
                f"({error.__class__.__name__}: {error}): delete or replace it"
            ) from error
        report.modes[mode] = report.modes.get(mode, 0) + 1
        report.sizes.add(size)
        if mode != "RGB" or has_alpha or file_format not in TENSORFLOW_FORMATS:
            report.needs_conversion.append(path)
    return report


def _signature(report: FolderReport, *settings: Any) -> str:
    """A cache key for a copy of ``report.root``: the copy's settings and every image's path,
    size and time, so that a changed, renamed, added or removed file makes a new copy."""
    digest = hashlib.sha256(json.dumps([str(report.root.resolve()), *settings]).encode())
    for path in sorted(report.files):
        stat = path.stat()
        digest.update(
            f"{path.relative_to(report.root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
        )
    return digest.hexdigest()[:16]


# --- Sources ---------------------------------------------------------------------------


def synthetic_name(
    per_class: int,
    size: int,
    seed: int,
    background: tuple[int, int, int] = DEFAULT_BACKGROUND,
    parts: str = "classes",
) -> str:
    """The cache folder name of a synthetic set (its settings and the renderer's version).

    Example:
        >>> synthetic_name(400, 64, 42)
        'v3-64px-400per-seed42-bg255-255-255'
    """
    bg = "-".join(str(int(c)) for c in background)
    tag = "" if parts == "classes" else "other-"
    return f"{tag}v{RENDER_VERSION}-{size}px-{per_class}per-seed{seed}-bg{bg}"


def synthetic_folder(
    per_class: int,
    size: int,
    seed: int,
    background: tuple[int, int, int] = DEFAULT_BACKGROUND,
    workers: int | None = None,
    progress: bool = True,
    parts: str = "classes",
    announce: bool = False,
) -> Path:
    """The cached synthetic set for these settings, rendered now if missing.

    ``parts="classes"`` renders the 16 classes; ``parts="other"`` the 16 other real parts
    of :data:`OTHER_PART_NAMES` (none of them a class: a related *source* task for
    transfer learning). With ``announce``, a line says so before a set is rendered.

    Example:
        >>> folder = synthetic_folder(2, 32, seed=0, parts="other", progress=False)  # doctest: +SKIP
        >>> sorted(p.name for p in folder.iterdir() if p.is_dir())[0]              # doctest: +SKIP
        '2420 Plate corner 2x2'
    """
    from course_utils.lego.synth import render_dataset

    if parts not in ("classes", "other"):
        raise ValueError(f"parts must be 'classes' or 'other', not {parts!r}")
    name = synthetic_name(per_class, size, seed, background, parts)
    classes = CLASS_NAMES if parts == "classes" else OTHER_PART_NAMES
    settings = {
        "per_class": per_class,
        "size": size,
        "seed": seed,
        "parts": parts,
        "background": list(background),
    }
    shared = cache_dir("lego", "synthetic", create=False) / name
    if (shared / ".complete").exists():
        if os.access(shared, os.W_OK):
            repair_synthetic_folder(shared, settings, classes, progress=progress)
            return shared
        if repair_synthetic_folder(shared, settings, classes, check_only=True) == 0:
            return shared  # an intact read-only (shared) set
    folder = cache_dir("lego", "synthetic") / name  # a per-user folder if read-only
    if folder != shared and (folder / ".complete").exists():
        repair_synthetic_folder(folder, settings, classes, progress=progress)
        return folder
    if announce:
        print(
            f"rendering {per_class * len(classes):,} LEGO images at {size} px into the "
            "course cache (once) ...",
            flush=True,
        )
    with building(folder) as work:
        render_dataset(
            work,
            per_class=per_class,
            size=size,
            seed=seed,
            workers=workers,
            background=background,
            progress=progress,
            classes=classes,
        )
        repair_synthetic_folder(work, settings, classes)  # writes the manifest
        (work / ".complete").write_text(json.dumps(settings))
    return folder


def repair_synthetic_folder(
    folder: Path,
    settings: dict[str, Any],
    classes: Any,
    progress: bool = False,
    check_only: bool = False,
) -> int:
    """Re-render the files of a cached synthetic set that are missing or changed.

    The set's ``manifest.json`` holds every file's SHA-256; each render depends only on
    (seed, class, index), so a bad file is rendered again exactly as it was. Returns the
    number of bad files (0 for a healthy set; a set without a manifest, cached by an older
    version, counts one more); with ``check_only`` nothing is written. A set without a
    manifest gets one.
    """
    from course_utils.lego.synth import file_name, render_to_file

    manifest_path = folder / "manifest.json"
    try:
        files = json.loads(manifest_path.read_text())["files"]
    except (OSError, ValueError, KeyError):  # a set cached before manifests: make one
        files = None
    expected = {
        f"{name}/{file_name(index)}": (name, index)
        for name in classes
        for index in range(settings["per_class"])
    }
    bad = []
    for relative, (name, index) in expected.items():
        path = folder / relative
        if not path.is_file() or (files is not None and sha256_of(path) != files.get(relative)):
            bad.append((relative, name, index))
    if check_only:
        return len(bad) if files is not None else len(bad) + 1
    for relative, name, index in bad:
        with atomic_file(folder / relative) as temporary:
            render_to_file(
                name,
                index,
                settings["size"],
                settings["seed"],
                temporary,
                background=tuple(settings["background"]),
            )
    if bad or files is None:
        if bad and progress:
            print(f"re-rendered {len(bad)} missing or damaged file(s) in {folder}")
        manifest = {
            "settings": settings,
            "files": {relative: sha256_of(folder / relative) for relative in expected},
        }
        with atomic_file(manifest_path) as temporary:
            temporary.write_text(json.dumps(manifest, indent=0))
    return len(bad)


def find_class_root(
    base: str | os.PathLike[str], max_depth: int = 6, minimum: int = len(CLASS_NAMES) // 2
) -> Path | None:
    """The folder under ``base`` whose sub-folders best match the 16 class names (the
    Kaggle download nests them, e.g. ``LEGO brick images v1/``), or None when none has at
    least ``minimum`` of them.

    Example:
        >>> find_class_root("/no/such/folder") is None
        True
    """
    base = Path(base).expanduser()
    if not base.is_dir():
        return None
    wanted = set(CLASS_NAMES)
    best: tuple[int, Path] | None = None
    for dirpath, dirnames, _ in os.walk(base):
        depth = len(Path(dirpath).relative_to(base).parts)
        matches = len(wanted.intersection(dirnames))
        if matches and (best is None or matches > best[0]):
            best = (matches, Path(dirpath))
        if depth >= max_depth:
            dirnames.clear()
    return best[1] if best and best[0] >= minimum else None


def kaggle_search_paths() -> list[Path]:
    """Where a copy of the Kaggle set may be: ``COURSE_DATA_DIR`` (a local copy), the course
    cache and kagglehub's cache (``$KAGGLEHUB_CACHE`` or ``~/.cache/kagglehub``)."""
    from course_utils.data.local import data_dir

    hub = Path(os.environ.get("KAGGLEHUB_CACHE", Path.home() / ".cache" / "kagglehub"))
    owner, name = KAGGLE_HANDLE.split("/")
    places = [cache_dir("lego", "kaggle", create=False), hub / "datasets" / owner / name]
    local = data_dir()
    return places if local is None else [local, *places]


HOW_TO_GET_KAGGLE = (
    "To use the real set: `pip install kagglehub`, put your Kaggle API token in "
    "~/.kaggle/kaggle.json (or set KAGGLE_USERNAME and KAGGLE_KEY), and run "
    "lego_folder(source='kaggle') with network; or download "
    f"https://www.kaggle.com/datasets/{KAGGLE_HANDLE} by hand, unzip it and pass its folder "
    "as source=PATH. lego_folder(source='synthetic') works offline."
)


def kaggle_folder(download: bool = True) -> Path:
    """The class folder of the Kaggle set: an existing download, else a kagglehub download.

    Raises:
        LegoSourceError: within seconds when it is not on disk and cannot be downloaded
            (``COURSE_OFFLINE=1``, kagglehub missing, no network, no credentials).
    """
    from course_utils.data.local import data_dir

    for place in kaggle_search_paths():
        # A local data folder holds other things too: only all 16 classes count there.
        strict = place == data_dir()
        found = find_class_root(
            place, minimum=len(CLASS_NAMES) if strict else len(CLASS_NAMES) // 2
        )
        if found is not None:
            return found
    if not download:
        raise LegoSourceError("the Kaggle LEGO set is not downloaded. " + HOW_TO_GET_KAGGLE)
    if is_offline():
        raise LegoSourceError(
            "COURSE_OFFLINE=1 forbids downloading the Kaggle LEGO set. " + HOW_TO_GET_KAGGLE
        )
    try:
        import kagglehub
    except ImportError as error:
        raise LegoSourceError("kagglehub is not installed. " + HOW_TO_GET_KAGGLE) from error
    # The course's one network policy: a TCP check of a couple of seconds (proxy-aware),
    # then a download that fails instead of hanging on a stalled socket.
    from course_utils.data import network

    reach = network.check(network.HOSTS["kaggle"])
    if not reach:
        raise LegoSourceError(f"Kaggle cannot be reached ({reach.reason}). " + HOW_TO_GET_KAGGLE)
    try:
        with network.download_timeout():
            downloaded = Path(kagglehub.dataset_download(KAGGLE_HANDLE))
    except Exception as error:  # kagglehub raises many types (auth, HTTP, ...)
        raise LegoSourceError(
            f"kagglehub could not download {KAGGLE_HANDLE} "
            f"({error.__class__.__name__}: {error}). " + HOW_TO_GET_KAGGLE
        ) from error
    found = find_class_root(downloaded)
    if found is None:
        raise LegoSourceError(
            f"the download in {downloaded} has no folder with the 16 class "
            "folders of the first release"
        )
    return found


# --- The split ---------------------------------------------------------------------------


def split_files(
    report: FolderReport, *, per_class: int | None, test_fraction: float, seed: int
) -> tuple[list[str], list[str]]:
    """``(train, test)``: the files of each class (relative ``class/name`` paths), at most
    ``per_class`` of them drawn at random with ``seed``, and a ``test_fraction`` of those
    (at least one) held out for the test, the same files every time.

    Example:
        >>> report = FolderReport(Path("d"), ["a", "b"], {"a": 4, "b": 4},
        ...                       files=[Path("d", c, f"{i}.png") for c in "ab" for i in range(4)])
        >>> train, test = split_files(report, per_class=None, test_fraction=0.25, seed=0)
        >>> len(train), len(test), sorted({name.split("/")[0] for name in test})
        (6, 2, ['a', 'b'])
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    by_class: dict[str, list[str]] = {name: [] for name in report.class_names}
    for path in report.files:
        relative = path.relative_to(report.root)
        by_class[relative.parts[0]].append(relative.as_posix())
    train: list[str] = []
    test: list[str] = []
    for name in report.class_names:
        files = sorted(by_class[name])
        if per_class is not None and len(files) > per_class:
            files = [
                files[int(i)] for i in sorted(rng.choice(len(files), per_class, replace=False))
            ]
        if len(files) < 2:
            raise LegoDataError(
                f"class {name!r} has {len(files)} image(s); it needs at least "
                "two, one to train on and one to test on"
            )
        order = rng.permutation(len(files))
        n_test = min(max(1, round(len(files) * test_fraction)), len(files) - 1)
        test += sorted(files[int(i)] for i in order[:n_test])
        train += sorted(files[int(i)] for i in order[n_test:])
    return train, test


def split_id(source: str, class_names: list[str], train: list[str], test: list[str]) -> str:
    """A 12-hex-digit fingerprint of a train/test split: two runs whose ``split_id`` match
    trained on the same files and test on the same held-out images.

    Example:
        >>> split_id("synthetic-seed42", ["a", "b"], ["a/1.png"], ["b/7.png"])
        '2d85e52e727d'
    """
    text = json.dumps([source, list(class_names), sorted(train), sorted(test)])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _place(source: Path, dest: Path, convert: bool, background: tuple[int, int, int]) -> None:
    """One file of the split: a link to ``source`` (a copy where links are impossible), or a
    PNG composited onto ``background`` when Keras could not read it as it is."""
    from PIL import Image

    dest.parent.mkdir(parents=True, exist_ok=True)
    if convert:
        with Image.open(source) as image:
            # Keras sniffs the content, so PNG data under a .jpg name is fine.
            to_rgb(image, background).save(dest, format="PNG")
        return
    try:
        os.link(source, dest)  # no copy where the file system allows it
    except OSError:
        shutil.copyfile(source, dest)


def _split_folder(
    listing: FolderReport,
    *,
    per_class: int | None,
    test_fraction: float,
    seed: int,
    background: tuple[int, int, int],
) -> tuple[Path, dict[str, Any]]:
    """The cached ``train/`` and ``test/`` folders for these settings, built now if missing,
    and their manifest (class names, files, summary)."""
    key = _signature(
        listing, "split", SPLIT_VERSION, per_class, test_fraction, seed, list(background)
    )
    candidates = (
        cache_dir("lego", "split", create=False) / key,  # shared, then writable
        cache_dir("lego", "split") / key,
    )
    for folder in candidates:
        if (folder / COMPLETE).exists():
            try:
                return folder, json.loads((folder / "split.json").read_text())
            except (OSError, ValueError):
                break  # a damaged manifest: build the split again
    folder = candidates[1]
    report = inspect_folder(listing.root)  # decodes every file: unreadable ones are named
    train, test = split_files(report, per_class=per_class, test_fraction=test_fraction, seed=seed)
    convert = {path.relative_to(report.root).as_posix() for path in report.needs_conversion}
    manifest = {
        "class_names": report.class_names,
        "train": train,
        "test": test,
        "summary": report.summary(),
        "root": str(report.root),
    }
    with building(folder) as work:
        for part, files in (("train", train), ("test", test)):
            for relative in files:
                _place(
                    report.root / relative, work / part / relative, relative in convert, background
                )
        (work / "split.json").write_text(json.dumps(manifest))
        (work / COMPLETE).write_text(report.summary())
    return folder, manifest


@dataclass(frozen=True)
class LegoFolder:
    """The LEGO images as two folders of ``<class>/<images>``, from :func:`lego_folder`.

    Attributes:
        train_dir: the images to train on (and to split a validation set from).
        test_dir: the held-out test images: no training run and no choice may see them.
        class_names: the sorted class folder names (Keras's label order).
        real: True for real images (Kaggle or your folder), False for the course's renders.
        source: where the images came from, in a few words.
        split_id: a fingerprint of the split (see :func:`split_id`): two notebooks whose
            ``split_id`` match trained and tested on the same files.
        train_files, test_files: the files of each part, ``class/name`` relative paths.

    Example:
        >>> lego = lego_folder("synthetic", per_class=5, render_size=32)   # doctest: +SKIP
        >>> lego.real, len(lego.test_files)                                # doctest: +SKIP
        (False, 16)
    """

    train_dir: Path
    test_dir: Path
    class_names: list[str]
    real: bool
    source: str
    split_id: str
    train_files: list[str]
    test_files: list[str]


def _resolve(
    source: str | os.PathLike[str],
    per_class: int | None,
    seed: int,
    render_size: int,
    background: tuple[int, int, int],
    workers: int | None,
) -> tuple[Path, str, bool, str, str]:
    """``(folder, source words, real?, details, note)`` for a source (see the module doc);
    the note (how long rendering took, or that the renders came from the cache) is shown."""
    kind = str(source)
    details = ""
    if kind == "auto":
        try:
            return _resolve("kaggle", per_class, seed, render_size, background, workers)
        except LegoSourceError as error:
            kind = "synthetic"
            details = f"the real set is not available: {error}"
    if kind == "synthetic":
        renders = int(per_class or 400)
        name = synthetic_name(renders, render_size, seed, background)
        cached = any(
            (cache_dir("lego", "synthetic", create=create) / name / COMPLETE).exists()
            for create in (False, True)
        )
        start = time.perf_counter()
        folder = synthetic_folder(
            renders, render_size, seed, background, workers, progress=False, announce=True
        )
        seconds = time.perf_counter() - start
        words = f"the course's renders, {renders} per class at {render_size} px"
        made = "renders from the cache" if cached else f"rendered in {seconds:.0f} s"
        return folder, words, False, "; ".join(filter(None, [details, f"seed {seed}"])), made
    if kind == "kaggle":
        return kaggle_folder(download=True), KAGGLE_TITLE, True, "", ""
    folder = Path(source).expanduser()
    nested = find_class_root(folder, minimum=len(CLASS_NAMES)) if folder.is_dir() else None
    if nested is not None:  # the Kaggle download itself: its classes sit a level or two down
        return nested, f"{KAGGLE_TITLE} in your folder", True, f"class folders in {nested}", ""
    return folder, f"your folder {folder.name}", True, "", ""


def lego_folder(
    source: str | os.PathLike[str] = "auto",
    *,
    per_class: int | None = None,
    seed: int = 42,
    render_size: int = 64,
    test_fraction: float = 0.2,
    background: tuple[int, int, int] = DEFAULT_BACKGROUND,
    workers: int | None = None,
) -> LegoFolder:
    """The LEGO bricks as a training folder and a held-out test folder; prints one line
    saying where they came from.

    Args:
        source: ``"auto"``, ``"synthetic"``, ``"kaggle"`` or a path (see the module doc).
        per_class: images per class. Synthetic: how many to render (default 400, about the
            Kaggle set's size). Kaggle or a folder: at most this many, drawn at random with
            ``seed`` (default: all), so a slow machine can use a subset.
        seed: the draw's and the split's seed (and, for renders, the views').
        render_size: the renders' size in pixels (Kaggle's images are 200 px); Keras resizes
            whatever it reads to the ``image_size`` you give it.
        test_fraction: the share of each class held out for the test.
        background: the RGB colour transparent pixels are composited onto.
        workers: processes for rendering (default: all cores).

    Example:
        >>> lego = lego_folder("synthetic", per_class=40, render_size=64)   # doctest: +SKIP
        LEGO bricks: offline stand-in (the course's renders ...), not the real dataset · ...
        >>> train, val = keras.utils.image_dataset_from_directory(
        ...     lego.train_dir, validation_split=0.2, subset="both", seed=42)  # doctest: +SKIP
    """
    if per_class is not None and int(per_class) < 2:
        raise ValueError(
            f"per_class must be at least 2 (one image to train on, one to test on), not {per_class}"
        )
    if not 0.0 < test_fraction < 1.0:
        raise ValueError(f"test_fraction must be a fraction between 0 and 1, not {test_fraction}")
    background = tuple(int(c) for c in background)  # type: ignore[assignment]
    per = None if per_class is None else int(per_class)
    folder, words, real, details, note = _resolve(
        source, per, seed, int(render_size), background, workers
    )
    listing = list_folder(folder)
    split, manifest = _split_folder(
        listing,
        per_class=per if real else None,
        test_fraction=test_fraction,
        seed=seed,
        background=background,
    )
    train, test = manifest["train"], manifest["test"]
    names = list(manifest["class_names"])
    if real and per is not None and per < max(listing.counts.values()):
        words += f", at most {per} per class"
    key = "real" if real else f"synthetic-v{RENDER_VERSION}-seed{seed}"
    announce_source(
        DATASET_NAME,
        words,
        real=real,
        summary=f"{len(train):,} images to train on, {len(test):,} held out "
        "for the test" + (f" ({note})" if note else ""),
        detail="; ".join(filter(None, [details, manifest["summary"], f"split folder {split}"])),
    )
    return LegoFolder(
        train_dir=split / "train",
        test_dir=split / "test",
        class_names=names,
        real=real,
        source=words,
        split_id=split_id(key, names, train, test),
        train_files=list(train),
        test_files=list(test),
    )
