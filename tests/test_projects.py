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


def test_exact_duplicates_found_and_removed(tmp_path):
    a = _png(tmp_path / "x" / "a.png", 1)
    shutil.copyfile(a, tmp_path / "x" / "b.png")
    (tmp_path / "y").mkdir()
    shutil.copyfile(a, tmp_path / "y" / "c.png")
    _png(tmp_path / "x" / "other.png", 2)
    (tmp_path / "x" / "notes.txt").write_text("not an image")
    groups = projects.deduplicate(tmp_path)
    assert [(g.kind, [p.name for p in g.files]) for g in groups] == [
        ("exact", ["a.png", "b.png", "c.png"])]
    projects.deduplicate(tmp_path, remove=True)
    assert sorted(p.name for p in projects.image_files(tmp_path)) == ["a.png", "other.png"]


def test_near_duplicates_need_near(tmp_path):
    original = _png(tmp_path / "big.png", 20, size=64, gradient=True)
    with Image.open(original) as image:
        image.resize((32, 32)).save(tmp_path / "small.png")
    assert projects.deduplicate(tmp_path) == []
    groups = projects.deduplicate(tmp_path, near=True)
    assert [(g.kind, [p.name for p in g.files]) for g in groups] == [
        ("near", ["big.png", "small.png"])]


def test_difference_hash_differs_for_different_images(tmp_path):
    assert (projects.difference_hash(_png(tmp_path / "a.png", 3))
            != projects.difference_hash(_png(tmp_path / "b.png", 4)))


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
    again = projects.split_folder(tmp_path / "src", tmp_path / "dst2", seed=0)
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
    model = keras.Sequential([keras.Input((8, 8, 3)), keras.layers.GlobalAveragePooling2D(),
                              keras.layers.Dense(3, activation="softmax")])
    seen = []

    def preprocess(batch):
        seen.append(batch.shape)
        return batch / 255.0

    rows = projects.classify_folder(model, tmp_path, ["x", "y", "z"], (8, 8), preprocess,
                                    batch_size=1)
    assert [r.file.name for r in rows] == ["a.png", "b.png"]
    assert all(r.label in {"x", "y", "z"} and 1 / 3 <= r.confidence <= 1 for r in rows)
    assert seen == [(1, 8, 8, 3), (1, 8, 8, 3)]
    with pytest.raises(ValueError, match="class names"):
        projects.classify_folder(model, tmp_path, ["x", "y"], (8, 8))
    (tmp_path / "nothing").mkdir()
    with pytest.raises(ValueError, match="no images"):
        projects.classify_folder(model, tmp_path / "nothing", ["x"], (8, 8))
