"""Make ``data/custom_digits/``: generated pictures of digits 0-9 that look like a phone photo of paper.

Notebook 03b asks an MNIST model about digits written on paper (dark ink on light paper, the
opposite polarity of MNIST) and about a photo that is no digit at all, as the workshop "An
introduction to neural networks" (milliams/intro_deep_learning) does with photos of its
author's handwriting. This script generates such pictures from code the course wrote, with no
fonts and no third-party handwriting; they are not photographs:

* each digit is a pen path (a few strokes through control points we wrote by hand),
  smoothed with Catmull-Rom splines, then given a slight rotation, slant and wobble;
* the pen's width varies along the stroke (pressure), and fades at the ends;
* the "paper" is off-white with uneven lighting, a soft shadow across one side, mild
  noise, and the softness and artefacts of a JPEG round trip (quality 70), as a phone
  camera gives; each image is 240x240 px, not 28x28;
* the non-digit photo is scikit-image's ``chelsea`` (CC0, photo by Stefan van der Walt),
  scaled to 240 px high.

Run ``python -m course_tools.custom_digits [folder]`` to make the files again; the
result is deterministic (fixed seeds), so the committed PNGs equal a fresh run's (the
test suite checks it).

Example:
    >>> image = draw_digit(7, seed=7)
    >>> image.size, image.mode
    ((240, 240), 'RGB')
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZE = 240
_SCALE = 3  # drawn at 3x and scaled down, for smooth edges

# Control points of each digit's strokes, (x, y) in a unit box with y pointing down.
# ``True`` marks a smooth stroke (spline through the points), ``False`` straight segments.
STROKES: dict[int, list[tuple[bool, list[tuple[float, float]]]]] = {
    0: [
        (
            True,
            [
                (0.52, 0.1),
                (0.3, 0.2),
                (0.22, 0.5),
                (0.32, 0.82),
                (0.52, 0.92),
                (0.72, 0.8),
                (0.8, 0.5),
                (0.72, 0.18),
                (0.5, 0.1),
                (0.42, 0.16),
            ],
        )
    ],
    1: [(False, [(0.36, 0.26), (0.56, 0.1), (0.54, 0.9)])],
    2: [
        (
            True,
            [
                (0.22, 0.3),
                (0.36, 0.13),
                (0.6, 0.1),
                (0.77, 0.26),
                (0.7, 0.5),
                (0.45, 0.7),
                (0.22, 0.9),
            ],
        ),
        (False, [(0.22, 0.9), (0.52, 0.88), (0.82, 0.9)]),
    ],
    3: [
        (True, [(0.24, 0.2), (0.5, 0.08), (0.74, 0.2), (0.64, 0.41), (0.44, 0.48)]),
        (True, [(0.44, 0.48), (0.7, 0.56), (0.78, 0.76), (0.56, 0.92), (0.22, 0.84)]),
    ],
    4: [(False, [(0.58, 0.1), (0.2, 0.64), (0.84, 0.64)]), (False, [(0.64, 0.3), (0.63, 0.92)])],
    5: [
        (False, [(0.76, 0.1), (0.32, 0.1), (0.28, 0.46)]),
        (True, [(0.28, 0.46), (0.55, 0.4), (0.77, 0.58), (0.72, 0.82), (0.48, 0.92), (0.22, 0.83)]),
    ],
    6: [
        (
            True,
            [
                (0.7, 0.1),
                (0.45, 0.22),
                (0.28, 0.47),
                (0.26, 0.74),
                (0.43, 0.92),
                (0.67, 0.86),
                (0.74, 0.66),
                (0.57, 0.52),
                (0.37, 0.56),
                (0.27, 0.72),
            ],
        )
    ],
    7: [(False, [(0.2, 0.13), (0.8, 0.12), (0.44, 0.92)]), (False, [(0.38, 0.52), (0.72, 0.5)])],
    8: [
        (
            True,
            [
                (0.5, 0.48),
                (0.3, 0.32),
                (0.5, 0.1),
                (0.7, 0.28),
                (0.5, 0.48),
                (0.26, 0.7),
                (0.5, 0.92),
                (0.76, 0.7),
                (0.5, 0.48),
            ],
        )
    ],
    9: [
        (
            True,
            [
                (0.72, 0.32),
                (0.55, 0.48),
                (0.33, 0.44),
                (0.3, 0.22),
                (0.5, 0.1),
                (0.7, 0.16),
                (0.72, 0.34),
            ],
        ),
        (True, [(0.72, 0.34), (0.7, 0.62), (0.64, 0.92)]),
    ],
}

INK = np.array([38, 42, 58], np.float32)  # blue-black ballpoint
PAPER = np.array([236, 232, 220], np.float32)  # off-white


def _catmull_rom(points: np.ndarray, per_segment: int = 24) -> np.ndarray:
    """A smooth curve through ``points`` (Catmull-Rom spline, ends repeated)."""
    p = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        out.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    out.append(p[-2:-1])
    return np.vstack(out)


def _polyline(points: np.ndarray, per_segment: int = 24) -> np.ndarray:
    t = np.linspace(0, 1, per_segment, endpoint=False)[:, None]
    out = [a + (b - a) * t for a, b in zip(points[:-1], points[1:], strict=True)]
    return np.vstack(out + [points[-1:]])


def _ink_mask(digit: int, rng: np.random.Generator) -> np.ndarray:
    """Coverage of the pen (H, W) in [0, 1] for ``digit``, with pose and pen variation."""
    big = SIZE * _SCALE
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    angle = np.radians(rng.uniform(-8, 8))
    slant = rng.uniform(-0.15, 0.1)
    height = rng.uniform(0.55, 0.68) * big
    centre = np.array(
        [big / 2 + rng.uniform(-0.06, 0.06) * big, big / 2 + rng.uniform(-0.05, 0.05) * big]
    )
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    base_width = rng.uniform(0.028, 0.045) * big
    for smooth, control in STROKES[digit]:
        pts = np.array(control, np.float64)
        pts = pts + rng.normal(0, 0.018, pts.shape)  # the hand's wobble
        path = _catmull_rom(pts) if smooth else _polyline(pts)
        xy = path - 0.5
        xy[:, 0] += slant * -xy[:, 1]
        xy = xy @ rotation.T * height + centre
        steps = np.linspace(0, 1, len(xy))
        pressure = (
            0.75 + 0.25 * np.sin(steps * np.pi * rng.uniform(1, 3) + rng.uniform(0, 6))
        ) * np.clip(np.minimum(steps, 1 - steps) * 12 + 0.55, 0, 1)
        for (x, y), p in zip(xy, pressure, strict=True):
            r = base_width * p / 2
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    small = canvas.resize((SIZE, SIZE), Image.Resampling.BOX)
    return np.asarray(small, np.float32) / 255


def _paper(rng: np.random.Generator) -> np.ndarray:
    """Off-white paper (H, W, 3) float with uneven light and a soft shadow."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) / SIZE
    light_dir = rng.uniform(0, 2 * np.pi)
    light = 0.9 + 0.1 * ((xx - 0.5) * np.cos(light_dir) + (yy - 0.5) * np.sin(light_dir)) * 2
    vignette = 1 - 0.12 * ((xx - 0.5) ** 2 + (yy - 0.5) ** 2) * 2
    shadow_dir = rng.uniform(0, 2 * np.pi)
    edge = (
        (xx - 0.5) * np.cos(shadow_dir) + (yy - 0.5) * np.sin(shadow_dir) - rng.uniform(0.2, 0.35)
    )
    shadow = 1 - 0.22 * np.clip(edge / 0.25 + 0.5, 0, 1)
    tone = PAPER * rng.uniform(0.96, 1.02)
    return tone[None, None, :] * (light * vignette * shadow)[..., None]


