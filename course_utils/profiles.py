"""Run profiles: one switch that sizes every run in a notebook, and the run's seed.

Every size that depends on the machine reads like
``EPOCHS = profile.pick(full=20, cpu=3, smoke=1)``:

``full``
    the original settings (whole datasets, their epochs), for a GPU such as a Colab T4.
``cpu``
    trimmed so each notebook takes minutes on a 2-core laptop, still showing its lesson.
``smoke``
    the smallest run that executes every cell: what the tests use.

``COURSE_PROFILE`` chooses; unset, it is ``full`` when TensorFlow sees a GPU, else ``cpu``.
``COURSE_SEED`` sets the seed (default 42).

Example:
    >>> Profile("cpu").pick(full=20, cpu=3, smoke=1)
    3
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeVar

PROFILES = ("full", "cpu", "smoke")
DEFAULT_SEED = 42

T = TypeVar("T")


class CourseConfigError(ValueError):
    """A course setting (an environment variable or an argument) has a bad value."""


@dataclass(frozen=True)
class Profile:
    """The run profile: how big every run in a notebook is, and the run's random seed.

    Example:
        >>> profile = Profile("cpu")
        >>> profile.pick(full=20, cpu=3, smoke=1)
        3
        >>> profile.seed
        42
    """

    name: str
    seed: int = DEFAULT_SEED

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


def select_profile(env_value: str | None, has_gpu: bool) -> Profile:
    """Choose the profile from ``COURSE_PROFILE`` (may be unset) and the hardware.

    Example:
        >>> select_profile(None, has_gpu=False).name
        'cpu'
        >>> select_profile("smoke", has_gpu=True).name
        'smoke'
    """
    if env_value is not None and env_value.strip():
        try:
            return Profile(env_value.strip().lower())
        except CourseConfigError as error:
            raise CourseConfigError(f"COURSE_PROFILE={env_value!r}: {error}") from None
    return Profile("full" if has_gpu else "cpu")


def seed_from_environment() -> int:
    """``COURSE_SEED`` as an integer, or :data:`DEFAULT_SEED` when unset.

    Example:
        >>> import os
        >>> _ = os.environ.pop("COURSE_SEED", None)
        >>> seed_from_environment()
        42
    """
    value = os.environ.get("COURSE_SEED", "").strip()
    if not value:
        return DEFAULT_SEED
    try:
        return int(value)
    except ValueError:
        raise CourseConfigError(f"COURSE_SEED must be a whole number, not {value!r}") from None


def set_seed(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and the Keras backend in one call."""
    import keras

    keras.utils.set_random_seed(seed)
