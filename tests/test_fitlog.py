"""The record of a training run: the batch size read from the data fit was given, so that
the runner's table can say how many images each run saw."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from course_utils.fitlog import _batch_size  # noqa: E402 - after the skip


def test_a_pipeline_of_map_cache_and_prefetch_keeps_its_batch_size():
    dataset = tf.data.Dataset.range(100).batch(16).map(lambda x: x * 2).cache().prefetch(2)
    assert _batch_size({"x": dataset}) == 16


def test_an_unbatched_dataset_has_no_size_to_report():
    assert _batch_size({"x": tf.data.Dataset.range(10)}) is None
    assert _batch_size({"x": tf.data.Dataset.range(100).batch(16).unbatch()}) is None
    assert _batch_size({"x": tf.data.Dataset.range(100).batch(16).unbatch().batch(8)}) == 8


def test_arrays_use_fits_batch_size_or_keras_default():
    x = np.zeros((10, 2))
    assert _batch_size({"x": x, "batch_size": 5}) == 5
    assert _batch_size({"x": x}) == 32
