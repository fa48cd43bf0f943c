"""``load_lego``: the LEGO bricks dataset from Kaggle, a folder of your own, or our renders.

Sources:

``"auto"`` (default)
    the real Kaggle set if it is already on disk or can be downloaded now; otherwise (no
    network, ``COURSE_OFFLINE=1``, no kagglehub or no credentials) the synthetic renders,
    said so in the output.
``"synthetic"``
    renders of our 16 part models (:mod:`course_utils.lego.render`), made on first use
    into the course cache; works offline.
``"kaggle"``
    "Images of LEGO Bricks" by Joost Hazelzet (``joosthazelzet/lego-brick-images``): an
    existing download (kagglehub's cache or the course cache) or a fresh one through
    kagglehub; fails within seconds, saying what to do, when that is impossible.
a path
    any folder of ``<class>/<images>``, e.g. your own photos.

Whatever the source, the images go through one pipeline: the folder is checked (empty
classes, unreadable files and stray non-image files are reported in plain words), images
that are not plain RGB (RGBA with a transparent background like the Kaggle PNGs, grey
scale, palette) are composited onto ``background`` or converted into a prepared copy in
the cache, keeping every file name, and ``keras.utils.image_dataset_from_directory``
splits it with ``validation_split`` and ``subset="both"``. Keras's own loader would drop
the alpha channel and turn the Kaggle set's transparent background black.

Example:
    >>> train, val = load_lego("synthetic", image_size=(64, 64))   # doctest: +SKIP
    LEGO bricks: offline stand-in (synthetic renders of 16 part models, ...), not the real dataset
    >>> train.class_names[:2]                                      # doctest: +SKIP
    ['11214 Bush 3M friction with Cross axle', '18651 Cross Axle 2M with Snap friction']
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course_utils.cache import atomic_file, building, cache_dir, sha256_of
from course_utils.lego.geometry import CLASS_NAMES, OTHER_PART_NAMES
from course_utils.lego.render import RENDER_VERSION
from course_utils.announce import announce_source
from course_utils.switches import is_offline

DATASET_NAME = "LEGO bricks"
KAGGLE_HANDLE = "joosthazelzet/lego-brick-images"
# What keras.utils.image_dataset_from_directory reads; other files are ignored by it.
IMAGE_EXTENSIONS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
DEFAULT_BACKGROUND = (255, 255, 255)
# Pillow's names of the formats tf.io.decode_image reads; anything else is converted.
TENSORFLOW_FORMATS = {"JPEG", "PNG", "GIF", "BMP", "WEBP"}


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
    files: list[Path] = field(default_factory=list)   # every image counted, in walking order

    @property
    def total(self) -> int:
        """The number of images."""
        return sum(self.counts.values())

    def summary(self) -> str:
        """One line: images, classes, sizes and modes, what was ignored or converted."""
        parts = [f"{self.total} images in {len(self.class_names)} classes"]
        if self.sizes:
            if len(self.sizes) == 1:
                (w, h), = self.sizes
                parts.append(f"{w}x{h} px")
            else:
                parts.append(f"{len(self.sizes)} different sizes (resized to one)")
        parts.append("modes " + ", ".join(f"{m}: {n}" for m, n in sorted(self.modes.items())))
        if self.needs_conversion:
            parts.append(f"{len(self.needs_conversion)} composited/converted to RGB")
        if self.ignored:
            parts.append(f"{len(self.ignored)} non-image files ignored")
        return "; ".join(parts)


def inspect_folder(root: str | os.PathLike) -> FolderReport:
    """Check a ``<class>/<images>`` folder and describe it; raise :class:`LegoDataError`
    with a plain-words message when it cannot be used.

    Rejected: a missing folder, images lying directly in it instead of in class folders,
    fewer than two classes, a class folder without images, a file with an image
    extension that Pillow cannot decode completely (truncated, or too large to be a
    picture: a "decompression bomb"); the message names the file. Ignored (and counted):
    files of other types, images lying beside the class folders, hidden files such as
    macOS's ``._`` copies. Images in a format TensorFlow cannot decode (a TIFF saved as
    ``.png``) are converted in the prepared copy, like transparent ones.

    Example:
        >>> inspect_folder("/no/such/folder")
        Traceback (most recent call last):
        ...
        course_utils.lego.dataset.LegoDataError: /no/such/folder is not a folder ...
    """
    from PIL import Image, UnidentifiedImageError

    root = Path(root).expanduser()
    if not root.is_dir():
        raise LegoDataError(f"{root} is not a folder (expected one sub-folder per class "
                            "holding that class's images)")
    entries = sorted(os.scandir(root), key=lambda e: e.name)
    loose = [e.name for e in entries if e.is_file() and e.name.lower().endswith(IMAGE_EXTENSIONS)]
    class_dirs = [e for e in entries if e.is_dir() and not e.name.startswith(".")]
    if loose and not class_dirs:
        raise LegoDataError(
            f"{root} holds images directly ({loose[0]}, ...) but needs one sub-folder per "
            "class: move each image into a folder named after its class")
    if len(class_dirs) < 2:
        raise LegoDataError(f"{root} has {len(class_dirs)} class folder(s); a classifier "
                            "needs at least two sub-folders, one per class")
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
                try:
                    with Image.open(path) as image:
                        mode, size, file_format = image.mode, image.size, image.format
                        has_alpha = (mode in ("RGBA", "LA", "PA", "RGBa", "La")
                                     or "transparency" in image.info)
                        image.load()   # decode it all: a truncated file fails here, named
                except (UnidentifiedImageError, OSError, Image.DecompressionBombError,
                        SyntaxError, ValueError) as error:
                    raise LegoDataError(
                        f"{path} has an image extension but is not a readable image "
                        f"({error.__class__.__name__}: {error}): delete or replace it") from error
                count += 1
                report.files.append(path)
                report.modes[mode] = report.modes.get(mode, 0) + 1
                report.sizes.add(size)
                if mode != "RGB" or has_alpha or file_format not in TENSORFLOW_FORMATS:
                    report.needs_conversion.append(path)
        if count == 0:
            raise LegoDataError(
                f"class folder {entry.name!r} in {root} has no images "
                f"({'/'.join(IMAGE_EXTENSIONS)}): add images or remove the folder")
        report.counts[entry.name] = count
    return report


def to_rgb(image: Any, background: tuple[int, int, int] = DEFAULT_BACKGROUND) -> Any:
    """A Pillow image as RGB: transparency composited onto ``background``, grey expanded.

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
        canvas = Image.new("RGBA", rgba.size, tuple(background) + (255,))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        # 16-bit and float grey: scale to 8 bits before converting.
        import numpy as np

        array = np.asarray(image, dtype=np.float64)
        top = 65535.0 if image.mode.startswith("I;16") or array.max() > 255 else 255.0
        image = Image.fromarray(np.clip(array / top * 255, 0, 255).astype("uint8"), "L")
    return image.convert("RGB")


