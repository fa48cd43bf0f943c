"""Two features at a time: points, a linear decision boundary, the regions a classifier draws.

Example:
    >>> import numpy as np
    >>> fig = plot_linear_boundary(np.array([[0, 0], [1, 1]]), [0, 1], [1.0, 1.0], -1.0)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np

from course_utils.plots.figures import figure_of

_CLASS_STYLES = (("o", "tab:blue"), ("s", "tab:orange"), ("^", "tab:green"), ("D", "tab:red"))


def _two_feature_points(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    """``X`` as a float array of shape ``(n, 2)`` and ``y`` as ``n`` labels, or a clear error."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).reshape(-1)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"expected points with two features, an array of shape (n, 2); got shape {X.shape}"
        )
    if len(y) != len(X):
        raise ValueError(f"{len(X)} points but {len(y)} labels: give one label per point")
    if len(X) == 0:
        raise ValueError("there are no points to draw")
    return X, y


def _padded_limits(X: np.ndarray, pad: float = 0.15) -> tuple[tuple[float, float], ...]:
    """Axis limits around the points, ``pad`` of the range (at least 0.5) on each side."""
    low, high = X.min(axis=0), X.max(axis=0)
    margin = np.maximum((high - low) * pad, 0.5)
    return tuple((float(a), float(b)) for a, b in zip(low - margin, high + margin, strict=True))


def _draw_points(
    ax: plt.Axes,
    X: np.ndarray,
    y: np.ndarray,
    class_names: Sequence[str] | Mapping[Any, str] | None,
    feature_names: Sequence[str],
) -> tuple[tuple[float, float], ...]:
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
        ax.scatter(
            X[chosen, 0],
            X[chosen, 1],
            marker=marker,
            color=colour,
            edgecolor="black",
            s=50,
            zorder=3,
            label=name,
        )
    limits = _padded_limits(X)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.set_xlabel(feature_names[0])
    ax.set_ylabel(feature_names[1])
    return limits


def _boundary_segment(
    w: Any, b: float, limits: tuple[tuple[float, float], ...]
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


def plot_linear_boundary(
    X: Any,
    y: Any,
    w: Any,
    b: float,
    *,
    ax: plt.Axes | None = None,
    feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
    class_names: Sequence[str] | Mapping[Any, str] | None = None,
    title: str = "",
    shade: bool = True,
) -> plt.Figure:
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
    fig = figure_of(ax)
    limits = _draw_points(ax, X, y, class_names, feature_names)
    w_flat = np.asarray(w, dtype=float).reshape(-1)
    segment = _boundary_segment(w_flat, float(b), limits)
    if shade:
        grid_x, grid_y = np.meshgrid(np.linspace(*limits[0], 200), np.linspace(*limits[1], 200))
        side = (w_flat[0] * grid_x + w_flat[1] * grid_y + float(b) > 0).astype(float)
        ax.contourf(
            grid_x,
            grid_y,
            side,
            levels=[-0.5, 0.5, 1.5],
            colors=["tab:blue", "tab:orange"],
            alpha=0.12,
            zorder=0,
        )
    if segment is None:
        ax.text(
            0.5,
            0.5,
            "w = 0: no boundary",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="gray",
        )
    else:
        ax.plot(*segment, color="black", linewidth=2, label="boundary (w·x + b = 0)", zorder=2)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def plot_boundary_lines(
    X: Any,
    y: Any,
    weights: Sequence[Any],
    biases: Sequence[float],
    *,
    ax: plt.Axes | None = None,
    feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
    class_names: Sequence[str] | Mapping[Any, str] | None = None,
    title: str = "",
    line_label: str = "epoch",
    cmap: str = "viridis",
) -> plt.Figure:
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
        raise ValueError(
            f"{len(weights)} weight pairs but {len(biases)} biases: give one of each per line"
        )
    if len(weights) == 0:
        raise ValueError("there are no boundaries to draw (weights is empty)")
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.2, 3.8))
    fig = figure_of(ax)
    limits = _draw_points(ax, X, y, class_names, feature_names)
    colours = plt.get_cmap(cmap)
    count = len(weights)
    for k, (w, b) in enumerate(zip(weights, biases, strict=True)):
        segment = _boundary_segment(w, float(b), limits)
        if segment is None:
            continue
        last = k == count - 1
        ax.plot(
            *segment,
            color=colours(k / max(count - 1, 1)),
            linewidth=2.5 if last else 1.2,
            alpha=1.0 if last else 0.8,
            zorder=2,
        )
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    mappable = plt.cm.ScalarMappable(cmap=colours, norm=plt.Normalize(vmin=1, vmax=max(count, 2)))
    fig.colorbar(mappable, ax=ax, label=line_label)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    return fig


def plot_decision_regions(
    predict: Any,
    X: Any,
    y: Any,
    *,
    ax: plt.Axes | None = None,
    feature_names: Sequence[str] = ("$x_1$", "$x_2$"),
    class_names: Sequence[str] | Mapping[Any, str] | None = None,
    title: str = "",
    value_label: str = "model output",
    resolution: int = 150,
) -> plt.Figure:
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
    fig = figure_of(ax)
    limits = _padded_limits(X)
    grid_x, grid_y = np.meshgrid(
        np.linspace(*limits[0], resolution), np.linspace(*limits[1], resolution)
    )
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    values = np.asarray(predict(grid), dtype=float).reshape(-1)
    if values.size != len(grid):
        raise ValueError(
            f"predict returned {values.size} numbers for {len(grid)} points; "
            "it should return one per point"
        )
    surface = values.reshape(grid_x.shape)
    filled = ax.contourf(
        grid_x,
        grid_y,
        surface,
        levels=np.linspace(0.0, 1.0, 11),
        cmap="RdBu_r",
        alpha=0.6,
        extend="both",
        zorder=0,
    )
    if values.min() < 0.5 < values.max():
        ax.contour(grid_x, grid_y, surface, levels=[0.5], colors="black", linewidths=2, zorder=1)
    fig.colorbar(filled, ax=ax, label=value_label)
    _draw_points(ax, X, y, class_names, feature_names)
    if title:
        ax.set_title(title)
    return fig
