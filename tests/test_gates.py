"""Accuracy gates: one line per claim; a friendly paragraph for a student who misses; a
failure only where the course is verified (COURSE_STRICT=1, set by conftest.py)."""

from __future__ import annotations

import math

import pytest

from course_utils import session, thresholds
from course_utils.gates import GateFailed, gate
from course_utils.thresholds import Claim


@pytest.fixture
def claims(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(
        thresholds.CLAIMS,
        "99_demo",
        {
            "bn_accuracy": Claim(
                "BN test accuracy",
                "accuracy",
                {("cpu", True): 0.65, ("cpu", False): 0.90},
                measured="seeds 1, 2, 3",
            ),
            "lead": Claim(
                "BN minus plain", "difference", {("cpu", True): 3.0}, unit="standard errors"
            ),
        },
    )
    monkeypatch.setitem(session._CURRENT, "notebook", "99_demo")
    monkeypatch.setitem(session._CURRENT, "profile", "cpu")


def test_a_claim_reads_its_words_and_threshold_from_the_table(claims, capsys):
    gate("bn_accuracy", 0.7, real=True)
    gate("lead", 4.2, real=True)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "✓ BN test accuracy: 0.700 (expected here: at least 0.650)",
        "✓ BN minus plain: 4.200 standard errors (expected here: at least 3.000 standard errors)",
    ]


def test_the_stand_in_has_its_own_threshold_and_smoke_expects_nothing(claims, capsys, monkeypatch):
    with pytest.raises(GateFailed):
        gate("bn_accuracy", 0.7, real=False)
    monkeypatch.setitem(session._CURRENT, "profile", "smoke")
    gate("bn_accuracy", 0.1, real=True)
    assert "nothing to expect in this profile" in capsys.readouterr().out


def test_a_missed_gate_in_a_students_session_explains_and_goes_on(claims, capsys, monkeypatch):
    monkeypatch.delenv("COURSE_STRICT", raising=False)
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    gate("bn_accuracy", 0.5, real=True)  # no exception
    out = capsys.readouterr().out
    assert "✗ BN test accuracy: 0.500, below the 0.650 expected here." in out
    assert "If you changed a setting" in out and "Traceback" not in out


def test_where_the_course_is_verified_a_missed_gate_fails_in_one_line(claims, monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(GateFailed, match="below the 0.650 this profile expects") as caught:
        gate("bn_accuracy", 0.5, real=True)
    assert caught.value._render_traceback_() == [f"GateFailed: {caught.value}"]


def test_an_unknown_claim_names_the_ones_that_exist(claims):
    with pytest.raises(KeyError, match="bn_accuracy, lead"):
        gate("bn_acc", 0.5, real=True)


def test_nan_never_passes(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT", "1")
    with pytest.raises(GateFailed):
        gate("diverged", math.nan, at_least=0.0)


def test_a_dry_run_reports_a_missed_gate_without_failing(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_STRICT", "1")
    monkeypatch.setenv("COURSE_DRY_RUN", "1")
    gate("accuracy", 0.1, at_least=0.9)
    assert "not checked in a dry run" in capsys.readouterr().out


@pytest.mark.parametrize("value", ["0.9", b"0.9"])
def test_a_number_written_as_text_is_rejected(value):
    """The fault probe's `gate("acc", "0.9", ...)` passed; text is a bug in the notebook."""
    with pytest.raises(TypeError, match="not a formatted string"):
        gate("acc", value, at_least=0.5)


def test_an_accuracy_given_as_a_percentage_is_an_error():
    with pytest.raises(ValueError, match="fractions"):
        gate("test accuracy", 95, at_least=0.9)


def test_every_listed_claim_has_a_known_kind_and_a_cpu_threshold_for_real_data():
    # A claim on real data needs ("cpu", True); a claim on data its notebook generates
    # (Claim(..., data="generated"), e.g. 02b's noisy sine) has no real variant and needs
    # ("cpu", False) instead, and must not pretend to have a real-data threshold.
    for notebook, table in thresholds.CLAIMS.items():
        for claim_id, claim in table.items():
            assert claim.kind in thresholds.KINDS, (notebook, claim_id)
            if claim.data == "generated":
                assert ("cpu", False) in claim.at_least, (notebook, claim_id)
                assert not any(real for _, real in claim.at_least), (notebook, claim_id)
            else:
                assert ("cpu", True) in claim.at_least, (notebook, claim_id)
            assert claim.measured, f"{notebook}/{claim_id}: say where the thresholds come from"


def test_a_real_data_claim_without_a_cpu_real_threshold_is_caught():
    claim = thresholds.Claim("x", "accuracy", {("cpu", False): 0.5}, measured="m")
    assert claim.data == "real" and ("cpu", True) not in claim.at_least
    with pytest.raises(ValueError, match="data must be"):
        thresholds.Claim("x", "accuracy", {("cpu", False): 0.5}, data="made up")
