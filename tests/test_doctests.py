"""The examples in course_utils' docstrings are true (those not marked ``+SKIP``)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["course_utils.checks", "course_utils.gates", "course_utils.runtime",
           "course_tools.authoring", "course_utils.records", "course_utils.cache",
           "course_tools.runner", "course_tools.deps", "course_utils.repository",
           "course_utils.arithmetic", "course_tools.nbval_guard",
           "course_utils.data.local"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch, tmp_path):
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) in {name} are wrong"
