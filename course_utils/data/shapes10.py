"""Shapes-10: the course's generated offline stand-in for CIFAR-10.

Ten classes of 32x32 RGB images, each an object of one shape drawn with a random colour,
size, pose (rotation, slight stretch, position), surface texture and shading, on a
cluttered background (colour gradient, low-frequency blotches, distractor blobs and
strokes, sometimes one in front of the object), plus sensor noise and softness. As in
CIFAR-10, colour is only a weak cue (half the objects of a class take its usual colour);
to do well a network has to learn shape, under clutter, rotation and occlusion.

The class names are the shapes' names, never CIFAR-10's: the data must never be
mistaken for the real thing.

Why a hand-written renderer: no maintained library generates a labelled, seeded image
*classification* set of this kind at this speed (scikit-image's ``random_shapes`` draws
one shape family per call, without texture or clutter, pixel by pixel in Python, which
is ~100x slower for 36,000 images). Everything here is vectorised NumPy over a batch of
images, so the full set renders in a few seconds.

Example:
    >>> x, y = render(20, seed=0)
    >>> x.shape, x.dtype, y.shape
    ((20, 32, 32, 3), dtype('uint8'), (20,))
"""

from __future__ import annotations

import numpy as np

#: Bump when the rendering changes, so cached copies made by older code are rebuilt.
GENERATOR_VERSION = 2
#: Part of every chunk's seed; changing it changes every image (benchmarks were run with 1).
_STREAM = 1

CLASS_NAMES: tuple[str, ...] = (
    "disc",
    "triangle",
    "square",
    "pentagon",
    "hexagon",
    "star",
    "cross",
    "ring",
    "crescent",
    "arrow",
)

#: Each class's usual object colour (RGB 0..1), used in a fraction COLOUR_CUE of its images.
CLASS_COLOURS = np.array(
    [
        [0.85, 0.2, 0.15],
        [0.95, 0.75, 0.1],
        [0.2, 0.45, 0.9],
        [0.25, 0.7, 0.25],
        [0.6, 0.3, 0.8],
        [0.95, 0.5, 0.1],
        [0.1, 0.75, 0.8],
        [0.9, 0.4, 0.65],
        [0.95, 0.95, 0.9],
        [0.15, 0.15, 0.2],
    ],
    np.float32,
)
COLOUR_CUE = 0.5

SIZE = 32
_CHUNK = 500


def _polygon_distance(u: np.ndarray, v: np.ndarray, sides: int) -> np.ndarray:
    """Signed distance (positive inside) to a regular polygon of circumradius 1."""
    apothem = np.cos(np.pi / sides)
    inside = None
    for k in range(sides):
        angle = 2 * np.pi * k / sides
        d = apothem - (u * np.cos(angle) + v * np.sin(angle))
        inside = d if inside is None else np.minimum(inside, d)
    assert inside is not None
    return inside