def _camera(image: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """Noise, softness and a JPEG round trip, as a phone photo has."""
    image = image + rng.normal(0, 3.0, image.shape)
    pil = Image.fromarray(np.clip(image + 0.5, 0, 255).astype(np.uint8), "RGB")
    pil = pil.filter(ImageFilter.GaussianBlur(0.8))
    buffer = io.BytesIO()
    pil.save(buffer, format="JPEG", quality=70)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def draw_digit(digit: int, seed: int | None = None) -> Image.Image:
    """One digit, dark ink on light paper, as an RGB 240x240 image (deterministic per seed)."""
    rng = np.random.default_rng(digit if seed is None else seed)
    ink = _ink_mask(digit, rng)
    paper = _paper(rng)
    ink_tone = INK * rng.uniform(0.8, 1.2)
    # Ink darkens the paper under the lighting, so shadowed ink is darker too.
    image = paper * (1 - ink[..., None]) + (ink_tone / PAPER * paper) * ink[..., None]
    return _camera(image, rng)


def cat_photo() -> Image.Image:
    """scikit-image's Chelsea the cat (CC0), 240 px high: the non-digit test photo."""
    from skimage import data

    photo = Image.fromarray(data.chelsea())
    width = round(photo.width * SIZE / photo.height)
    return photo.resize((width, SIZE), Image.Resampling.LANCZOS)


def write_all(folder: str | Path) -> list[Path]:
    """Write ``digit_0.png`` .. ``digit_9.png`` and ``cat.png`` into ``folder``.

    The PNGs are stored with a 64-colour palette (dithered), which keeps them small
    (and exercises the loader's palette path); they look like the RGB originals.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for digit in range(10):
        path = folder / f"digit_{digit}.png"
        draw_digit(digit).quantize(64, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
        written.append(path)
    path = folder / "cat.png"
    cat_photo().quantize(128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    target = sys.argv[1] if len(sys.argv) > 1 else "data/custom_digits"
    for p in write_all(target):
        print(f"{p}  {p.stat().st_size / 1024:.0f} KiB")
