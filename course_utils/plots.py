"""Plots the notebooks share: training curves and small helpers around matplotlib.

Each function draws on a figure it creates (or on ``ax`` when given) and returns the
figure, labels every axis, and leaves ``plt.show()`` to the notebook.

Example:
    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]})  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    """Accept a ``keras.callbacks.History`` or its ``.history`` dict."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError("expected the History that model.fit returns (or its .history dict); "
                        f"got {type(history).__name__}")
    return data


def plot_history(history: Any, metrics: Sequence[str] = ("loss", "accuracy"),
                 title: str = "") -> plt.Figure:
    """Training (and validation, when present) curves, one panel per metric.

    Args:
        history: what ``model.fit`` returned, or its ``.history`` dict.
        metrics: the metrics to draw, each with its ``val_`` twin when recorded.
        title: a title over the panels.
    """
    data = _history_dict(history)
    present = [m for m in metrics if m in data]
    if not present:
        raise ValueError(f"none of {list(metrics)} was recorded; the history has {sorted(data)}")
    fig, axes = plt.subplots(1, len(present), figsize=(5 * len(present), 3.4), squeeze=False)
    for ax, metric in zip(axes[0], present):
        epochs = range(1, len(data[metric]) + 1)
        ax.plot(epochs, data[metric], marker="o", label="training")
        if f"val_{metric}" in data:
            ax.plot(epochs, data[f"val_{metric}"], marker="o", label="validation")
        ax.set_xlabel("epoch")
        ax.set_ylabel(metric.replace("_", " "))
        ax.grid(alpha=0.3)
        ax.legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# Two-feature classifiers and their decision boundaries (notebook 01, the perceptron)

_CLASS_STYLES = (("o", "tab:blue"), ("s", "tab:orange"), ("^", "tab:green"), ("D", "tab:red"))


def _two_feature_points(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as a float array of shape ``(n, 2)`` and ``y`` as ``n`` labels, or a clear error."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError("expected points with two features, an array of shape (n, 2); "
                         f"got shape {X.shape}")
    if len(y) != len(X):
        raise ValueError(f"{len(X)} points but {len(y)} labels: give one label per point")
    if len(X) == 0:
        raise ValueError("there are no points to draw")
    return X, y


def _padded_limits(X: np.ndarray, pad: float = 0.15) -> tuple[tuple[float, float], ...]:
    """Axis limits around the points, ``pad`` of the range (at least 0.5) on each side."""
    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.maximum((high - low) * pad, 0.5)
    return tuple((float(a), float(b)) for a, b in zip(low - margin, high + margin))


def _draw_points(ax: plt.Axes, X: np.ndarray, y: np.ndarray,
                 class_names: Sequence[str] | Mapping[Any, str] | None,
                 feature_names: Sequence[str]) -> tuple[tuple[float, float], ...]:
    """Scatter the points, one marker and colour per class; label the axes; set the limits."""
    for index, label in enumerate(np.unique(y)):
        marker, colour = _CLASS_STYLES[index % len(_CLASS_STYLES)]
        if class_names is None:
            name = f"class {label}"
        elif isinstance(class_names, Mapping):
            name = class_names[label]
        else:
            name = class_names[int(label)]
        chosen = y == label
        ax.scatter(X[chosen, 0], X[chosen, 1], marker=marker, color=colour, edgecolor="black",
                   s=50, zorder=3, label=name)
    limits = _padded_limits(X)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    return limits


def _boundary_segment(w: Any, b: float, limits: tuple[tuple[float, float], ...]
                      ) -> tuple[np.ndarray, np.ndarray] | None:
    """Two points on the line ``w[0]*x1 + w[1]*x2 + b = 0`` spanning ``limits``, or None
    when both weights are zero (then there is no line: every point gets the same answer)."""
    w = np.asarray(w, dtype=float).reshape(-1)
    if w.shape != (2,):
        raise ValueError(f"expected two weights, one per feature; got {w.size}")
    (x_low, x_high), (y_low, y_high) = limits
    if abs(w[1]) > 1e-12:
        xs = np.array([x_low, x_high])
        return xs, -(w[0] * xs + b) / w[1]
    if abs(w[0]) > 1e-12:
        x = -b / w[0]
        return np.array([x, x]), np.array([y_low, y_high])
    return None


