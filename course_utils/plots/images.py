"""Pictures: a grid of images with titles, feature maps, the misclassified examples.

Example:
    >>> import numpy as np
    >>> fig = plot_image_grid(np.zeros((4, 8, 8)), ["a", "b", "c", "d"], ncols=4)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np


def _as_image_list(images: Any) -> list[np.ndarray]:
    """``images`` as a list of 2-D (grey) or ``(H, W, 3)`` (colour) arrays, or a clear error.

    An array ``(n, H, W)``, ``(n, H, W, 1)``, ``(n, H, W, 3)`` or one image ``(H, W)``; or
    a list of images, which may differ in size.
    """
    if isinstance(images, (list, tuple)):
        items = [np.asarray(image) for image in images]
    else:
        stack = np.asarray(images)
        items = [stack] if stack.ndim == 2 else list(stack)
    result = []
    for item in items:
        if item.ndim == 3 and item.shape[-1] == 1:
            item = item[..., 0]
        if not (item.ndim == 2 or (item.ndim == 3 and item.shape[-1] == 3)):
            raise ValueError(
                "expected images of shape (H, W), (H, W, 1) or (H, W, 3); got "
                f"one of shape {item.shape}"
            )
        result.append(item)
    if not result:
        raise ValueError("there are no images to draw")
    return result


def plot_image_grid(
    images: Any,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 8,
    cmap: str = "gray",
    vmin: float | None = None,
    vmax: float | None = None,
    suptitle: str = "",
    size: float = 1.6,
    colorbar: bool = False,
) -> plt.Figure:
    """Images side by side in a grid, each with an optional title; axes hidden.

    Args:
        images: an array ``(n, H, W)``, ``(n, H, W, 1)`` or ``(n, H, W, 3)`` (or one image
            ``(H, W)``), e.g. a batch of MNIST digits; or a list of images of any sizes.
        titles: one title per image (e.g. its label).
        ncols: images per row.
        cmap, vmin, vmax: how grey values map to colours (``vmin``/``vmax`` default to
            each image's own range).
        suptitle: a title over the grid.
        size: the width of one panel in inches.
        colorbar: add a colour bar (labelled "pixel value") beside each panel.

    Returns:
        The figure.

    Example:
        >>> fig = plot_image_grid(np.zeros((3, 28, 28)), titles=["a", "b", "c"])
    """
    stack = _as_image_list(images)
    if titles is not None and len(titles) != len(stack):
        raise ValueError(f"{len(stack)} images but {len(titles)} titles: give one per image")
    ncols = max(1, min(ncols, len(stack)))
    nrows = -(-len(stack) // ncols)
    fig, axes = plt.subplots(
        nrows, ncols, figsize=(size * ncols, size * nrows + 0.3), squeeze=False
    )
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(stack):
            continue
        shown = ax.imshow(stack[index], cmap=cmap, vmin=vmin, vmax=vmax)
        if titles is not None:
            ax.set_title(str(titles[index]), fontsize=9)
        if colorbar:
            fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04, label="pixel value")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_feature_maps(
    maps: Any,
    *,
    label: str = "map",
    ncols: int = 8,
    title: str = "",
    cmap: str = "viridis",
    size: float = 1.3,
) -> plt.Figure:
    """Every channel of a stack of 2-D maps, one panel each (its own colour scale).

    Use it for a convolutional layer's output for one image, ``(H, W, C)`` (a leading
    batch axis of 1 is dropped), or for its filters: ``layer.kernel[:, :, 0, :]`` is
    ``(K, K, filters)``.

    Args:
        maps: an array ``(H, W, C)`` or ``(1, H, W, C)``.
        label: the word in each panel's title (``"map"``, ``"filter"``), numbered from 1.
        ncols: panels per row.
        title: a title over the panels.
        cmap: the colour map (bright = large values).
        size: the width of one panel in inches.

    Returns:
        The figure.

    Example:
        >>> fig = plot_feature_maps(np.random.rand(14, 14, 16), title="conv 1")
    """
    array = np.asarray(maps, dtype=float)
    if array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
    if array.ndim != 3:
        raise ValueError(
            "expected maps of shape (H, W, channels) or (1, H, W, channels); "
            f"got shape {np.asarray(maps).shape}"
        )
    channels = np.moveaxis(array, -1, 0)
    names = [f"{label} {k + 1}" for k in range(len(channels))]
    return plot_image_grid(channels, names, ncols=ncols, cmap=cmap, suptitle=title, size=size)


def misclassified(y_true: Any, y_pred: Any, limit: int | None = None) -> np.ndarray:
    """Indices of the wrong predictions, in order (at most ``limit`` of them).

    Example:
        >>> misclassified([0, 1, 2, 1], [0, 2, 2, 0]).tolist()
        [1, 3]
    """
    y_true = np.asarray(y_true).reshape(-1)
    y_pred = np.asarray(y_pred).reshape(-1)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{y_true.size} true labels but {y_pred.size} predictions")
    wrong = np.flatnonzero(y_true != y_pred)
    return wrong if limit is None else wrong[:limit]


def plot_misclassified(
    images: Any,
    y_true: Any,
    y_pred: Any,
    class_names: Sequence[str],
    *,
    probabilities: Any = None,
    limit: int = 16,
    ncols: int = 8,
    size: float = 1.5,
    title: str = "",
) -> plt.Figure:
    """A grid of the wrongly classified images, each titled ``true -> predicted``.

    Args:
        images: all the images, ``(n, H, W, 3)`` or ``(n, H, W)`` (uint8, or floats in 0..1).
        y_true, y_pred: their true and predicted labels.
        class_names: names indexed by label (short names fit the titles best).
        probabilities: optional ``(n, classes)`` softmax outputs; then the predicted
            class's probability is added to each title.
        limit: show at most this many.
        ncols, size: as in :func:`plot_image_grid`.
        title: a title over the grid; the default says how many were wrong.

    Returns:
        The figure (a single panel saying so when nothing was wrong).

    Example:
        >>> fig = plot_misclassified(np.zeros((3, 8, 8, 3)), [0, 1, 1], [0, 0, 1], ["a", "b"])
    """
    wrong = misclassified(y_true, y_pred)
    y_true = np.asarray(y_true).reshape(-1)
    y_pred = np.asarray(y_pred).reshape(-1)
    heading = title or f"{len(wrong)} of {len(y_true)} images misclassified (true -> predicted)"
    if len(wrong) == 0:
        fig, ax = plt.subplots(figsize=(4, 1))
        ax.axis("off")
        ax.text(0.5, 0.5, "no misclassified images", ha="center", va="center")
        ax.set_title(heading)
        return fig
    shown = wrong[:limit]
    stack = np.asarray(images)[shown]
    if stack.dtype.kind == "f" and stack.max(initial=0) <= 1.0 + 1e-6:
        stack = np.clip(stack, 0, 1)
    elif stack.dtype != np.uint8:
        stack = np.clip(stack, 0, 255).astype(np.uint8)
    titles = []
    for i in shown:
        text = f"{class_names[int(y_true[i])]} -> {class_names[int(y_pred[i])]}"
        if probabilities is not None:
            text += f"\n({100 * float(np.asarray(probabilities)[i, int(y_pred[i])]):.0f}%)"
        titles.append(text)
    return plot_image_grid(stack, titles, ncols=ncols, size=size, suptitle=heading)
