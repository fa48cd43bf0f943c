"""``python -m course_utils prefetch`` and ``doctor``, with the network and downloads simulated."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from course_tools import __main__ as dispatcher
from course_tools import prefetch as cli
from course_utils.data import cifar10, network, sources, weights
from course_utils.data.mnist import SPEC as MNIST_SPEC


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "course"))
    monkeypatch.setenv("KAGGLEHUB_CACHE", str(tmp_path / "kagglehub"))
    monkeypatch.setenv("KAGGLE_CONFIG_DIR", str(tmp_path / "kaggle"))
    monkeypatch.delenv("KAGGLE_USERNAME", raising=False)
    monkeypatch.delenv("KAGGLE_KEY", raising=False)
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    # Small stand-ins keep these tests fast; the loaders read these at call time.
    monkeypatch.setattr(cifar10, "STANDIN_TRAIN", 500)
    monkeypatch.setattr(cifar10, "STANDIN_TEST", 500)
    return tmp_path


def test_doctor_offline_reports_standins_for_03_and_04(
    sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert dispatcher.main(["doctor"]) == 0
    out = capsys.readouterr().out
    for section in ("Locations", "Network", "Files", "Sources each notebook will use"):
        assert section in out
    assert str(sandbox / "keras") in out and "$KERAS_HOME" in out and "$COURSE_CACHE_DIR" in out
    line03 = next(line for line in out.splitlines() if "03_cnn_mnist" in line)
    line04 = next(line for line in out.splitlines() if "04_cifar10" in line)
    assert "OFFLINE STAND-IN" in line03 and "OFFLINE STAND-IN" in line04
    for part_b in ("03b_mnist_augmentation", "04b_building_blocks"):  # parts b load the same data
        assert "OFFLINE STAND-IN" in next(line for line in out.splitlines() if part_b in line)
    assert "VGG16 weights (no top)" in out and "missing" in out
    assert "05_lego_alexnet" in out and "06_vgg16_transfer" in out


def test_doctor_flags_corrupt_and_cached_files(
    sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    datasets = sandbox / "keras" / "datasets"
    datasets.mkdir(parents=True)
    (datasets / "mnist.npz").write_bytes(b"partial")
    models = sandbox / "keras" / "models"
    models.mkdir(parents=True)
    weights_file = models / weights.VGG16_FILES["VGG16 weights (no top)"][0]
    weights_file.write_bytes(b"weights")
    monkeypatch.setitem(
        weights.VGG16_FILES,
        "VGG16 weights (no top)",
        (weights_file.name, weights.md5_of(weights_file)),
    )
    cifar10.load_cifar10(n_train=500, n_test=500)
    capsys.readouterr()
    cli.doctor_main([])
    out = capsys.readouterr().out
    mnist_row = next(line for line in out.splitlines() if line.strip().startswith("MNIST (Keras)"))
    assert "CORRUPT" in mnist_row
    vgg_row = next(line for line in out.splitlines() if "VGG16 weights (no top)" in line)
    assert "cached, checksum ok" in vgg_row
    assert "cached, checksum ok (500+500 images)" in out
    assert "ImageNet VGG16 weights: Keras cache" in out


def test_doctor_checks_hosts_when_online(
    sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "0")
    asked = []

    def fake_check(host: str, port: int = 443, timeout: float = 2.5) -> network.Reachability:
        asked.append(host)
        return network.Reachability(host != "www.kaggle.com", host, f"{host} simulated")

    monkeypatch.setattr(network, "check", fake_check)
    cli.doctor_main([])
    out = capsys.readouterr().out
    assert set(asked) == set(network.HOSTS.values())
    line03 = next(line for line in out.splitlines() if "03_cnn_mnist" in line)
    assert "downloaded on first use" in line03


def test_prefetch_offline_makes_standins_and_reports_what_is_missing(
    sandbox: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.prefetch_main(["--skip", "lego"])
    out = capsys.readouterr().out
    assert code == 1  # the real data could not be fetched, and it says so
    assert "COURSE_OFFLINE=1" in out and "MISSING" in out
    summary = out[out.index("Summary") :]
    assert "ok     Offline stand-ins" in summary
    assert list((sandbox / "course" / "standins").glob("shapes10-v*.npz"))
    assert list((sandbox / "course" / "standins").glob("uci-digits-28x28-v*.npz"))


def test_prefetch_online_downloads_everything(
    sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "0")
    monkeypatch.setattr(
        network,
        "check",
        lambda host, port=443, timeout=2.5: network.Reachability(True, host, "simulated"),
    )
    fetched: list[str] = []
    monkeypatch.setattr(sources, "from_keras", lambda spec: fetched.append(spec.name) or {})
    vgg_calls: list[bool] = []
    monkeypatch.setattr(cli, "build_vgg16", lambda include_top: vgg_calls.append(include_top))
    lego_calls: list[str] = []
    fake_lego = types.SimpleNamespace(
        kaggle_folder=lambda download=True: lego_calls.append("kaggle" if download else "cache")
    )
    monkeypatch.setattr(cli, "lego_dataset", fake_lego)

    code = cli.prefetch_main(["--skip", "standins"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert fetched == ["MNIST", "CIFAR-10"]
    assert vgg_calls == [False, True]
    assert lego_calls == ["kaggle"]


def test_vgg16_is_built_with_imagenet_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    import keras

    calls: list[dict[str, object]] = []
    monkeypatch.setattr(keras.applications, "VGG16", lambda **kwargs: calls.append(kwargs))
    cli.build_vgg16(include_top=False)
    assert calls == [{"weights": "imagenet", "include_top": False}]


def test_prefetch_skips_what_is_already_cached(
    sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import dataclasses
    import hashlib

    path = sandbox / "keras" / "datasets" / "mnist.npz"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"fake but intact")
    spec = dataclasses.replace(
        MNIST_SPEC, keras_sha256=hashlib.sha256(b"fake but intact").hexdigest()
    )
    monkeypatch.setattr(cli.mnist, "SPEC", spec)
    monkeypatch.setattr(
        network, "check", lambda *a, **k: pytest.fail("network checked for a cached file")
    )
    cli.prefetch_main(["--skip", "cifar10", "vgg16", "vgg16-top", "lego", "standins"])
    assert "already cached and intact" in capsys.readouterr().out


def test_prefetch_to_a_folder_writes_the_vgg16_weights_for_course_data_dir(
    sandbox: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    models = sandbox / "keras" / "models"
    models.mkdir(parents=True)
    cached = models / weights.VGG16_FILES["VGG16 weights (no top)"][0]
    cached.write_bytes(b"weights")
    monkeypatch.setitem(
        weights.VGG16_FILES, "VGG16 weights (no top)", (cached.name, weights.md5_of(cached))
    )
    usb = sandbox / "usb"
    cli.prefetch_main(
        ["--skip", "mnist", "cifar10", "vgg16-top", "lego", "standins", "--to", str(usb)]
    )
    assert (usb / cached.name).read_bytes() == b"weights"
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    found = weights.find_vgg16_weights()
    assert found.available and found.verified and found.weights == str(usb / cached.name)
    assert "COURSE_DATA_DIR" in found.source


def test_a_local_weights_file_that_differs_is_used_but_not_called_verified(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = sandbox / "usb"
    usb.mkdir()
    (usb / weights.VGG16_FILES["VGG16 weights (no top)"][0]).write_bytes(b"random weights")
    monkeypatch.setenv("COURSE_DATA_DIR", str(usb))
    found = weights.find_vgg16_weights()
    assert found.available and not found.verified
    assert "differs" in found.reason


def test_kaggle_cache_is_found(sandbox: Path) -> None:
    version = (
        sandbox
        / "kagglehub"
        / "datasets"
        / "joosthazelzet"
        / "lego-brick-images"
        / "versions"
        / "4"
    )
    version.mkdir(parents=True)
    assert cli.lego_kaggle_cache() == version
    assert not cli.kaggle_credentials()


def test_doctor_reports_the_lego_caches(sandbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    done = sandbox / "course" / "lego" / "synthetic" / "v3-64px-2per-seed0-bg255-255-255"
    done.mkdir(parents=True)
    (done / ".complete").write_text("{}")
    (sandbox / "course" / "lego" / "synthetic" / "v3-64px-9per-seed0-bg255-255-255").mkdir()
    assert dispatcher.main(["doctor"]) == 0
    line = next(
        line for line in capsys.readouterr().out.splitlines() if "LEGO renders and copies" in line
    )
    assert "1 rendered sets" in line and "1 unfinished" in line