def plot_linear_boundary(X: Any, y: Any, w: Any, b: float, *, ax: plt.Axes | None = None,
                         feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
                         class_names: Sequence[str] | Mapping[Any, str] | None = None,
                         title: str = "", shade: bool = True) -> plt.Figure:
    """Points of two classes and the line ``w[0]*x1 + w[1]*x2 + b = 0`` of a linear classifier.

    With ``shade`` the side where ``w·x + b > 0`` (where a step activation answers 1) is
    tinted orange and the other side blue. When both weights are zero there is no line and
    the panel says so.

    Args:
        X: the points, shape ``(n, 2)``.
        y: their labels (0/1, or any small set of class labels).
        w: the two weights; b: the bias.
        ax: draw on these axes (default: a new figure).
        feature_names: the axis labels (include units, e.g. ``"petal length (cm)"``).
        class_names: legend names, indexed by label (a sequence or a mapping).
        title: the panel's title.
        shade: tint the two half-planes.

    Returns:
        The figure.

    Example:
        >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([0, 0, 0, 1])
        >>> fig = plot_linear_boundary(X, y, w=[1.0, 1.0], b=-1.5, title="AND")
    """
    X, y = _two_feature_points(X, y)
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.2, 3.6))
    fig = ax.figure
    limits = _draw_points(ax, X, y, class_names, feature_names)
    w_flat = np.asarray(w, dtype=float).reshape(-1)
    segment = _boundary_segment(w_flat, float(b), limits)
    if shade:
        grid_x, grid_y = np.meshgrid(np.linspace(*limits[0], 200), np.linspace(*limits[1], 200))
        side = (w_flat[0] * grid_x + w_flat[1] * grid_y + float(b) > 0).astype(float)
        ax.contourf(grid_x, grid_y, side, levels=[-0.5, 0.5, 1.5],
                    colors=["tab:blue", "tab:orange"], alpha=0.12, zorder=0)
    if segment is None:
        ax.text(0.5, 0.5, "w = 0: no boundary", transform=ax.transAxes, ha="center",
                va="center", color="gray")
    else:
        ax.plot(*segment, color="black", linewidth=2, label="boundary (w·x + b = 0)", zorder=2)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def plot_boundary_lines(X: Any, y: Any, weights: Sequence[Any], biases: Sequence[float], *,
                        ax: plt.Axes | None = None,
                        feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
                        class_names: Sequence[str] | Mapping[Any, str] | None = None,
                        title: str = "", line_label: str = "epoch",
                        cmap: str = "viridis") -> plt.Figure:
    """Several linear boundaries over the same points, e.g. one per training epoch.

    Line ``k`` (counting from 1) is coloured from the colour map, and a colour bar labelled
    ``line_label`` tells which is which; the last line is drawn thicker.

    Args:
        X, y: the points, shape ``(n, 2)``, and their labels.
        weights: one pair of weights per line; biases: one bias per line.
        ax, feature_names, class_names, title: as in :func:`plot_linear_boundary`.
        line_label: what the lines are (the colour bar's label).
        cmap: the Matplotlib colour map for the lines.

    Returns:
        The figure.

    Example:
        >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([0, 0, 0, 1])
        >>> fig = plot_boundary_lines(X, y, [[0.1, 0.1], [0.2, 0.1]], [0.0, -0.2])
    """
    X, y = _two_feature_points(X, y)
    if len(weights) != len(biases):
        raise ValueError(f"{len(weights)} weight pairs but {len(biases)} biases: give one of "
                         "each per line")
    if len(weights) == 0:
        raise ValueError("there are no boundaries to draw (weights is empty)")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.2, 3.8))
    fig = ax.figure
    limits = _draw_points(ax, X, y, class_names, feature_names)
    colours = plt.get_cmap(cmap)
    count = len(weights)
    for k, (w, b) in enumerate(zip(weights, biases)):
        segment = _boundary_segment(w, float(b), limits)
        if segment is None:
            continue
        last = k == count - 1
        ax.plot(*segment, color=colours(k / max(count - 1, 1)), linewidth=2.5 if last else 1.2,
                alpha=1.0 if last else 0.8, zorder=2)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    mappable = plt.cm.ScalarMappable(cmap=colours,
                                     norm=plt.Normalize(vmin=1, vmax=max(count, 2)))
    fig.colorbar(mappable, ax=ax, label=line_label)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def plot_decision_regions(predict: Any, X: Any, y: Any, *, ax: plt.Axes | None = None,
                          feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
                          class_names: Sequence[str] | Mapping[Any, str] | None = None,
                          title: str = "", value_label: str = "model output",
                          resolution: int = 150) -> plt.Figure:
    """Colour the plane by a model's output (any classifier, linear or not) under its points.

    ``predict`` is called once with a ``(resolution**2, 2)`` array of grid points and must
    return one number per point (a probability, a score or a 0/1 label); the 0.5 level is
    drawn as a black line.

    Args:
        predict: a function from points ``(m, 2)`` to ``m`` numbers, e.g.
            ``lambda P: model.predict(P, verbose=0)``.
        X, y, ax, feature_names, class_names, title: as in :func:`plot_linear_boundary`.
        value_label: the colour bar's label.
        resolution: grid points per axis.

    Returns:
        The figure.

    Example:
        >>> X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]]); y = np.array([0, 1, 1, 0])
        >>> fig = plot_decision_regions(lambda P: np.abs(P[:, 0] - P[:, 1]), X, y)
    """
    X, y = _two_feature_points(X, y)
    if not callable(predict):
        raise TypeError(f"predict should be a function of the points; got {type(predict).__name__}")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.0, 3.8))
    fig = ax.figure
    limits = _padded_limits(X)
    grid_x, grid_y = np.meshgrid(np.linspace(*limits[0], resolution),
                                 np.linspace(*limits[1], resolution))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    values = np.asarray(predict(grid), dtype=float).reshape(-1)
    if values.size != len(grid):
        raise ValueError(f"predict returned {values.size} numbers for {len(grid)} points; "
                         "it should return one per point")
    values = values.reshape(grid_x.shape)
    filled = ax.contourf(grid_x, grid_y, values, levels=np.linspace(0.0, 1.0, 11),
                         cmap="RdBu_r", alpha=0.6, extend="both", zorder=0)
    if values.min() < 0.5 < values.max():
        ax.contour(grid_x, grid_y, values, levels=[0.5], colors="black", linewidths=2, zorder=1)
    fig.colorbar(filled, ax=ax, label=value_label)
    _draw_points(ax, X, y, class_names, feature_names)
    if title:
        ax.set_title(title)
    return fig


