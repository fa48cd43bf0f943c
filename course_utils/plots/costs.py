"""Where a network keeps its activations and its parameters, layer by layer.

Example:
    >>> fig = plot_memory_and_params(["conv", "fc"], [4e6, 4e3], [1792, 4e6])
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np


def plot_memory_and_params(
    names: Sequence[str], memory_bytes: Sequence[float], params: Sequence[float], *, title: str = ""
) -> plt.Figure:
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
        raise ValueError(
            f"{len(names)} names, {len(memory)} memory sizes and {len(counts)} "
            "parameter counts: give one of each per layer"
        )
    if len(names) == 0:
        raise ValueError("there are no layers to draw")
    fig, axes = plt.subplots(2, 1, figsize=(max(6.0, 0.32 * len(names)), 5.2), sharex=True)
    positions = np.arange(len(names))
    for ax, values, label, colour in (
        (axes[0], memory / 2**20, "activations per image (MiB)", "tab:blue"),
        (axes[1], counts / 1e6, "parameters (millions)", "tab:orange"),
    ):
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
