"""Tests of the transfer-learning plots (notebook 06)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from course_utils.plots import plot_fine_tuning, plot_memory_and_params


def test_memory_and_params_two_log_panels():
    fig = plot_memory_and_params(
        ["conv", "pool", "fc"], [4e6, 1e6, 4e3], [1792, 0, 4e6], title="demo"
    )
    top, bottom = fig.axes
    assert top.get_yscale() == bottom.get_yscale() == "log"
    assert "MiB" in top.get_ylabel() and "millions" in bottom.get_ylabel()
    assert [t.get_text() for t in bottom.get_xticklabels()] == ["conv", "pool", "fc"]
    plt.close(fig)


def test_memory_and_params_rejects_mismatched_lengths():
    with pytest.raises(ValueError, match="one of each per layer"):
        plot_memory_and_params(["a", "b"], [1, 2], [3])
    with pytest.raises(ValueError, match="no layers"):
        plot_memory_and_params([], [], [])


def test_fine_tuning_continues_the_epochs():
    fig = plot_fine_tuning(
        {"accuracy": [0.5, 0.7], "val_accuracy": [0.4, 0.6]},
        {"accuracy": [0.8, 0.9], "val_accuracy": [0.7, 0.75]},
    )
    ax = fig.axes[0]
    xs = [list(line.get_xdata()) for line in ax.get_lines()]
    assert [1, 2] in xs and [2, 3, 4] in xs
    assert ax.get_xlabel() == "epoch" and "fraction" in ax.get_ylabel()
    plt.close(fig)


def test_fine_tuning_needs_the_metric_in_both():
    with pytest.raises(ValueError, match="both histories"):
        plot_fine_tuning({"loss": [1.0]}, {"accuracy": [0.5]})
