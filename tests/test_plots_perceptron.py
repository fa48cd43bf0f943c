"""The decision-boundary plots of notebook 01: they draw what they promise and reject bad input."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_utils.plots import (
    plot_boundary_lines,
    plot_decision_regions,
    plot_linear_boundary,
)

GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
AND_Y = np.array([0, 0, 0, 1])
XOR_Y = np.array([0, 1, 1, 0])


def boundary_lines(ax):
    return [line for line in ax.get_lines() if line.get_label().startswith("boundary")]


def test_linear_boundary_draws_points_line_and_labels():
    fig = plot_linear_boundary(
        GATE_X,
        AND_Y,
        [1.0, 1.0],
        -1.5,
        title="AND",
        feature_names=("input 1", "input 2"),
        class_names=("false", "true"),
    )
    ax = fig.axes[0]
    assert len(ax.collections) >= 2  # two classes of points (+ the shading)
    (line,) = boundary_lines(ax)
    xs, ys = line.get_data()
    assert np.allclose(xs + ys, 1.5)  # the points on the line satisfy x1 + x2 - 1.5 = 0
    assert ax.get_title() == "AND"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("input 1", "input 2")
    assert {"false", "true"} <= set(ax.get_legend_handles_labels()[1])


def test_vertical_boundary_when_the_second_weight_is_zero():
    fig = plot_linear_boundary(GATE_X, AND_Y, [2.0, 0.0], -1.0)
    (line,) = boundary_lines(fig.axes[0])
    xs, _ = line.get_data()
    assert np.allclose(xs, 0.5)


def test_zero_weights_say_there_is_no_boundary():
    fig = plot_linear_boundary(GATE_X, AND_Y, [0.0, 0.0], 0.3, shade=False)
    ax = fig.axes[0]
    assert boundary_lines(ax) == []
    assert any("no boundary" in text.get_text() for text in ax.texts)


def test_draws_on_given_axes():
    fig, axes = plt.subplots(1, 2)
    returned = plot_linear_boundary(GATE_X, AND_Y, [1, 1], -1.5, ax=axes[1])
    assert returned is fig
    assert boundary_lines(axes[1]) and not axes[0].lines


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.zeros((4, 3)), AND_Y, "two features"),
        (np.zeros(4), AND_Y, "two features"),
        (GATE_X, np.array([0, 1]), "one label per point"),
    ],
)
def test_bad_points_are_explained(X, y, message):
    with pytest.raises(ValueError, match=message):
        plot_linear_boundary(X, y, [1, 1], 0.0)


def test_wrong_number_of_weights_is_explained():
    with pytest.raises(ValueError, match="two weights"):
        plot_linear_boundary(GATE_X, AND_Y, [1, 1, 1], 0.0)


def test_boundary_lines_one_per_epoch_with_a_colour_bar():
    weights = [[0.1, 0.0], [0.1, 0.1], [0.2, 0.1]]
    biases = [0.0, -0.1, -0.2]
    fig = plot_boundary_lines(GATE_X, AND_Y, weights, biases, title="AND")
    ax = fig.axes[0]
    assert len(ax.get_lines()) == 3
    assert len(fig.axes) == 2  # the panel and its colour bar
    assert fig.axes[1].get_ylabel() == "epoch"
    widths = [line.get_linewidth() for line in ax.get_lines()]
    assert widths[-1] > widths[0]  # the last boundary stands out


def test_boundary_lines_skip_zero_weights_and_check_lengths():
    fig = plot_boundary_lines(GATE_X, AND_Y, [[0, 0], [1, 1]], [0.0, -1.5])
    assert len(fig.axes[0].get_lines()) == 1
    with pytest.raises(ValueError, match="one of each per line"):
        plot_boundary_lines(GATE_X, AND_Y, [[1, 1]], [0.0, 1.0])
    with pytest.raises(ValueError, match="empty"):
        plot_boundary_lines(GATE_X, AND_Y, [], [])


def test_decision_regions_colour_the_plane_and_draw_the_half_level():
    calls = []

    def xor_like(points):
        calls.append(points.shape)
        return np.abs(points[:, 0] - points[:, 1])

    fig = plot_decision_regions(xor_like, GATE_X, XOR_Y, resolution=40, title="XOR")
    ax = fig.axes[0]
    assert calls == [(1600, 2)]  # one call with the whole grid
    assert len(fig.axes) == 2  # the panel and its colour bar
    assert ax.get_title() == "XOR"
    assert len(ax.collections) >= 3  # filled regions, the 0.5 contour, the points


def test_decision_regions_reject_bad_predict():
    with pytest.raises(TypeError, match="function"):
        plot_decision_regions("model", GATE_X, XOR_Y)
    with pytest.raises(ValueError, match="one per point"):
        plot_decision_regions(lambda P: np.zeros(3), GATE_X, XOR_Y, resolution=10)