# ---------------------------------------------------------------------------------------
# Images, filters, feature maps and class probabilities (notebook 03, the MNIST CNN)


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
            raise ValueError("expected images of shape (H, W), (H, W, 1) or (H, W, 3); got "
                             f"one of shape {item.shape}")
        result.append(item)
    if not result:
        raise ValueError("there are no images to draw")
    return result


def plot_image_grid(images: Any, titles: Sequence[str] | None = None, *, ncols: int = 8,
                    cmap: str = "gray", vmin: float | None = None, vmax: float | None = None,
                    suptitle: str = "", size: float = 1.6, colorbar: bool = False) -> plt.Figure:
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
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows + 0.3),
                             squeeze=False)
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


def plot_feature_maps(maps: Any, *, label: str = "map", ncols: int = 8, title: str = "",
                      cmap: str = "viridis", size: float = 1.3) -> plt.Figure:
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
        raise ValueError("expected maps of shape (H, W, channels) or (1, H, W, channels); "
                         f"got shape {np.asarray(maps).shape}")
    channels = np.moveaxis(array, -1, 0)
    names = [f"{label} {k + 1}" for k in range(len(channels))]
    return plot_image_grid(channels, names, ncols=ncols, cmap=cmap, suptitle=title, size=size)


def _probabilities(probs: Any, row_labels: Sequence[str],
                   class_names: Sequence[str]) -> np.ndarray:
    array = np.asarray(probs, dtype=float)
    if array.ndim != 2:
        raise ValueError(f"expected probabilities of shape (images, classes); got {array.shape}")
    if array.shape != (len(row_labels), len(class_names)):
        raise ValueError(f"probabilities have shape {array.shape} but there are "
                         f"{len(row_labels)} row labels and {len(class_names)} class names")
    return array


def probability_table(probs: Any, row_labels: Sequence[str],
                      class_names: Sequence[str]) -> str:
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
    for label, row in zip(row_labels, array):
        cells = " ".join(f"{round(100 * p):>{width - 1}}%" for p in row)
        lines.append(f"{str(label):<{first}} | {cells} | {class_names[int(row.argmax())]}")
    return "\n".join(lines)


def plot_probability_heatmap(probs: Any, row_labels: Sequence[str], class_names: Sequence[str],
                             *, images: Any = None, title: str = "",
                             ax: plt.Axes | None = None) -> plt.Figure:
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
    fig = ax.figure
    shown = ax.imshow(array * 100, cmap="Blues", vmin=0, vmax=100, aspect="auto")
    for (row, col), value in np.ndenumerate(array):
        ax.text(col, row, f"{round(100 * value)}", ha="center", va="center", fontsize=8,
                color="white" if value > 0.6 else "black")
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


