"""An nbgrader preprocessor of the course: written answers typed in the wrong place are kept.

In Colab a student sees no lock, types the answer into the question cell or into a new cell,
and nbgrader's ``OverwriteCells`` then restores the question over it: the answer is gone
and the untouched ``YOUR ANSWER HERE`` cell scores 0 without being flagged.
:class:`MoveWrittenAnswers` runs before ``OverwriteCells`` in ``nbgrader autograde`` (the
config that ``python -m course_utils nbgrader`` writes registers it) and moves that text
into the answer cell, marked "moved here by the grader", so the formgrader shows it for
manual grading. It is :func:`course_tools.grading_cells.move_written_answers`, the same
rule ``course_utils grade`` applies, fed with the assignment's ``source/`` notebook.

nbgrader has no option for this (its ``OverwriteCells`` only restores), hence the class.

Example (in ``nbgrader_config.py``)::

    c.MoveWrittenAnswers.source_root = os.path.join(c.CourseDirectory.root, "source")
"""

from __future__ import annotations

import os
from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode


class MoveWrittenAnswers(NbGraderPreprocessor):
    """Move text typed into a question cell, or into a new cell after it, into the answer."""

    source_root = Unicode("", help="the course's source/ folder").tag(config=True)

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        import nbformat

        from course_tools.grading_cells import move_written_answers

        info = resources.get("nbgrader", {})
        path = os.path.join(
            self.source_root, str(info.get("assignment", "")), f"{info.get('notebook', '')}.ipynb"
        )
        if not os.path.exists(path):
            self.log.warning("MoveWrittenAnswers: no source notebook at %s", path)
            return nb, resources
        moved = move_written_answers(nb, nbformat.read(path, as_version=4))
        for grade_id, where in moved.items():
            self.log.warning(
                "%s: a written answer was moved from %s into %s",
                info.get("student", "?"),
                where,
                grade_id,
            )
        return nb, resources
