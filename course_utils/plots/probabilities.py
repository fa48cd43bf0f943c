"""A classifier's probabilities, as a table of text or a heat map.

Example:
    >>> print(probability_table([[0.9, 0.1]], ["x"], ["cat", "dog"]))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from course_utils.plots.figures import figure_of
from course_utils.plots.images import _as_image_list


def _probabilities(probs: Any, row_labels: Sequence[str], class_names: Sequence[str]) -> np.ndarray:
    array = np.asarray(probs, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"expected probabilities of shape (images, classes); got {array.shape}")
    if array.shape != (len(row_labels), len(class_names)):
        raise ValueError(
            f"probabilities have shape {array.shape} but there are "
            f"{len(row_labels)} row labels and {len(class_names)} class names"
        )
    return array


def probability_table(probs: Any, row_labels: Sequence[str], class_names: Sequence[str]) -> str:
    """A plain-text table of class probabilities in whole percent, one row per image.

    The last column names the most likely class. No pandas needed.

    Example:
        >>> print(probability_table([[0.25, 0.75]], ["x"], ["a", "b"]))
        image |    a    b | guess
        x     |  25%  75% | b
    """
    array = _probabilities(probs, row_labels, class_names)
    first = max(5, *(len(str(r)) for r in row_labels))
    width = max(4, *(len(str(c)) for c in class_names))
    header = f"{'image':<{first}} | " + " ".join(f"{c:>{width}}" for c in class_names) + " | guess"
    lines = [header]
    for label, row in zip(row_labels, array, strict=True):
        cells = " ".join(f"{round(100 * p):>{width - 1}}%" for p in row)
        lines.append(f"{str(label):<{first}} | {cells} | {class_names[int(row.argmax())]}")
    return "\n".join(lines)


def plot_probability_heatmap(
    probs: Any,
    row_labels: Sequence[str],
    class_names: Sequence[str],
    *,
    images: Any = None,
    title: str = "",
    ax: plt.Axes | None = None,
) -> plt.Figure:
    """Class probabilities as a heat-map, each cell annotated in percent.

    Rows are images (labelled with ``row_labels``, e.g. what each picture really shows),
    columns are the classes. With ``images`` a thumbnail of each input is drawn at the
    left of its row.

    Args:
        probs: an array ``(images, classes)`` of probabilities (rows sum to 1).
        row_labels: one label per image; class_names: one name per class.
        images: optional thumbnails, ``(images, H, W)`` or ``(images, H, W, 1)``.
        title: the figure's title.
        ax: draw the heat-map on these axes (then no thumbnails are drawn).

    Returns:
        The figure.

    Example:
        >>> fig = plot_probability_heatmap(np.full((2, 3), 1 / 3), ["x", "y"], ["a", "b", "c"])
    """
    array = _probabilities(probs, row_labels, class_names)
    n_rows, n_classes = array.shape
    if ax is None:
        height = 0.42 * n_rows + 1.2
        if images is not None:
            fig = plt.figure(figsize=(0.55 * n_classes + 2.6, height))
            grid = fig.add_gridspec(n_rows, 2, width_ratios=[1, n_classes], wspace=0.05)
            ax = fig.add_subplot(grid[:, 1])
            thumbs = _as_image_list(images)
            for row in range(n_rows):
                thumb_ax = fig.add_subplot(grid[row, 0])
                thumb_ax.imshow(thumbs[row], cmap="gray", vmin=0, vmax=1)
                thumb_ax.axis("off")
        else:
            fig, ax = plt.subplots(figsize=(0.55 * n_classes + 2.0, height))
    fig = figure_of(ax)
    shown = ax.imshow(array * 100, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for (row, col), value in np.ndenumerate(array):
        ax.text(
            col,
            row,
            f"{round(100 * value)}",
            ha="center",
            va="center",
            fontsize=8,
            color="white" if value > 0.6 else "black",
        )
    ax.set_xticks(range(n_classes), [str(c) for c in class_names])
    ax.set_yticks(range(n_rows), [str(r) for r in row_labels])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("image (true label)")
    if images is not None:
        ax.yaxis.tick_right()
        ax.yaxis.set_label_position("right")
    fig.colorbar(shown, ax=ax, label="probability (%)", fraction=0.05, pad=0.12)
    if title:
        ax.set_title(title)
    return fig