# ---------------------------------------------------------------------------------------
# Several models' training curves on shared axes (notebook 04, CIFAR-10 variants)


def _label_epoch_axes(ax: Any, label: str, metric: str) -> None:
    """Per-epoch axes: whole epochs on x, the metric (a fraction for accuracies) on y."""
    from matplotlib.ticker import MaxNLocator

    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(label + (" (fraction)" if "accuracy" in metric else ""))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def plot_histories(histories: Mapping[str, Any],
                   metrics: Sequence[str] = ("accuracy", "val_accuracy"),
                   title: str = "") -> plt.Figure:
    """Compare models: one panel per metric, one line per model, on shared axes.

    Args:
        histories: ``{model name: what model.fit returned (or its .history dict)}``.
        metrics: the recorded metrics to draw, one panel each (a model that did not
            record a metric is left out of that panel).
        title: a title over the panels.

    Example:
        >>> fig = plot_histories({"plain": {"val_accuracy": [0.3, 0.5]},
        ...                       "BN": {"val_accuracy": [0.4, 0.7]}},
        ...                      metrics=("val_accuracy",))              # doctest: +SKIP
    """
    if not isinstance(histories, Mapping) or not histories:
        raise TypeError("expected a dict {model name: History}; got "
                        f"{type(histories).__name__}")
    data = {name: _history_dict(h) for name, h in histories.items()}
    present = [m for m in metrics if any(m in d for d in data.values())]
    if not present:
        recorded = sorted({k for d in data.values() for k in d})
        raise ValueError(f"none of {list(metrics)} was recorded; the histories have {recorded}")
    fig, axes = plt.subplots(1, len(present), figsize=(5.5 * len(present), 3.6),
                             squeeze=False)
    for ax, metric in zip(axes[0], present):
        for name, d in data.items():
            if metric in d:
                values = d[metric]
                ax.plot(range(1, len(values) + 1), values, marker="o", markersize=3,
                        label=str(name))
        label = metric.replace("val_", "validation ").replace("_", " ")
        _label_epoch_axes(ax, label, metric)
        ax.set_title(label)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------
# Evaluating a classifier: confusion matrix and misclassified examples (notebook 05, LEGO)


def plot_confusion_matrix(y_true: Any, y_pred: Any, class_names: Sequence[str], *,
                          normalize: bool = True, ax: plt.Axes | None = None,
                          title: str = "", size: float = 6.0) -> plt.Figure:
    """A confusion-matrix heat map: true class down the rows, predicted class across.

    With ``normalize`` each row is divided by its count, so a cell shows the fraction of
    that class's images predicted as the column's class (the diagonal is each class's
    recall); otherwise cells are counts. Every cell is written out when there are at most
    20 classes.

    Args:
        y_true, y_pred: the true and predicted labels (integers ``0 .. len(class_names)-1``).
        class_names: the tick labels, in label order (short names read best).
        normalize: show row fractions instead of counts.
        ax: draw on these axes (default: a new square figure of ``size`` inches).
        title: the panel's title.

    Returns:
        The figure.

    Example:
        >>> fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["a", "b"])
    """
    y_true = np.asarray(y_true).reshape(-1).astype(int)
    y_pred = np.asarray(y_pred).reshape(-1).astype(int)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"{y_true.size} true labels but {y_pred.size} predictions: give one "
                         "prediction per image")
    n = len(class_names)
    if y_true.size and (min(y_true.min(), y_pred.min()) < 0 or max(y_true.max(), y_pred.max()) >= n):
        raise ValueError(f"labels must lie in 0..{n - 1} for {n} class names")
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    if normalize:
        totals = counts.sum(axis=1, keepdims=True)
        values = np.divide(counts, np.maximum(totals, 1), dtype=float)
    else:
        values = counts.astype(float)
    if ax is None:
        fig, ax = plt.subplots(figsize=(size, size * 0.9))
    fig = ax.figure
    shown = ax.imshow(values, cmap="Blues", vmin=0, vmax=1 if normalize else max(values.max(), 1))
    fig.colorbar(shown, ax=ax, fraction=0.046, pad=0.04,
                 label="fraction of the true class" if normalize else "images")
    ax.set_xticks(range(n), [str(c) for c in class_names], rotation=90)
    ax.set_yticks(range(n), [str(c) for c in class_names])
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    if n <= 20:
        top = values.max() if values.size else 0
        for i in range(n):
            for j in range(n):
                if counts[i, j] == 0:
                    continue
                text = f"{values[i, j]:.2f}".lstrip("0") if normalize else str(counts[i, j])
                ax.text(j, i, text, ha="center", va="center", fontsize=7,
                        color="white" if values[i, j] > 0.6 * top else "black")
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig


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


