"""The image, feature-map and probability plots of notebook 03: they draw what they promise."""

from __future__ import annotations

import numpy as np
import pytest

from course_utils.plots import (
    plot_feature_maps,
    plot_image_grid,
    plot_probability_heatmap,
    probability_table,
)


def shown_axes(fig):
    return [ax for ax in fig.axes if ax.images]


def test_image_grid_draws_one_panel_per_image_with_titles():
    images = np.random.default_rng(0).integers(0, 255, (5, 28, 28, 1), dtype=np.uint8)
    fig = plot_image_grid(images, [str(k) for k in range(5)], ncols=3, suptitle="digits")
    axes = shown_axes(fig)
    assert len(axes) == 5
    assert [ax.get_title() for ax in axes] == ["0", "1", "2", "3", "4"]
    assert axes[0].images[0].get_array().shape == (28, 28)


def test_image_grid_accepts_one_image_and_colour():
    assert len(shown_axes(plot_image_grid(np.zeros((8, 8))))) == 1
    fig = plot_image_grid(np.zeros((2, 8, 8, 3)))
    assert shown_axes(fig)[0].images[0].get_array().shape == (8, 8, 3)


def test_image_grid_rejects_bad_input():
    with pytest.raises(ValueError, match="one per image"):
        plot_image_grid(np.zeros((3, 4, 4)), ["a"])
    with pytest.raises(ValueError, match="expected images"):
        plot_image_grid(np.zeros((3, 4, 4, 2)))
    with pytest.raises(ValueError, match="no images"):
        plot_image_grid(np.zeros((0, 4, 4)))


def test_feature_maps_one_panel_per_channel():
    fig = plot_feature_maps(np.random.rand(1, 14, 14, 6), label="filter", ncols=4)
    axes = shown_axes(fig)
    assert len(axes) == 6
    assert axes[-1].get_title() == "filter 6"
    with pytest.raises(ValueError, match="channels"):
        plot_feature_maps(np.zeros((14, 14)))


def test_probability_table_text():
    text = probability_table([[0.1, 0.9], [0.625, 0.375]], ["first", "cat"], ["0", "1"])
    lines = text.splitlines()
    assert lines[0].startswith("image")
    assert lines[1].split() == ["first", "|", "10%", "90%", "|", "1"]
    assert lines[2].split()[-1] == "0"
    with pytest.raises(ValueError, match="row labels"):
        probability_table([[0.5, 0.5]], ["a", "b"], ["0", "1"])


def test_probability_heatmap_annotates_percentages_and_thumbnails():
    probs = np.array([[0.2, 0.8], [1.0, 0.0]])
    fig = plot_probability_heatmap(probs, ["a", "b"], ["0", "1"], images=np.zeros((2, 4, 4)))
    heat = [ax for ax in fig.axes if ax.texts][0]
    assert sorted(t.get_text() for t in heat.texts) == ["0", "100", "20", "80"]
    assert heat.get_xlabel() == "predicted class"
    assert len([ax for ax in fig.axes if ax.images]) == 3  # heat-map + two thumbnails
    fig = plot_probability_heatmap(probs, ["a", "b"], ["0", "1"], title="t")
    assert fig.axes[0].get_title() == "t"


def test_image_grid_accepts_images_of_different_sizes():
    fig = plot_image_grid([np.zeros((16, 16)), np.zeros((4, 4, 1))], ["big", "small"])
    assert [ax.images[0].get_array().shape for ax in shown_axes(fig)] == [(16, 16), (4, 4)]
