"""``load_lego`` and the folder checks: every source, and bad folders handled or rejected."""

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
    load_lego,
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
    image[size // 4: 3 * size // 4, size // 4: 3 * size // 4] = (120, 120, 120, 255)
    return image


def _rgb_folder(root: Path, classes: int = 3, per_class: int = 5, size: int = 16) -> Path:
    rng = np.random.default_rng(0)
    for c in range(classes):
        for i in range(per_class):
            _save(root / f"class{c}" / f"{i}.png",
                  rng.integers(0, 255, (size, size, 3), dtype=np.uint8))
    return root


def test_rgba_images_are_composited_onto_the_background(tmp_path: Path) -> None:
    for c in ("a", "b"):
        for i in range(5):
            _save(tmp_path / "data" / c / f"{i}.png", _rgba_part())
    train, val = load_lego(tmp_path / "data", image_size=(16, 16), batch_size=None,
                           background=(250, 250, 250))
    images = np.stack([x.numpy() for x, _ in train.concatenate(val)])
    assert images.shape == (10, 16, 16, 3)
    np.testing.assert_allclose(images[:, 0, 0], 250)  # corner: background, not black
    np.testing.assert_allclose(images[:, 8, 8], 120)  # the part keeps its grey


def test_grayscale_and_mixed_sizes_are_handled(tmp_path: Path) -> None:
    root = tmp_path / "data"
    _save(root / "a" / "0.png", np.full((20, 30), 90, dtype=np.uint8), "L")
    _save(root / "a" / "1.jpg", np.full((40, 40, 3), 90, dtype=np.uint8))
    _save(root / "b" / "0.png", np.full((12, 12), 200, dtype=np.uint8), "L")
    _save(root / "b" / "1.png", np.full((64, 48, 3), 200, dtype=np.uint8))
    report = inspect_folder(root)
    assert len(report.sizes) == 4 and report.modes == {"L": 2, "RGB": 2}
    train, val = load_lego(root, image_size=(24, 24), batch_size=None, validation_split=0.25)
    items = [(x.numpy(), int(y)) for x, y in train.concatenate(val)]
    assert len(items) == 4
    for image, label in items:
        assert image.shape == (24, 24, 3)
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
        load_lego(root, image_size=(16, 16))


def test_broken_image_is_rejected_by_name(tmp_path: Path) -> None:
    root = _rgb_folder(tmp_path / "data")
    (root / "class2" / "broken.png").write_bytes(b"this is not a png")
    with pytest.raises(LegoDataError, match="broken.png.*not a readable image"):
        inspect_folder(root)


def test_folder_without_class_subfolders_is_rejected(tmp_path: Path) -> None:
    _save(tmp_path / "flat" / "0.png", np.zeros((8, 8, 3), dtype=np.uint8))
    with pytest.raises(LegoDataError, match="one sub-folder per"):
        inspect_folder(tmp_path / "flat")
    with pytest.raises(LegoDataError, match="not a folder"):
        inspect_folder(tmp_path / "missing")


def test_split_matches_keras_on_the_original_folder(tmp_path: Path) -> None:
    """Converted copies keep their names, so the split is Keras's own split."""
    import keras

    root = tmp_path / "data"
    for c in ("x", "y", "z"):
        for i in range(10):
            _save(root / c / f"{i}.png", _rgba_part(8))
    train, val = load_lego(root, image_size=(8, 8), seed=7)
    k_train, k_val = keras.utils.image_dataset_from_directory(
        str(root), validation_split=0.2, subset="both", seed=7, image_size=(8, 8), verbose=False)
    rel = lambda paths: [Path(p).relative_to(Path(p).parents[1]).as_posix() for p in paths]  # noqa: E731
    assert rel(train.file_paths) == rel(k_train.file_paths)
    assert rel(val.file_paths) == rel(k_val.file_paths)
    assert train.class_names == ["x", "y", "z"]


def test_kaggle_fails_fast_and_clearly_offline() -> None:
    start = time.monotonic()
    with pytest.raises(LegoSourceError) as error:
        load_lego("kaggle")
    assert time.monotonic() - start < 5
    message = str(error.value)
    assert "COURSE_OFFLINE" in message and "source='synthetic'" in message


def test_kaggle_uses_an_existing_download(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    nested = tmp_path / "kagglehub" / "datasets" / "joosthazelzet" / "lego-brick-images" / \
        "versions" / "4" / "LEGO brick images v1"
    for name in CLASS_NAMES:
        for i in range(3):
            _save(nested / name / f"{i:03d}.png", _rgba_part(16))
    assert find_class_root(tmp_path / "kagglehub") == nested
    train, val = load_lego("kaggle", image_size=(16, 16), batch_size=None)
    assert train.class_names == list(CLASS_NAMES)
    out = capsys.readouterr().out
    assert "the real dataset" in out and "Kaggle" in out
    corner = next(iter(train))[0].numpy()[0, 0]
    np.testing.assert_allclose(corner, 255)  # composited onto white, not black


def test_synthetic_source_renders_into_the_cache(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    train, val = load_lego("synthetic", image_size=(32, 32), per_class=5, workers=1,
                           progress=False, batch_size=None)
    assert train.class_names == list(CLASS_NAMES)
    assert len(list(train)) + len(list(val)) == 16 * 5
    assert "offline stand-in" in capsys.readouterr().out
    rendered = sorted((tmp_path / "cache" / "lego" / "synthetic").glob("*/*/*.png"))
    assert len(rendered) == 80
    # A second call reuses the cache instead of rendering again.
    before = rendered[0].stat().st_mtime_ns
    load_lego("synthetic", image_size=(32, 32), per_class=5, workers=1, progress=False)
    assert rendered[0].stat().st_mtime_ns == before


def test_auto_falls_back_to_synthetic_offline(capsys: pytest.CaptureFixture[str]) -> None:
    train, _ = load_lego("auto", image_size=(24, 24), per_class=5, workers=1, progress=False)
    out = capsys.readouterr().out
    assert "using the synthetic renders" in out and "offline stand-in" in out
    assert len(train.class_names) == 16


def test_a_path_to_the_kaggle_download_finds_its_class_folders(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    download = tmp_path / "download"
    for name in CLASS_NAMES:
        _save(download / "LEGO brick images v1" / name / "000.png", _rgba_part(8))
        _save(download / "LEGO brick images v1" / name / "001.png", _rgba_part(8))
    (download / "dataset").mkdir()  # the later, 50-class release sits beside it
    train, _ = load_lego(download, image_size=(8, 8))
    assert train.class_names == list(CLASS_NAMES)
    assert "Kaggle" in capsys.readouterr().out


def test_kaggle_without_kagglehub_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    import sys

    monkeypatch.delenv("COURSE_OFFLINE")
    monkeypatch.setitem(sys.modules, "kagglehub", None)  # makes `import kagglehub` fail
    start = time.monotonic()
    with pytest.raises(LegoSourceError, match="pip install kagglehub"):
        load_lego("kaggle")
    assert time.monotonic() - start < 5


def test_kaggle_with_the_network_down_fails_fast(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from course_utils.data import network

    monkeypatch.delenv("COURSE_OFFLINE")
    fake = types.ModuleType("kagglehub")
    fake.dataset_download = lambda handle: pytest.fail("must not try to download")  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kagglehub", fake)
    monkeypatch.setattr(network, "check", lambda host, *a, **k: network.Reachability(
        False, host, f"{host} is unreachable (simulated)"))
    start = time.monotonic()
    with pytest.raises(LegoSourceError, match="cannot be reached.*source='synthetic'"):
        load_lego("kaggle")
    assert time.monotonic() - start < 5


def test_kaggle_download_error_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from course_utils.data import network

    monkeypatch.delenv("COURSE_OFFLINE")
    fake = types.ModuleType("kagglehub")

    def refuse(handle: str) -> str:
        raise PermissionError("401 Unauthorized")

    fake.dataset_download = refuse  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kagglehub", fake)
    monkeypatch.setattr(network, "check", lambda host, *a, **k: network.Reachability(
        True, host, "reachable"))
    with pytest.raises(LegoSourceError, match="401 Unauthorized.*kaggle.json"):
        load_lego("kaggle")


def test_per_class_takes_the_same_random_subset_of_a_real_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _rgb_folder(tmp_path / "data", classes=3, per_class=10)
    train, val, info = load_lego(root, image_size=(16, 16), batch_size=None, per_class=4,
                                 seed=3, with_info=True)
    assert info.real and info.per_class == {"class0": 4, "class1": 4, "class2": 4}
    assert len(list(train)) + len(list(val)) == 12
    assert "at most 4 images per class" in capsys.readouterr().out
    # The user's folder is untouched; the same seed draws the same files again.
    assert len(list((root / "class0").iterdir())) == 10
    again = load_lego(root, image_size=(16, 16), per_class=4, seed=3, with_info=True)[2]
    assert again.validation_files == info.validation_files
    assert again.split_id == info.split_id
    other_seed = load_lego(root, image_size=(16, 16), per_class=4, seed=4, with_info=True)[2]
    assert other_seed.split_id != info.split_id


def test_info_says_whether_the_images_are_real_and_fingerprints_the_split(tmp_path: Path) -> None:
    _, val, info = load_lego("synthetic", image_size=(32, 32), per_class=5, workers=1,
                             progress=False, batch_size=None, with_info=True)
    assert info.real is False and info.class_names == list(CLASS_NAMES)
    assert len(info.validation_files) == len(list(val)) == 16
    assert all(name.split("/")[0] in CLASS_NAMES for name in info.validation_files)
    # Another render size of the same seed: the same views, so the same split.
    bigger = load_lego("synthetic", image_size=(40, 40), per_class=5, workers=1,
                       progress=False, with_info=True)[2]
    assert bigger.split_id == info.split_id
    assert load_lego("synthetic", image_size=(32, 32), per_class=6, workers=1,
                     progress=False, with_info=True)[2].split_id != info.split_id


def test_per_class_below_two_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 2"):
        load_lego(_rgb_folder(tmp_path / "data"), image_size=(16, 16), per_class=1)


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
    Image.fromarray(np.full((16, 16, 3), 200, np.uint8)).save(root / "class2" / "tiff.png",
                                                              format="TIFF")
    assert root / "class2" / "tiff.png" in inspect_folder(root).needs_conversion
    train, val = load_lego(root, image_size=(16, 16), batch_size=None)
    assert len(list(train.concatenate(val))) == 16


def test_a_decompression_bomb_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _rgb_folder(tmp_path / "data", size=64)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)   # 64x64 = 4,096 > 2 x 1,000
    with pytest.raises(LegoDataError, match=r"class0/0.png .*DecompressionBombError"):
        inspect_folder(root)


def test_a_changed_file_makes_a_new_prepared_copy(tmp_path: Path) -> None:
    """The probe replaced b/0.png (blue to green) and load_lego kept serving the old blue."""
    root = tmp_path / "data"
    for c in ("a", "b"):
        for i in range(3):
            _save(root / c / f"{i}.png", _rgba_part())
    _save(root / "b" / "0.png", np.full((16, 16, 3), (0, 0, 255), np.uint8))
    load_lego(root, image_size=(16, 16), batch_size=None)
    time.sleep(0.01)
    _save(root / "b" / "0.png", np.full((16, 16, 3), (0, 255, 0), np.uint8))
    train, val = load_lego(root, image_size=(16, 16), batch_size=None, validation_split=0.5)
    pixels = [tuple(x.numpy()[0, 0]) for x, _ in train.concatenate(val)]
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

    code = ("from course_utils.lego.dataset import synthetic_folder;"
            "print(synthetic_folder(6, 32, seed=5, progress=False, workers=1))")
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[1]) for _ in range(2)]
    folders = {run.communicate(timeout=300)[0].strip() for run in runs}
    assert all(run.returncode == 0 for run in runs) and len(folders) == 1
    folder = Path(folders.pop())
    assert len(list(folder.glob("*/*.png"))) == 6 * len(CLASS_NAMES)
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")]
    for path in folder.glob("*/*.png"):
        with Image.open(path) as image:
            image.load()
