"""Write the synthetic LEGO set to disk in the Kaggle folder layout, on all cores.

``DIR/<class name>/<nnnn>.png``, one folder per class of :data:`CLASS_NAMES`. By default
the PNGs are RGBA with a transparent background, like the Kaggle files; with
``background=(r, g, b)`` they are composited RGB, ready for
``keras.utils.image_dataset_from_directory``.

Each image is seeded by ``(seed, class, index)``, so the files are byte-identical whatever
the number of workers and the order in which they finish.

Example:
    >>> render_dataset("/tmp/lego-demo", per_class=2, size=32, seed=0,
    ...                workers=1, progress=False)        # doctest: +SKIP
    32
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from PIL import Image

from course_utils.lego.geometry import ALL_PART_NAMES, CLASS_NAMES
from course_utils.lego.render import composite, render_part

Job = tuple[str, int, int, int, str, tuple[int, int, int] | None]


def _rgb(colour: Sequence[int]) -> tuple[int, int, int]:
    """A background colour as the (red, green, blue) triple a render job carries.

    >>> _rgb([250, 250, 245])
    (250, 250, 245)
    """
    red, green, blue = colour
    return int(red), int(green), int(blue)


def file_name(index: int) -> str:
    """The file name of image ``index`` of a class: zero-padded so it sorts in order."""
    return f"{index:04d}.png"


def render_to_file(
    class_name: str,
    index: int,
    size: int,
    seed: int,
    path: str | os.PathLike,
    background: tuple[int, int, int] | None = None,
) -> None:
    """Render one image and save it as PNG (RGBA, or RGB over ``background``)."""
    rgba = render_part(class_name, size=size, seed=seed, index=index)
    image = Image.fromarray(rgba if background is None else composite(rgba, background))
    # Level 1: a third of the default's encoding time for files ~10% larger.
    image.save(path, format="PNG", compress_level=1)


def _render_chunk(jobs: Sequence[Job]) -> int:
    for class_name, index, size, seed, path, background in jobs:
        render_to_file(class_name, index, size, seed, path, background)
    return len(jobs)


def _chunks(items: list[Job], size: int) -> Iterable[list[Job]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def render_dataset(
    out: str | os.PathLike,
    per_class: int,
    size: int = 200,
    seed: int = 0,
    workers: int | None = None,
    classes: Sequence[str] | None = None,
    background: tuple[int, int, int] | None = None,
    progress: bool = True,
) -> int:
    """Render ``per_class`` images of each class into ``out/<class>/<nnnn>.png``.

    Args:
        out: the folder to fill (created; existing files are overwritten).
        per_class: images per class.
        size: image width and height in pixels.
        seed: the set's seed; image i of class c uses (seed, c, i).
        workers: processes to use; default all cores. 1 renders in this process.
        classes: the parts to render (default the 16 :data:`CLASS_NAMES`; any of
            :data:`ALL_PART_NAMES`, which adds parts the Kaggle set does not have).
        background: None for RGBA with transparency (the Kaggle format), else an RGB
            colour to composite onto.
        progress: show a tqdm progress bar.

    Returns:
        The number of images written.
    """
    from tqdm.auto import tqdm

    classes = list(CLASS_NAMES if classes is None else classes)
    unknown = [c for c in classes if c not in ALL_PART_NAMES]
    if unknown:
        raise ValueError(f"unknown LEGO parts {unknown}; choose from {list(ALL_PART_NAMES)}")
    if per_class < 1 or size < 8:
        raise ValueError("per_class must be >= 1 and size >= 8 pixels")
    out = Path(out)
    jobs: list[Job] = []
    for class_name in classes:
        folder = out / class_name
        folder.mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            jobs.append(
                (
                    class_name,
                    index,
                    size,
                    seed,
                    str(folder / file_name(index)),
                    None if background is None else _rgb(background),
                )
            )
    workers = max(1, int(workers or os.cpu_count() or 1))
    bar = tqdm(total=len(jobs), desc=f"rendering LEGO {size}px", unit="img", disable=not progress)
    try:
        if workers == 1 or len(jobs) < 32:
            for chunk in _chunks(jobs, 16):
                bar.update(_render_chunk(chunk))
        else:
            # 'spawn' works the same on Linux, macOS and Windows and is safe after
            # TensorFlow has started its threads in the parent (fork is not).
            context = multiprocessing.get_context("spawn")
            chunk_size = max(4, min(64, len(jobs) // (workers * 8) or 4))
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                for done in pool.map(_render_chunk, _chunks(jobs, chunk_size)):
                    bar.update(done)
    finally:
        bar.close()
    return len(jobs)


def render_grid(
    per_class: int = 6, size: int = 128, seed: int = 0, classes: Sequence[str] | None = None
) -> dict[str, list[np.ndarray]]:
    """Render a few RGBA images per class in memory (for a gallery), keyed by class name.

    Example:
        >>> grid = render_grid(per_class=1, size=32, classes=["3005 Brick 1x1"])
        >>> grid["3005 Brick 1x1"][0].shape
        (32, 32, 4)
    """
    classes = list(CLASS_NAMES if classes is None else classes)
    return {
        c: [render_part(c, size=size, seed=seed, index=i) for i in range(per_class)]
        for c in classes
    }
