"""Notebook 06's ImageNet path, executed: a VGG16 weights file in ``COURSE_DATA_DIR``.

No machine this course is built on can download VGG16's ImageNet weights, so without this
test the notebook's title lesson would never run before a student's Colab session. Here a
file with *random* weights, written in Keras' legacy HDF5 layout under Keras' own file name,
stands in for the real one. 06 must load it by path, run every ImageNet cell (nothing says
"Skipped"), and hold it to no accuracy, saying why: it is not the published ImageNet file.
"""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
import pytest
from notebook_files import cell_text

from course_tools.execution import run_notebook
from course_utils.data.weights import NO_TOP, VGG16_FILES

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "solutions" / "06_vgg16_transfer.ipynb"
# Keras' legacy HDF5 writer converts tensors with np.array(copy=False): NumPy 2 warns, harmlessly.
pytestmark = pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")


def write_random_vgg16_notop(folder: Path) -> Path:
    """VGG16's base with random weights, saved as Keras' ``..._notop.h5`` file would be."""
    import h5py
    import keras
    from keras.src.legacy.saving import legacy_h5_format

    path = folder / VGG16_FILES[NO_TOP][0]
    model = keras.applications.VGG16(weights=None, include_top=False)
    with h5py.File(path, "w") as handle:
        legacy_h5_format.save_weights_to_hdf5_group(handle, model)
    return path


def test_the_file_loads_by_path_into_vgg16(tmp_path: Path) -> None:
    import keras
    import numpy as np

    path = write_random_vgg16_notop(tmp_path)
    model = keras.applications.VGG16(weights=str(path), include_top=False, input_shape=(32, 32, 3))
    assert np.abs(model.get_layer("block5_conv3").get_weights()[0]).sum() > 0


def test_06_runs_its_imagenet_section_on_a_local_weights_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    write_random_vgg16_notop(data)
    nb = nbformat.read(NOTEBOOK, as_version=4)
    env = dict(
        os.environ,
        COURSE_PROFILE="smoke",
        COURSE_OFFLINE="1",
        COURSE_STRICT="1",
        COURSE_DATA_DIR=str(data),
        COURSE_CACHE_DIR=str(tmp_path / "cache"),
        KAGGLEHUB_CACHE=str(tmp_path / "kagglehub"),
        MPLBACKEND="Agg",
    )
    env.pop("COURSE_DRY_RUN", None)
    result = run_notebook(nb, cwd=tmp_path, timeout=600, env=env)
    assert result.failure is None, result.failure

    everything = "\n".join(cell_text(cell) for cell in nb.cells if cell.cell_type == "code")
    assert "Skipped" not in everything and "No ImageNet weights" not in everything
    assert "VGG16 ImageNet weights" in everything and "not the real" in everything
    assert "VGG16 features" in everything  # computed once, from the file
    assert "ImageNet" in everything.split("runs in")[0]  # a line of the curve
    assert "not checked: its MD5 differs" in everything  # no gate on random weights
