"""Accuracy gates: the lines in a notebook that turn "it learned" into a checked claim.

A notebook states a claim in one line::

    gate("bn_accuracy", test_accuracy, real=data.real)

The claim's words, its kind and its threshold for this profile and data source live in
:mod:`course_utils.thresholds`, with where each threshold comes from. The gate prints one
line and records the result for the course runner's report. When the value misses:

* in a student's session, it prints a short, friendly paragraph (what was expected, and that
  changed settings change results) and the notebook goes on;
* where the course is verified (``COURSE_STRICT=1``: the test suite, the course runner, the
  graders) it raises :class:`GateFailed`, so a notebook that ran but did not learn fails.

In a dry run (``COURSE_DRY_RUN=1``) a gate reports and never fails; in a profile without a
threshold (``smoke``) it only reports.

Example:
    >>> gate("demo accuracy", 0.967, at_least=0.90)
    ✓ demo accuracy: 0.967 (expected here: at least 0.900)
"""

from __future__ import annotations

import math

from course_utils.records import emit
from course_utils.session import current_notebook, current_profile
from course_utils.switches import is_dry_run, is_strict
from course_utils.thresholds import KINDS, Claim, find_claim

MISSED_ADVICE = (
    "  This notebook's own settings usually reach it. If you changed a setting (sizes, epochs,\n"
    "  the model, the data), a different result is expected: nothing is broken, and the rest\n"
    "  of the notebook still runs. If you changed nothing, run the notebook again from the top;\n"
    "  if it misses again, tell your instructor."
)


class GateFailed(AssertionError):
    """A gate was missed where the course is verified: the notebook ran but did not learn
    what the lesson claims. Shown as one line in a notebook, not a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"GateFailed: {self}"]


def _number(name: str, value: object) -> float:
    if isinstance(value, (str, bytes)):
        raise TypeError(
            f"gate {name!r} needs a number, got the text {value!r}: pass the "
            "number itself, not a formatted string"
        )
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        raise TypeError(f"gate {name!r} needs a number, got {value!r}") from error


def _fmt(value: float, claim: Claim) -> str:
    text = f"{value:.0f}" if claim.kind == "count" else f"{value:.3f}"
    return text + (f" {claim.unit}" if claim.unit else "")


def gate(
    claim: str,
    value: float,
    *,
    real: bool | None = None,
    at_least: float | None = None,
    kind: str | None = None,
    notebook: str | None = None,
    note: str = "",
) -> None:
    """Check a claim of the lesson against this run's ``value``; print, record, and (where the
    course is verified) raise :class:`GateFailed` when it is missed.

    Args:
        claim: the claim's id in :mod:`course_utils.thresholds` for this notebook (e.g.
            ``"bn_accuracy"``), or, with ``at_least``, the words of an ad-hoc claim.
        value: the measured number (a fraction for accuracies, not a percentage).
        real: whether the run used the real data (thresholds differ for stand-ins).
        at_least: an explicit threshold (tests and ad-hoc claims); otherwise the table's.
        kind: for an explicit threshold: ``accuracy``, ``difference``, ``ratio`` or ``count``
            (default: ``accuracy`` when the words say so, else ``ratio``).
        notebook: the notebook whose claims to read (default: the one named in ``setup``).
        note: a few words added to the line (where an explicit threshold comes from).

    It returns nothing, so a gate on a cell's last line shows only its sentence.
    """
    if at_least is not None:
        kind = kind or (
            "accuracy" if "accuracy" in claim.lower() and " minus " not in claim else "ratio"
        )
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
        found = Claim(claim, kind, {})
        threshold: float | None = _number(claim, at_least)
    else:
        found = find_claim(notebook or current_notebook(), claim)
        threshold = found.threshold(current_profile() or "cpu", bool(real))
    value = _number(found.text, value)
    if found.kind == "accuracy" and value > 1:
        raise ValueError(
            f"gate {found.text!r}: an accuracy of {value:g} is above 1; gates "
            "take fractions (0.95), not percentages (95)"
        )
    passed = threshold is None or (not math.isnan(value) and value >= threshold)
    dry_run = is_dry_run()
    if note:
        found = Claim(f"{found.text} [{note}]", found.kind, found.at_least, found.unit)
    if threshold is None:
        text = f"· {found.text}: {_fmt(value, found)} (nothing to expect in this profile)"
    elif dry_run:
        text = f"· {found.text}: {_fmt(value, found)} (not checked in a dry run)"
    elif passed:
        text = (
            f"✓ {found.text}: {_fmt(value, found)} (expected here: at least "
            f"{_fmt(threshold, found)})"
        )
    else:
        text = (
            f"✗ {found.text}: {_fmt(value, found)}, below the {_fmt(threshold, found)} "
            f"expected here.\n{MISSED_ADVICE}"
        )
    emit(
        "gate",
        {
            "name": found.text,
            "claim": claim,
            "measure": found.kind,
            "value": value,
            "threshold": threshold,
            "passed": passed,
            "dry_run": dry_run,
        },
        text,
    )
    if not passed and not dry_run and is_strict():
        raise GateFailed(
            f"{found.text} is {_fmt(value, found)}, below the "
            f"{_fmt(threshold or 0.0, found)} this profile expects"
        )
