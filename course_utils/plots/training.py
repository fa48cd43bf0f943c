"""Training curves: one run's history, several runs on shared axes, a run in two phases.

Example:
    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, metrics=("loss",))
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt


def _history_dict(history: Any) -> Mapping[str, Sequence[float]]:
    """Accept a ``keras.callbacks.History`` or its ``.history`` dict."""
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError(
            "expected the History that model.fit returns (or its .history dict); "
            f"got {type(history).__name__}"
        )
    return data


def plot_history(
    history: Any, metrics: Sequence[str] = ("loss", "accuracy"), title: str = ""
) -> plt.Figure:
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
    for ax, metric in zip(axes[0], present, strict=True):
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


def _label_epoch_axes(ax: Any, label: str, metric: str) -> None:
    """Per-epoch axes: whole epochs on x, the metric (a fraction for accuracies) on y."""
    from matplotlib.ticker import MaxNLocator

    ax.set_xlabel("epoch")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(label + (" (fraction)" if "accuracy" in metric else ""))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)


def plot_histories(
    histories: Mapping[str, Any],
    metrics: Sequence[str] = ("accuracy", "val_accuracy"),
    title: str = "",
) -> plt.Figure:
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
        raise TypeError(f"expected a dict {{model name: History}}; got {type(histories).__name__}")
    data = {name: _history_dict(h) for name, h in histories.items()}
    present = [m for m in metrics if any(m in d for d in data.values())]
    if not present:
        recorded = sorted({k for d in data.values() for k in d})
        raise ValueError(f"none of {list(metrics)} was recorded; the histories have {recorded}")
    fig, axes = plt.subplots(1, len(present), figsize=(5.5 * len(present), 3.6), squeeze=False)
    for ax, metric in zip(axes[0], present, strict=True):
        for name, d in data.items():
            if metric in d:
                values = d[metric]
                ax.plot(
                    range(1, len(values) + 1), values, marker="o", markersize=3, label=str(name)
                )
        label = metric.replace("val_", "validation ").replace("_", " ")
        _label_epoch_axes(ax, label, metric)
        ax.set_title(label)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def plot_fine_tuning(
    first: Any,
    second: Any,
    metric: str = "accuracy",
    *,
    labels: tuple[str, str] = ("new head only", "fine-tuning"),
    title: str = "",
) -> plt.Figure:
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
        raise ValueError(
            f"{metric!r} must be recorded in both histories; they have {sorted(a)} and {sorted(b)}"
        )
    fig, ax = plt.subplots(figsize=(6.0, 3.6))
    n_first = len(a[metric])
    for key, style in ((metric, "-"), (f"val_{metric}", "--")):
        if key not in a or key not in b:
            continue
        values = list(a[key]) + list(b[key])
        which = "validation" if key.startswith("val_") else "training"
        ax.plot(
            range(1, n_first + 1),
            a[key],
            style,
            marker="o",
            color="tab:blue",
            label=f"{which}, {labels[0]}",
        )
        ax.plot(
            range(n_first, len(values) + 1),
            [a[key][-1]] + list(b[key]),
            style,
            marker="o",
            color="tab:orange",
            label=f"{which}, {labels[1]}",
        )
    ax.axvline(n_first + 0.5, color="gray", linestyle=":", label=f"{labels[1]} starts")
    _label_epoch_axes(ax, metric.replace("_", " "), metric)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
