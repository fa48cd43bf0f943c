"""Every path of the source order (cache, download, stand-in), with the network simulated.

The real Keras/TFDS readers and the network check are replaced by fakes, so these tests
run in milliseconds and never touch the network; the stand-in is a tiny fake too (the
real stand-ins are tested in test_data_standins.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from course_utils.data import network, sources
from course_utils.data.mnist import SPEC as MNIST_SPEC


def arrays(n: int, value: int) -> dict[str, np.ndarray]:
    return {
        "x_train": np.full((n, 28, 28, 1), value, np.uint8),
        "y_train": np.arange(n) % 10,
        "x_test": np.full((n // 2, 28, 28, 1), value, np.uint8),
        "y_test": np.arange(n // 2) % 10,
    }


REAL, STANDIN = 7, 99  # pixel values that tell where arrays came from


class Recorder:
    """Stands in for the network check, the Keras reader and the announcement."""

    def __init__(self) -> None:
        self.checks: list[str] = []
        self.keras_reads = 0
        self.announcements: list[tuple[str, str, bool, str]] = []


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Recorder:
    rec = Recorder()
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "course"))
    monkeypatch.setenv("COURSE_OFFLINE", "0")

    def fake_keras(spec: sources.RealDataset) -> dict[str, np.ndarray]:
        rec.keras_reads += 1
        return arrays(20, REAL)

    monkeypatch.setattr(sources, "from_keras", fake_keras)
    monkeypatch.setattr(
        sources,
        "announce_source",
        lambda dataset, source, real, detail="", summary="": rec.announcements.append(
            (dataset, source, real, detail)
        ),
    )
    return rec


def set_network(monkeypatch: pytest.MonkeyPatch, rec: Recorder, ok: bool, reason: str) -> None:
    def fake_check(host: str, port: int = 443, timeout: float = 2.5) -> network.Reachability:
        rec.checks.append(host)
        return network.Reachability(ok, host, reason)

    monkeypatch.setattr(network, "check", fake_check)


def fake_standin(
    n_train: int | None, n_test: int | None
) -> tuple[dict[str, np.ndarray], str, dict[str, Any]]:
    data = arrays(40, STANDIN)
    data = {k: v[: (n_train if k.endswith("train") else n_test)] for k, v in data.items()}
    return data, "fake stand-in", {"detail": "made by the test"}


def load(**kwargs: Any) -> Any:
    return sources.load(MNIST_SPEC, fake_standin, tuple("abcdefghij"), **kwargs)


def write_keras_file(content: bytes = b"pretend mnist") -> Path:
    path = sources.keras_home() / "datasets" / MNIST_SPEC.keras_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_offline_flag_goes_straight_to_the_standin(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(network, "connect", lambda *a, **k: pytest.fail("network touched"))
    data = load()
    assert not data.real and data.metadata["standin"] and data.metadata["kind"] == "standin"
    assert int(data.x_train[0, 0, 0, 0]) == STANDIN
    assert env.keras_reads == 0
    assert len(env.announcements) == 1
    assert env.announcements[0][2] is False
    assert "COURSE_OFFLINE=1" in env.announcements[0][3]


def test_network_down_falls_back_without_downloading(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_network(monkeypatch, env, False, "storage.googleapis.com is unreachable (refused)")
    data = load()
    assert not data.real and env.keras_reads == 0
    assert env.checks == ["storage.googleapis.com"]
    assert any("unreachable" in why for why in data.metadata["why"])
    assert len(env.announcements) == 1


def test_network_slow_falls_back(env: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setattr(
        network,
        "connect",
        lambda address, timeout: (_ for _ in ()).throw(TimeoutError("timed out")),
    )
    data = load()
    assert not data.real and env.keras_reads == 0
    assert any("did not answer within" in why for why in data.metadata["why"])


def test_network_up_downloads_the_real_data(env: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    set_network(monkeypatch, env, True, "reachable")
    data = load(n_train=5, n_test=3)
    assert data.real and data.metadata["kind"] == "download"
    assert env.keras_reads == 1
    assert data.x_train.shape == (5, 28, 28, 1) and data.x_test.shape == (3, 28, 28, 1)
    assert int(data.x_train[0, 0, 0, 0]) == REAL
    assert data.class_names == MNIST_SPEC.class_names
    ((name, _, real, _),) = env.announcements
    assert name == "MNIST" and real is True


def test_download_that_fails_midway_falls_back(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_network(monkeypatch, env, True, "reachable")

    def broken(spec: sources.RealDataset) -> dict[str, np.ndarray]:
        env.keras_reads += 1
        raise TimeoutError("The read operation timed out")

    monkeypatch.setattr(sources, "from_keras", broken)
    data = load()
    assert not data.real and env.keras_reads == 1
    assert any("download failed" in why and "timed out" in why for why in data.metadata["why"])
    assert len(env.announcements) == 1


def test_intact_cache_is_used_without_the_network(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_keras_file()
    spec = dataclasses.replace(
        MNIST_SPEC, keras_sha256=hashlib.sha256(path.read_bytes()).hexdigest()
    )
    set_network(monkeypatch, env, True, "reachable")
    data = sources.load(spec, fake_standin, tuple("abcdefghij"))
    assert data.real and data.metadata["kind"] == "keras-cache"
    assert env.checks == []  # no network check at all when the cache is good


def test_corrupt_cache_offline_is_reported_not_loaded(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_keras_file(b"half a download")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    data = load()
    assert not data.real and env.keras_reads == 0
    why = " ".join(data.metadata["why"])
    assert "corrupt or partial" in why and "prefetch" in why  # says what to do
    assert "corrupt or partial" in env.announcements[0][3]


def test_corrupt_cache_online_is_fetched_again(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_keras_file(b"half a download")
    set_network(monkeypatch, env, True, "reachable")
    data = load()
    # Keras' get_file replaces a file whose hash is wrong; the loader lets it, via download.
    assert data.real and data.metadata["kind"] == "download" and env.keras_reads == 1


def test_unreadable_intact_cache_falls_through(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_keras_file()
    spec = dataclasses.replace(
        MNIST_SPEC, keras_sha256=hashlib.sha256(path.read_bytes()).hexdigest()
    )
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setattr(
        sources, "from_keras", lambda s: (_ for _ in ()).throw(ValueError("bad zip"))
    )
    data = sources.load(spec, fake_standin, tuple("abcdefghij"))
    assert not data.real and any("could not be read" in w for w in data.metadata["why"])


def test_tfds_cache_is_used(env: Recorder, monkeypatch: pytest.MonkeyPatch) -> None:
    info = sources.tfds_data_dir() / "mnist" / "3.0.1" / "dataset_info.json"
    info.parent.mkdir(parents=True)
    info.write_text("{}")
    monkeypatch.setattr(sources, "from_tfds", lambda spec: arrays(10, REAL))
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    data = load()
    assert data.real and data.metadata["kind"] == "tfds-cache"


@pytest.mark.parametrize("source", ["cache", "download"])
def test_a_forced_source_that_cannot_deliver_says_how_to_fix_it(
    env: Recorder, monkeypatch: pytest.MonkeyPatch, source: str
) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    with pytest.raises(sources.DataUnavailable, match="doctor"):
        load(source=source)
    assert env.announcements == []


def test_forced_standin_skips_cache_and_network(
    env: Recorder, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_keras_file()
    set_network(monkeypatch, env, True, "reachable")
    data = load(source="standin", n_train=4)
    assert path.exists() and not data.real and env.checks == [] and env.keras_reads == 0
    assert data.num_train == 4
    assert "source='standin' was requested" in env.announcements[0][3]


def test_unknown_source_is_rejected(env: Recorder) -> None:
    with pytest.raises(ValueError, match="source must be one of"):
        load(source="internet")


def test_cache_paths_follow_keras_home_and_tfds_data_dir(env: Recorder, tmp_path: Path) -> None:
    assert sources.keras_home() == tmp_path / "keras"
    assert sources.tfds_data_dir() == tmp_path / "tfds"
    state, path, _ = sources.keras_cache_state(MNIST_SPEC)
    assert state == "missing" and path == tmp_path / "keras" / "datasets" / "mnist.npz"


def test_keras_and_tfds_arrays_are_normalised_to_one_layout() -> None:
    """Keras gives MNIST as (N, 28, 28) and CIFAR labels as (N, 1); we always give (N, H, W, C) and (N,)."""
    x, y = sources._normalise(np.zeros((5, 28, 28), np.uint8), np.zeros((5,), np.uint8), channels=1)
    assert x.shape == (5, 28, 28, 1) and y.shape == (5,) and y.dtype == np.int64
    x, y = sources._normalise(
        np.zeros((5, 32, 32, 3), np.uint8), np.zeros((5, 1), np.uint8), channels=3
    )
    assert x.shape == (5, 32, 32, 3) and y.shape == (5,) and x.dtype == np.uint8
