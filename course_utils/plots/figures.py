"""Small matplotlib helpers the plot modules share.

Example:
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> figure_of(ax) is fig
    True
"""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt


def figure_of(ax: Any) -> plt.Figure:
    """The figure an axes belongs to (the top-level figure, also for an axes in a subfigure)."""
    figure = ax.figure
    while not isinstance(figure, plt.Figure):
        figure = figure.figure
    return figure
