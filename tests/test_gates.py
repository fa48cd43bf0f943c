"""Accuracy gates pass, print and record; they fail loudly when a model did not learn."""

from __future__ import annotations

import math

import pytest

from course_utils.gates import GateFailed, gate


def test_gate_passes_and_says_so(capsys):
    gate("iris test accuracy", 0.9667, at_least=0.9)
    assert capsys.readouterr().out.strip() == (
        "✓ gate passed: iris test accuracy = 0.967 (needs >= 0.900)")


def test_gate_fails_with_an_explanation(capsys):
    with pytest.raises(GateFailed, match="below the 0.900 this profile expects"):
        gate("iris test accuracy", 0.5, at_least=0.9)
    assert "✗ gate FAILED" in capsys.readouterr().out


def test_nan_never_passes():
    with pytest.raises(GateFailed):
        gate("diverged", math.nan, at_least=0.0)


def test_non_numbers_are_rejected():
    with pytest.raises(TypeError, match="needs numbers"):
        gate("x", "high", at_least=0.5)


def test_a_dry_run_reports_a_missed_gate_without_failing(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_DRY_RUN", "1")
    gate("accuracy", 0.1, at_least=0.9)
    assert "not enforced (dry run)" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0.9", b"0.9"])
def test_a_number_written_as_text_is_rejected(value):
    """The fault probe's `gate("acc", "0.9", ...)` passed; text is a bug in the notebook."""
    with pytest.raises(TypeError, match="not a formatted string"):
        gate("acc", value, at_least=0.5)


def test_an_accuracy_given_as_a_percentage_warns():
    with pytest.warns(UserWarning, match="fractions"):
        gate("test accuracy", 95, at_least=0.9)
