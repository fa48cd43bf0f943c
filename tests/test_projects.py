"""Tests of course_utils.projects: deduplicate, split_folder, classify_folder (tiny PNGs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from course_utils import projects


def _png(path: Path, value: int, size: int = 16, gradient: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if gradient:
        row = np.linspace(value, 255 - value, size).astype(np.uint8)
        array = np.repeat(np.tile(row, (size, 1))[..., None], 3, axis=2)
    else:
        rng = np.random.default_rng(value)
        array = rng.integers(0, 256, (size, size, 3), dtype=np.uint8)
    Image.fromarray(array).save(path)
    return path


def _smooth(path: Path, seed: int, size: int = 64) -> Path:
    """A picture with structure at thumbnail scale: blurred noise, upscaled."""
    rng = np.random.default_rng(seed)
    small = Image.fromarray(rng.integers(0, 256, (9, 9, 3), dtype=np.uint8))
    path.parent.mkdir(parents=True, exist_ok=True)
    small.resize((size, size), Image.Resampling.BICUBIC).save(path)
    return path


def test_exact_duplicates_found_and_removed(tmp_path):
    a = _png(tmp_path / "x" / "a.png", 1)
    shutil.copyfile(a, tmp_path / "x" / "b.png")
    _png(tmp_path / "x" / "other.png", 2)
    (tmp_path / "x" / "notes.txt").write_text("not an image")
    groups = projects.deduplicate(tmp_path)
    assert [(g.kind, [p.name for p in g.files]) for g in groups] == [("exact", ["a.png", "b.png"])]
    projects.deduplicate(tmp_path, remove=True)
    assert sorted(p.name for p in projects.image_files(tmp_path)) == ["a.png", "other.png"]


def test_copies_in_two_class_folders_are_reported_not_removed(tmp_path):
    """The same photo in plate/ and brick/ is a labelling question, not a spare copy."""
    a = _png(tmp_path / "plate" / "x.png", 1)
    (tmp_path / "brick").mkdir()
    shutil.copyfile(a, tmp_path / "brick" / "x_copy.png")
    groups = projects.deduplicate(tmp_path, remove=True)
    assert [(g.kind, g.removable) for g in groups] == [("cross-class", False)]
    assert len(projects.image_files(tmp_path)) == 2


def test_a_symlink_never_costs_its_target(tmp_path):
    """The probe's `a_link.png -> b_real.png`: the link was kept and the real file deleted."""
    real = _png(tmp_path / "cls" / "b_real.png", 5)
    (tmp_path / "cls" / "a_link.png").symlink_to(real)
    groups = projects.deduplicate(tmp_path, remove=True)
    assert [(g.kind, g.files[0].name) for g in groups] == [("same file", "b_real.png")]
    assert real.exists() and (tmp_path / "cls" / "a_link.png").resolve() == real.resolve()


def test_a_copy_that_a_link_points_to_is_kept(tmp_path):
    first = _png(tmp_path / "cls" / "a.png", 6)
    second = tmp_path / "cls" / "b.png"
    shutil.copyfile(first, second)
    (tmp_path / "cls" / "c_link.png").symlink_to(second)
    projects.deduplicate(tmp_path, remove=True)
    assert first.exists() and second.exists()


def test_near_duplicates_need_near(tmp_path):
    original = _smooth(tmp_path / "big.png", 1)
    with Image.open(original) as image:
        image.resize((32, 32)).save(tmp_path / "small.png")
    assert projects.deduplicate(tmp_path) == []
    groups = projects.deduplicate(tmp_path, near=True)
    assert [(g.kind, [p.name for p in g.files]) for g in groups] == [
        ("near", ["big.png", "small.png"])
    ]


def test_flat_and_evenly_shaded_pictures_are_not_near_duplicates(tmp_path):
    """Solid red, solid blue and a ramp all hash to 0; the probe lost two of them."""
    for name, colour in (("red.png", (255, 0, 0)), ("blue.png", (0, 0, 255))):
        Image.new("RGB", (32, 32), colour).save(tmp_path / name)
    _png(tmp_path / "ramp.png", 20, size=32, gradient=True)
    assert projects.deduplicate(tmp_path, near=True, remove=True) == []
    assert len(projects.image_files(tmp_path)) == 3


def test_the_same_hash_with_different_pixels_is_not_a_near_duplicate(tmp_path, monkeypatch):
    _smooth(tmp_path / "a.png", 1)
    _smooth(tmp_path / "b.png", 2)
    monkeypatch.setattr(projects, "difference_hash", lambda path, size=8: 0x00FF00FF00FF00FF)
    assert projects.deduplicate(tmp_path, near=True, remove=True) == []


def test_an_unreadable_file_is_named_and_skipped(tmp_path):
    _smooth(tmp_path / "good.png", 3)
    (tmp_path / "empty.jpg").write_bytes(b"")
    with pytest.warns(UserWarning, match="empty.jpg"):
        assert projects.deduplicate(tmp_path, near=True) == []


def test_difference_hash_differs_for_different_images(tmp_path):
    assert projects.difference_hash(_png(tmp_path / "a.png", 3)) != projects.difference_hash(
        _png(tmp_path / "b.png", 4)
    )


