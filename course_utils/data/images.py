"""Turn any picture into an MNIST model's input, without hiding the lesson in it.

:func:`load_digit_image` accepts what students actually have: a phone photo (possibly
rotated by its EXIF tag), a PNG with transparency, a palette image, a greyscale scan, of
any size. It returns a ``(28, 28, 1)`` float32 array in 0..1.

What it deliberately does **not** do: it does not invert colours, does not re-centre the
digit by mass, does not threshold. A photo of dark ink on light paper stays dark-on-light,
which is the opposite of MNIST's white-on-black, and seeing the model fail on it (and then
fixing it, explicitly, with ``invert=True`` or by training on inverted images) is the
lesson of notebook 03b. :func:`polarity` tells which way round an image is, so a notebook
can *say* it, not silently change it.

Example:
    >>> x = load_digit_image(custom_digit_paths()[3])   # doctest: +SKIP
    >>> x.shape, x.dtype, polarity(x)                    # doctest: +SKIP
    ((28, 28, 1), dtype('float32'), 'dark-on-light')
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from course_utils.paths import REPO_ROOT

#: Folder of the course's test pictures: generated digits and a cat photo (its README.md
#: says where each file comes from).
CUSTOM_DIGITS_DIR = "data/custom_digits"


def to_grey(image: Image.Image, background: int | None = None) -> Image.Image:
    """Any PIL image as 8-bit greyscale ("L"), transparency composited over a background.

    The background is white unless the visible (opaque) pixels are light themselves (a
    white digit on a transparent canvas), then black, so that the drawing never vanishes
    into its background; pass ``background`` to choose. 16-bit and 32-bit grey is scaled by
    its full range (65535), never stretched, so a blank white page stays white.

    Example:
        >>> to_grey(Image.new("RGBA", (4, 4), (0, 0, 0, 0))).getpixel((0, 0))
        255
        >>> to_grey(Image.new("I;16", (4, 4), 65535)).getpixel((0, 0))
        255
    """
    image = ImageOps.exif_transpose(image)  # phone photos: honour the rotation tag
    if image.mode == "P" or image.mode == "PA" or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        rgba = image.convert("RGBA")
        if background is None:
            pixels = np.asarray(rgba, np.float64)
            opaque = pixels[..., 3] > 127
            light = opaque.any() and pixels[opaque][:, :3].mean() > 127 and not opaque.all()
            background = 0 if light else 255
        base = Image.new("RGBA", image.size, (background,) * 3 + (255,))
        image = Image.alpha_composite(base, rgba)
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        array = np.asarray(image, np.float64)
        if image.mode == "F" and array.max() <= 1.0:
            top = 1.0
        elif image.mode.startswith("I;16") or array.max() > 255:
            top = 65535.0
        else:
            top = 255.0
        image = Image.fromarray(np.clip(array / top * 255, 0, 255).round().astype(np.uint8))
    return image.convert("L")


def load_digit_image(
    path: str | os.PathLike[str] | Image.Image,
    size: int = 28,
    invert: bool = False,
    keep_aspect: bool = True,
) -> np.ndarray:
    """Load a picture as a ``(size, size, 1)`` float32 array in 0..1, polarity unchanged.

    Steps: EXIF rotation applied; transparency composited over white; converted to grey;
    padded to a square with the colour of its border (so the digit is not stretched) when
    ``keep_aspect``; resized with an anti-aliasing filter; scaled to 0..1. Colours are
    inverted only if you ask (``invert=True``).

    Args:
        path: an image file (PNG, JPEG, GIF, BMP, TIFF...), a PIL image, or a NumPy array
            (grey or colour; uint8 0..255 or floats 0..1).
        size: output height and width (28 for MNIST models).
        invert: return ``1 - x``: white strokes on black, as MNIST has. Off by default.
        keep_aspect: pad to a square first instead of squashing the picture.

    Example:
        >>> x = load_digit_image(Image.new("RGB", (300, 200), "white"))
        >>> x.shape, float(x.min()), float(x.max())
        ((28, 28, 1), 1.0, 1.0)
    """
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a whole number of pixels, at least 1, not {size!r}")
    if isinstance(path, Image.Image):
        image = path
    elif isinstance(path, np.ndarray):
        if path.ndim not in (2, 3):
            raise ValueError(
                f"an image array must be (height, width) or (height, width, "
                f"channels); this one has shape {path.shape}"
            )
        array = path[..., 0] if path.ndim == 3 else path
        if array.dtype != np.uint8:  # floats in 0..1 (or 0..255)
            scale = 255.0 if float(np.nanmax(array)) <= 1.0 else 1.0
            array = np.clip(np.nan_to_num(array.astype(np.float64)) * scale, 0, 255).astype(
                np.uint8
            )
        image = Image.fromarray(array)
    elif isinstance(path, (str, os.PathLike)):
        image = Image.open(path)
    else:
        raise TypeError(
            f"load_digit_image needs an image file's path, a PIL image or a NumPy "
            f"array, not {type(path).__name__}"
        )
    grey = to_grey(image)
    if keep_aspect and grey.width != grey.height:
        border = np.concatenate(
            [
                np.asarray(grey)[0],
                np.asarray(grey)[-1],
                np.asarray(grey)[:, 0],
                np.asarray(grey)[:, -1],
            ]
        )
        grey = ImageOps.pad(grey, (max(grey.size),) * 2, color=int(np.median(border)))
    grey = grey.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    x = np.asarray(grey, np.float32)[..., None] / 255.0
    return 1.0 - x if invert else x


def polarity(x: np.ndarray) -> str:
    """``'dark-on-light'`` or ``'light-on-dark'``: which way round an image is.

    Decided by the border (background) against the whole image's median. MNIST images
    are ``'light-on-dark'``.

    Example:
        >>> polarity(np.zeros((28, 28, 1)))
        'light-on-dark'
    """
    a = np.asarray(x, np.float64).squeeze()
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    return "dark-on-light" if np.median(border) > 0.5 * (a.max() + a.min()) else "light-on-dark"


def custom_digits_dir() -> Path:
    """Where ``data/custom_digits`` is: beside this package in a clone of the course, or
    under the working directory or its parent (a notebook run from ``solutions/``)."""
    candidates = [
        REPO_ROOT / CUSTOM_DIGITS_DIR,
        Path.cwd() / CUSTOM_DIGITS_DIR,
        Path.cwd().parent / CUSTOM_DIGITS_DIR,
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def custom_digit_paths(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """The course's test pictures: ``digit_0.png`` .. ``digit_9.png`` (generated by
    ``course_tools/custom_digits.py``), then ``cat.png`` (a photo).

    Example:
        >>> [p.name for p in custom_digit_paths()][-2:]   # doctest: +SKIP
        ['digit_9.png', 'cat.png']
    """
    base = Path(folder) if folder is not None else custom_digits_dir()
    paths = [base / f"digit_{d}.png" for d in range(10)] + [base / "cat.png"]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise FileNotFoundError(
            "missing course test images: " + ", ".join(missing) + ". Make them with "
            "`python -m course_tools.custom_digits data/custom_digits`."
        )
    return paths


def load_custom_digits(
    folder: str | os.PathLike[str] | None = None, invert: bool = False
) -> tuple[np.ndarray, list[str]]:
    """All the course's test pictures as a batch ``(11, 28, 28, 1)`` and their labels.

    Labels are ``"0"`` .. ``"9"`` and ``"cat"`` (the photo that is no digit).

    Example:
        >>> images, labels = load_custom_digits()        # doctest: +SKIP
        >>> images.shape, labels[-1]                      # doctest: +SKIP
        ((11, 28, 28, 1), 'cat')
    """
    paths = custom_digit_paths(folder)
    images = np.stack([load_digit_image(p, invert=invert) for p in paths])
    labels = [p.stem.removeprefix("digit_") for p in paths]
    return images, labels
