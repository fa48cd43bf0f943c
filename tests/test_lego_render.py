"""The LEGO geometry and renderer: every class renders, seeds behave, shapes differ."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from course_utils.lego import render
from course_utils.lego.geometry import CLASS_NAMES, part_mesh
from course_utils.lego.render import composite, random_view, render_mesh, render_part


@pytest.mark.parametrize(
    "name, extent",
    [
        ("3003 Brick 2x2", (16, 16, 11.3)),
        ("3005 Brick 1x1", (8, 8, 11.3)),
        ("3022 Plate 2x2", (16, 16, 4.9)),
        ("3069 Flat Tile 1x2", (8, 16, 3.2)),
        ("3040 Roof Tile 1x2x45deg", (8, 16, 11.3)),
        ("3673 Peg 2M", (6, 6, 16)),
        ("11214 Bush 3M friction with Cross axle", (6, 6, 24)),
        ("18651 Cross Axle 2M with Snap friction", (6, 6, 24)),
        ("6632 Technic Lever 3M", (23.2, 7.2, 3.8)),
    ],
)
def test_parts_have_real_lego_dimensions(name: str, extent: tuple[float, ...]) -> None:
    np.testing.assert_allclose(part_mesh(name).extent(), extent, atol=0.05)


def test_bricks_are_hollow_underneath() -> None:
    """Downward faces at z=0 are only the walls and tube rims, not a closed bottom."""
    mesh = part_mesh("3003 Brick 2x2")
    v = mesh.vertices
    bottom = (mesh.face_normals[:, 2] < -0.99) & (np.abs(v[:, :, 2]).max(axis=1) < 1e-9)
    tri = v[bottom][:, :, :2]
    # Which points of a fine grid over the footprint lie on a bottom face?
    g = np.stack(np.meshgrid(np.arange(0.05, 16, 0.1), np.arange(0.05, 16, 0.1)), -1)
    g = g.reshape(-1, 1, 2)

    def side(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (b[..., 0] - a[..., 0]) * (p[..., 1] - a[..., 1]) - (b[..., 1] - a[..., 1]) * (
            p[..., 0] - a[..., 0]
        )

    s0, s1, s2 = (side(g, tri[:, i], tri[:, (i + 1) % 3]) for i in range(3))
    inside = ((s0 >= 0) & (s1 >= 0) & (s2 >= 0)) | ((s0 <= 0) & (s1 <= 0) & (s2 <= 0))
    area = inside.any(axis=1).mean() * 16 * 16
    walls = 16 * 16 - (16 - 2 * 1.2) ** 2
    tube = np.pi * (3.255**2 - 2.4**2)
    assert area == pytest.approx(walls + tube, rel=0.03)


def test_the_slope_is_45_degrees() -> None:
    mesh = part_mesh("3040 Roof Tile 1x2x45deg")
    tilted = np.abs(mesh.face_normals[:, 1] - mesh.face_normals[:, 2]) < 1e-9
    tilted &= mesh.face_normals[:, 2] > 0.5
    assert tilted.any()
    np.testing.assert_allclose(mesh.face_normals[tilted][:, 1:], np.sqrt(0.5), atol=1e-9)


@pytest.mark.parametrize("name", CLASS_NAMES)
def test_every_class_renders(name: str) -> None:
    image = render_part(name, size=48, seed=3, index=0)
    assert image.shape == (48, 48, 4) and image.dtype == np.uint8
    alpha = image[..., 3]
    covered = alpha > 127
    assert covered.sum() >= 20, "the part is (almost) invisible"
    assert (alpha == 0).mean() > 0.3, "the background should stay transparent"
    grey = image[..., :3][covered]
    assert (grey[:, 0] == grey[:, 1]).all() and (grey[:, 1] == grey[:, 2]).all()
    assert 40 < grey.mean() < 220, "a mid-grey part"
    assert grey.std() > 5, "shading varies across the part"


def test_same_seed_gives_identical_pixels() -> None:
    for name in CLASS_NAMES[:4]:
        a = render_part(name, size=40, seed=5, index=7)
        b = render_part(name, size=40, seed=5, index=7)
        assert np.array_equal(a, b)


def test_different_seeds_and_indices_differ() -> None:
    name = "3004 Brick 1x2"
    base = render_part(name, size=40, seed=1, index=0)
    assert not np.array_equal(base, render_part(name, size=40, seed=2, index=0))
    assert not np.array_equal(base, render_part(name, size=40, seed=1, index=1))


def test_size_in_the_image_follows_real_size() -> None:
    """Fixed camera distance: a 1x1 plate covers far fewer pixels than a 2x2 brick."""

    def mean_area(name: str) -> float:
        return float(
            np.mean(
                [(render_part(name, 48, seed=0, index=i)[..., 3] > 127).sum() for i in range(12)]
            )
        )

    small, big = mean_area("3024 Plate 1x1"), mean_area("3003 Brick 2x2")
    assert big > 2.5 * small


def _images(name: str, views: list) -> np.ndarray:
    mesh = part_mesh(name).centered()
    return np.stack([composite(render_mesh(mesh, v, 40)).mean(axis=-1) for v in views])


def test_classes_look_different_from_the_same_viewpoints() -> None:
    """Seen from the same 8 random viewpoints, every pair of classes differs in part of the
    image, and most pairs in much of it. Some real pairs are close: the two axle pins are
    mirror images in their axle:pin lengths, and a 1x2 plate and the jumper differ by one
    stud (upright, their outlines are nearly the same; the studs show in the shading)."""
    views = [random_view(np.random.default_rng(100 + k)) for k in range(8)]
    images = {name: _images(name, views) for name in CLASS_NAMES}
    shares = []
    for a, b in itertools.combinations(CLASS_NAMES, 2):
        share = float((np.abs(images[a] - images[b]) > 16).mean())  # pixels clearly different
        assert share > 0.01, f"{a!r} and {b!r} render the same image ({share:.3f} differ)"
        shares.append(share)
    assert np.median(shares) > 0.10


def test_parts_stand_upright_and_are_seen_from_above() -> None:
    """As in the Kaggle renders: studs up, camera elevation within ELEVATION_RANGE (plus
    the part's small lean), any turn about the vertical."""
    low, high = render.ELEVATION_RANGE
    margin = render.TILT_DEGREES * 2**0.5 + 0.1
    turns = []
    for k in range(200):
        view = random_view(np.random.default_rng(k))
        r = view.rotation
        assert np.allclose(r @ r.T, np.eye(3), atol=1e-9) and np.isclose(np.linalg.det(r), 1)
        up = r @ np.array([0.0, 0.0, 1.0])  # the part's up axis, in camera coordinates
        elevation = np.degrees(np.arcsin(-up[2]))  # towards the camera: looking down on it
        assert up[1] > 0 and low - margin <= elevation <= high + margin
        front = r @ np.array([1.0, 0.0, 0.0])
        turns.append(np.degrees(np.arctan2(front[2], front[0])))
    assert np.ptp(turns) > 300  # all the way round


def test_composite_onto_background() -> None:
    image = render_part("3005 Brick 1x1", size=32, seed=0)
    rgb = composite(image, (200, 210, 220))
    assert rgb.shape == (32, 32, 3)
    clear = image[..., 3] == 0
    assert (rgb[clear] == [200, 210, 220]).all()


def test_other_parts_are_real_parts_outside_the_sixteen_classes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from course_utils.lego.dataset import synthetic_folder
    from course_utils.lego.geometry import OTHER_PART_NAMES

    assert not set(OTHER_PART_NAMES) & set(CLASS_NAMES)
    assert len(set(OTHER_PART_NAMES)) == len(OTHER_PART_NAMES) == 16
    numbers = [name.split()[0] for name in OTHER_PART_NAMES + CLASS_NAMES]
    assert len(set(numbers)) == len(numbers)  # no part number used twice
    for name in OTHER_PART_NAMES:
        image = render_part(name, size=32, seed=0, index=0)
        covered = image[..., 3] > 0
        assert 0.01 < covered.mean() < 0.9, name  # a visible part, not an empty frame
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path))
    folder = synthetic_folder(2, 16, seed=0, workers=1, progress=False, parts="other")
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == sorted(OTHER_PART_NAMES)
