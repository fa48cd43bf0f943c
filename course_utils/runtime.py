"""Run profiles, the offline switch, seeding, Colab detection and the setup banner.

Every notebook's first course cell is::

    from course_utils import setup
    profile = setup()

and every size that depends on the machine reads like
``EPOCHS = profile.pick(full=20, cpu=3, smoke=1)``.

Environment variables:

``COURSE_PROFILE``
    ``full`` (the seeds' settings, for a GPU), ``cpu`` (trimmed to minutes on a laptop)
    or ``smoke`` (the smallest run that executes every cell; what CI uses). Unset: ``full``
    when TensorFlow sees a GPU, otherwise ``cpu``.
``COURSE_OFFLINE``
    ``1`` skips every network attempt; loaders go straight to cached or stand-in data.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from typing import Any, TypeVar

# TensorFlow's C++ start-up chatter (CUDA probing, oneDNN notices) is noise for a student.
# It must be set before TensorFlow is first imported; a value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

PROFILES = ("full", "cpu", "smoke")
DEFAULT_SEED = 42

T = TypeVar("T")


class CourseConfigError(ValueError):
    """A course setting (an environment variable or an argument) has a bad value."""


@dataclass(frozen=True)
class Profile:
    """The run profile: how big every run in a notebook is.

    Example:
        >>> profile = Profile("cpu")
        >>> profile.pick(full=20, cpu=3, smoke=1)
        3
    """

    name: str

    def __post_init__(self) -> None:
        if self.name not in PROFILES:
            raise CourseConfigError(
                f"unknown profile {self.name!r}: choose one of {', '.join(PROFILES)}"
            )

    def pick(self, *, full: T, cpu: T, smoke: T) -> T:
        """Return the value for this profile; all three must be given, so none is forgotten."""
        return {"full": full, "cpu": cpu, "smoke": smoke}[self.name]

    def __str__(self) -> str:
        return self.name


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def is_offline() -> bool:
    """True when ``COURSE_OFFLINE`` asks the course never to touch the network.

    Example:
        >>> import os; os.environ["COURSE_OFFLINE"] = "1"; is_offline()
        True
    """
    return _truthy(os.environ.get("COURSE_OFFLINE"))


def in_colab() -> bool:
    """True inside a Google Colab runtime (its kernel imports ``google.colab`` and sets
    ``COLAB_RELEASE_TAG``)."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def gpu_names() -> list[str]:
    """Names of the GPUs TensorFlow can use (empty on a CPU-only machine)."""
    import tensorflow as tf

    names = []
    for gpu in tf.config.list_physical_devices("GPU"):
        details = tf.config.experimental.get_device_details(gpu)
        names.append(str(details.get("device_name", gpu.name)))
    return names


def cpu_description() -> str:
    """A short description of the processor, e.g. ``'2 cores, Intel Xeon ...'``."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}"


def select_profile(env_value: str | None, has_gpu: bool) -> Profile:
    """Choose the profile from ``COURSE_PROFILE`` (may be unset) and the hardware.

    Example:
        >>> select_profile(None, has_gpu=False).name
        'cpu'
        >>> select_profile("smoke", has_gpu=True).name
        'smoke'
    """
    if env_value is not None and env_value.strip():
        return Profile(env_value.strip().lower())
    return Profile("full" if has_gpu else "cpu")


def set_seed(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and the Keras backend in one call."""
    import keras

    keras.utils.set_random_seed(seed)


COLAB_GPU_ADVICE = (
    "No GPU in this Colab runtime: the notebook will run the 'cpu' profile, which is "
    "smaller and slower.\n  To use a GPU: Runtime > Change runtime type > Hardware "
    "accelerator: T4 GPU > Save, then Runtime > Run all."
)


def banner_lines(info: dict[str, Any]) -> list[str]:
    """The banner's lines for the facts in ``info`` (see :func:`setup`)."""
    lines = [
        f"Course        nn-vision-course {info['course_version']}",
        f"Notebook      {info['notebook'] or '(not named)'}",
        f"Python        {info['python']}",
        f"TensorFlow    {info['tensorflow']}   Keras {info['keras']}",
        f"Device        {info['device']}",
        f"Profile       {info['profile']}  ({info['profile_reason']})",
        f"Network       {'off (COURSE_OFFLINE=1)' if info['offline'] else 'allowed'}",
        f"Seed          {info['seed']}",
    ]
    if info["colab"]:
        lines.append("Runtime       Google Colab")
    return lines


def setup(notebook: str | None = None, seed: int = DEFAULT_SEED) -> Profile:
    """Prepare a notebook: choose the profile, seed everything and print the banner.

    Args:
        notebook: the notebook's name, shown in the banner and in the course report.
        seed: the seed for Python, NumPy and Keras.

    Returns:
        The :class:`Profile` whose :meth:`Profile.pick` sizes the notebook's runs.

    Example:
        >>> profile = setup("01_perceptron")      # doctest: +SKIP
        Course        nn-vision-course 0.1.0
        ...
    """
    import keras
    import tensorflow as tf

    from course_utils import __version__
    from course_utils.records import emit

    gpus = gpu_names()
    env_value = os.environ.get("COURSE_PROFILE")
    profile = select_profile(env_value, has_gpu=bool(gpus))
    reason = (
        "from COURSE_PROFILE"
        if env_value and env_value.strip()
        else ("a GPU is visible" if gpus else "no GPU visible")
    )
    set_seed(seed)
    info: dict[str, Any] = {
        "course_version": __version__,
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
    }
    emit("setup", info, "\n".join(banner_lines(info)))
    if info["colab"] and not gpus:
        print(COLAB_GPU_ADVICE)
    return profile


def announce_source(dataset: str, source: str, *, real: bool, detail: str = "",
                    stand_in: bool = True) -> None:
    """Say, in the notebook's output, where a dataset or set of weights came from.

    A stand-in is always labelled as one, so it is never mistaken for the real thing.
    Data that the course generates on purpose, standing in for nothing (``real=False,
    stand_in=False``), is labelled as generated.

    Example:
        >>> announce_source("Iris", "scikit-learn's bundled copy", real=True)
        Iris: scikit-learn's bundled copy (the real dataset)
        >>> announce_source("Shapes", "drawn by the course", real=False, stand_in=False)
        Shapes: drawn by the course (generated data, made by the course on purpose)
    """
    from course_utils.records import emit

    if real:
        text = f"{dataset}: {source} (the real dataset)"
    elif stand_in:
        text = f"{dataset}: offline stand-in ({source}), not the real dataset"
    else:
        text = f"{dataset}: {source} (generated data, made by the course on purpose)"
    if detail:
        text += f"\n  {detail}"
    emit("source", {"dataset": dataset, "source": source, "real": real,
                    "stand_in": bool(stand_in and not real), "detail": detail}, text)
