"""Evaluating a classifier: the confusion matrix, drawn by scikit-learn.

Example:
    >>> fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["a", "b"])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from course_utils.plots.figures import figure_of


def plot_confusion_matrix(
    y_true: Any,
    y_pred: Any,
    class_names: Sequence[str],
    *,
    normalize: bool = True,
    ax: plt.Axes | None = None,
    title: str = "",
    size: float = 6.0,
) -> plt.Figure:
    """A confusion-matrix heat map: true class down the rows, predicted class across
    (scikit-learn's ``ConfusionMatrixDisplay``).

    With ``normalize`` each row is divided by its count, so a cell shows the fraction of
    that class's images predicted as the column's class (the diagonal is each class's
    recall); otherwise cells are counts. Every cell is written out when there are at most
    20 classes, empty cells left blank.

    Args:
        y_true, y_pred: the true and predicted labels (integers ``0 .. len(class_names)-1``).
        class_names: the tick labels, in label order (short names read best).
        normalize: show row fractions instead of counts.
        ax: draw on these axes (default: a new square figure of ``size`` inches).
        title: the panel's title.

    Returns:
        The figure.
    """
    from sklearn.metrics import ConfusionMatrixDisplay

    y_true = np.asarray(y_true).reshape(-1).astype(int)
    y_pred = np.asarray(y_pred).reshape(-1).astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"{y_true.size} true labels but {y_pred.size} predictions: give one "
            "prediction per image"
        )
    n = len(class_names)
    if y_true.size and (
        min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= n
    ):
        raise ValueError(f"labels must lie in 0..{n - 1} for {n} class names")
    if ax is None:
        _, ax = plt.subplots(figsize=(size, size * 0.9))
    fig = figure_of(ax)
    display = ConfusionMatrixDisplay.from_predictions(
        y_true,
        y_pred,
        labels=list(range(n)),
        display_labels=[str(c) for c in class_names],
        normalize="true" if normalize else None,
        cmap="Blues",
        ax=ax,
        colorbar=False,
        values_format=".2f" if normalize else "d",
        include_values=n <= 20,
        xticks_rotation="vertical",
    )
    display.im_.set_clim(0, 1 if normalize else None)
    fig.colorbar(
        display.im_,
        ax=ax,
        fraction=0.046,
        pad=0.04,
        label="fraction of the true class" if normalize else "images",
    )
    if display.text_ is not None:  # blank the empty cells, keep the others small
        for text in display.text_.ravel():
            text.set_fontsize(7)
            if text.get_text() in ("0.00", "0"):
                text.remove()
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
