"""plot_histories: several models' curves on shared axes, one panel per metric."""

from __future__ import annotations

import pytest

from course_utils.plots import plot_histories


class FakeHistory:
    def __init__(self, history):
        self.history = history


def test_one_line_per_model_and_panel_per_metric():
    fig = plot_histories(
        {
            "plain": {"accuracy": [0.2, 0.4], "val_accuracy": [0.2, 0.3]},
            "BN": FakeHistory({"accuracy": [0.3, 0.6, 0.7], "val_accuracy": [0.3, 0.5, 0.6]}),
        },
        title="CIFAR",
    )
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert [line.get_label() for line in ax.get_lines()] == ["plain", "BN"]
        assert ax.get_xlabel() == "epoch"
        assert "accuracy" in ax.get_ylabel()
    bn_line = fig.axes[1].get_lines()[1]
    assert list(bn_line.get_xdata()) == [1, 2, 3]
    assert list(bn_line.get_ydata()) == [0.3, 0.5, 0.6]
    assert fig._suptitle.get_text() == "CIFAR"


def test_missing_metric_is_skipped_per_model():
    fig = plot_histories(
        {"a": {"loss": [1.0]}, "b": {"loss": [1.0], "val_loss": [1.2]}},
        metrics=("loss", "val_loss"),
    )
    assert len(fig.axes[0].get_lines()) == 2
    assert [line.get_label() for line in fig.axes[1].get_lines()] == ["b"]


def test_clear_errors():
    with pytest.raises(TypeError, match="dict"):
        plot_histories([{"loss": [1.0]}])
    with pytest.raises(ValueError, match="none of"):
        plot_histories({"a": {"loss": [1.0]}}, metrics=("accuracy",))