def plot_misclassified(images: Any, y_true: Any, y_pred: Any, class_names: Sequence[str], *,
                       probabilities: Any = None, limit: int = 16, ncols: int = 8,
                       size: float = 1.5, title: str = "") -> plt.Figure:
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


# ---------------------------------------------------------------------------------------
# Transfer learning: where a network's memory and parameters sit, and fine-tuning curves
# (notebook 06, VGG16 transfer)


def plot_memory_and_params(names: Sequence[str], memory_bytes: Sequence[float],
                           params: Sequence[float], *, title: str = "") -> plt.Figure:
    """Two bar charts over the layers of a network: activation memory and parameters.

    Both axes are logarithmic (a layer with 0 is drawn as an empty slot), so the early
    convolutions, which hold most of the activations, and the dense layers, which hold
    most of the parameters, show on one page.

    Args:
        names: the layer names, in order.
        memory_bytes: each layer's output size in bytes, for one image.
        params: each layer's parameter count.
        title: a title over the panels.

    Example:
        >>> fig = plot_memory_and_params(["conv", "pool", "fc"], [4e6, 1e6, 4e3], [1792, 0, 4e6])
    """
    names = [str(n) for n in names]
    memory = np.asarray(memory_bytes, dtype=float)
    counts = np.asarray(params, dtype=float)
    if not (len(names) == len(memory) == len(counts)):
        raise ValueError(f"{len(names)} names, {len(memory)} memory sizes and {len(counts)} "
                         "parameter counts: give one of each per layer")
    if len(names) == 0:
        raise ValueError("there are no layers to draw")
    fig, axes = plt.subplots(2, 1, figsize=(max(6.0, 0.32 * len(names)), 5.2), sharex=True)
    positions = np.arange(len(names))
    for ax, values, label, colour in (
            (axes[0], memory / 2**20, "activations per image (MiB)", "tab:blue"),
            (axes[1], counts / 1e6, "parameters (millions)", "tab:orange")):
        shown = np.where(values > 0, values, np.nan)
        ax.bar(positions, shown, color=colour)
        ax.set_yscale("log")
        ax.set_ylabel(label)
        ax.grid(alpha=0.3, axis="y")
    axes[1].set_xticks(positions)
    axes[1].set_xticklabels(names, rotation=90, fontsize=8)
    axes[1].set_xlabel("layer")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_fine_tuning(first: Any, second: Any, metric: str = "accuracy", *,
                     labels: tuple[str, str] = ("new head only", "fine-tuning"),
                     title: str = "") -> plt.Figure:
    """One training run in two stages, e.g. head first, then fine-tuning, on one axis.

    The second history's epochs continue the first's; a dashed line marks where the
    second stage starts. Training and (when recorded) validation curves are drawn.

    Args:
        first, second: what ``model.fit`` returned for each stage (or their ``.history``).
        metric: the metric to draw (its ``val_`` twin too).
        labels: the names of the two stages.
        title: the panel's title.

    Example:
        >>> fig = plot_fine_tuning({"accuracy": [0.5, 0.7], "val_accuracy": [0.4, 0.6]},
        ...                        {"accuracy": [0.8], "val_accuracy": [0.7]})
    """
    a, b = _history_dict(first), _history_dict(second)
    if metric not in a or metric not in b:
        raise ValueError(f"{metric!r} must be recorded in both histories; they have "
                         f"{sorted(a)} and {sorted(b)}")
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    n_first = len(a[metric])
    for key, style in ((metric, "-"), (f"val_{metric}", "--")):
        if key not in a or key not in b:
            continue
        values = list(a[key]) + list(b[key])
        which = "validation" if key.startswith("val_") else "training"
        ax.plot(range(1, n_first + 1), a[key], style, marker="o", color="tab:blue",
                label=f"{which}, {labels[0]}")
        ax.plot(range(n_first, len(values) + 1), [a[key][-1]] + list(b[key]), style,
                marker="o", color="tab:orange", label=f"{which}, {labels[1]}")
    ax.axvline(n_first + 0.5, color="gray", linestyle=":", label=f"{labels[1]} starts")
    _label_epoch_axes(ax, metric.replace("_", " "), metric)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
