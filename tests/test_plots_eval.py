"""The evaluation plots of notebook 05: confusion matrix and misclassified examples."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.plots import misclassified, plot_confusion_matrix, plot_misclassified


def heat_map(fig):
    return next(ax for ax in fig.axes if ax.images).images[0].get_array()


def test_confusion_matrix_rows_are_true_classes_and_sum_to_one():
    y_true = [0, 0, 0, 1, 1, 2]
    y_pred = [0, 0, 1, 1, 1, 0]
    fig = plot_confusion_matrix(y_true, y_pred, ["a", "b", "c"], title="demo")
    values = np.asarray(heat_map(fig))
    assert values.shape == (3, 3)
    np.testing.assert_allclose(values[0], [2 / 3, 1 / 3, 0])
    np.testing.assert_allclose(values[2], [1, 0, 0])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]


def test_confusion_matrix_counts_and_a_class_never_seen():
    fig = plot_confusion_matrix([0, 1, 1], [0, 1, 0], ["a", "b", "c"], normalize=False)
    values = np.asarray(heat_map(fig))
    assert values.tolist() == [[1, 0, 0], [1, 1, 0], [0, 0, 0]]
    written = sorted(t.get_text() for t in fig.axes[0].texts)
    assert written == ["1", "1", "1"]


def test_confusion_matrix_rejects_bad_labels():
    with pytest.raises(ValueError, match="one prediction per image"):
        plot_confusion_matrix([0, 1], [0], ["a", "b"])
    with pytest.raises(ValueError, match="0..1"):
        plot_confusion_matrix([0, 2], [0, 1], ["a", "b"])


def test_misclassified_indices_and_limit():
    assert misclassified([0, 1, 2, 1], [0, 2, 2, 0]).tolist() == [1, 3]
    assert misclassified([0, 1, 2, 1], [1, 2, 0, 0], limit=2).tolist() == [0, 1]


def test_misclassified_grid_titles_say_true_and_predicted():
    images = np.random.default_rng(0).integers(0, 255, (4, 8, 8, 3), dtype=np.uint8)
    probs = np.array([[0.9, 0.1], [0.3, 0.7], [0.8, 0.2], [0.6, 0.4]])
    fig = plot_misclassified(
        images, [0, 0, 1, 1], [0, 1, 0, 1], ["brick", "plate"], probabilities=probs
    )
    titles = [ax.get_title() for ax in fig.axes if ax.images]
    assert titles == ["brick -> plate\n(70%)", "plate -> brick\n(80%)"]
    assert "2 of 4 images misclassified" in fig._suptitle.get_text()


def test_misclassified_grid_accepts_floats_and_says_when_none_are_wrong():
    images = np.random.default_rng(1).random((3, 8, 8, 3)).astype("float32")
    fig = plot_misclassified(images, [0, 1, 1], [1, 1, 1], ["a", "b"], limit=5)
    assert len([ax for ax in fig.axes if ax.images]) == 1
    fig = plot_misclassified(images, [0, 1, 1], [0, 1, 1], ["a", "b"])
    assert "no misclassified images" in fig.axes[0].texts[0].get_text()
