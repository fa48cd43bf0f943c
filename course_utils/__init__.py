"""Helpers for the course *Neural networks and computer vision with Keras 3*.

The notebooks import this package for plumbing only: choosing a run profile, announcing
data sources, plotting, checking exercises and gating accuracy. The lessons themselves
(models, data pipelines, training loops) stay in the notebooks. Importing it has no side
effects and imports neither TensorFlow nor any instructor tool (those are in
``course_tools``).

Example:
    >>> from course_utils import setup
    >>> profile = setup("01_perceptron")                # doctest: +SKIP
    >>> EPOCHS = profile.pick(full=20, cpu=3, smoke=1)  # doctest: +SKIP
"""

from __future__ import annotations

from course_utils.profiles import Profile
from course_utils.session import setup

__version__ = "0.2.0"

__all__ = ["Profile", "__version__", "setup"]
