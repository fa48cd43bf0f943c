"""Test-suite defaults: the smallest profile, no network, strict exercise checks, and a
guard that fails a dead notebook kernel in seconds.

Set here (not in the README's command) so that `pytest` alone runs the suite the way CI
does. Kernels that nbval starts inherit this environment. Override on the command line,
e.g. `COURSE_PROFILE=cpu python -m pytest solutions/01_perceptron.ipynb`.
"""

import os

os.environ.setdefault("COURSE_PROFILE", "smoke")
os.environ.setdefault("COURSE_OFFLINE", "1")
os.environ.setdefault("COURSE_STRICT_CHECKS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

# nbval waits the whole cell timeout for a kernel that has died; this plugin notices the
# death within seconds and sets a cell timeout that fits COURSE_PROFILE.
pytest_plugins = ["course_tools.nbval_guard"]
