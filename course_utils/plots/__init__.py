"""Plots the notebooks share, one module per topic.

Each function draws on a figure it creates (or on ``ax`` when given), labels every axis,
returns the figure, and leaves ``plt.show()`` to the notebook.

- :mod:`~course_utils.plots.training`: training curves (one run, several runs, two phases);
- :mod:`~course_utils.plots.boundaries`: two features, decision boundaries and regions;
- :mod:`~course_utils.plots.images`: image grids, feature maps, misclassified examples;
- :mod:`~course_utils.plots.probabilities`: a classifier's probabilities as text or a map;
- :mod:`~course_utils.plots.evaluation`: the confusion matrix (scikit-learn's display);
- :mod:`~course_utils.plots.costs`: activation memory and parameters per layer.

Example:
    >>> fig = plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, metrics=("loss",))
"""

from __future__ import annotations

from course_utils.plots.boundaries import (
    plot_boundary_lines,
    plot_decision_regions,
    plot_linear_boundary,
)
from course_utils.plots.costs import plot_memory_and_params
from course_utils.plots.evaluation import plot_confusion_matrix
from course_utils.plots.images import (
    misclassified,
    plot_feature_maps,
    plot_image_grid,
    plot_misclassified,
)
from course_utils.plots.probabilities import plot_probability_heatmap, probability_table
from course_utils.plots.training import plot_fine_tuning, plot_histories, plot_history

__all__ = [
    "misclassified",
    "plot_boundary_lines",
    "plot_confusion_matrix",
    "plot_decision_regions",
    "plot_feature_maps",
    "plot_fine_tuning",
    "plot_histories",
    "plot_history",
    "plot_image_grid",
    "plot_linear_boundary",
    "plot_memory_and_params",
    "plot_misclassified",
    "plot_probability_heatmap",
    "probability_table",
]