def _shape_distance(label: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Approximate signed distance (positive inside, in object units) of class ``label``."""
    r = np.sqrt(u * u + v * v)
    name = CLASS_NAMES[label]
    if name == "disc":
        return 0.9 - r
    if name == "triangle":
        return _polygon_distance(u, v, 3)
    if name == "square":
        return _polygon_distance(u, v, 4)
    if name == "pentagon":
        return _polygon_distance(u, v, 5)
    if name == "hexagon":
        return _polygon_distance(u, v, 6)
    if name == "star":
        theta = np.arctan2(v, u)
        wave = np.abs(((theta * 5 / (2 * np.pi)) % 1.0) - 0.5) * 2  # 1 at tips, 0 between
        radius = 0.42 + 0.58 * wave
        return (radius - r) * 0.6
    if name == "cross":
        arm = 0.3
        bar1 = np.minimum(arm - np.abs(u), 1.0 - np.abs(v))
        bar2 = np.minimum(arm - np.abs(v), 1.0 - np.abs(u))
        return np.maximum(bar1, bar2)
    if name == "ring":
        return 0.24 - np.abs(r - 0.7)
    if name == "crescent":
        bite = np.sqrt((u - 0.45) ** 2 + v * v)
        return np.minimum(0.95 - r, bite - 0.8)
    if name == "arrow":
        shaft = np.minimum(np.minimum(0.2 - np.abs(v), u + 1.0), 0.15 - u)
        head = np.minimum(u + 0.05, (1.0 - u) * 0.75 - np.abs(v))
        return np.maximum(shaft, head)
    raise ValueError(f"unknown class {label}")


def _lowfreq(rng: np.random.Generator, n: int, grid: int, channels: int) -> np.ndarray:
    """Smooth random fields (n, 32, 32, channels) in [0, 1]: a coarse grid, bilinearly upsampled."""
    coarse = rng.random((n, grid, grid, channels), dtype=np.float32)
    # Bilinear interpolation as two matrix products (vectorised over the batch).
    pos = np.linspace(0, grid - 1, SIZE)
    lo = np.floor(pos).astype(int).clip(0, grid - 2)
    frac = (pos - lo).astype(np.float32)
    interp = np.zeros((SIZE, grid), np.float32)
    interp[np.arange(SIZE), lo] = 1 - frac
    interp[np.arange(SIZE), lo + 1] += frac
    fine = interp @ coarse.transpose(0, 3, 1, 2) @ interp.T  # (n, channels, 32, 32)
    return fine.transpose(0, 2, 3, 1)


def _random_colours(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` random RGB colours in [0, 1] with varied saturation and brightness."""
    grey = rng.random((n, 1), dtype=np.float32)
    hue = rng.random((n, 3), dtype=np.float32)
    saturation = rng.random((n, 1), dtype=np.float32) ** 0.7
    return (grey * (1 - saturation) + hue * saturation).astype(np.float32)


def _luminance(colour: np.ndarray) -> np.ndarray:
    return colour @ np.array([0.299, 0.587, 0.114], np.float32)


def _blend(canvas: np.ndarray, alpha: np.ndarray, colour: np.ndarray) -> np.ndarray:
    """Paint ``colour`` (n,3) or (n,H,W,3) over ``canvas`` with coverage ``alpha`` (n,H,W)."""
    if colour.ndim == 2:
        colour = colour[:, None, None, :]
    canvas += alpha[..., None] * (colour - canvas)
    return canvas


def _clutter(
    rng: np.random.Generator,
    canvas: np.ndarray,
    yy: np.ndarray,
    xx: np.ndarray,
    count: int,
    probability: float,
    max_radius: float,
    opacity: float,
) -> np.ndarray:
    """Paint up to ``count`` distractors per image: ellipses and strokes of random colours."""
    n = canvas.shape[0]

    def draw(k: int) -> np.ndarray:
        return rng.uniform(0, 1, k).astype(np.float32)[:, None, None]

    for _ in range(count):
        present = np.flatnonzero(rng.random(n) < probability)
        is_stroke = rng.random(len(present)) < 0.5
        colours = _random_colours(rng, len(present))
        for which, stroke in ((present[is_stroke], True), (present[~is_stroke], False)):
            k = len(which)
            if k == 0:
                continue
            cy, cx, angle = draw(k) * SIZE, draw(k) * SIZE, draw(k) * np.pi
            ca, sa = np.cos(angle), np.sin(angle)
            du, dv = xx - cx, yy - cy
            pu, pv = du * ca + dv * sa, -du * sa + dv * ca
            if stroke:  # a segment of half-length 3..12 px and half-width 0.5..1.5 px
                half, width = 3 + 9 * draw(k), 0.5 + draw(k)
                along = np.clip(pu, -half, half)
                dist = width - np.sqrt((pu - along) ** 2 + pv**2)
            else:  # an ellipse with radii 1.5..max_radius px
                ra = 1.5 + (max_radius - 1.5) * draw(k)
                rb = 1.5 + (max_radius - 1.5) * draw(k)
                dist = (1 - np.sqrt((pu / ra) ** 2 + (pv / rb) ** 2)) * np.minimum(ra, rb)
            alpha = np.clip(dist + 0.5, 0, 1) * opacity
            colour = colours[is_stroke] if stroke else colours[~is_stroke]
            canvas[which] = _blend(canvas[which], alpha, colour)
    return canvas


def _render_chunk(rng: np.random.Generator, labels: np.ndarray) -> np.ndarray:
    n = len(labels)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float32) + 0.5
    yy, xx = yy[None], xx[None]

    # Background: a two-colour gradient in a random direction, mottled by smooth blotches.
    c0 = _random_colours(rng, n) * 0.8 + 0.1
    c1 = np.clip(c0 + rng.uniform(-0.25, 0.25, (n, 3)).astype(np.float32), 0, 1)
    direction = rng.uniform(0, 2 * np.pi, n).astype(np.float32)[:, None, None]
    ramp = ((xx - 16) * np.cos(direction) + (yy - 16) * np.sin(direction)) / 32 + 0.5
    ramp = np.clip(ramp, 0, 1)[..., None]
    canvas = c0[:, None, None] * (1 - ramp) + c1[:, None, None] * ramp
    blotch = _lowfreq(rng, n, 5, 3) - 0.5
    canvas = canvas + blotch * rng.uniform(0.05, 0.25, n).astype(np.float32)[:, None, None, None]
    canvas = _clutter(rng, canvas, yy, xx, count=3, probability=0.4, max_radius=5.0, opacity=0.6)

    # Object pose: radius 8..13 px, any rotation, slight stretch, centre within +-5 px.
    radius = rng.uniform(8.0, 13.0, n).astype(np.float32)[:, None, None]
    angle = rng.uniform(0, 2 * np.pi, n).astype(np.float32)[:, None, None]
    stretch = rng.uniform(0.85, 1.15, n).astype(np.float32)[:, None, None]
    cy = (16 + rng.uniform(-5, 5, n)).astype(np.float32)[:, None, None]
    cx = (16 + rng.uniform(-5, 5, n)).astype(np.float32)[:, None, None]
    du, dv = (xx - cx) / radius, (yy - cy) / radius
    ca, sa = np.cos(angle), np.sin(angle)
    u = (du * ca + dv * sa) * stretch
    v = (-du * sa + dv * ca) / stretch
    dist = np.empty((n, SIZE, SIZE), np.float32)
    for label in np.unique(labels):
        idx = labels == label
        dist[idx] = _shape_distance(int(label), u[idx], v[idx])
    alpha = np.clip(dist * radius + 0.5, 0, 1)  # about one pixel of anti-aliased edge

    # Object colour, kept apart from the background's mean brightness in most images.
    # Like CIFAR-10's (green frogs, blue-sky planes), colour is a weak cue: in about half the
    # images the object takes its class's usual colour (jittered), otherwise any colour.
    colour = _random_colours(rng, n)
    usual = np.clip(CLASS_COLOURS[labels] + rng.normal(0, 0.12, (n, 3)).astype(np.float32), 0, 1)
    colour = np.where((rng.random(n) < COLOUR_CUE)[:, None], usual, colour)
    background = canvas.mean(axis=(1, 2))
    gap = _luminance(colour) - _luminance(background)
    want = rng.uniform(0.25, 0.55, n).astype(np.float32) * np.where(gap >= 0, 1, -1)
    too_close = np.abs(gap) < np.abs(want)
    colour = np.where(too_close[:, None], np.clip(colour + (want - gap)[:, None], 0, 1), colour)

    # Surface: flat, stripes, checks or speckle, then a shading gradient.
    texture = rng.integers(0, 4, n)
    freq = rng.uniform(1.5, 3.5, n).astype(np.float32)[:, None, None]
    pattern = np.zeros((n, SIZE, SIZE), np.float32)
    idx = texture == 1  # stripes
    pattern[idx] = 0.5 + 0.5 * np.sin(u[idx] * np.pi * freq[idx])
    idx = texture == 2  # checks
    pattern[idx] = (np.floor(u[idx] * freq[idx]) + np.floor(v[idx] * freq[idx])) % 2
    idx = texture == 3  # speckle
    pattern[idx] = rng.random((int(idx.sum()), SIZE, SIZE), dtype=np.float32)
    strength = rng.uniform(0.1, 0.3, n).astype(np.float32)[:, None, None]
    light = rng.uniform(0, 2 * np.pi, n).astype(np.float32)[:, None, None]
    shade = 1 + 0.25 * (u * np.cos(light) + v * np.sin(light))
    surface = colour[:, None, None, :] * ((1 - strength * pattern) * shade)[..., None]
    canvas = _blend(canvas, alpha, np.clip(surface, 0, 1))

    # A distractor in front of the object in some images (partial occlusion).
    canvas = _clutter(rng, canvas, yy, xx, count=1, probability=0.2, max_radius=3.5, opacity=1.0)

    # Camera: slight softness (3x3 blur mixed in) and noise.
    soft = rng.uniform(-0.6, 0.6, n).astype(np.float32)  # about half the images stay sharp
    idx = np.flatnonzero(soft > 0)
    padded = np.pad(canvas[idx], ((0, 0), (1, 1), (1, 1), (0, 0)), mode="edge")
    rows = padded[:, :-2] + padded[:, 1:-1] + padded[:, 2:]
    blurred = (rows[:, :, :-2] + rows[:, :, 1:-1] + rows[:, :, 2:]) / 9
    canvas[idx] += soft[idx, None, None, None] * (blurred - canvas[idx])
    sigma = rng.uniform(0.01, 0.05, n).astype(np.float32)[:, None, None, None]
    canvas = canvas + rng.standard_normal(canvas.shape, dtype=np.float32) * sigma
    return np.clip(canvas * 255 + 0.5, 0, 255).astype(np.uint8)