def test_split_folder_80_20_per_class(tmp_path):
    for k in range(10):
        _png(tmp_path / "src" / "red" / f"{k}.png", k)
    for k in range(5):
        _png(tmp_path / "src" / "blue" / f"{k}.png", 100 + k)
    report = projects.split_folder(tmp_path / "src", tmp_path / "dst", validation=0.2, seed=0)
    assert report.train == {"blue": 4, "red": 8}
    assert report.validation == {"blue": 1, "red": 2}
    train = {p.name for p in (tmp_path / "dst" / "train" / "red").iterdir()}
    held = {p.name for p in (tmp_path / "dst" / "validation" / "red").iterdir()}
    assert len(train) == 8 and len(held) == 2 and not train & held
    assert len(projects.image_files(tmp_path / "src")) == 15  # copied, not moved
    assert "12 training and 3 validation" in report.summary()
    projects.split_folder(tmp_path / "src", tmp_path / "dst2", seed=0)
    assert {p.name for p in (tmp_path / "dst2" / "validation" / "red").iterdir()} == held


def test_split_folder_refuses_bad_input(tmp_path):
    _png(tmp_path / "src" / "only" / "a.png", 1)
    _png(tmp_path / "src" / "only" / "b.png", 2)
    with pytest.raises(ValueError, match="at least two"):
        projects.split_folder(tmp_path / "src", tmp_path / "dst")
    _png(tmp_path / "src" / "lonely" / "a.png", 3)
    with pytest.raises(ValueError, match="lonely"):
        projects.split_folder(tmp_path / "src", tmp_path / "dst")
    with pytest.raises(ValueError, match="fraction"):
        projects.split_folder(tmp_path / "src", tmp_path / "dst", validation=1.5)


def test_classify_folder_returns_rows_with_confidences(tmp_path):
    import keras

    _png(tmp_path / "b.png", 1, size=12)
    rgba = Image.new("RGBA", (20, 10), (0, 0, 0, 0))
    rgba.save(tmp_path / "a.png")
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            keras.layers.GlobalAveragePooling2D(),
            keras.layers.Dense(3, activation="softmax"),
        ]
    )
    seen = []

    def preprocess(batch):
        seen.append(batch.shape)
        return batch / 255.0

    rows = projects.classify_folder(
        model, tmp_path, ["x", "y", "z"], (8, 8), preprocess, batch_size=1
    )
    assert [r.file.name for r in rows] == ["a.png", "b.png"]
    assert all(r.label in {"x", "y", "z"} and 1 / 3 <= r.confidence <= 1 for r in rows)
    assert seen == [(1, 8, 8, 3), (1, 8, 8, 3)]
    with pytest.raises(ValueError, match="class names"):
        projects.classify_folder(model, tmp_path, ["x", "y"], (8, 8))
    (tmp_path / "nothing").mkdir()
    with pytest.raises(ValueError, match="no images"):
        projects.classify_folder(model, tmp_path / "nothing", ["x"], (8, 8))


def test_split_refuses_a_destination_inside_its_source(tmp_path):
    for cls in ("a", "b"):
        for k in range(3):
            _png(tmp_path / "src" / cls / f"{k}.png", k)
    for dst in (tmp_path / "src", tmp_path / "src" / "out"):
        with pytest.raises(ValueError, match="inside"):
            projects.split_folder(tmp_path / "src", dst)
    assert sorted(p.name for p in (tmp_path / "src").iterdir()) == ["a", "b"]


def test_split_names_a_collision_before_copying(tmp_path):
    _png(tmp_path / "src" / "k1" / "a" / "b.png", 1)
    _png(tmp_path / "src" / "k1" / "a__b.png", 2)
    _png(tmp_path / "src" / "k2" / "0.png", 3)
    _png(tmp_path / "src" / "k2" / "1.png", 4)
    with pytest.raises(ValueError, match="would both be copied as 'a__b.png'"):
        projects.split_folder(tmp_path / "src", tmp_path / "dst")
    assert not (tmp_path / "dst").exists()


def test_a_bad_second_class_leaves_nothing_behind(tmp_path):
    for k in range(4):
        _png(tmp_path / "src" / "a_many" / f"{k}.png", k)
    _png(tmp_path / "src" / "b_single" / "0.png", 9)
    with pytest.raises(ValueError, match="b_single"):
        projects.split_folder(tmp_path / "src", tmp_path / "dst")
    assert not (tmp_path / "dst" / "train").exists()
    for k in range(1, 3):
        _png(tmp_path / "src" / "b_single" / f"{k}.png", 9 + k)
    assert projects.split_folder(tmp_path / "src", tmp_path / "dst").train == {
        "a_many": 3,
        "b_single": 2,
    }


def _tiny_model(size=16, units=2, activation="softmax", channels=3):
    import keras

    return keras.Sequential(
        [
            keras.Input((size, size, channels)),
            keras.layers.Flatten(),
            keras.layers.Dense(units, activation=activation),
        ]
    )


def test_classify_names_a_size_or_channel_mismatch(tmp_path):
    _png(tmp_path / "a.png", 1)
    with pytest.raises(ValueError, match="takes 16x16 images but image_size is 32x32"):
        projects.classify_folder(_tiny_model(16), tmp_path, ["x", "y"], (32, 32))
    with pytest.raises(ValueError, match="1 channel"):
        projects.classify_folder(_tiny_model(16, channels=1), tmp_path, ["x", "y"], (16, 16))
    with pytest.raises(TypeError, match="trained Keras model"):
        projects.classify_folder(None, tmp_path, ["x", "y"], (16, 16))


def test_classify_refuses_outputs_that_are_not_probabilities(tmp_path):
    _png(tmp_path / "a.png", 1)
    with pytest.raises(ValueError, match="not probabilities"):
        projects.classify_folder(_tiny_model(activation=None), tmp_path, ["x", "y"], (16, 16))


def test_classify_names_an_unreadable_file(tmp_path):
    _png(tmp_path / "a.png", 1)
    (tmp_path / "b.jpg").write_bytes(b"")
    with pytest.raises(ValueError, match="b.jpg cannot be read"):
        projects.classify_folder(_tiny_model(), tmp_path, ["x", "y"], (16, 16))
