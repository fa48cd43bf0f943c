"""Turn any picture into an MNIST model's input, without hiding the lesson in it.

:func:`load_digit_image` accepts what students actually have: a phone photo (possibly
rotated by its EXIF tag), a PNG with transparency, a palette image, a greyscale scan, of
any size. It returns a ``(28, 28, 1)`` float32 array in 0..1.

What it deliberately does **not** do: it does not invert colours, does not re-centre the
digit by mass, does not threshold. A photo of dark ink on light paper stays dark-on-light,
which is the opposite of MNIST's white-on-black, and seeing the model fail on it (and then
fixing it, explicitly, with ``invert=True`` or by training on inverted images) is the
lesson of notebook 03. :func:`polarity` tells which way round an image is, so a notebook
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

#: Folder of the course's own test photos (see its README.md for each file's origin).
CUSTOM_DIGITS_DIR = "data/custom_digits"


def to_grey(image: Image.Image, background: int = 255) -> Image.Image:
    """Any PIL image as 8-bit greyscale ("L"), transparency composited over ``background``.

    Transparent pixels take the value ``background`` (white by default: a transparent
    PNG looks white in a browser, so that is what the student expects to see).

    Example:
        >>> to_grey(Image.new("RGBA", (4, 4), (0, 0, 0, 0))).getpixel((0, 0))
        255
    """
    image = ImageOps.exif_transpose(image)  # phone photos: honour the rotation tag
    if image.mode == "P" or image.mode == "PA" or "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "La", "RGBa"):
        base = Image.new("RGBA", image.size, (background,) * 3 + (255,))
        image = Image.alpha_composite(base, image.convert("RGBA"))
    if image.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        array = np.asarray(image, np.float64)
        span = float(array.max() - array.min()) or 1.0
        image = Image.fromarray(((array - array.min()) / span * 255).astype(np.uint8))
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
        path: an image file (PNG, JPEG, GIF, BMP, TIFF...) or a PIL image.
        size: output height and width (28 for MNIST models).
        invert: return ``1 - x``: white strokes on black, as MNIST has. Off by default.
        keep_aspect: pad to a square first instead of squashing the picture.

    Example:
        >>> x = load_digit_image(Image.new("RGB", (300, 200), "white"))
        >>> x.shape, float(x.min()), float(x.max())
        ((28, 28, 1), 1.0, 1.0)
    """
    image = path if isinstance(path, Image.Image) else Image.open(path)
    grey = to_grey(image)
    if keep_aspect and grey.width != grey.height:
        border = np.concatenate([
            np.asarray(grey)[0], np.asarray(grey)[-1], np.asarray(grey)[:, 0], np.asarray(grey)[:, -1],
        ])
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
    candidates = [Path(__file__).resolve().parents[2] / CUSTOM_DIGITS_DIR,
                  Path.cwd() / CUSTOM_DIGITS_DIR, Path.cwd().parent / CUSTOM_DIGITS_DIR]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def custom_digit_paths(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """The course's test photos: ``digit_0.png`` .. ``digit_9.png``, then ``cat.png``.

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
            "`python -m course_utils.data.custom_digits data/custom_digits`."
        )
    return paths


def load_custom_digits(folder: str | os.PathLike[str] | None = None, invert: bool = False
                       ) -> tuple[np.ndarray, list[str]]:
    """All course test photos as a batch ``(11, 28, 28, 1)`` and their labels.

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
