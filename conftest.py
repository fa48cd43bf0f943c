"""Test-suite defaults: the smallest profile, no network, the course verified strictly, the
fast tests by default and every test with ``--all``, and a guard that fails a dead notebook
kernel in seconds.

Set here (not in the README's command) so that ``pytest`` alone runs the suite the way CI
does. Kernels that nbval starts inherit this environment. Override on the command line,
e.g. ``COURSE_PROFILE=cpu python -m pytest --all solutions/01_perceptron.ipynb``.

Markers (CONTRIBUTING.md, "Tests"): ``notebook`` (a whole notebook runs: the solutions under
nbval, the student versions, the graders' runs) and ``slow`` (trains models or starts
kernels; seconds to a minute each). ``python -m pytest`` runs neither, in well under a
minute; ``python -m pytest --all`` (the README's test command, which CI runs) runs them all.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

os.environ.setdefault("COURSE_PROFILE", "smoke")
os.environ.setdefault("COURSE_OFFLINE", "1")
os.environ.setdefault("COURSE_STRICT", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# nbval waits the whole cell timeout for a kernel that has died; this plugin notices the
# death within seconds and sets a cell timeout that fits COURSE_PROFILE.
pytest_plugins = ["course_tools.nbval_guard"]

#: Test modules whose tests all start kernels, train models or run notebooks.
SLOW_MODULES = {
    "test_colab.py",
    "test_data_learning.py",
    "test_execution.py",
    "test_grading.py",
    "test_lego_cnn.py",
    "test_lego_notebooks.py",
    "test_nbval_guard.py",
    "test_runner.py",
    "test_student_notebooks.py",
    "test_validation_notebook.py",
    "test_vgg16_notebook.py",
}
NOTEBOOK_MODULES = {
    "test_student_notebooks.py",
    "test_validation_notebook.py",
    "test_lego_notebooks.py",
    "test_vgg16_notebook.py",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--all",
        action="store_true",
        dest="run_all",
        help="run every test, the slow and notebook ones too (what CI runs)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("run_all"):
        config.option.markexpr = ""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = item.path.name
        if item.path.suffix == ".ipynb" or name in NOTEBOOK_MODULES:
            item.add_marker(pytest.mark.notebook)
        if name in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _doctests_in_a_clean_environment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """A doctest runs with its own cache folders and as a student's session (checks and
    gates talk, they do not raise), and cannot leave a setting behind for the next test."""
    if not isinstance(request.node, pytest.DoctestItem):
        yield
        return
    saved = dict(os.environ)
    folder = tmp_path_factory.mktemp("doctest")
    os.environ.update(COURSE_CACHE_DIR=str(folder / "cache"), KERAS_HOME=str(folder / "keras"))
    for name in ("COURSE_STRICT", "COURSE_STRICT_CHECKS", "COURSE_DATA_DIR", "COURSE_VERBOSE"):
        os.environ.pop(name, None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
