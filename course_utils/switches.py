"""The course's on/off environment variables, read the same way everywhere.

``COURSE_OFFLINE``
    ``1``: never touch the network; loaders go straight to cached or stand-in data.
``COURSE_DRY_RUN``
    ``1`` (set by ``python -m course_utils run --dry-run`` and by the grader): every cell runs
    with the profile's real sizes, but each ``fit`` stops after a few steps (see
    :mod:`course_utils.dryrun`) and gates report without enforcing.
``COURSE_STRICT``
    ``1`` where the course is verified (the test suite, the course runner, the graders):
    a failed exercise check or a missed accuracy gate raises, so the run fails. Unset (a
    student's session) they print what went wrong and the notebook goes on.
    ``COURSE_STRICT_CHECKS=1``, its older name, still turns it on.
``COURSE_VERBOSE``
    ``1``: data sources print their details (paths, checksums, how the copy was checked).

Example:
    >>> import os; os.environ["COURSE_OFFLINE"] = "On"; flag("COURSE_OFFLINE")
    True
"""

from __future__ import annotations

import os
import warnings

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}
_warned_flags: set[tuple[str, str]] = set()


def flag(name: str) -> bool:
    """Whether the environment variable ``name`` is on: ``1``, ``true``, ``yes`` or ``on``
    (any case). ``0``, ``false``, ``no``, ``off`` and unset are off; any other value is off
    too, with a warning that names the variable (once per value).

    Example:
        >>> import os; os.environ["COURSE_DEMO_FLAG"] = "yes"; flag("COURSE_DEMO_FLAG")
        True
    """
    value = os.environ.get(name, "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value not in FALSE_WORDS and (name, value) not in _warned_flags:
        _warned_flags.add((name, value))
        warnings.warn(
            f"{name}={os.environ[name]!r} is neither true (1, true, yes, on) nor "
            f"false (0, false, no, off): treated as false",
            stacklevel=2,
        )
    return False


def is_offline() -> bool:
    """True when ``COURSE_OFFLINE`` asks the course never to touch the network."""
    return flag("COURSE_OFFLINE")


def is_dry_run() -> bool:
    """True when ``COURSE_DRY_RUN`` asks for a dry run (see :mod:`course_utils.dryrun`)."""
    return flag("COURSE_DRY_RUN")


def is_strict() -> bool:
    """True where the course is verified (``COURSE_STRICT``, or its older name
    ``COURSE_STRICT_CHECKS``): failed checks and missed gates raise."""
    return flag("COURSE_STRICT") or flag("COURSE_STRICT_CHECKS")


def is_verbose() -> bool:
    """True when ``COURSE_VERBOSE`` asks data sources for their details."""
    return flag("COURSE_VERBOSE")
