"""A notebook's setup cell: choose the profile, seed everything, set up figures, print a banner.

Every notebook's first course cell is::

    from course_utils import setup
    profile = setup("04_cifar10_batchnorm_resnet")

Figures are drawn at normal size (100 dpi, PNG) for the student running the notebook. Only
the copies the course stores in ``solutions/`` are shrunk, by the course runner's
``--store`` (it sets ``COURSE_STORE_FIGURES=1``: 64 dpi JPEG), to keep the repository small.

Example:
    >>> profile = setup("01_perceptron")      # doctest: +SKIP
    nn-vision-course 0.2.0 · 01_perceptron
    ...
"""

from __future__ import annotations

import dataclasses
import os
import platform
from typing import Any

from course_utils import dryrun, fitlog
from course_utils.machine import cpu_description, cpu_flags, gpu_names, in_colab
from course_utils.profiles import Profile, seed_from_environment, select_profile, set_seed
from course_utils.switches import flag, is_dry_run, is_offline
from course_utils.tflog import quiet_native_startup

#: Figure settings: what a student sees, and what the stored copies use.
LIVE_FIGURES = {"dpi": 100, "format": "png"}
STORED_FIGURES = {"dpi": 64, "format": "jpeg", "quality": 70}

AVX512_NOTE = "AVX-512 CPU: if the kernel dies while training, see the README, 'If a kernel dies'"


def colab_gpu_advice(profile: Profile, chosen_by_environment: bool) -> str:
    """What a Colab user without a GPU reads under the banner.

    Example:
        >>> print(colab_gpu_advice(Profile("cpu"), chosen_by_environment=False))
        No GPU in this Colab runtime: this notebook runs the 'cpu' profile (smaller runs).
          For a GPU: Runtime > Change runtime type > T4 GPU > Save, then Runtime > Run all.
    """
    smaller = "" if chosen_by_environment else " (smaller runs)"
    return (
        f"No GPU in this Colab runtime: this notebook runs the '{profile.name}' profile"
        f"{smaller}.\n  For a GPU: Runtime > Change runtime type > T4 GPU > Save, then "
        "Runtime > Run all."
    )


def banner_lines(info: dict[str, Any]) -> list[str]:
    """The banner's lines for the facts in ``info`` (see :func:`setup`).

    Example:
        >>> print("\\n".join(banner_lines({"course_version": "0.2.0", "notebook": "01_x",
        ...     "python": "3.11.7", "tensorflow": "2.21.0", "keras": "3.15.1",
        ...     "device": "CPU: 2 cores", "profile": "cpu", "profile_reason": "no GPU visible",
        ...     "seed": 42})))
        nn-vision-course 0.2.0 · 01_x
        Python 3.11.7 · TensorFlow 2.21.0 · Keras 3.15.1
        Device: CPU: 2 cores
        Profile: cpu (no GPU visible) · seed 42
    """
    lines = [
        f"nn-vision-course {info['course_version']} · {info.get('notebook') or '(not named)'}",
        f"Python {info['python']} · TensorFlow {info['tensorflow']} · Keras {info['keras']}",
        f"Device: {info['device']}",
        f"Profile: {info['profile']} ({info['profile_reason']}) · seed {info['seed']}",
    ]
    if info.get("dry_run"):
        lines.append(
            f"Dry run: each fit stops after {dryrun.DRY_RUN_STEPS} steps; gates report, not enforce"
        )
    if info.get("avx512"):
        lines.append(AVX512_NOTE)
    return lines


def configure_figures(stored: bool) -> None:
    """Set matplotlib's size and, in IPython, the inline format (see :data:`LIVE_FIGURES`)."""
    import matplotlib.pyplot as plt

    settings = STORED_FIGURES if stored else LIVE_FIGURES
    plt.rcParams["figure.dpi"] = settings["dpi"]
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # pragma: no cover - IPython and matplotlib-inline come with Jupyter
        return
    if get_ipython() is None:
        return
    if settings["format"] == "jpeg":
        set_matplotlib_formats("jpeg", pil_kwargs={"quality": settings["quality"]})
    else:
        set_matplotlib_formats("png")


