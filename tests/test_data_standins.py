"""The offline stand-ins: shapes, dtypes, ranges, determinism, caching and honest labelling."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from course_utils.data import cifar10, load_cifar10, load_mnist, shapes10, standins, uci_digits


@pytest.fixture(scope="module")
def module_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the module, so the MNIST stand-in is made once, not per test."""
    return tmp_path_factory.mktemp("course-cache")


@pytest.fixture
def offline(module_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(module_cache))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    monkeypatch.setenv("COURSE_VERBOSE", "1")  # these tests read the stand-ins' details
    return module_cache


# --------------------------------------------------------------------------- MNIST stand-in


def test_mnist_standin_is_labelled_and_shaped_like_mnist(
    offline: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load_mnist()
    out = capsys.readouterr().out
    assert "MNIST: offline stand-in" in out and "not the real dataset" in out
    assert "how it differs from MNIST" in out
    assert not data.real and data.metadata["standin"] is True
    assert data.metadata["differences"] == uci_digits.DIFFERENCES
    assert data.x_train.shape[1:] == (28, 28, 1) and data.x_test.shape[1:] == (28, 28, 1)
    assert data.x_train.dtype == np.uint8 and data.y_train.dtype == np.int64
    assert data.num_train + data.num_test == 1797
    assert data.class_names == tuple("0123456789")
    assert set(np.unique(data.y_train)) == set(range(10)) == set(np.unique(data.y_test))
    assert int(data.x_train.max()) == 255 and int(data.x_train.min()) == 0


def test_mnist_standin_geometry_matches_mnist(offline: Path) -> None:
    """Digit in a 20x20 box, centred by mass in 28x28, white ink on black."""
    from scipy import ndimage

    x = load_mnist(n_train=200).x_train[..., 0].astype(np.float64)
    border = np.concatenate(
        [x[:, :2].ravel(), x[:, -2:].ravel(), x[:, :, :2].ravel(), x[:, :, -2:].ravel()]
    )
    assert border.max() == 0  # black background (MNIST's 4-px margin)
    for image in x:
        cy, cx = ndimage.center_of_mass(image)
        assert abs(cy - 13.5) < 1.0 and abs(cx - 13.5) < 1.0
        rows, cols = np.flatnonzero(image.max(1) > 0), np.flatnonzero(image.max(0) > 0)
        assert rows[-1] - rows[0] + 1 <= 22 and cols[-1] - cols[0] + 1 <= 22
    assert (x > 127).mean() > 0.08  # there is ink, not a faint blur


def test_mnist_standin_split_is_deterministic_and_disjoint() -> None:
    a, b = uci_digits.make_splits(), uci_digits.make_splits()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    train = {row.tobytes() for row in a["x_train"]}
    assert not any(row.tobytes() in train for row in a["x_test"][:100])


def test_mnist_standin_is_cached_after_first_use(
    offline: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_mnist(n_train=10)
    capsys.readouterr()
    data = load_mnist(n_train=10, n_test=5)
    assert "loaded from the cache" in capsys.readouterr().out
    assert data.num_train == 10 and data.num_test == 5


# --------------------------------------------------------------------------- CIFAR-10 stand-in


def test_shapes10_images_and_labels() -> None:
    x, y = shapes10.render(600, seed=3)
    assert x.shape == (600, 32, 32, 3) and x.dtype == np.uint8
    assert y.dtype == np.int64 and set(np.unique(y)) == set(range(10))
    counts = np.bincount(y[:500], minlength=10)
    assert (counts == 50).all()  # every chunk of 500 is balanced
    assert x.std() > 30 and 60 < x.mean() < 200  # colourful, not blank or saturated


def test_shapes10_colour_is_only_a_weak_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    assert 0 < shapes10.COLOUR_CUE <= 0.5
    # Without the cue, colour carries no label: the class means of each channel agree.
    monkeypatch.setattr(shapes10, "COLOUR_CUE", 0.0)
    x, y = shapes10.render(1000, seed=5)
    means = np.array([x[y == c].mean(axis=(0, 1, 2)) for c in range(10)])
    assert np.ptp(means, axis=0).max() < 25


def test_shapes10_is_deterministic_and_prefix_stable() -> None:
    a, ya = shapes10.render(700, seed=0)
    b, yb = shapes10.render(700, seed=0)
    np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(ya, yb)
    c, yc = shapes10.render(300, seed=0)
    np.testing.assert_array_equal(a[:300], c)  # a shorter request is a prefix
    d, _ = shapes10.render(200, seed=0, start=500)
    np.testing.assert_array_equal(a[500:700], d)  # and a later chunk renders alone
    e, _ = shapes10.render(300, seed=1)
    assert np.abs(a[:300].astype(int) - e).mean() > 20  # another seed, other images
    with pytest.raises(ValueError):
        shapes10.render(10, start=3)


def test_shapes10_class_names_are_not_cifar() -> None:
    assert len(shapes10.CLASS_NAMES) == 10 == len(set(shapes10.CLASS_NAMES))
    assert not set(shapes10.CLASS_NAMES) & set(cifar10.CLASS_NAMES)


def test_cifar_standin_is_labelled_sized_and_extended(
    offline: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = load_cifar10(n_train=500, n_test=500)
    out = capsys.readouterr().out
    assert "CIFAR-10: offline stand-in (Shapes-10" in out and "not the real dataset" in out
    assert not data.real and data.class_names == shapes10.CLASS_NAMES
    assert data.x_train.shape == (500, 32, 32, 3) and data.x_test.shape == (500, 32, 32, 3)
    assert data.y_train.dtype == np.int64
    more = load_cifar10(n_train=1000, n_test=500)
    assert "rendered in" in capsys.readouterr().out  # only the missing images are rendered
    np.testing.assert_array_equal(more.x_train[:500], data.x_train)
    again = load_cifar10(n_train=800, n_test=100)
    assert "loaded from the cache" in capsys.readouterr().out
    np.testing.assert_array_equal(again.x_train, more.x_train[:800])
    expected, _ = shapes10.render(800, seed=cifar10.TRAIN_SEED)
    np.testing.assert_array_equal(again.x_train, expected)
    # Train and test are different images.
    assert not np.array_equal(again.x_test[:10], again.x_train[:10])


def test_cifar_standin_tf_data_like_tfds(offline: Path) -> None:
    import tensorflow as tf

    ds_train, ds_test = load_cifar10(n_train=64, n_test=32).datasets()
    image, label = next(iter(ds_train))
    assert image.shape == (32, 32, 3) and image.dtype == tf.uint8 and label.dtype == tf.int64
    assert int(ds_test.cardinality()) == 32


# --------------------------------------------------------------------------- the cache


def test_cache_roundtrip_and_corruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    made = []

    def make(cached: object) -> dict[str, np.ndarray]:
        made.append(cached)
        return {"x": np.arange(1000, dtype=np.int64)}

    arrays, info = standins.load_or_make("demo", 1, make)
    assert not info["cached"] and len(made) == 1
    data_path, manifest_path = standins.paths("demo", 1)
    manifest = json.loads(manifest_path.read_text())
    assert manifest["sha256"] and manifest["generator_version"] == 1
    arrays, info = standins.load_or_make("demo", 1, make)
    assert info["cached"] and len(made) == 1
    np.testing.assert_array_equal(arrays["x"], np.arange(1000))

    # A partial file (truncated) is detected by its checksum and made again, never loaded.
    data_path.write_bytes(data_path.read_bytes()[:300])
    arrays, info = standins.load_or_make("demo", 1, make)
    assert not info["cached"] and len(made) == 2 and "corrupt or partial" in info["note"]
    np.testing.assert_array_equal(arrays["x"], np.arange(1000))
    # A flipped byte too.
    raw = bytearray(data_path.read_bytes())
    raw[-20] ^= 0xFF
    data_path.write_bytes(bytes(raw))
    assert standins.read_cached("demo", 1)[0] is None
    standins.load_or_make("demo", 1, make)
    assert len(made) == 3
    # A newer generator version never reads an older file.
    standins.load_or_make("demo", 2, make)
    assert len(made) == 4
    assert not list(tmp_path.rglob("*.tmp"))


def test_corrupt_cifar_standin_is_rerendered(
    offline: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    load_cifar10(n_train=100, n_test=100)
    data_path, _ = standins.paths(cifar10.STANDIN_NAME, shapes10.GENERATOR_VERSION)
    data_path.write_bytes(b"garbage")
    capsys.readouterr()
    data = load_cifar10(n_train=100, n_test=100)
    out = capsys.readouterr().out
    assert "corrupt or partial" in out and "made again" in out
    expected, _ = shapes10.render(100, seed=cifar10.TRAIN_SEED)
    np.testing.assert_array_equal(data.x_train, expected)


def test_cache_location_respects_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COURSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "kh"))
    assert standins.paths("x", 1)[0].parent == tmp_path / "kh" / "nn-vision-course" / "standins"
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "ours"))
    assert standins.paths("x", 1)[0].parent == tmp_path / "ours" / "standins"


