"""The repository's folders, named once.

The course runs from a clone (on a laptop, or in Colab under ``/content``), so the
folders sit beside this package. Tools (``course_tools``) and loaders that read the
course's own files (``data/custom_digits``) take their paths from here.

Example:
    >>> (REPO_ROOT / SOLUTIONS).name, NOTEBOOKS
    ('solutions', 'notebooks')
"""

from __future__ import annotations

from pathlib import Path

#: The root of the clone: the folder that holds ``course_utils/`` and ``solutions/``.
REPO_ROOT = Path(__file__).resolve().parent.parent
#: Folder names under :data:`REPO_ROOT`.
SOLUTIONS = "solutions"
NOTEBOOKS = "notebooks"
DATA = "data"
REPORTS = "reports"
RUNS = "runs"