def _signature(report: FolderReport, *settings: Any) -> str:
    """A cache key for a copy of ``report.root``: the copy's settings and every image's path,
    size and time, so that a changed, renamed, added or removed file makes a new copy."""
    digest = hashlib.sha256(json.dumps([str(report.root.resolve()), *settings]).encode())
    for path in sorted(report.files):
        stat = path.stat()
        digest.update(f"{path.relative_to(report.root)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:16]


def prepare_folder(report: FolderReport,
                   background: tuple[int, int, int] = DEFAULT_BACKGROUND,
                   progress: bool = True) -> Path:
    """A folder Keras can read as-is: ``report.root`` itself when every image is RGB,
    else a prepared copy in the cache with the same relative file names (so Keras's split
    is the same), non-RGB images converted with :func:`to_rgb` and saved as PNG data.
    """
    from PIL import Image
    from tqdm.auto import tqdm

    if not report.needs_conversion:
        return report.root
    key = _signature(report, list(background))
    target = cache_dir("lego", "prepared", create=False) / key
    if (target / ".complete").exists():
        return target
    target = cache_dir("lego", "prepared") / key   # a per-user folder if the cache is read-only
    if (target / ".complete").exists():
        return target
    convert = set(report.needs_conversion)
    bar = tqdm(total=report.total, desc="compositing onto the background", unit="img",
               disable=not progress)
    with building(target) as work:
        for source in report.files:
            dest = work / source.relative_to(report.root)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if source in convert:
                with Image.open(source) as image:
                    # Keras sniffs the content, so PNG data under a .jpg name is fine.
                    to_rgb(image, background).save(dest, format="PNG")
            else:
                shutil.copyfile(source, dest)
            bar.update(1)
        (work / ".complete").write_text(report.summary())
    bar.close()
    return target


# --- Sources ---------------------------------------------------------------------------

def synthetic_folder(per_class: int, size: int, seed: int,
                     background: tuple[int, int, int] = DEFAULT_BACKGROUND,
                     workers: int | None = None, progress: bool = True,
                     parts: str = "classes") -> Path:
    """The cached synthetic set for these settings, rendered now if missing.

    ``parts="classes"`` renders the 16 classes; ``parts="other"`` the 16 other real parts
    of :data:`OTHER_PART_NAMES` (none of them a class: a related *source* task for
    transfer learning).

    Example:
        >>> folder = synthetic_folder(2, 32, seed=0, parts="other", progress=False)  # doctest: +SKIP
        >>> sorted(p.name for p in folder.iterdir() if p.is_dir())[0]              # doctest: +SKIP
        '2420 Plate corner 2x2'
    """
    from course_utils.lego.synth import render_dataset

    if parts not in ("classes", "other"):
        raise ValueError(f"parts must be 'classes' or 'other', not {parts!r}")
    bg = "-".join(str(int(c)) for c in background)
    tag = "" if parts == "classes" else "other-"
    name = f"{tag}v{RENDER_VERSION}-{size}px-{per_class}per-seed{seed}-bg{bg}"
    classes = CLASS_NAMES if parts == "classes" else OTHER_PART_NAMES
    settings = {"per_class": per_class, "size": size, "seed": seed, "parts": parts,
                "background": list(background)}
    shared = cache_dir("lego", "synthetic", create=False) / name
    if (shared / ".complete").exists():
        if os.access(shared, os.W_OK):
            repair_synthetic_folder(shared, settings, classes, progress=progress)
            return shared
        if repair_synthetic_folder(shared, settings, classes, check_only=True) == 0:
            return shared   # an intact read-only (shared) set
    folder = cache_dir("lego", "synthetic") / name   # a per-user folder if read-only
    if folder != shared and (folder / ".complete").exists():
        repair_synthetic_folder(folder, settings, classes, progress=progress)
        return folder
    with building(folder) as work:
        render_dataset(work, per_class=per_class, size=size, seed=seed, workers=workers,
                       background=background, progress=progress, classes=classes)
        repair_synthetic_folder(work, settings, classes)   # writes the manifest
        (work / ".complete").write_text(json.dumps(settings))
    return folder


def repair_synthetic_folder(folder: Path, settings: dict[str, Any], classes: Any,
                            progress: bool = False, check_only: bool = False) -> int:
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
    except (OSError, ValueError, KeyError):   # a set cached before manifests: make one
        files = None
    expected = {f"{name}/{file_name(index)}": (name, index)
                for name in classes for index in range(settings["per_class"])}
    bad = []
    for relative, (name, index) in expected.items():
        path = folder / relative
        if not path.is_file() or (files is not None and sha256_of(path) != files.get(relative)):
            bad.append((relative, name, index))
    if check_only:
        return len(bad) if files is not None else len(bad) + 1
    for relative, name, index in bad:
        with atomic_file(folder / relative) as temporary:
            render_to_file(name, index, settings["size"], settings["seed"], temporary,
                           background=tuple(settings["background"]))
    if bad or files is None:
        if bad and progress:
            print(f"re-rendered {len(bad)} missing or damaged file(s) in {folder}")
        manifest = {"settings": settings,
                    "files": {relative: sha256_of(folder / relative) for relative in expected}}
        with atomic_file(manifest_path) as temporary:
            temporary.write_text(json.dumps(manifest, indent=0))
    return len(bad)


def find_class_root(base: str | os.PathLike, max_depth: int = 6) -> Path | None:
    """The folder under ``base`` whose sub-folders best match the 16 class names (the
    Kaggle download nests them, e.g. ``LEGO brick images v1/``), or None.

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
    return best[1] if best and best[0] >= len(CLASS_NAMES) // 2 else None


def kaggle_search_paths() -> list[Path]:
    """Where an existing download of the Kaggle set may be: the course cache and
    kagglehub's cache (``$KAGGLEHUB_CACHE`` or ``~/.cache/kagglehub``)."""
    hub = Path(os.environ.get("KAGGLEHUB_CACHE", Path.home() / ".cache" / "kagglehub"))
    return [cache_dir("lego", "kaggle", create=False),
            hub / "datasets" / KAGGLE_HANDLE.split("/")[0] / KAGGLE_HANDLE.split("/")[1]]


HOW_TO_GET_KAGGLE = (
    "To use the real set: `pip install kagglehub`, put your Kaggle API token in "
    "~/.kaggle/kaggle.json (or set KAGGLE_USERNAME and KAGGLE_KEY), and run "
    "load_lego(source='kaggle') with network; or download "
    f"https://www.kaggle.com/datasets/{KAGGLE_HANDLE} by hand, unzip it and pass its folder "
    "as source=PATH. load_lego(source='synthetic') works offline.")


def kaggle_folder(download: bool = True) -> Path:
    """The class folder of the Kaggle set: an existing download, else a kagglehub download.

    Raises:
        LegoSourceError: within seconds when it is not on disk and cannot be downloaded
            (``COURSE_OFFLINE=1``, kagglehub missing, no network, no credentials).
    """
    for place in kaggle_search_paths():
        found = find_class_root(place)
        if found is not None:
            return found
    if not download:
        raise LegoSourceError("the Kaggle LEGO set is not downloaded. " + HOW_TO_GET_KAGGLE)
    if is_offline():
        raise LegoSourceError("COURSE_OFFLINE=1 forbids downloading the Kaggle LEGO set. "
                              + HOW_TO_GET_KAGGLE)
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
        raise LegoSourceError(f"kagglehub could not download {KAGGLE_HANDLE} "
                              f"({error.__class__.__name__}: {error}). " + HOW_TO_GET_KAGGLE
                              ) from error
    found = find_class_root(downloaded)
    if found is None:
        raise LegoSourceError(f"the download in {downloaded} has no folder with the 16 class "
                              "folders of the first release")
    return found


@dataclass(frozen=True)
class LegoInfo:
    """What :func:`load_lego` loaded (``with_info=True``), in the spirit of ``tfds.load``.

    Attributes:
        class_names: the sorted class folder names (Keras's label order).
        real: True for real images (Kaggle or your folder), False for our renders.
        source: one line saying where the images came from.
        folder: the folder Keras read (after compositing, and after taking a subset).
        per_class: the images per class that were used (a dict class -> count).
        validation_files: the validation files, relative to ``folder`` (class/name).
        split_id: a short fingerprint of the split (source, class names, validation
            files): two runs whose ``split_id`` match validated on the same images.

    Example:
        >>> train, val, info = load_lego("synthetic", image_size=(32, 32), per_class=5,
        ...                              with_info=True)                  # doctest: +SKIP
        >>> info.real, len(info.validation_files)                        # doctest: +SKIP
        (False, 16)
    """

    class_names: list[str]
    real: bool
    source: str
    folder: Path
    per_class: dict[str, int]
    validation_files: list[str]
    split_id: str


def split_id(source: str, class_names: list[str], validation_files: list[str]) -> str:
    """A 12-hex-digit fingerprint of a train/validation split (see :class:`LegoInfo`).

    Example:
        >>> split_id("synthetic-seed42", ["a", "b"], ["a/1.png", "b/7.png"])
        '23a7035593cf'
    """
    text = json.dumps([source, list(class_names), sorted(validation_files)])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def take_per_class(report: FolderReport, per_class: int, seed: int) -> Path:
    """A cached folder holding at most ``per_class`` images of each class of
    ``report.root``, drawn at random with ``seed`` (the same files every time), linked
    or copied under their own relative names.

    Example:
        >>> take_per_class(inspect_folder("my_photos"), per_class=50, seed=42)  # doctest: +SKIP
        PosixPath('.../lego/subset/...')
    """
    import numpy as np

    if per_class >= max(report.counts.values()):
        return report.root
    key = _signature(report, "subset", per_class, seed)
    candidates = (cache_dir("lego", "subset", create=False) / key,   # shared, then writable
                  cache_dir("lego", "subset") / key)
    for target in candidates:
        if (target / ".complete").exists():
            return target
    rng = np.random.default_rng(seed)
    with building(target) as work:
        for class_name in report.class_names:
            files = sorted(p for p in report.files
                           if p.relative_to(report.root).parts[0] == class_name)
            chosen = sorted(rng.choice(len(files), size=min(per_class, len(files)), replace=False))
            for index in chosen:
                source = files[int(index)]
                dest = work / source.relative_to(report.root)
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(source, dest)        # no copy where the file system allows it
                except OSError:
                    shutil.copyfile(source, dest)
        (work / ".complete").write_text(json.dumps({"from": str(report.root),
                                                    "per_class": per_class, "seed": seed}))
    return target


def load_lego(source: str | os.PathLike = "auto", *, image_size: tuple[int, int] = (200, 200),
              batch_size: int | None = 32, seed: int = 42, validation_split: float = 0.2,
              per_class: int | None = None, render_size: int | None = None,
              background: tuple[int, int, int] = DEFAULT_BACKGROUND,
              label_mode: str = "int", color_mode: str = "rgb",
              workers: int | None = None, progress: bool = True,
              with_info: bool = False) -> tuple[Any, ...]:
    """Load the LEGO bricks as ``(train, validation)`` ``tf.data`` datasets.

    The split is ``keras.utils.image_dataset_from_directory(validation_split=...,
    subset="both", seed=seed)``: the class names are the sorted folder names
    (``train.class_names``), the same for every source that has the 16 classes.

    Args:
        source: ``"auto"``, ``"synthetic"``, ``"kaggle"`` or a path (see the module doc).
        image_size: (height, width) every image is resized to.
        batch_size: as in Keras (None for unbatched).
        seed: the split's and shuffle's seed; for ``"synthetic"`` also the render seed,
            otherwise the seed of the ``per_class`` draw.
        validation_split: the fraction held out for validation.
        per_class: images per class. Synthetic: how many to render (default 400, about
            the Kaggle set's size). Kaggle or a folder: at most this many per class, drawn
            at random with ``seed`` (default: all), so a slow machine can use a subset.
        render_size: synthetic render size in pixels; default ``max(image_size)``.
        background: the RGB colour transparent pixels are composited onto.
        label_mode, color_mode: passed to Keras (``color_mode`` "rgb" or "grayscale").
        workers: processes for rendering (default all cores).
        progress: show a progress bar while rendering or preparing.
        with_info: also return a :class:`LegoInfo` (real or rendered, the split's files).

    Returns:
        ``(train, validation)``, or ``(train, validation, info)`` with ``with_info=True``.

    Example:
        >>> train, val = load_lego("synthetic", image_size=(64, 64), per_class=40)  # doctest: +SKIP
        >>> len(train.class_names)                                               # doctest: +SKIP
        16
    """
    import keras

    background = tuple(int(c) for c in background)  # type: ignore[assignment]
    if color_mode not in ("rgb", "grayscale"):
        raise ValueError("color_mode must be 'rgb' or 'grayscale' (transparency is "
                         "composited onto `background` for you)")
    if per_class is not None and int(per_class) < 2:
        raise ValueError(f"per_class must be at least 2 (one image to train on, one to "
                         f"validate), not {per_class}")
    source_text: str
    real: bool
    kind = str(source)
    if kind == "auto":
        try:
            folder = kaggle_folder(download=True)
            kind = "kaggle"
        except LegoSourceError as error:
            print(f"LEGO bricks: the real set is not available ({str(error).split('. ')[0]}); "
                  "using the synthetic renders.")
            kind = "synthetic"
    if kind == "synthetic":
        size = int(render_size or max(image_size))
        renders = int(per_class or 400)
        folder = synthetic_folder(renders, size, seed, background, workers, progress)
        source_text = (f"synthetic renders of 16 part models, {renders} per class at "
                       f"{size} px, seed {seed}")
        real = False
    elif kind == "kaggle":
        if str(source) == "kaggle":
            folder = kaggle_folder(download=True)
        source_text = f"Kaggle '{KAGGLE_HANDLE}'"
        real = True
    else:
        folder = Path(source).expanduser()
        source_text = f"your folder {folder}"
        real = True
        # The Kaggle download itself (its class folders sit one or two levels down)?
        nested = find_class_root(folder) if folder.is_dir() else None
        if nested is not None:
            if nested != folder:
                print(f"LEGO bricks: using the class folders in {nested}")
            folder = nested
            source_text = f"Kaggle '{KAGGLE_HANDLE}' in {folder}"
    report = inspect_folder(folder)
    if real and per_class is not None and int(per_class) < max(report.counts.values()):
        full_summary = report.summary()
        report = inspect_folder(take_per_class(report, int(per_class), seed))
        source_text += (f", at most {int(per_class)} images per class drawn with seed {seed} "
                        f"(of {full_summary.split(';')[0]})")
    prepared = prepare_folder(report, background, progress)
    announce_source(DATASET_NAME, source_text, real=real, detail=report.summary())
    train, val = keras.utils.image_dataset_from_directory(
        str(prepared), validation_split=validation_split, subset="both", seed=seed,
        image_size=tuple(image_size), batch_size=batch_size, label_mode=label_mode,
        color_mode=color_mode, class_names=report.class_names, verbose=False)
    if not with_info:
        return train, val
    validation_files = [Path(p).relative_to(prepared).as_posix() for p in val.file_paths]
    info = LegoInfo(class_names=list(report.class_names), real=real, source=source_text,
                    folder=Path(prepared), per_class=dict(report.counts),
                    validation_files=validation_files,
                    # Renders of one seed show the same views at any size; real files
                    # are identified by their names.
                    split_id=split_id("real" if real else f"synthetic-seed{seed}",
                                      report.class_names, validation_files))
    return train, val, info
