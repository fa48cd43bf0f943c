"""Lesson code defined once: the #@save cells of solutions/ and course_utils/lessons.py agree."""

from __future__ import annotations

import json
from pathlib import Path

from course_tools import lessons


def _notebook(path: Path, cells: list[str]) -> None:
    path.write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "source": c,
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                    }
                    for c in cells
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 5,
            }
        )
    )


def test_the_committed_module_is_what_the_marked_cells_give():
    assert not lessons.drift(), "run: python -m course_utils lessons"


def test_saved_cells_become_one_module_with_their_origin(tmp_path):
    (tmp_path / "solutions").mkdir()
    _notebook(
        tmp_path / "solutions" / "04_a.ipynb",
        [
            "x = 1",
            "#@save\nimport time\n\nimport keras\n\n\nclass Timer(keras.callbacks.Callback):\n"
            '    """Times epochs."""\n\n    start = 0.0\n',
            '#@save\nimport time\n\n\ndef twice(n):\n    """Twice n.\n\n    More.\n    """\n'
            "    return 2 * n\n",
        ],
    )
    _notebook(tmp_path / "solutions" / "04b_b.ipynb", ["from course_utils.lessons import twice"])
    text = lessons.build(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(text, "lessons.py", "exec"), namespace)
    assert namespace["__all__"] == ["Timer", "twice"]
    assert namespace["twice"](3) == 6
    assert "Defined in notebook 04_a." in namespace["twice"].__doc__
    assert text.count("import time") == 1 and "x = 1" not in text
