"""User pictures to 28x28 model input: every colour mode, size and EXIF rotation; polarity kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from course_tools.custom_digits import draw_digit, write_all
from course_utils.data import images
from course_utils.data.images import (
    custom_digits_dir,
    load_custom_digits,
    load_digit_image,
    polarity,
)


def dark_bar_on_white(size: tuple[int, int] = (200, 200)) -> Image.Image:
    """A black vertical bar in the left third, on white: easy to locate after transforms."""
    img = Image.new("L", size, 255)
    w, h = size
    ImageDraw.Draw(img).rectangle((w // 6, h // 6, w // 3, 5 * h // 6), fill=0)
    return img


def test_greyscale_png_keeps_its_polarity(tmp_path: Path) -> None:
    path = tmp_path / "digit.png"
    dark_bar_on_white().save(path)
    x = load_digit_image(path)
    assert x.shape == (28, 28, 1) and x.dtype == np.float32
    assert 0.0 <= x.min() and x.max() <= 1.0
    assert polarity(x) == "dark-on-light"  # not silently inverted
    assert x[14, 7, 0] < 0.2 and x[14, 21, 0] > 0.9
    inverted = load_digit_image(path, invert=True)
    np.testing.assert_allclose(inverted, 1 - x)
    assert polarity(inverted) == "light-on-dark"


def test_white_on_black_stays_white_on_black(tmp_path: Path) -> None:
    path = tmp_path / "mnist_like.png"
    Image.eval(dark_bar_on_white(), lambda v: 255 - v).save(path)
    assert polarity(load_digit_image(path)) == "light-on-dark"


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "P", "LA", "I;16", "1", "CMYK"])
def test_every_colour_mode_gives_the_same_picture(tmp_path: Path, mode: str) -> None:
    reference = load_digit_image(dark_bar_on_white())
    source = dark_bar_on_white()
    if mode == "I;16":
        converted = Image.fromarray(np.asarray(source, np.uint16) * 257)
    else:
        converted = source.convert("RGB").convert(mode)
    path = tmp_path / ("img.tif" if mode in ("I;16", "CMYK") else "img.png")
    converted.save(path)
    x = load_digit_image(path)
    assert x.shape == (28, 28, 1)
    np.testing.assert_allclose(x, reference, atol=0.06)


def test_transparent_background_is_white_not_black(tmp_path: Path) -> None:
    """Strokes drawn on a transparent canvas (how drawing apps export) look black-on-white."""
    img = Image.new("RGBA", (120, 120), (0, 0, 0, 0))  # transparent *black*
    ImageDraw.Draw(img).line((60, 15, 60, 105), fill=(0, 0, 0, 255), width=12)
    path = tmp_path / "drawn.png"
    img.save(path)
    x = load_digit_image(path)
    assert polarity(x) == "dark-on-light"
    assert x[2, 2, 0] == pytest.approx(1.0) and x[14, 14, 0] < 0.3


def test_non_square_is_padded_not_squashed(tmp_path: Path) -> None:
    wide = Image.new("L", (300, 100), 255)
    ImageDraw.Draw(wide).ellipse((120, 20, 180, 80), fill=0)  # a 60x60 circle
    x = load_digit_image(wide)[..., 0]
    dark = x < 0.5
    rows, cols = np.flatnonzero(dark.any(1)), np.flatnonzero(dark.any(0))
    height, width = rows[-1] - rows[0] + 1, cols[-1] - cols[0] + 1
    assert abs(int(height) - int(width)) <= 1  # still a circle
    squashed = load_digit_image(wide, keep_aspect=False)[..., 0] < 0.5
    # Squashed: the 60x60 circle in a 3:1 picture becomes three times taller than wide.
    assert np.flatnonzero(squashed.any(1)).size > 2 * np.flatnonzero(squashed.any(0)).size


@pytest.mark.parametrize("size", [(8, 8), (28, 28), (3000, 2000)])
def test_any_size(size: tuple[int, int]) -> None:
    assert load_digit_image(dark_bar_on_white(size)).shape == (28, 28, 1)


def test_exif_rotation_is_applied(tmp_path: Path) -> None:
    """A phone stores a portrait photo sideways with an orientation tag; we honour it."""
    upright = dark_bar_on_white((160, 240))  # bar on the left
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # how the sensor saved it
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90 CW to display"
    path = tmp_path / "phone.jpg"
    stored.convert("RGB").save(path, exif=exif.tobytes(), quality=95)
    x = load_digit_image(path)
    np.testing.assert_allclose(x, load_digit_image(upright), atol=0.08)


def test_custom_digits_are_dark_on_light_and_documented() -> None:
    batch, labels = load_custom_digits()
    assert batch.shape == (11, 28, 28, 1) and labels == [str(d) for d in range(10)] + ["cat"]
    assert all(polarity(x) == "dark-on-light" for x in batch[:10])
    folder = custom_digits_dir()
    readme = (folder / "README.md").read_text()
    for path in folder.iterdir():
        if path.suffix == ".png":
            assert f"`{path.name}`" in readme or path.name.startswith("digit_")
            with Image.open(path) as img:
                assert min(img.size) >= 200  # a photo, not a 28x28 thumbnail
    assert "digit_0.png" in readme and "chelsea" in readme.lower() and "CC0" in readme
    total = sum(p.stat().st_size for p in folder.parent.rglob("*") if p.is_file())
    assert total < 1_000_000


def test_committed_digits_match_the_generator(tmp_path: Path) -> None:
    write_all(tmp_path)
    for name in [f"digit_{d}.png" for d in range(10)] + ["cat.png"]:
        fresh = np.asarray(Image.open(tmp_path / name).convert("RGB"), np.int16)
        committed = np.asarray(Image.open(custom_digits_dir() / name).convert("RGB"), np.int16)
        assert fresh.shape == committed.shape
        assert np.abs(fresh - committed).mean() < 2.0, name


def test_generated_digit_is_a_paper_photo() -> None:
    img = np.asarray(draw_digit(4), np.float64)
    assert img.shape == (240, 240, 3)
    grey = img.mean(axis=2)
    assert np.median(grey) > 150  # light paper
    assert grey.min() < 90  # dark ink
    assert 0.01 < (grey < 110).mean() < 0.2  # a digit's worth of ink, not a blot
    assert grey[:40].std() > 1.5  # uneven lighting and noise, not a flat scan


def test_missing_folder_says_how_to_make_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="custom_digits"):
        images.custom_digit_paths(tmp_path)


def test_a_white_digit_on_a_transparent_canvas_does_not_vanish(tmp_path: Path) -> None:
    """The fault probe's white stroke on transparency came out all 1.0: the digit was gone."""
    img = Image.new("RGBA", (120, 120), (255, 255, 255, 0))
    ImageDraw.Draw(img).line((60, 15, 60, 105), fill=(255, 255, 255, 255), width=12)
    img.save(tmp_path / "white.png")
    x = load_digit_image(tmp_path / "white.png")
    assert x[2, 2, 0] == pytest.approx(0.0) and x[14, 14, 0] > 0.7
    assert polarity(x) == "light-on-dark"


def test_sixteen_bit_grey_is_scaled_not_stretched(tmp_path: Path) -> None:
    """A blank 16-bit white page came out black; a faint one was stretched to full contrast."""
    Image.fromarray(np.full((40, 40), 65535, np.uint16)).save(tmp_path / "white.png")
    assert load_digit_image(tmp_path / "white.png").min() == pytest.approx(1.0)
    faint = np.full((40, 40), 30000, np.uint16)
    faint[10:30, 18:22] = 28000
    Image.fromarray(faint).save(tmp_path / "faint.png")
    x = load_digit_image(tmp_path / "faint.png")
    assert 0.40 < x.min() and x.max() < 0.50


def test_arrays_are_accepted_and_wrong_inputs_are_sentences() -> None:
    digit = np.zeros((28, 28), np.float32)
    digit[5:23, 12:16] = 1.0
    np.testing.assert_allclose(load_digit_image(digit)[..., 0], digit, atol=0.05)
    with pytest.raises(TypeError, match="needs an image file's path"):
        load_digit_image(None)
    with pytest.raises(ValueError, match="at least 1"):
        load_digit_image(digit, size=0)
