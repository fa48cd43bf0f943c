"""``lego_folder`` and the folder checks: every source, the held-out test split, and bad
folders handled or rejected."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from course_utils.lego import CLASS_NAMES
from course_utils.lego.dataset import (
    LegoDataError,
    LegoSourceError,
    find_class_root,
    inspect_folder,
    lego_folder,
)


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache and kagglehub cache in tmp, network off: no test touches the user's files."""
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KAGGLEHUB_CACHE", str(tmp_path / "kagglehub"))
    monkeypatch.setenv("COURSE_OFFLINE", "1")


def _save(path: Path, array: np.ndarray, mode: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(array, mode).save(path)


def _rgba_part(size: int = 16) -> np.ndarray:
    """A mid-grey square on a fully transparent (black, alpha 0) background, like Kaggle."""
    image = np.zeros((size, size, 4), dtype=np.uint8)
    image[size // 4 : 3 * size // 4, size // 4 : 3 * size // 4] = (120, 120, 120, 255)
    return image


def _rgb_folder(root: Path, classes: int = 3, per_class: int = 5, size: int = 16) -> Path:
    rng = np.random.default_rng(0)
    for c in range(classes):
        for i in range(per_class):
            _save(
                root / f"class{c}" / f"{i}.png",
                rng.integers(0, 255, (size, size, 3), dtype=np.uint8),
            )
    return root


def _pixels(folder: Path, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every image of a ``<class>/<images>`` folder as Keras reads it, and the labels."""
    import keras

    data = keras.utils.image_dataset_from_directory(
        folder, image_size=(size, size), batch_size=None, shuffle=False, verbose=False
    )
    items = [(x.numpy(), int(y)) for x, y in data]
    return np.stack([x for x, _ in items]), np.array([y for _, y in items])


def test_rgba_images_are_composited_onto_the_background(tmp_path: Path) -> None:
    for c in ("a", "b"):
        for i in range(5):
            _save(tmp_path / "data" / c / f"{i}.png", _rgba_part())
    lego = lego_folder(tmp_path / "data", background=(250, 250, 250))
    images = np.concatenate([_pixels(lego.train_dir, 16)[0], _pixels(lego.test_dir, 16)[0]])
    assert images.shape == (10, 16, 16, 3)
    np.testing.assert_allclose(images[:, 0, 0], 250)  # corner: background, not black
    np.testing.assert_allclose(images[:, 8, 8], 120)  # the part keeps its grey


def test_grayscale_and_mixed_sizes_are_handled(tmp_path: Path) -> None:
    root = tmp_path / "data"
    for i in range(2):
        _save(root / "a" / f"{i}.png", np.full((20, 30), 90, dtype=np.uint8), "L")
        _save(root / "a" / f"{i}.jpg", np.full((40, 40, 3), 90, dtype=np.uint8))
        _save(root / "b" / f"{i}.png", np.full((12, 12), 200, dtype=np.uint8), "L")
        _save(root / "b" / f"{i}x.png", np.full((64, 48, 3), 200, dtype=np.uint8))
    report = inspect_folder(root)
    assert len(report.sizes) == 4 and report.modes == {"L": 4, "RGB": 4}
    lego = lego_folder(root, test_fraction=0.25)
    for folder in (lego.train_dir, lego.test_dir):
        images, labels = _pixels(folder, 24)
        assert images.shape[1:] == (24, 24, 3)
        for image, label in zip(images, labels, strict=True):
            assert abs(image.mean() - (90 if label == 0 else 200)) < 3


def test_stray_files_are_ignored_and_reported(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    (root / "class0" / "notes.txt").write_text("not an image")
    (root / "class1" / ".DS_Store").write_bytes(b"\x00\x01")
    report = inspect_folder(root)
    assert report.total == 15 and len(report.ignored) == 2
    assert "2 non-image files ignored" in report.summary()


def test_empty_class_folder_is_rejected(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    (root / "empty_class").mkdir()
    (root / "empty_class" / "readme.txt").write_text("nothing here")
    with pytest.raises(LegoDataError, match="'empty_class'.*has no images"):
        lego_folder(root)


def test_broken_image_is_rejected_by_name(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    (root / "class2" / "broken.png").write_bytes(b"this is not a png")
    with pytest.raises(LegoDataError, match="broken.png.*not a readable image"):
        inspect_folder(root)
    with pytest.raises(LegoDataError, match="broken.png"):
        lego_folder(root)


def test_folder_without_class_subfolders_is_rejected(tmp_path: Path) -> None:
    _save(tmp_path / "flat" / "0.png", np.zeros((8, 8, 3), dtype=np.uint8))
    with pytest.raises(LegoDataError, match="one sub-folder per"):
        inspect_folder(tmp_path / "flat")
    with pytest.raises(LegoDataError, match="not a folder"):
        inspect_folder(tmp_path / "missing")


def test_the_test_split_is_held_out_per_class_and_never_in_training(tmp_path: Path) -> None:
    """Every class keeps a fifth of its images for the test; no file is in both parts."""
    root = _rgb_folder(tmp_path / "data", classes=3, per_class=10)
    lego = lego_folder(root, seed=7)
    assert lego.class_names == ["class0", "class1", "class2"]
    assert len(lego.test_files) == 6 and len(lego.train_files) == 24
    assert not set(lego.test_files) & set(lego.train_files)
    for name in lego.class_names:
        assert sum(f.startswith(name + "/") for f in lego.test_files) == 2
    on_disk = sorted(p.relative_to(lego.test_dir).as_posix() for p in lego.test_dir.rglob("*.png"))
    assert on_disk == sorted(lego.test_files)
    # The user's folder is untouched, and the split is the same every time for one seed.
    assert len(list((root / "class0").iterdir())) == 10
    again = lego_folder(root, seed=7)
    assert again.test_files == lego.test_files and again.split_id == lego.split_id
    assert lego_folder(root, seed=8).split_id != lego.split_id


def test_keras_reads_the_folders_with_the_class_names_in_order(tmp_path: Path) -> None:
    """The notebook's own call: a validation split of train_dir, and test_dir as it is."""
    import keras

    root = tmp_path / "data"
    for c in ("x", "y", "z"):
        for i in range(10):
            _save(root / c / f"{i}.png", _rgba_part(8))
    lego = lego_folder(root, seed=7)
    train, val = keras.utils.image_dataset_from_directory(
        lego.train_dir,
        validation_split=0.25,
        subset="both",
        seed=7,
        image_size=(8, 8),
        verbose=False,
    )
    test = keras.utils.image_dataset_from_directory(
        lego.test_dir, image_size=(8, 8), shuffle=False, verbose=False
    )
    assert train.class_names == test.class_names == lego.class_names == ["x", "y", "z"]
    assert len(train.file_paths) + len(val.file_paths) == 24 and len(test.file_paths) == 6


def test_kaggle_fails_fast_and_clearly_offline() -> None:
    start = time.monotonic()
    with pytest.raises(LegoSourceError) as error:
        lego_folder("kaggle")
    assert time.monotonic() - start < 5
    message = str(error.value)
    assert "COURSE_OFFLINE" in message and "source='synthetic'" in message


def _kaggle_download(root: Path, per_class: int = 3) -> Path:
    nested = root / "versions" / "4" / "LEGO brick images v1"
    for name in CLASS_NAMES:
        for i in range(per_class):
            _save(nested / name / f"{i:03d}.png", _rgba_part(16))
    return nested


def test_kaggle_uses_an_existing_download(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = _kaggle_download(
        tmp_path / "kagglehub" / "datasets" / "joosthazelzet" / "lego-brick-images"
    )
    assert find_class_root(tmp_path / "kagglehub") == nested
    lego = lego_folder("kaggle")
    assert lego.class_names == list(CLASS_NAMES) and lego.real
    out = capsys.readouterr().out
    assert "the real dataset" in out and "Kaggle" in out and len(out.strip().splitlines()) == 1
    corner = _pixels(lego.train_dir, 16)[0][0, 0, 0]
    np.testing.assert_allclose(corner, 255)  # composited onto white, not black


def test_auto_finds_a_complete_copy_in_course_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local copy with all 16 classes counts; a reference folder of a few classes does not."""
    data = tmp_path / "shared-data"
    for name in CLASS_NAMES[:12]:  # like a visual reference: 12 classes, 3 images
        _save(data / "lego_reference" / name / "0001.png", _rgba_part(8))
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    assert not lego_folder("auto", per_class=3, render_size=16, workers=1).real
    _kaggle_download(data / "lego")
    lego = lego_folder("auto")
    assert lego.real and lego.class_names == list(CLASS_NAMES)


def test_synthetic_source_renders_into_the_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lego = lego_folder("synthetic", per_class=5, render_size=32, workers=1)
    assert lego.class_names == list(CLASS_NAMES) and not lego.real
    assert len(lego.train_files) + len(lego.test_files) == 16 * 5
    out = capsys.readouterr().out
    assert "offline stand-in" in out and "rendered in" in out
    rendered = sorted((tmp_path / "cache" / "lego" / "synthetic").glob("*/*/*.png"))
    assert len(rendered) == 80
    # A second call reuses the cache instead of rendering again, and says so.
    before = rendered[0].stat().st_mtime_ns
    lego_folder("synthetic", per_class=5, render_size=32, workers=1)
    assert rendered[0].stat().st_mtime_ns == before
    assert "renders from the cache" in capsys.readouterr().out


def test_auto_falls_back_to_synthetic_offline_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lego = lego_folder("auto", per_class=5, render_size=24, workers=1)
    lines = [
        line for line in capsys.readouterr().out.splitlines() if not line.startswith("rendering")
    ]
    assert len(lines) == 1 and "offline stand-in" in lines[0]
    assert len(lego.class_names) == 16


def test_a_path_to_the_kaggle_download_finds_its_class_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    download = tmp_path / "download"
    for name in CLASS_NAMES:
        _save(download / "LEGO brick images v1" / name / "000.png", _rgba_part(8))
        _save(download / "LEGO brick images v1" / name / "001.png", _rgba_part(8))
    (download / "dataset").mkdir()  # the later, 50-class release sits beside it
    lego = lego_folder(download)
    assert lego.class_names == list(CLASS_NAMES) and lego.real
    assert "Kaggle" in capsys.readouterr().out


def test_kaggle_without_kagglehub_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setitem(sys.modules, "kagglehub", None)  # makes `import kagglehub` fail
    start = time.monotonic()
    with pytest.raises(LegoSourceError, match="pip install kagglehub"):
        lego_folder("kaggle")
    assert time.monotonic() - start < 5


def _fake_kagglehub(monkeypatch: pytest.MonkeyPatch, download: object, reachable: bool) -> None:
    import sys
    import types

    from course_utils.data import network

    monkeypatch.delenv("COURSE_OFFLINE")
    fake = types.ModuleType("kagglehub")
    fake.dataset_download = download  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kagglehub", fake)
    reason = "reachable" if reachable else "unreachable (simulated)"
    monkeypatch.setattr(
        network,
        "check",
        lambda host, *a, **k: network.Reachability(reachable, host, f"{host} is {reason}"),
    )


def test_kaggle_with_the_network_down_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_kagglehub(
        monkeypatch, lambda handle: pytest.fail("must not try to download"), reachable=False
    )
    start = time.monotonic()
    with pytest.raises(LegoSourceError, match="cannot be reached.*source='synthetic'"):
        lego_folder("kaggle")
    assert time.monotonic() - start < 5


def test_kaggle_download_error_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(handle: str) -> str:
        raise PermissionError("401 Unauthorized")

    _fake_kagglehub(monkeypatch, refuse, reachable=True)
    with pytest.raises(LegoSourceError, match="401 Unauthorized.*kaggle.json"):
        lego_folder("kaggle")


def test_per_class_draws_the_same_random_subset_of_a_real_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _rgb_folder(tmp_path / "data", classes=3, per_class=10)
    lego = lego_folder(root, per_class=5, seed=3)
    assert lego.real and len(lego.train_files) + len(lego.test_files) == 15
    assert "at most 5 per class" in capsys.readouterr().out
    assert len(list((root / "class0").iterdir())) == 10
    assert lego_folder(root, per_class=5, seed=3).split_id == lego.split_id
    assert lego_folder(root, per_class=6, seed=3).split_id != lego.split_id


def test_renders_of_one_seed_share_a_split_at_every_size() -> None:
    """Renders depend on (seed, class, index) only: 05 at 80 px and 06 at 64 px test on
    the same views, so their results can be compared."""
    small = lego_folder("synthetic", per_class=5, render_size=32, workers=1)
    assert small.real is False and len(small.test_files) == 16
    assert all(name.split("/")[0] in CLASS_NAMES for name in small.test_files)
    bigger = lego_folder("synthetic", per_class=5, render_size=40, workers=1)
    assert bigger.split_id == small.split_id
    assert (
        lego_folder("synthetic", per_class=6, render_size=32, workers=1).split_id != small.split_id
    )


def test_bad_sizes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        lego_folder(_rgb_folder(tmp_path / "data"), per_class=1)
    with pytest.raises(ValueError, match="test_fraction"):
        lego_folder(tmp_path / "data", test_fraction=1.0)


# --- Faults a user meets (../shared/reviews/bad-input-and-faults.md) --------------------


def test_a_truncated_image_is_named_when_the_folder_is_inspected(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data", size=64)
    _save(root / "class1" / "cut.png", _rgba_part(64))
    data = (root / "class1" / "cut.png").read_bytes()
    (root / "class1" / "cut.png").write_bytes(data[: len(data) // 2])
    with pytest.raises(LegoDataError, match="cut.png"):
        inspect_folder(root)


def test_macos_appledouble_files_are_ignored(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    (root / "class0" / "._0.png").write_bytes(b"\x00\x05\x16\x07 AppleDouble")
    report = inspect_folder(root)
    assert report.total == 15 and root / "class0" / "._0.png" in report.ignored


def test_images_beside_the_class_folders_are_counted_as_ignored(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    _save(root / "loose.png", np.zeros((16, 16, 3), np.uint8))
    assert root / "loose.png" in inspect_folder(root).ignored


def test_a_tiff_saved_as_png_is_converted_for_tensorflow(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    Image.fromarray(np.full((16, 16, 3), 200, np.uint8)).save(
        root / "class2" / "tiff.png", format="TIFF"
    )
    assert root / "class2" / "tiff.png" in inspect_folder(root).needs_conversion
    lego = lego_folder(root)
    assert len(_pixels(lego.train_dir, 16)[0]) + len(_pixels(lego.test_dir, 16)[0]) == 16


def test_a_decompression_bomb_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _rgb_folder(tmp_path / "data", size=64)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # 64x64 = 4,096 > 2 x 1,000
    with pytest.raises(LegoDataError, match=r"class0/0.png .*DecompressionBombError"):
        inspect_folder(root)


def test_a_changed_file_makes_a_new_prepared_copy(tmp_path: Path) -> None:
    """The probe replaced b/0.png (blue to green) and the loader kept serving the old blue."""
    root = tmp_path / "data"
    for c in ("a", "b"):
        for i in range(3):
            _save(root / c / f"{i}.png", _rgba_part())
    _save(root / "b" / "0.png", np.full((16, 16, 3), (0, 0, 255), np.uint8))
    lego_folder(root)
    time.sleep(0.01)
    _save(root / "b" / "0.png", np.full((16, 16, 3), (0, 255, 0), np.uint8))
    lego = lego_folder(root)
    images = np.concatenate([_pixels(lego.train_dir, 16)[0], _pixels(lego.test_dir, 16)[0]])
    pixels = [tuple(image[0, 0]) for image in images]
    assert (0.0, 255.0, 0.0) in pixels and (0.0, 0.0, 255.0) not in pixels


def test_a_damaged_render_is_rendered_again(tmp_path: Path) -> None:
    from course_utils.lego.dataset import synthetic_folder

    folder = synthetic_folder(2, 32, seed=3, progress=False, workers=1)
    victim = folder / CLASS_NAMES[4] / "0001.png"
    good = victim.read_bytes()
    victim.write_bytes(good[:100])
    (folder / CLASS_NAMES[0] / "0000.png").unlink()
    again = synthetic_folder(2, 32, seed=3, progress=False, workers=1)
    assert again == folder and victim.read_bytes() == good
    assert (folder / CLASS_NAMES[0] / "0000.png").is_file()


def test_two_processes_rendering_one_set_cannot_mix_it(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "from course_utils.lego.dataset import synthetic_folder;"
        "print(synthetic_folder(6, 32, seed=5, progress=False, workers=1))"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        for _ in range(2)
    ]
    folders = {run.communicate(timeout=300)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs) and len(folders) == 1
    folder = Path(folders.pop())
    assert len(list(folder.glob("*/*.png"))) == 6 * len(CLASS_NAMES)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    for path in folder.glob("*/*.png"):
        with Image.open(path) as image:
            image.load()
