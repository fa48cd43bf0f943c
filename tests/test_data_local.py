"""A local real copy (COURSE_DATA_DIR): every accepted form loads as the real dataset, and a
wrong, partial or missing copy gets a sentence naming the file, then the usual fallback,
with nothing deleted. The real datasets are never needed: tests shrink the expected
split sizes and write small copies in each form."""

from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import tarfile
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from course_tools import prefetch as cli
from course_utils.data import cifar10, load_cifar10, load_mnist, local, mnist

N_TRAIN, N_TEST = 20, 10


@pytest.fixture(autouse=True)
def small_datasets(monkeypatch, tmp_path):
    """Expect 20 / 10 images per split instead of the real 60,000 / 10,000, and isolate caches."""
    monkeypatch.setitem(
        local.EXPECTED, "MNIST", {"shape": (28, 28), "train": N_TRAIN, "test": N_TEST}
    )
    monkeypatch.setitem(
        local.EXPECTED, "CIFAR-10", {"shape": (32, 32, 3), "train": N_TRAIN, "test": N_TEST}
    )
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))
    monkeypatch.setenv("COURSE_VERBOSE", "1")  # these tests read the sources' details


def arrays(shape: tuple[int, ...], seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for split, n in (("train", N_TRAIN), ("test", N_TEST)):
        out[f"x_{split}"] = rng.integers(0, 256, (n, *shape), dtype=np.uint8)
        out[f"y_{split}"] = np.arange(n, dtype=np.uint8) % 10
    return out


def write_mnist_npz(folder: Path, data: dict[str, np.ndarray] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "mnist.npz"
    np.savez(path, **(data or arrays((28, 28))))
    return path


def idx_bytes(values: np.ndarray) -> bytes:
    header = bytes([0, 0, 8, values.ndim]) + b"".join(d.to_bytes(4, "big") for d in values.shape)
    return header + values.astype(np.uint8).tobytes()


def write_mnist_idx(folder: Path) -> dict[str, np.ndarray]:
    folder.mkdir(parents=True, exist_ok=True)
    data = arrays((28, 28))
    for stem, key in [
        ("train-images-idx3-ubyte", "x_train"),
        ("train-labels-idx1-ubyte", "y_train"),
        ("t10k-images-idx3-ubyte", "x_test"),
        ("t10k-labels-idx1-ubyte", "y_test"),
    ]:
        (folder / f"{stem}.gz").write_bytes(gzip.compress(idx_bytes(data[key])))
    return data


def batch(x: np.ndarray, y: np.ndarray) -> bytes:
    flat = x.transpose(0, 3, 1, 2).reshape(len(x), -1)
    return pickle.dumps({b"data": flat, b"labels": [int(v) for v in y]})


def write_cifar_archive(folder: Path) -> tuple[Path, dict[str, np.ndarray]]:
    folder.mkdir(parents=True, exist_ok=True)
    data = arrays((32, 32, 3))
    path = folder / local.CIFAR_ARCHIVE
    parts = np.array_split(np.arange(N_TRAIN), 5)
    with tarfile.open(path, "w:gz") as tar:
        members = {
            f"data_batch_{i + 1}": batch(data["x_train"][p], data["y_train"][p])
            for i, p in enumerate(parts)
        }
        members["test_batch"] = batch(data["x_test"], data["y_test"])
        for name, raw in members.items():
            info = tarfile.TarInfo(f"cifar-10-batches-py/{name}")
            info.size = len(raw)
            tar.addfile(info, io.BytesIO(raw))
    return path, data


def png(image: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(image).save(buffer, format="PNG")
    return buffer.getvalue()


def class_folder_files(data: dict[str, np.ndarray]) -> dict[str, bytes]:
    files = {}
    for split in ("train", "test"):
        for i, (image, label) in enumerate(
            zip(data[f"x_{split}"], data[f"y_{split}"], strict=True)
        ):
            files[f"{split}/{local.CIFAR_CLASSES[label]}/{i:04d}.png"] = png(image)
    return files


def sorted_rows(x: np.ndarray) -> np.ndarray:
    return np.sort(x.reshape(len(x), -1), axis=0)


# ----------------------------------------------------------------------- accepted forms


def test_keras_npz_loads_as_the_real_dataset_and_says_it_is_not_verified(
    tmp_path, monkeypatch, capsys
):
    data = arrays((28, 28))
    write_mnist_npz(tmp_path / "usb", data)
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    loaded = load_mnist()
    assert loaded.real and loaded.x_train.shape == (N_TRAIN, 28, 28, 1)
    assert np.array_equal(loaded.x_train[..., 0], data["x_train"])
    out = capsys.readouterr().out
    assert "MNIST: the real dataset (local copy)" in out
    assert "not checksum-verified" in out


def test_the_original_keras_file_is_checksum_verified(tmp_path, monkeypatch, capsys):
    path = write_mnist_npz(tmp_path / "usb" / "mnist")  # the sub-folder form
    monkeypatch.setattr(local, "MNIST_NPZ_SHA256", hashlib.sha256(path.read_bytes()).hexdigest())
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    load_mnist()
    assert "checksum-verified: SHA-256 matches the file Keras downloads" in capsys.readouterr().out


def test_original_idx_files_load_and_are_verified_by_md5(tmp_path, monkeypatch):
    data = write_mnist_idx(tmp_path / "usb")
    sums = {
        stem: hashlib.md5((tmp_path / "usb" / f"{stem}.gz").read_bytes()).hexdigest()
        for stem in local.MNIST_IDX_MD5
    }
    monkeypatch.setattr(local, "MNIST_IDX_MD5", sums)
    copy = local.find_mnist(tmp_path / "usb")
    assert copy is not None and copy.verified and copy.form == "MNIST's original IDX files"
    assert np.array_equal(copy.arrays["y_test"], data["y_test"])


def test_the_original_cifar_archive_loads_and_is_verified_by_md5(tmp_path, monkeypatch, capsys):
    path, data = write_cifar_archive(tmp_path / "usb")
    monkeypatch.setattr(local, "CIFAR_ARCHIVE_MD5", hashlib.md5(path.read_bytes()).hexdigest())
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    loaded = load_cifar10()
    assert loaded.real and loaded.class_names == cifar10.CLASS_NAMES
    assert np.array_equal(loaded.x_train, data["x_train"])
    assert "checksum-verified: MD5 matches the published archive" in capsys.readouterr().out


def test_the_extracted_batches_folder_loads(tmp_path):
    archive, data = write_cifar_archive(tmp_path / "archive")
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "usb", filter="data")
    copy = local.find_cifar10(tmp_path / "usb")
    assert copy is not None and not copy.verified
    assert np.array_equal(copy.arrays["x_test"], data["x_test"])


@pytest.mark.parametrize("form", ["folder", "tar.gz", "zip"])
def test_class_folders_load_shuffled_with_the_right_labels(tmp_path, monkeypatch, form):
    data = arrays((32, 32, 3))
    files = class_folder_files(data)
    usb = tmp_path / "usb"
    if form == "folder":
        for name, raw in files.items():
            (usb / "cifar10" / name).parent.mkdir(parents=True, exist_ok=True)
            (usb / "cifar10" / name).write_bytes(raw)
    elif form == "tar.gz":
        usb.mkdir()
        with tarfile.open(usb / "cifar10_jpg.tar.gz", "w:gz") as tar:
            for name, raw in files.items():
                info = tarfile.TarInfo(name)
                info.size = len(raw)
                tar.addfile(info, io.BytesIO(raw))
    else:
        usb.mkdir()
        with zipfile.ZipFile(usb / "CIFAR10-images.zip", "w") as archive:
            for name, raw in files.items():
                archive.writestr(f"CIFAR10-images/{name}", raw)
    monkeypatch.setenv(local.ENV, str(usb))
    loaded = load_cifar10()
    assert loaded.real and loaded.x_train.shape == (N_TRAIN, 32, 32, 3)
    # the same images and labels, in a seeded shuffle (the folders are sorted by class)
    assert np.array_equal(sorted_rows(loaded.x_train), sorted_rows(data["x_train"]))
    for image, label in zip(loaded.x_test, loaded.y_test, strict=True):
        match = [i for i, x in enumerate(data["x_test"]) if np.array_equal(x, image)]
        assert data["y_test"][match[0]] == label


# ------------------------------------------------------------ wrong and partial copies


def assert_fell_back(out: str, *fragments: str) -> None:
    assert "offline stand-in" in out
    for fragment in fragments:
        assert fragment in out, out


def test_a_truncated_file_is_named_and_the_loader_falls_back(tmp_path, monkeypatch, capsys):
    path = write_mnist_npz(tmp_path / "usb")
    path.write_bytes(path.read_bytes()[:500])
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    loaded = load_mnist()
    assert not loaded.real
    assert_fell_back(
        capsys.readouterr().out,
        "local copy rejected",
        str(path),
        "truncated",
        "nothing was deleted",
    )
    assert path.exists() and path.stat().st_size == 500


def test_wrong_shapes_are_named(tmp_path, monkeypatch, capsys):
    write_mnist_npz(tmp_path / "usb", arrays((32, 32)))
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    assert not load_mnist().real
    assert_fell_back(capsys.readouterr().out, "shape (32, 32); MNIST images are (28, 28)")


def test_a_partial_copy_is_named(tmp_path, monkeypatch, capsys):
    data = arrays((28, 28))
    data["x_train"], data["y_train"] = data["x_train"][:7], data["y_train"][:7]
    write_mnist_npz(tmp_path / "usb", data)
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    assert not load_mnist().real
    assert_fell_back(
        capsys.readouterr().out, "a partial copy: 7 train images; the real MNIST has 20"
    )


def test_a_missing_class_folder_is_named(tmp_path, monkeypatch, capsys):
    files = class_folder_files(arrays((32, 32, 3)))
    for name, raw in files.items():
        if "/truck/" in name and name.startswith("test/"):
            continue
        (tmp_path / "usb" / "cifar10" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "usb" / "cifar10" / name).write_bytes(raw)
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    assert not load_cifar10(n_train=100, n_test=50).real
    assert_fell_back(capsys.readouterr().out, "test/ has no folder for truck")


def test_an_empty_folder_says_so_and_falls_back(tmp_path, monkeypatch, capsys):
    (tmp_path / "usb").mkdir()
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    assert not load_mnist().real
    assert_fell_back(capsys.readouterr().out, "holds no MNIST copy")


def test_a_setting_that_is_not_a_folder_says_so(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(local.ENV, str(tmp_path / "nowhere"))
    assert not load_mnist().real
    assert_fell_back(capsys.readouterr().out, "is not a folder")


def test_a_hostile_pickle_in_a_cifar_batch_is_refused(tmp_path):
    class Exploit:
        def __reduce__(self):
            return (print, ("pwned",))

    folder = tmp_path / "usb" / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
        (folder / name).write_bytes(pickle.dumps({b"data": Exploit(), b"labels": []}))
    with pytest.raises(local.LocalCopyError, match="refusing to load builtins.print"):
        local.find_cifar10(tmp_path / "usb")


def test_source_local_without_a_copy_is_a_clear_error(tmp_path, monkeypatch):
    from course_utils.data import DataUnavailable

    monkeypatch.delenv(local.ENV, raising=False)
    with pytest.raises(DataUnavailable, match="COURSE_DATA_DIR is not set"):
        load_mnist(source="local")


# ------------------------------------------------------- prefetch --to and doctor


def test_prefetch_to_writes_the_original_files_that_load_back(tmp_path, monkeypatch, capsys):
    keras_file = write_mnist_npz(tmp_path / "keras" / "datasets")
    monkeypatch.setattr(
        mnist,
        "SPEC",
        mnist.SPEC.__class__(
            **{
                **mnist.SPEC.__dict__,
                "keras_sha256": hashlib.sha256(keras_file.read_bytes()).hexdigest(),
            }
        ),
    )
    classroom = tmp_path / "classroom"
    cli.prefetch_main(
        [
            "--to",
            str(classroom),
            "--skip",
            "mnist",
            "cifar10",
            "vgg16",
            "vgg16-top",
            "lego",
            "standins",
        ]
    )
    out = capsys.readouterr().out
    assert f"wrote {classroom / 'mnist.npz'}" in out and "COURSE_DATA_DIR=" in out
    assert (classroom / "mnist.npz").read_bytes() == keras_file.read_bytes()
    assert not list(classroom.glob("*.partial"))
    monkeypatch.setenv(local.ENV, str(classroom))
    assert load_mnist().real


def test_doctor_shows_local_copies_and_plans_with_them(tmp_path, monkeypatch, capsys):
    write_mnist_npz(tmp_path / "usb")
    monkeypatch.setenv(local.ENV, str(tmp_path / "usb"))
    cli.doctor_main(["--no-network"])
    out = capsys.readouterr().out
    assert "MNIST (local copy)" in out and "checked, not checksum-verified" in out
    assert "real MNIST from the local copy" in out
    assert "CIFAR-10 (local copy)" in out and "absent" in out
