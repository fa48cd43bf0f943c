"""Old home of the setup and environment helpers, kept while every caller moves.

The helpers now live in modules of one concern each: :mod:`course_utils.profiles` (the run
profile and seed), :mod:`course_utils.switches` (environment switches),
:mod:`course_utils.machine` (processor, GPUs, Colab), :mod:`course_utils.tflog`
(TensorFlow's start-up log), :mod:`course_utils.dryrun`, :mod:`course_utils.session`
(``setup`` and its banner) and :mod:`course_utils.announce` (data sources). Import from
those; this module only re-exports them.
"""

from __future__ import annotations

from course_utils.announce import announce_source
from course_utils.machine import cpu_description, cpu_flags, gpu_names, in_colab
from course_utils.profiles import (
    DEFAULT_SEED,
    PROFILES,
    CourseConfigError,
    Profile,
    seed_from_environment,
    select_profile,
    set_seed,
)
from course_utils.session import banner_lines, setup
from course_utils.switches import flag, is_dry_run, is_offline
from course_utils.tflog import is_startup_noise, quiet_native_startup

__all__ = [
    "DEFAULT_SEED",
    "PROFILES",
    "CourseConfigError",
    "Profile",
    "announce_source",
    "banner_lines",
    "cpu_description",
    "cpu_flags",
    "flag",
    "gpu_names",
    "in_colab",
    "is_dry_run",
    "is_offline",
    "is_startup_noise",
    "quiet_native_startup",
    "seed_from_environment",
    "select_profile",
    "set_seed",
    "setup",
]