class _NoRetracingNotice:
    """A logging filter: TensorFlow's "triggered tf.function retracing" warning is about
    Keras' internals (a new prediction function per model in a loop), not the student's code."""

    def filter(self, record: Any) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


def quiet_tensorflow_logger() -> None:
    """Hold back TensorFlow's Python-side notices that a student cannot act on (once)."""
    import tensorflow as tf

    logger = tf.get_logger()
    if not any(isinstance(f, _NoRetracingNotice) for f in logger.filters):
        logger.addFilter(_NoRetracingNotice())


def course_version() -> str:
    """The installed course's version (from the package metadata, else the source tree's)."""
    from importlib import metadata

    try:
        return metadata.version("nn-vision-course")
    except metadata.PackageNotFoundError:  # a clone on sys.path, as in Colab
        from course_utils import __version__

        return __version__


def setup(notebook: str | None = None, seed: int | None = None) -> Profile:
    """Prepare a notebook: choose the profile, seed everything, set up figures, print the banner.

    Args:
        notebook: the notebook's name, shown in the banner and in the course report.
        seed: the seed for Python, NumPy and Keras (default: ``COURSE_SEED``, else 42).

    Returns:
        The :class:`~course_utils.profiles.Profile` whose ``pick`` sizes the notebook's runs;
        its ``seed`` is the one used, for the notebook's own random draws.
    """
    from course_utils.records import emit

    # TensorFlow's C++ notices are noise for a student; a value the user set wins. Set here,
    # before TensorFlow's first import, never as a side effect of importing the package.
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with quiet_native_startup():
        import keras
        import tensorflow as tf

        gpus = gpu_names()

    env_value = os.environ.get("COURSE_PROFILE")
    chosen_by_environment = bool(env_value and env_value.strip())
    seed = seed_from_environment() if seed is None else seed
    profile = dataclasses.replace(select_profile(env_value, has_gpu=bool(gpus)), seed=seed)
    reason = (
        "from COURSE_PROFILE"
        if chosen_by_environment
        else "a GPU is visible"
        if gpus
        else "no GPU visible"
    )
    set_seed(seed)
    quiet_tensorflow_logger()
    configure_figures(stored=flag("COURSE_STORE_FIGURES"))
    info: dict[str, Any] = {
        "course_version": course_version(),
        "notebook": notebook,
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "device": ("GPU: " + ", ".join(gpus)) if gpus else ("CPU: " + cpu_description()),
        "gpu": bool(gpus),
        "profile": profile.name,
        "profile_reason": reason,
        "offline": is_offline(),
        "seed": seed,
        "colab": in_colab(),
        "dry_run": is_dry_run(),
        "avx512": not gpus
        and "avx512f" in cpu_flags()
        and os.environ.get("TF_ENABLE_ONEDNN_OPTS", "1").strip() != "0",
    }
    if info["dry_run"]:
        dryrun.install()
    if flag("COURSE_RECORD_FITS"):
        fitlog.install()
    _CURRENT.update(notebook=notebook or "", profile=profile.name)
    emit("setup", info, "\n".join(banner_lines(info)))
    if info["colab"] and not gpus:
        print(colab_gpu_advice(profile, chosen_by_environment))
    return profile


#: The notebook and profile of the last :func:`setup` in this process (gates read them).
_CURRENT: dict[str, str] = {}


def current_notebook() -> str:
    """The name given to the last :func:`setup` in this process ('' before any)."""
    return _CURRENT.get("notebook", "")


def current_profile() -> str:
    """The profile chosen by the last :func:`setup` in this process ('' before any)."""
    return _CURRENT.get("profile", "")
