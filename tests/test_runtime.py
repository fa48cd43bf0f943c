"""Profiles, the offline flag, Colab detection and the setup banner."""

from __future__ import annotations

import pytest

from course_utils import runtime
from course_utils.runtime import CourseConfigError, Profile, select_profile


def test_pick_returns_the_value_for_the_profile():
    assert Profile("full").pick(full=20, cpu=3, smoke=1) == 20
    assert Profile("cpu").pick(full=20, cpu=3, smoke=1) == 3
    assert Profile("smoke").pick(full=20, cpu=3, smoke=1) == 1


def test_pick_insists_on_all_three_values():
    with pytest.raises(TypeError):
        Profile("cpu").pick(full=20, cpu=3)  # type: ignore[call-arg]


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(CourseConfigError, match="choose one of full, cpu, smoke"):
        Profile("fast")


@pytest.mark.parametrize("env, gpu, expected", [
    (None, False, "cpu"), (None, True, "full"), ("", True, "full"),
    ("smoke", True, "smoke"), (" CPU ", True, "cpu"), ("full", False, "full"),
])
def test_profile_selection(env, gpu, expected):
    assert select_profile(env, has_gpu=gpu).name == expected


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False),
                                             ("", False), (None, False)])
def test_offline_flag(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("COURSE_OFFLINE", value)
    assert runtime.is_offline() is expected


def test_colab_detected_by_module_or_environment(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(__import__("sys").modules, "google.colab", raising=False)
    assert not runtime.in_colab()
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert runtime.in_colab()


def test_setup_prints_banner_and_returns_profile(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    profile = runtime.setup("99_test", seed=7)
    out = capsys.readouterr().out
    assert profile == Profile("smoke")
    for expected in ("nn-vision-course", "99_test", "TensorFlow", "Keras", "Device",
                     "smoke  (from COURSE_PROFILE)", "off (COURSE_OFFLINE=1)", "Seed          7"):
        assert expected in out


def test_setup_seeds_numpy_reproducibly(monkeypatch):
    import numpy as np

    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    runtime.setup("a", seed=3)
    first = np.random.rand(3)
    runtime.setup("a", seed=3)
    assert np.array_equal(first, np.random.rand(3))


def test_colab_without_gpu_tells_how_to_switch(monkeypatch, capsys):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setattr(runtime, "gpu_names", lambda: [])
    runtime.setup("01_perceptron")
    out = capsys.readouterr().out
    assert "Google Colab" in out
    assert "Runtime > Change runtime type" in out


def test_announce_source_never_passes_a_stand_in_off_as_real(capsys):
    runtime.announce_source("MNIST", "UCI digits upscaled", real=False)
    runtime.announce_source("Iris", "scikit-learn", real=True)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "MNIST: offline stand-in (UCI digits upscaled), not the real dataset"
    assert out[1] == "Iris: scikit-learn (the real dataset)"
