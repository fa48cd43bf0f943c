"""The LEGO bricks dataset of notebooks 05 and 06: real (Kaggle), yours, or rendered here.

Modules, one concern each:

- :mod:`~course_utils.lego.geometry`: triangle meshes of the 16 parts from real LEGO dimensions;
- :mod:`~course_utils.lego.render`: a pure-NumPy z-buffer renderer (no GPU, no OpenGL);
- :mod:`~course_utils.lego.synth`: writing the synthetic set on all cores (Kaggle layout);
- :mod:`~course_utils.lego.dataset`: :func:`lego_folder`, the images of any source as a
  training folder and a held-out test folder, for ``keras.utils.image_dataset_from_directory``;
- :mod:`~course_utils.lego.gallery`: a row of examples per class;
- :mod:`~course_tools.lego_cli`: ``python -m course_utils lego render|gallery``.

Example:
    >>> from course_utils.lego import CLASS_NAMES, render_part
    >>> len(CLASS_NAMES), render_part(CLASS_NAMES[0], size=32).shape
    (16, (32, 32, 4))
"""

from __future__ import annotations

from course_utils.lego.dataset import LegoDataError, LegoFolder, LegoSourceError, lego_folder
from course_utils.lego.geometry import CLASS_NAMES, part_mesh
from course_utils.lego.render import composite, render_part
from course_utils.lego.synth import render_dataset

__all__ = [
    "CLASS_NAMES",
    "LegoDataError",
    "LegoFolder",
    "LegoSourceError",
    "composite",
    "lego_folder",
    "part_mesh",
    "render_dataset",
    "render_part",
]
