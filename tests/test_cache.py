"""The course cache: a folder that cannot be written is a sentence and a fallback, not a crash."""

from __future__ import annotations

import os

import pytest

from course_utils import cache


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch, tmp_path):
    monkeypatch.setattr(cache, "_warned", set())
    monkeypatch.setattr(cache, "fallback_root", lambda: tmp_path / "fallback")


def test_a_file_where_the_cache_should_be_falls_back_with_a_sentence(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocker))
    with pytest.warns(UserWarning, match=r"not-a-folder \(COURSE_CACHE_DIR\) cannot be written"):
        folder = cache.cache_dir("models")
    assert folder == tmp_path / "fallback" / "models" and folder.is_dir()
    assert blocker.read_text() == "x"  # nothing of the user's is touched


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders"
)
def test_a_read_only_cache_is_read_and_missing_folders_go_elsewhere(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    (shared / "standins").mkdir(parents=True)
    shared.chmod(0o555)
    monkeypatch.setenv("COURSE_CACHE_DIR", str(shared))
    try:
        assert cache.cache_dir("standins") == shared / "standins"
        with pytest.warns(UserWarning, match="cannot be written"):
            assert cache.cache_dir("models") == tmp_path / "fallback" / "models"
    finally:
        shared.chmod(0o755)


def test_an_unreadable_parent_is_a_warning_once(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(blocker / "cache"))
    with pytest.warns(UserWarning) as caught:
        cache.cache_dir("a")
        cache.cache_dir("b")
    assert len(caught) == 1


def test_a_shared_read_only_cache_is_read_and_new_files_go_to_a_per_user_cache(
    tmp_path, monkeypatch
):
    """An instructor prepares a cache and makes it read-only; a student's run reads what is
    there and writes what is new elsewhere (simulated: the tests run as root)."""
    import numpy as np

    from course_utils.data import standins

    shared = tmp_path / "shared"
    monkeypatch.setenv("COURSE_CACHE_DIR", str(shared))
    made = []
    standins.load_or_make("demo", 1, lambda cached: made.append(1) or {"x": np.arange(3)})
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: (
            False
            if str(path).startswith(str(shared)) and mode & os.W_OK
            else real_access(path, mode)
        ),
    )
    arrays, info = standins.load_or_make("demo", 1, lambda cached: made.append(2) or {})
    assert info["cached"] and made == [1] and list(arrays["x"]) == [0, 1, 2]
    with pytest.warns(UserWarning, match="cannot be written"):
        models = cache.cache_dir("models")
    assert models == tmp_path / "fallback" / "models"