def test_a_failed_cache_write_leaves_no_temporary_file_and_still_returns_the_data(
    tmp_path, monkeypatch
):
    """A full disk left shapes10-v2.npz.<pid>.tmp behind on every attempt, and no data."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))

    def full_disk(handle, **arrays):
        handle.write(b"partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(standins.np, "savez", full_disk)
    with pytest.warns(UserWarning, match="No space left on device"):
        arrays, info = standins.load_or_make("demo", 1, lambda cached: {"x": np.arange(3)})
    np.testing.assert_array_equal(arrays["x"], np.arange(3))
    assert "not cached" in info["note"]
    folder = standins.paths("demo", 1)[0].parent
    assert not list(folder.glob("*.tmp"))


@pytest.mark.parametrize("damage", ["list manifest", "directory", "missing key"])
def test_a_damaged_cache_is_made_again_not_a_crash(damage, tmp_path, monkeypatch):
    """The fault probe's `[1,2,3]` manifest, npz-as-folder and checksum-consistent wrong
    content each crashed every later load (and doctor)."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    make = lambda cached: {"x_train": np.arange(4), "x_test": np.arange(2)}  # noqa: E731
    standins.load_or_make("demo", 1, make)
    data_path, manifest_path = standins.paths("demo", 1)
    if damage == "list manifest":
        manifest_path.write_text("[1, 2, 3]")
    elif damage == "directory":
        data_path.unlink()
        data_path.mkdir()
    else:
        with open(data_path, "wb") as handle:
            np.savez(handle, x_train=np.arange(4))
        manifest = json.loads(manifest_path.read_text())
        manifest["sha256"] = standins.sha256_of(data_path)
        manifest_path.write_text(json.dumps(manifest))
    cached, reason = standins.read_cached("demo", 1)
    assert cached is None and reason
    if damage != "directory":
        arrays, info = standins.load_or_make("demo", 1, make)
        assert sorted(arrays) == ["x_test", "x_train"] and "made again" in info["note"]