def render(n: int, seed: int = 0, start: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Render images ``start .. start + n - 1`` of the stream for ``seed``, deterministically.

    The stream is made in chunks of 500 images, each from its own seeded generator with
    exactly 50 images of each class in shuffled order, so the result depends only on
    ``(seed, start, n)``, never on the machine, and a longer request extends a shorter
    one: ``render(1000)`` starts with ``render(500)``. ``start`` must be a multiple of 500.

    Returns:
        ``(images, labels)``: uint8 ``(n, 32, 32, 3)`` in 0..255 and int64 ``(n,)`` in 0..9.

    Example:
        >>> x, y = render(10, seed=1)
        >>> x.shape, y.dtype
        ((10, 32, 32, 3), dtype('int64'))
    """
    if start % _CHUNK:
        raise ValueError(f"start must be a multiple of {_CHUNK}, not {start}")
    images = np.empty((n, SIZE, SIZE, 3), np.uint8)
    labels = np.empty(n, np.int64)
    for offset in range(0, n, _CHUNK):
        chunk = (start + offset) // _CHUNK
        rng = np.random.default_rng([seed, _STREAM, chunk])
        chunk_labels = rng.permutation(np.arange(_CHUNK) % len(CLASS_NAMES))
        stop = min(n, offset + _CHUNK)
        # Always a whole chunk (random draws are per chunk), then cut: prefixes agree.
        labels[offset:stop] = chunk_labels[: stop - offset]
        images[offset:stop] = _render_chunk(rng, chunk_labels)[: stop - offset]
    return images, labels
