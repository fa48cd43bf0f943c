"""Accuracy gates: the lines in a notebook that turn "it learned" into a checked claim.

A gate prints its verdict for the student, records it for the course report, and raises
:class:`GateFailed` when the value misses the threshold, so ``pytest --nbval-lax`` and the
course runner fail on a notebook that ran but did not learn.

Example:
    >>> gate("iris test accuracy", 0.967, at_least=0.90)
    ✓ gate passed: iris test accuracy = 0.967 (needs >= 0.900)
"""

from __future__ import annotations

import math
import warnings

from course_utils.records import emit
from course_utils.runtime import is_dry_run


class GateFailed(AssertionError):
    """An accuracy gate was missed: the notebook ran but did not learn enough."""


def gate(name: str, value: float, *, at_least: float, note: str = "") -> None:
    """Check that ``value >= at_least``; print, record, and raise :class:`GateFailed` if not.

    Args:
        name: what is measured, e.g. ``"CNN test accuracy (real MNIST)"``.
        value: the measured number (a fraction, not a percentage).
        at_least: the threshold for this profile and data source.
        note: an optional word on where the threshold comes from.

    In a dry run (``COURSE_DRY_RUN=1``, where every ``fit`` stops after a few steps) the
    gate is printed and recorded but never raises: its value says nothing about learning.
    """
    if any(isinstance(v, (str, bytes)) for v in (value, at_least)):
        raise TypeError(f"gate {name!r} needs numbers, got the text {value!r} or {at_least!r}: "
                        "pass the number itself, not a formatted string")
    try:
        value = float(value)
        at_least = float(at_least)
    except (TypeError, ValueError) as error:
        raise TypeError(f"gate {name!r} needs numbers, got {value!r} and {at_least!r}") from error
    if "accuracy" in name.lower() and value > 1 and " minus " not in name.lower():
        warnings.warn(f"gate {name!r}: an accuracy of {value:g} is above 1; gates take "
                      "fractions (0.95), not percentages (95)", stacklevel=2)
    passed = not math.isnan(value) and value >= at_least
    dry_run = is_dry_run()
    if dry_run:
        mark = "· gate not enforced (dry run)"
    else:
        mark = "✓ gate passed" if passed else "✗ gate FAILED"
    text = f"{mark}: {name} = {value:.3f} (needs >= {at_least:.3f})"
    if note:
        text += f"  [{note}]"
    emit("gate", {"name": name, "value": value, "threshold": at_least, "passed": passed,
                  "note": note, "dry_run": dry_run}, text)
    if not passed and not dry_run:
        raise GateFailed(
            f"{name} is {value:.3f}, below the {at_least:.3f} this profile expects. "
            "The notebook ran, but the model did not learn what the lesson claims."
        )
