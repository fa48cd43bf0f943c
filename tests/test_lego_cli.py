"""``python -m course_utils lego render|gallery`` and the multi-process renderer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from PIL import Image

from course_tools.lego_cli import main
from course_utils.lego import CLASS_NAMES
from course_utils.lego.synth import render_dataset


def test_render_command_writes_the_kaggle_layout(tmp_path: Path) -> None:
    out = tmp_path / "synth"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "course_utils",
            "lego",
            "render",
            "--out",
            str(out),
            "--per-class",
            "2",
            "--size",
            "24",
            "--seed",
            "3",
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(CLASS_NAMES)
    for name in CLASS_NAMES:
        files = sorted(p.name for p in (out / name).iterdir())
        assert files == ["0000.png", "0001.png"]
    with Image.open(out / CLASS_NAMES[0] / "0000.png") as image:
        assert image.mode == "RGBA" and image.size == (24, 24)
        assert np.asarray(image)[0, 0, 3] == 0  # transparent background, as on Kaggle


def test_parallel_rendering_is_byte_identical_to_serial(tmp_path: Path) -> None:
    classes = list(CLASS_NAMES[:2])
    render_dataset(
        tmp_path / "serial", 16, size=24, seed=9, workers=1, classes=classes, progress=False
    )
    render_dataset(
        tmp_path / "parallel", 16, size=24, seed=9, workers=2, classes=classes, progress=False
    )
    serial = sorted((tmp_path / "serial").rglob("*.png"))
    assert len(serial) == 32
    for path in serial:
        twin = tmp_path / "parallel" / path.relative_to(tmp_path / "serial")
        assert path.read_bytes() == twin.read_bytes()


def test_background_option_writes_rgb(tmp_path: Path) -> None:
    assert (
        main(
            [
                "render",
                "--out",
                str(tmp_path),
                "--per-class",
                "1",
                "--size",
                "16",
                "--workers",
                "1",
                "--background",
                "255,255,255",
            ]
        )
        == 0
    )
    with Image.open(tmp_path / CLASS_NAMES[5] / "0000.png") as image:
        assert image.mode == "RGB" and image.getpixel((0, 0)) == (255, 255, 255)


def test_gallery_command_saves_a_row_per_class(tmp_path: Path) -> None:
    target = tmp_path / "gallery.png"
    assert main(["gallery", "--out", str(target), "--per-class", "2", "--size", "24"]) == 0
    with Image.open(target) as image:
        width, height = image.size
    assert height > 16 * 20 and width > 2 * 20


def test_gallery_of_a_folder_composites_its_images(tmp_path: Path) -> None:
    """A Kaggle-like folder (RGBA, transparent) is shown on the light background."""
    from course_utils.lego.gallery import folder_examples

    for name in CLASS_NAMES[:3]:
        (tmp_path / "real" / name).mkdir(parents=True)
        rgba = np.zeros((20, 20, 4), dtype=np.uint8)
        rgba[5:15, 5:15] = (128, 128, 128, 255)
        Image.fromarray(rgba).save(tmp_path / "real" / name / "0.png")
    rows = folder_examples(tmp_path / "real", per_class=2)
    assert list(rows) == list(CLASS_NAMES[:3])
    assert rows[CLASS_NAMES[0]][0][0, 0].tolist() == [255, 255, 255]
    assert (
        main(
            [
                "gallery",
                "--source",
                str(tmp_path / "real"),
                "--out",
                str(tmp_path / "g.png"),
                "--per-class",
                "2",
            ]
        )
        == 0
    )
    assert (tmp_path / "g.png").exists()


def test_gallery_compare_puts_a_folder_beside_our_renders(tmp_path):
    from PIL import Image

    from course_tools.lego_cli import main
    from course_utils.lego.render import render_part

    folder = tmp_path / "reference" / "3003 Brick 2x2"
    folder.mkdir(parents=True)
    for i in range(2):
        Image.fromarray(render_part("3003 Brick 2x2", size=48, seed=9, index=i)).save(
            folder / f"{i}.png"
        )
    (tmp_path / "reference" / "not a part").mkdir()  # left out: we cannot render it
    out = tmp_path / "side_by_side.png"
    assert (
        main(
            [
                "gallery",
                "--compare",
                str(tmp_path / "reference"),
                "--out",
                str(out),
                "--per-class",
                "2",
            ]
        )
        == 0
    )
    with Image.open(out) as image:
        assert image.width > 200 and image.height > 50


def test_gallery_compare_without_any_known_part_says_so(tmp_path):
    import pytest

    from course_utils.lego.gallery import plot_comparison

    (tmp_path / "cats").mkdir()
    with pytest.raises(ValueError, match="no class folder named like one of our parts"):
        plot_comparison(tmp_path)
