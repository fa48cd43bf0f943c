"""The LEGO gallery: a row of example images per class, for the notebooks and for review.

It shows our renders, or any ``<class>/<images>`` folder (the Kaggle set, your photos) in
the same layout, or both side by side (:func:`plot_comparison`): a folder's images on the
left of each row and our renders of the same part, at the same size, on the right.

Example:
    >>> fig = plot_gallery(per_class=2, size=48)          # doctest: +SKIP
    >>> fig.savefig("/tmp/lego_gallery.png")              # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from course_utils.lego.geometry import ALL_PART_NAMES
from course_utils.lego.render import composite, render_part
from course_utils.lego.synth import render_grid
from course_utils.projects import DEFAULT_BACKGROUND, IMAGE_EXTENSIONS, to_rgb


def folder_examples(
    folder: str | os.PathLike, per_class: int, background: tuple[int, int, int] = DEFAULT_BACKGROUND
) -> dict[str, list[np.ndarray]]:
    """The first ``per_class`` images of each class folder, as RGB arrays."""
    from PIL import Image

    folder = Path(folder)
    examples: dict[str, list[np.ndarray]] = {}
    for class_dir in sorted(
        p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")
    ):
        files = sorted(p for p in class_dir.rglob("*") if p.suffix.lower() in IMAGE_EXTENSIONS)
        images = []
        for path in files[:per_class]:
            with Image.open(path) as image:
                images.append(np.asarray(to_rgb(image, background)))
        examples[class_dir.name] = images
    return examples


def plot_gallery(
    source: str | os.PathLike | None = None,
    per_class: int = 8,
    size: int = 128,
    seed: int = 0,
    classes: Sequence[str] | None = None,
    background: tuple[int, int, int] = DEFAULT_BACKGROUND,
) -> Any:
    """A matplotlib figure: one row per class, ``per_class`` images, the class name at left.

    Args:
        source: None to render our parts now, or a ``<class>/<images>`` folder to show.
        per_class: images per row.
        size: render size in pixels (renders only).
        seed: render seed (renders only).
        classes: a subset of classes (renders only).
        background: the colour transparent pixels are shown on.
    """
    import matplotlib.pyplot as plt

    if source is None:
        grid = render_grid(per_class=per_class, size=size, seed=seed, classes=classes)
        rows = {name: [composite(im, background) for im in ims] for name, ims in grid.items()}
        title = f"Synthetic LEGO renders ({size} px, seed {seed})"
    else:
        rows = folder_examples(source, per_class, background)
        title = f"LEGO images from {source}"
    n_rows = len(rows)
    fig, axes = plt.subplots(
        n_rows, per_class, figsize=(1.3 * per_class + 2.2, 1.3 * n_rows), squeeze=False
    )
    for r, (name, images) in enumerate(rows.items()):
        for c in range(per_class):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
            if c < len(images):
                ax.imshow(images[c])
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=8)
    fig.suptitle(title, fontsize=10)
    fig.subplots_adjust(left=0.2, right=0.99, top=0.97, bottom=0.01, wspace=0.04, hspace=0.06)
    return fig


def plot_comparison(
    reference: str | os.PathLike,
    per_class: int = 3,
    renders: int = 3,
    seed: int = 0,
    background: tuple[int, int, int] = DEFAULT_BACKGROUND,
    size: float = 1.2,
) -> Any:
    """A figure with one row per class of ``reference``: up to ``per_class`` of its images,
    then ``renders`` of ours of the same part at the same pixel size, for judging at a
    glance whether our renders look like the real ones. Classes we cannot render are left
    out.

    Example:
        >>> fig = plot_comparison("../shared/data/lego_reference")   # doctest: +SKIP
    """
    import matplotlib.pyplot as plt

    real = {
        name: images
        for name, images in folder_examples(reference, per_class, background).items()
        if name in ALL_PART_NAMES and images
    }
    if not real:
        raise ValueError(
            f"{reference} has no class folder named like one of our parts (e.g. '3003 Brick 2x2')"
        )
    columns = per_class + renders
    fig, axes = plt.subplots(
        len(real), columns, figsize=(size * columns + 2.2, size * len(real)), squeeze=False
    )
    for r, (name, images) in enumerate(real.items()):
        pixels = images[0].shape[0]
        ours = [
            composite(render_part(name, size=pixels, seed=seed, index=i), background)
            for i in range(renders)
        ]
        shown = list(images) + [None] * (per_class - len(images)) + ours
        for c, image in enumerate(shown):
            ax = axes[r, c]
            ax.set_xticks([])
            ax.set_yticks([])
            for spine in ax.spines.values():
                spine.set_visible(False)
            if image is not None:
                ax.imshow(image)
        axes[r, 0].set_ylabel(name, rotation=0, ha="right", va="center", fontsize=8)
    axes[0, 0].set_title("reference", fontsize=8, loc="left")
    axes[0, per_class].set_title("ours (same size)", fontsize=8, loc="left")
    fig.suptitle(f"{reference} (left) and our renders, seed {seed} (right)", fontsize=9)
    fig.subplots_adjust(left=0.2, right=0.99, top=0.95, bottom=0.01, wspace=0.04, hspace=0.06)
    return fig
