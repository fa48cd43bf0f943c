"""Triangle meshes of the 16 LEGO parts of the Kaggle set, built from real LEGO dimensions.

All lengths are millimetres. The system's numbers (the same ones LDraw uses, 1 LDU = 0.4 mm):
stud pitch 8 mm, brick height 9.6 mm, plate 3.2 mm, stud 4.8 mm wide and 1.7 mm tall,
wall 1.2 mm, top 1.0 mm, underside tube 6.51 mm outside / 4.8 mm inside, 1xN underside rod
3.2 mm, Technic hole 4.8 mm, axle cross 4.8 mm across with 1.8 mm arms, Technic collar 6 mm.

A mesh is a *triangle soup*: every triangle carries its own three corners, three vertex
normals (smooth across gentle bends such as a cylinder's side, sharp at creases) and one
outward face normal, used by the renderer to drop faces turned away from the camera. Every
part is a union of closed solids (boxes, convex prisms and "radial prisms": a star-shaped
ring or disc extruded along an axis, which covers studs, tubes, pins, axles and cross
holes), so back-face culling plus a depth buffer draws it correctly, inside views of the
hollow underside included.

Why hand-built meshes: the Kaggle renders come from LDraw models, which are not
redistributable as one bundle here and need a parser plus a lot of primitive files; the 16
parts are simple enough to describe in a few lines each from the published dimensions.

Example:
    >>> mesh = part_mesh("3003 Brick 2x2")
    >>> [round(float(s), 1) for s in mesh.extent()]
    [16.0, 16.0, 11.3]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np

# --- The LEGO system's dimensions (mm) -------------------------------------------------
PITCH = 8.0
BRICK_H = 9.6
PLATE_H = 3.2
STUD_R = 2.4
STUD_H = 1.7
HOLLOW_STUD_R = 1.6  # the hole of a hollow stud (3794's knob)
WALL = 1.2
TOP = 1.0
TUBE_R_OUT = 6.51 / 2
TUBE_R_IN = 4.8 / 2
ROD_R = 1.6
HOLE_R = 2.4  # Technic pin hole and pin shaft radius
AXLE_HALF = 2.4  # half the axle cross's span
AXLE_ARM = 0.9  # half the width of a cross arm
COLLAR_R = 3.0
CIRCLE_SEGMENTS = 24
# Occlusion (share of light that gets in) of hidden-away surfaces: see Mesh.occlusion.
CAVITY_LIGHT = 0.55
PIN_BORE_LIGHT = 0.5
CREASE_DEG = 35.0

# The first Kaggle release's 16 classes, in the order Keras lists the folders (sorted).
CLASS_NAMES: tuple[str, ...] = tuple(
    sorted(
        [
            "2357 Brick corner 1x2x2",
            "3003 Brick 2x2",
            "3004 Brick 1x2",
            "3005 Brick 1x1",
            "3022 Plate 2x2",
            "3023 Plate 1x2",
            "3024 Plate 1x1",
            "3040 Roof Tile 1x2x45deg",
            "3069 Flat Tile 1x2",
            "3673 Peg 2M",
            "3713 Bush for Cross Axle",
            "3794 Plate 1X2 with 1 Knob",
            "6632 Technic Lever 3M",
            "11214 Bush 3M friction with Cross axle",
            "18651 Cross Axle 2M with Snap friction",
            "32123 half Bush",
        ]
    )
)


# Other real LEGO parts, *not* among the 16 classes: the source task of notebook 06's
# offline transfer experiment (a network learns LEGO-like features on these, then is
# reused on the 16). Part numbers and sizes are LEGO's; the names follow the Kaggle style.
OTHER_PART_NAMES: tuple[str, ...] = (
    "3001 Brick 2x4",
    "3002 Brick 2x3",
    "3009 Brick 1x6",
    "3010 Brick 1x4",
    "3622 Brick 1x3",
    "3020 Plate 2x4",
    "3021 Plate 2x3",
    "3623 Plate 1x3",
    "3710 Plate 1x4",
    "2420 Plate corner 2x2",
    "3068 Flat Tile 2x2",
    "3070 Flat Tile 1x1",
    "3705 Cross Axle 4M",
    "32062 Cross Axle 2M",
    "6558 Peg 3M",
    "32523 Technic Beam 3M",
)
ALL_PART_NAMES: tuple[str, ...] = CLASS_NAMES + OTHER_PART_NAMES


@dataclass(frozen=True)
class Mesh:
    """A triangle soup: ``vertices`` (T, 3, 3), ``normals`` (T, 3, 3) per corner,
    ``face_normals`` (T, 3) pointing out of the solid, and ``occlusion`` (T,): how much of
    the light reaches each face (1 in the open, less inside a brick's hollow underside or a
    pin's bore), a cheap stand-in for the shadows a path tracer would cast there.

    Example:
        >>> box(0, 1, 0, 1, 0, 1).vertices.shape
        (12, 3, 3)
    """

    vertices: np.ndarray
    normals: np.ndarray
    face_normals: np.ndarray
    occlusion: np.ndarray | None = None

    def light_factor(self) -> np.ndarray:
        """``occlusion``, or ones when it was not set."""
        if self.occlusion is None:
            return np.ones(len(self))
        return self.occlusion

    def with_occlusion(self, factor: np.ndarray | float) -> Mesh:
        """The same mesh with ``occlusion`` set (a scalar applies to every face)."""
        occ = np.broadcast_to(np.asarray(factor, dtype=np.float64), (len(self),)).copy()
        return Mesh(self.vertices, self.normals, self.face_normals, occ)

    def __add__(self, other: Mesh) -> Mesh:
        return concat([self, other])

    def __len__(self) -> int:
        return int(self.vertices.shape[0])

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The axis-aligned bounding box's lower and upper corners."""
        flat = self.vertices.reshape(-1, 3)
        return flat.min(axis=0), flat.max(axis=0)

    def extent(self) -> np.ndarray:
        """The bounding box's size along x, y and z (mm)."""
        low, high = self.bounds()
        return high - low

    def transformed(self, rotation: np.ndarray, offset: np.ndarray | None = None) -> Mesh:
        """The mesh rotated by ``rotation`` (3x3) and then shifted by ``offset``."""
        rotation = np.asarray(rotation, dtype=np.float64)
        vertices = self.vertices @ rotation.T
        if offset is not None:
            vertices = vertices + np.asarray(offset, dtype=np.float64)
        return Mesh(
            vertices, self.normals @ rotation.T, self.face_normals @ rotation.T, self.occlusion
        )

    def centered(self) -> Mesh:
        """The mesh shifted so that its bounding box is centred on the origin."""
        low, high = self.bounds()
        return self.transformed(np.eye(3), -(low + high) / 2)


def concat(meshes: list[Mesh]) -> Mesh:
    """One mesh made of all the triangles of ``meshes``."""
    occlusion = None
    if any(m.occlusion is not None for m in meshes):
        occlusion = np.concatenate([m.light_factor() for m in meshes])
    return Mesh(
        np.concatenate([m.vertices for m in meshes]),
        np.concatenate([m.normals for m in meshes]),
        np.concatenate([m.face_normals for m in meshes]),
        occlusion,
    )


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.maximum(np.linalg.norm(v, axis=-1, keepdims=True), 1e-12)


def _quads(corners: np.ndarray, normals: np.ndarray, face_normals: np.ndarray) -> Mesh:
    """Split quads (Q, 4, 3) with corner normals (Q, 4, 3) into two triangles each."""
    tri = np.concatenate([corners[:, [0, 1, 2]], corners[:, [0, 2, 3]]])
    nrm = np.concatenate([normals[:, [0, 1, 2]], normals[:, [0, 2, 3]]])
    fn = np.concatenate([face_normals, face_normals])
    return Mesh(tri, nrm, fn)


def box(x0: float, x1: float, y0: float, y1: float, z0: float, z1: float) -> Mesh:
    """A closed axis-aligned box with flat faces.

    Example:
        >>> len(box(0, 8, 0, 8, 0, 9.6))
        12
    """
    lo, hi = np.array([x0, y0, z0], float), np.array([x1, y1, z1], float)
    corners, normals = [], []
    for axis in range(3):
        u, v = [a for a in range(3) if a != axis]
        for side, value in ((-1.0, lo[axis]), (1.0, hi[axis])):
            quad = np.zeros((4, 3))
            quad[:, axis] = value
            quad[:, u] = [lo[u], hi[u], hi[u], lo[u]]
            quad[:, v] = [lo[v], lo[v], hi[v], hi[v]]
            n = np.zeros(3)
            n[axis] = side
            corners.append(quad)
            normals.append(n)
    corners_a = np.array(corners)
    fn = np.array(normals)
    return _quads(corners_a, np.repeat(fn[:, None], 4, axis=1), fn)


def _to_xyz(u: np.ndarray, v: np.ndarray, w: np.ndarray, axis: str) -> np.ndarray:
    """Place 2-D section coordinates (u, v) and extrusion coordinate w along ``axis``."""
    if axis == "z":
        return np.stack([u, v, w], axis=-1)
    if axis == "x":
        return np.stack([w, u, v], axis=-1)
    return np.stack([u, w, v], axis=-1)  # axis == "y": section in (x, z)


def _axis_vec(axis: str) -> np.ndarray:
    return {"x": np.array([1.0, 0, 0]), "y": np.array([0, 1.0, 0]), "z": np.array([0, 0, 1.0])}[
        axis
    ]


def _wall_normals(
    points: np.ndarray, closed: bool, outward_sign: float, center: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-segment normals of a 2-D polyline and smoothed normals at each segment's ends.

    ``outward_sign`` +1 points normals away from ``center`` (an outer wall), -1 towards it
    (the wall of a hole). Neighbouring segments closer than the crease angle share a
    normal at their common point, so a cylinder shades smoothly and a cross stays sharp.
    """
    nxt = np.roll(points, -1, axis=0)
    seg = nxt - points
    n = np.stack([seg[:, 1], -seg[:, 0]], axis=-1)
    mid = (points + nxt) / 2 - center
    flip = np.sign(np.sum(n * mid, axis=-1))
    flip[flip == 0] = 1.0
    n = _unit(n * (flip * outward_sign)[:, None])
    count = len(points) if closed else len(points) - 1
    n = n[:count]
    cos_crease = np.cos(np.radians(CREASE_DEG))
    prev = np.roll(n, 1, axis=0)
    after = np.roll(n, -1, axis=0)
    start = np.where((np.sum(prev * n, -1) > cos_crease)[:, None], _unit(prev + n), n)
    end = np.where((np.sum(after * n, -1) > cos_crease)[:, None], _unit(after + n), n)
    if not closed:
        start[0], end[-1] = n[0], n[-1]
    return n, start, end


def _polygon_angles(poly: np.ndarray) -> np.ndarray:
    return np.arctan2(poly[:, 1], poly[:, 0])


def _ray_cast(poly: np.ndarray, angles: np.ndarray) -> np.ndarray:
    """Distance from the origin to a star-shaped polygon's boundary along each angle."""
    d = np.stack([np.cos(angles), np.sin(angles)], axis=-1)[:, None, :]  # (K,1,2)
    p = poly[None, :, :]
    q = np.roll(poly, -1, axis=0)[None, :, :]
    e = q - p
    denom = d[..., 0] * e[..., 1] - d[..., 1] * e[..., 0]
    safe = np.where(np.abs(denom) < 1e-12, np.nan, denom)
    t = (p[..., 0] * e[..., 1] - p[..., 1] * e[..., 0]) / safe
    s = (p[..., 0] * d[..., 1] - p[..., 1] * d[..., 0]) / safe
    ok = (s >= -1e-9) & (s <= 1 + 1e-9) & (t > 1e-9)
    t = np.where(ok, t, np.inf)
    r = t.min(axis=1)
    if not np.all(np.isfinite(r)):
        raise ValueError("polygon is not star-shaped around its centre")
    return r


def circle(radius: float, segments: int = CIRCLE_SEGMENTS) -> np.ndarray:
    """A circle as a polygon of ``segments`` vertices."""
    a = np.linspace(0, 2 * np.pi, segments, endpoint=False)
    return radius * np.stack([np.cos(a), np.sin(a)], axis=-1)


def cross(half_span: float = AXLE_HALF, half_arm: float = AXLE_ARM) -> np.ndarray:
    """The '+' section of a Technic axle (and of an axle hole), 12 vertices."""
    b, a = half_span, half_arm
    return np.array(
        [
            (b, a),
            (a, a),
            (a, b),
            (-a, b),
            (-a, a),
            (-b, a),
            (-b, -a),
            (-a, -a),
            (-a, -b),
            (a, -b),
            (a, -a),
            (b, -a),
        ],
        float,
    )


def radial_prism(
    outer: np.ndarray,
    inner: np.ndarray | None,
    z0: float,
    z1: float,
    center: tuple[float, float] = (0.0, 0.0),
    axis: str = "z",
    arc: tuple[float, float] | None = None,
    caps: tuple[bool, bool] = (True, True),
    bore_light: float = 1.0,
) -> Mesh:
    """A star-shaped disc (``inner`` None) or ring extruded from ``z0`` to ``z1``.

    ``outer`` and ``inner`` are polygons around the local origin (e.g. :func:`circle`,
    :func:`cross`); both are sampled along the same rays, so any star-shaped pair works:
    a stud, a tube, a pin, an axle, a bush with a cross hole. ``arc`` keeps only the
    angles in (start, stop), closing the cut with flat faces: the slit of a Technic pin.
    ``bore_light`` is the occlusion of the hole's wall (darker inside a narrow bore).

    Example:
        >>> stud = radial_prism(circle(STUD_R), None, 9.6, 9.6 + STUD_H)
        >>> round(float(stud.extent()[2]), 2)
        1.7
    """
    angles = [_polygon_angles(outer)]
    if inner is not None:
        angles.append(_polygon_angles(inner))
    a = np.unique(np.round(np.mod(np.concatenate(angles), 2 * np.pi), 9))
    closed = arc is None
    if arc is not None:
        lo, hi = arc
        inside = a[(a > lo) & (a < hi)]
        a = np.concatenate([[lo], inside, [hi]])
    r_out = _ray_cast(outer, a)
    dirs = np.stack([np.cos(a), np.sin(a)], axis=-1)
    po = r_out[:, None] * dirs
    pi = _ray_cast(inner, a)[:, None] * dirs if inner is not None else None
    c = np.asarray(center, float)
    ax = _axis_vec(axis)
    parts: list[Mesh] = []

    def wall(points: np.ndarray, sign: float) -> None:
        n, ns, ne = _wall_normals(points, closed, sign, np.zeros(2))
        count = len(n)
        p0 = points[:count]
        p1 = np.roll(points, -1, axis=0)[:count]
        uu = np.stack([p0[:, 0], p1[:, 0], p1[:, 0], p0[:, 0]], -1) + c[0]
        vv = np.stack([p0[:, 1], p1[:, 1], p1[:, 1], p0[:, 1]], -1) + c[1]
        ww = np.array([z0, z0, z1, z1])[None].repeat(count, 0)
        corners = _to_xyz(uu, vv, ww, axis)
        zero = np.zeros(count)
        nrm = np.stack([ns, ne, ne, ns], axis=1)
        nrm3 = _to_xyz(nrm[..., 0], nrm[..., 1], np.zeros_like(nrm[..., 0]), axis)
        parts.append(_quads(corners, nrm3, _to_xyz(n[:, 0], n[:, 1], zero, axis)))

    wall(po, 1.0)
    if pi is not None:
        wall(pi, -1.0)
        parts[-1] = parts[-1].with_occlusion(bore_light)
    count = len(a) if closed else len(a) - 1
    for z, sign, keep in ((z0, -1.0, caps[0]), (z1, 1.0, caps[1])):
        if not keep:
            continue
        o0, o1 = po[:count], np.roll(po, -1, axis=0)[:count]
        if pi is not None:
            i0, i1 = pi[:count], np.roll(pi, -1, axis=0)[:count]
        else:
            i0 = i1 = np.zeros_like(o0)
        uu = np.stack([o0[:, 0], o1[:, 0], i1[:, 0], i0[:, 0]], -1) + c[0]
        vv = np.stack([o0[:, 1], o1[:, 1], i1[:, 1], i0[:, 1]], -1) + c[1]
        corners = _to_xyz(uu, vv, np.full_like(uu, z), axis)
        fn = np.repeat((ax * sign)[None], count, 0)
        parts.append(_quads(corners, np.repeat(fn[:, None], 4, 1), fn))
    if not closed:
        for k in (0, len(a) - 1):
            inner_pt = pi[k] if pi is not None else np.zeros(2)
            quad_uv = np.array([inner_pt, po[k], po[k], inner_pt]) + c
            ww = np.array([z0, z0, z1, z1])
            corners = _to_xyz(quad_uv[:, 0], quad_uv[:, 1], ww, axis)[None]
            # The cut face's normal points out of the kept arc.
            tangent = np.array([-np.sin(a[k]), np.cos(a[k])]) * (-1.0 if k == 0 else 1.0)
            fn = _to_xyz(np.array([tangent[0]]), np.array([tangent[1]]), np.zeros(1), axis)
            parts.append(_quads(corners, np.repeat(fn[:, None], 4, 1), fn))
    return concat(parts)


def prism(section: np.ndarray, w0: float, w1: float, axis: str) -> Mesh:
    """A convex polygon ``section`` (its own 2-D coordinates) extruded from w0 to w1.

    The section's (u, v) map to (y, z) for ``axis="x"``, (x, z) for "y", (x, y) for "z".

    Example:
        >>> len(prism(np.array([(0, 0), (1, 0), (0, 1)], float), 0, 1, "x"))
        8
    """
    centroid = section.mean(axis=0)
    n, _, _ = _wall_normals(section, True, 1.0, centroid)
    count = len(section)
    p0, p1 = section, np.roll(section, -1, axis=0)
    uu = np.stack([p0[:, 0], p1[:, 0], p1[:, 0], p0[:, 0]], -1)
    vv = np.stack([p0[:, 1], p1[:, 1], p1[:, 1], p0[:, 1]], -1)
    ww = np.array([w0, w0, w1, w1])[None].repeat(count, 0)
    fn = _to_xyz(n[:, 0], n[:, 1], np.zeros(count), axis)
    parts = [_quads(_to_xyz(uu, vv, ww, axis), np.repeat(fn[:, None], 4, 1), fn)]
    ax = _axis_vec(axis)
    for w, sign in ((w0, -1.0), (w1, 1.0)):
        tri_uv = np.stack([np.repeat(section[:1], count - 2, 0), section[1:-1], section[2:]], 1)
        corners = _to_xyz(tri_uv[..., 0], tri_uv[..., 1], np.full(tri_uv.shape[:2], w), axis)
        f = np.repeat((ax * sign)[None], count - 2, 0)
        parts.append(Mesh(corners, np.repeat(f[:, None], 3, 1), f))
    return concat(parts)


# --- Bricks, plates and tiles -----------------------------------------------------------


def _stud(x: float, y: float, z: float, hollow: bool = False) -> Mesh:
    """A stud; ``hollow`` leaves a 3.2 mm hole down its middle (the jumper plate's)."""
    return radial_prism(
        circle(STUD_R),
        circle(HOLLOW_STUD_R) if hollow else None,
        z,
        z + STUD_H,
        center=(x, y),
        caps=(False, True),
        bore_light=0.6,
    )


def brick(
    cells: list[tuple[int, int]],
    height: float,
    studs: list[tuple[float, float]] | None = None,
    hollow_studs: bool = False,
) -> Mesh:
    """A hollow brick, plate or tile over grid ``cells`` (each 8 x 8 mm).

    The top is 1.0 mm thick, the walls 1.2 mm; underneath, a tube (6.51/4.8 mm) stands
    where four cells meet and a 3.2 mm rod between two cells of a one-wide row. ``studs``
    are stud centres (mm); None puts one stud on every cell, [] makes a tile.
    ``hollow_studs`` gives them a hole down the middle.

    Example:
        >>> round(float(brick([(0, 0)], BRICK_H).extent()[2]), 1)
        11.3
    """
    cellset = set(cells)
    parts = []
    inner_h = height - TOP
    for i, j in cells:
        x0, y0 = i * PITCH, j * PITCH
        parts.append(box(x0, x0 + PITCH, y0, y0 + PITCH, inner_h, height))
        if (i - 1, j) not in cellset:
            parts.append(box(x0, x0 + WALL, y0, y0 + PITCH, 0, inner_h))
        if (i + 1, j) not in cellset:
            parts.append(box(x0 + PITCH - WALL, x0 + PITCH, y0, y0 + PITCH, 0, inner_h))
        if (i, j - 1) not in cellset:
            parts.append(box(x0, x0 + PITCH, y0, y0 + WALL, 0, inner_h))
        if (i, j + 1) not in cellset:
            parts.append(box(x0, x0 + PITCH, y0 + PITCH - WALL, y0 + PITCH, 0, inner_h))
    for i, j in cells:
        # Tube where four cells meet (their shared corner is (i+1, j+1) * pitch).
        if {(i + 1, j), (i, j + 1), (i + 1, j + 1)} <= cellset:
            parts.append(
                radial_prism(
                    circle(TUBE_R_OUT),
                    circle(TUBE_R_IN),
                    0,
                    inner_h,
                    center=((i + 1) * PITCH, (j + 1) * PITCH),
                )
            )
        for di, dj in ((1, 0), (0, 1)):
            if (i + di, j + dj) not in cellset:
                continue
            side = [
                (i + dj, j + di),
                (i + di + dj, j + dj + di),
                (i - dj, j - di),
                (i + di - dj, j + dj - di),
            ]
            if not (set(side[:2]) <= cellset or set(side[2:]) <= cellset):
                cx = (i + 0.5 + di * 0.5) * PITCH
                cy = (j + 0.5 + dj * 0.5) * PITCH
                parts.append(
                    radial_prism(
                        circle(ROD_R, 16), None, 0, inner_h, center=(cx, cy), caps=(True, False)
                    )
                )
    body = concat(parts)

    def in_cavity(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        inside = np.ones(len(x), dtype=bool)
        for dx in (-0.01, 0.01):
            for dy in (-0.01, 0.01):
                cx, cy = np.floor((x + dx) / PITCH), np.floor((y + dy) / PITCH)
                inside &= np.array(
                    [(int(a), int(b)) in cellset for a, b in zip(cx, cy, strict=True)]
                )
        return inside & (z < inner_h + 1e-6)

    body = _occlude_cavity(body, in_cavity)
    if studs is None:
        studs = [((i + 0.5) * PITCH, (j + 0.5) * PITCH) for i, j in cells]
    return concat([body] + [_stud(x, y, height, hollow_studs) for x, y in studs])


def _occlude_cavity(mesh: Mesh, in_cavity: Callable[..., np.ndarray]) -> Mesh:
    """Darken the faces inside a hollow underside: their centroid is in the cavity
    (``in_cavity(x, y, z)``), except the wall rims at z = 0, which face the open."""
    c = mesh.vertices.mean(axis=1)
    rim = (mesh.face_normals[:, 2] < -0.99) & (c[:, 2] < 1e-6)
    hidden = in_cavity(c[:, 0], c[:, 1], c[:, 2]) & ~rim
    return mesh.with_occlusion(np.where(hidden, CAVITY_LIGHT, 1.0))


def slope_45_2x1() -> Mesh:
    """3040: a 1 x 2 base, one stud on the back row, a 45-degree slope down to a 1.6 mm lip.

    Seen from the side (y, z) the outline is (0,0)-(16,0)-(16,1.6)-(8,9.6)-(0,9.6);
    underneath it is hollow, with a rod under the slope's ridge.
    """
    profile = np.array([(0, 0), (16, 0), (16, 1.6), (8, BRICK_H), (0, BRICK_H)], float)
    s = 1 / np.sqrt(2)
    slab = np.array(
        [(8, BRICK_H), (16, 1.6), (16 - TOP * s, 1.6 - TOP * s), (8 - TOP * s, BRICK_H - TOP * s)],
        float,
    )
    parts = [
        prism(profile, 0, WALL, "x"),
        prism(profile, PITCH - WALL, PITCH, "x"),
        box(0, PITCH, 0, WALL, 0, BRICK_H - TOP),
        box(0, PITCH, 0, PITCH, BRICK_H - TOP, BRICK_H),
        box(0, PITCH, 2 * PITCH - WALL, 2 * PITCH, 0, 1.6),
        prism(slab, 0, PITCH, "x"),
        radial_prism(circle(ROD_R, 16), None, 0, BRICK_H - TOP, center=(4, 8), caps=(True, False)),
    ]

    def in_cavity(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        roof = np.where(y <= PITCH, BRICK_H - TOP, np.maximum(BRICK_H - (y - PITCH), 1.6))
        return (
            (x > 0.01)
            & (x < PITCH - 0.01)
            & (y > 0.01)
            & (y < 2 * PITCH - 0.01)
            & (z < roof - 0.05)
        )

    return concat([_occlude_cavity(concat(parts), in_cavity), _stud(4, 4, BRICK_H)])


# --- Technic parts (built along z) ------------------------------------------------------


def _pin_section(z0: float, z1: float, slit: bool, ridge: bool = False) -> list[Mesh]:
    """A hollow pin shaft piece; ``slit`` cuts the 1 mm slot that lets the end flex."""
    r = HOLE_R + (0.15 if ridge else 0.0)
    inner = circle(1.6, 16)
    if not slit:
        return [radial_prism(circle(r), inner, z0, z1, bore_light=PIN_BORE_LIGHT)]
    gap = 0.5 / HOLE_R  # half of a 1.0 mm slot, as an angle
    return [
        radial_prism(circle(r), inner, z0, z1, arc=(gap, np.pi - gap), bore_light=PIN_BORE_LIGHT),
        radial_prism(
            circle(r), inner, z0, z1, arc=(np.pi + gap, 2 * np.pi - gap), bore_light=PIN_BORE_LIGHT
        ),
    ]


def pin_half(z0: float, length: float, outward: float) -> list[Mesh]:
    """One half of a Technic pin from its collar face at z0, ``outward`` = +1 or -1."""
    z = lambda d: z0 + outward * d  # noqa: E731 (a local coordinate helper)
    spans = [
        (0, length - 4.0, False, False),
        (length - 4.0, length - 0.6, True, False),
        (length - 0.6, length, True, True),
    ]
    parts: list[Mesh] = []
    for a, b, slit, ridge in spans:
        lo, hi = sorted((z(a), z(b)))
        parts += _pin_section(lo, hi, slit, ridge)
    return parts


def pin_2m() -> Mesh:
    """3673: Technic pin, 16 mm long, 4.8 mm shaft, 6 mm collar in the middle, slotted ends."""
    parts = [radial_prism(circle(COLLAR_R), circle(1.6, 16), 7.2, 8.8, bore_light=PIN_BORE_LIGHT)]
    parts += pin_half(7.2, 7.2, -1.0) + pin_half(8.8, 7.2, 1.0)
    return concat(parts)


def axle_pin(axle_length: float, pin_length: float) -> Mesh:
    """An axle end ('+' section), a 1.6 mm collar, then a pin with friction ribs.

    11214 is a 1M axle with a 2M pin (24 mm in all), 18651 a 2M axle with a 1M pin.
    """
    a_end = axle_length - 0.8
    parts = [
        radial_prism(cross(), None, 0, a_end),
        radial_prism(circle(COLLAR_R), None, a_end, a_end + 1.6),
    ]
    start = a_end + 1.6
    parts += pin_half(start, pin_length - 0.8, 1.0)
    # Friction ridges along the pin: four thin ribs.
    for k in range(4):
        ang = np.pi / 4 + k * np.pi / 2
        cx, cy = (HOLE_R - 0.1) * np.cos(ang), (HOLE_R - 0.1) * np.sin(ang)
        parts.append(
            radial_prism(
                circle(0.35, 8), None, start + 0.5, start + pin_length - 0.8 - 4.5, center=(cx, cy)
            )
        )
    return concat(parts)


def pin_3m() -> Mesh:
    """6558: Technic pin 3M, 24 mm long: a 2M side and a 1M side around the collar."""
    parts = [radial_prism(circle(COLLAR_R), circle(1.6, 16), 7.2, 8.8, bore_light=PIN_BORE_LIGHT)]
    parts += pin_half(7.2, 7.2, -1.0) + pin_half(8.8, 15.2, 1.0)
    return concat(parts)


def axle(length: float) -> Mesh:
    """A Technic cross axle of ``length`` mm (8 mm per module), ends slightly short."""
    return radial_prism(cross(), None, 0.0, length - 0.4)


def liftarm_3m(thickness: float, end_hole: np.ndarray) -> Mesh:
    """A 1 x 3 Technic liftarm: rounded ends holding ``end_hole`` (e.g. :func:`cross` or
    :func:`circle`), a round pin hole in the middle, ``thickness`` mm thick."""
    half_w = 3.6
    rect = np.array([(4, half_w), (-4, half_w), (-4, -half_w), (4, -half_w)], float)
    arc_a = np.linspace(-np.pi / 2, np.pi / 2, 13)
    d_right = np.concatenate(
        [half_w * np.stack([np.cos(arc_a), np.sin(arc_a)], -1), [(-4, half_w), (-4, -half_w)]]
    )
    return concat(
        [
            radial_prism(rect, circle(HOLE_R), 0, thickness, center=(0, 0), bore_light=0.8),
            radial_prism(d_right, end_hole, 0, thickness, center=(8, 0), bore_light=0.8),
            radial_prism(-d_right, end_hole, 0, thickness, center=(-8, 0), bore_light=0.8),
        ]
    )


def beam_3m() -> Mesh:
    """32523: thick liftarm 1 x 3, 7.2 mm thick, three round pin holes."""
    return liftarm_3m(7.2, circle(HOLE_R))


def bush(spans: list[tuple[float, float, float]]) -> Mesh:
    """A bush: round sections (z0, z1, radius) around a cross hole."""
    return concat(
        [radial_prism(circle(r, 28), cross(), z0, z1, bore_light=0.7) for z0, z1, r in spans]
    )


def lever_3m() -> Mesh:
    """6632: thin liftarm 1 x 3, 3.8 mm thick, cross holes at the ends, a round middle hole."""
    return liftarm_3m(3.8, cross())


def _build(name: str) -> Mesh:
    builders = {
        "2357 Brick corner 1x2x2": lambda: brick([(0, 0), (1, 0), (0, 1)], BRICK_H),
        "3003 Brick 2x2": lambda: brick([(0, 0), (1, 0), (0, 1), (1, 1)], BRICK_H),
        "3004 Brick 1x2": lambda: brick([(0, 0), (0, 1)], BRICK_H),
        "3005 Brick 1x1": lambda: brick([(0, 0)], BRICK_H),
        "3022 Plate 2x2": lambda: brick([(0, 0), (1, 0), (0, 1), (1, 1)], PLATE_H),
        "3023 Plate 1x2": lambda: brick([(0, 0), (0, 1)], PLATE_H),
        "3024 Plate 1x1": lambda: brick([(0, 0)], PLATE_H),
        "3040 Roof Tile 1x2x45deg": slope_45_2x1,
        "3069 Flat Tile 1x2": lambda: brick([(0, 0), (0, 1)], PLATE_H, studs=[]),
        "3673 Peg 2M": pin_2m,
        "3713 Bush for Cross Axle": lambda: bush(
            [(0, 1.2, 3.6), (1.2, 6.6, 3.05), (6.6, 7.8, 3.35)]
        ),
        "3794 Plate 1X2 with 1 Knob": lambda: brick(
            [(0, 0), (0, 1)], PLATE_H, studs=[(4.0, 8.0)], hollow_studs=True
        ),
        "6632 Technic Lever 3M": lever_3m,
        "11214 Bush 3M friction with Cross axle": lambda: axle_pin(8.0, 16.0),
        "18651 Cross Axle 2M with Snap friction": lambda: axle_pin(16.0, 8.0),
        "32123 half Bush": lambda: bush([(0, 0.4, 3.3), (0.4, 3.2, 3.6), (3.2, 3.6, 3.3)]),
    }
    cells = lambda w, d: [(i, j) for i in range(w) for j in range(d)]  # noqa: E731
    builders.update(
        {
            "3001 Brick 2x4": lambda: brick(cells(2, 4), BRICK_H),
            "3002 Brick 2x3": lambda: brick(cells(2, 3), BRICK_H),
            "3009 Brick 1x6": lambda: brick(cells(1, 6), BRICK_H),
            "3010 Brick 1x4": lambda: brick(cells(1, 4), BRICK_H),
            "3622 Brick 1x3": lambda: brick(cells(1, 3), BRICK_H),
            "3020 Plate 2x4": lambda: brick(cells(2, 4), PLATE_H),
            "3021 Plate 2x3": lambda: brick(cells(2, 3), PLATE_H),
            "3623 Plate 1x3": lambda: brick(cells(1, 3), PLATE_H),
            "3710 Plate 1x4": lambda: brick(cells(1, 4), PLATE_H),
            "2420 Plate corner 2x2": lambda: brick([(0, 0), (1, 0), (0, 1)], PLATE_H),
            "3068 Flat Tile 2x2": lambda: brick(cells(2, 2), PLATE_H, studs=[]),
            "3070 Flat Tile 1x1": lambda: brick([(0, 0)], PLATE_H, studs=[]),
            "3705 Cross Axle 4M": lambda: axle(32.0),
            "32062 Cross Axle 2M": lambda: axle(16.0),
            "6558 Peg 3M": pin_3m,
            "32523 Technic Beam 3M": beam_3m,
        }
    )
    if name not in builders:
        raise KeyError(f"unknown LEGO part {name!r}; the parts are: {', '.join(ALL_PART_NAMES)}")
    return builders[name]()


@cache
def part_mesh(name: str) -> Mesh:
    """The mesh of part ``name`` (one of :data:`ALL_PART_NAMES`), built once per process.

    Example:
        >>> len(part_mesh("3024 Plate 1x1")) > 12
        True
    """
    mesh = _build(name)
    return Mesh(
        mesh.vertices.astype(np.float64),
        _unit(mesh.normals.astype(np.float64)),
        _unit(mesh.face_normals.astype(np.float64)),
        mesh.light_factor().copy(),
    )
