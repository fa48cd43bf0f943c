"""Helpers for the course *Neural networks and computer vision with Keras 3*.

The notebooks import this package for plumbing only: choosing a run profile, announcing
data sources, plotting, checking exercises and gating accuracy. The lessons themselves
(models, data pipelines, training loops) stay in the notebooks.

Example:
    >>> from course_utils import setup
    >>> profile = setup()                       # doctest: +SKIP
    >>> EPOCHS = profile.pick(full=20, cpu=3, smoke=1)  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from course_utils.runtime import Profile, setup  # noqa: E402  (after __version__)

__all__ = ["Profile", "__version__", "setup"]
