"""Benchmark: how our LEGO renders compare with reference images of the Kaggle set.

For each class present in the reference folder, the same statistics of the references and
of our renders (the same size, RGBA, transparent background):

- **brightness**: mean and spread (standard deviation) of the part's grey level, 0..255;
- **fill**: the share of the frame the part covers, and its bounding box's width and height
  as shares of the frame (so the part's apparent size, which the Kaggle camera's fixed
  distance ties to its real size);
- **centre offset**: how far the part's centre lies from the frame's, as a share of the frame;
- **background**: the share of fully transparent pixels, and the colour under them;
- **edge sharpness**: the mean grey-level gradient over the part's outline, and the width in
  pixels of its anti-aliased edge (pixels with partial alpha per outline pixel).

The reference folder defaults to the development copy ``../shared/data/lego_reference``
(3 real images of each of 12 classes; never committed); without it the script says so and
stops. Usage::

    python benchmarks/bench_lego_realism.py [--reference DIR] [--per-class 24] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from _common import Results, add_out_argument

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_utils.lego.render import render_part  # noqa: E402
from course_utils.projects import IMAGE_EXTENSIONS  # noqa: E402

DEFAULT_REFERENCE = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "lego_reference"
)
STATS = [
    "brightness",
    "brightness spread",
    "fill",
    "box width",
    "box height",
    "centre offset",
    "transparent",
    "edge gradient",
    "edge width",
]


def image_stats(rgba: np.ndarray) -> dict[str, float]:
    """The statistics of one RGBA uint8 image of a part on a transparent background.

    Example:
        >>> image = np.zeros((10, 10, 4), np.uint8); image[2:8, 3:7] = (128, 128, 128, 255)
        >>> s = image_stats(image)
        >>> round(s["fill"], 2), s["brightness"], round(s["box width"], 1)
        (0.24, 128.0, 0.4)
    """
    rgba = np.asarray(rgba)
    alpha = rgba[..., 3].astype(np.float64) / 255
    grey = rgba[..., :3].astype(np.float64).mean(axis=-1)
    part = alpha > 0.5
    h, w = alpha.shape
    rows, cols = np.flatnonzero(part.any(axis=1)), np.flatnonzero(part.any(axis=0))
    if not len(rows):
        return {name: float("nan") for name in STATS}
    centre = ((rows[0] + rows[-1]) / 2 / h - 0.5, (cols[0] + cols[-1]) / 2 / w - 0.5)
    # the outline: part pixels with a non-part neighbour
    padded = np.pad(part, 1)
    inner = padded[:-2, 1:-1] & padded[2:, 1:-1] & padded[1:-1, :-2] & padded[1:-1, 2:]
    outline = part & ~inner
    gy, gx = np.gradient(grey * alpha + 255 * (1 - alpha))  # as composited on white
    partial = (alpha > 0.02) & (alpha < 0.98)
    return {
        "brightness": float(grey[part].mean()),
        "brightness spread": float(grey[part].std()),
        "fill": float(part.mean()),
        "box width": float((cols[-1] - cols[0] + 1) / w),
        "box height": float((rows[-1] - rows[0] + 1) / h),
        "centre offset": float(np.hypot(*centre)),
        "transparent": float((alpha == 0).mean()),
        "edge gradient": float(np.hypot(gx, gy)[outline].mean()),
        "edge width": float(partial.sum() / max(outline.sum(), 1)),
    }


def reference_images(folder: Path) -> dict[str, list[np.ndarray]]:
    """RGBA arrays of every image in each class folder of ``folder``."""
    from PIL import Image

    found: dict[str, list[np.ndarray]] = {}
    for class_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        files = sorted(p for p in class_dir.iterdir() if p.suffix.lower() in IMAGE_EXTENSIONS)
        found[class_dir.name] = [np.asarray(Image.open(p).convert("RGBA")) for p in files]
    return found


def summary(images: list[np.ndarray]) -> dict[str, float]:
    """Each statistic's mean over ``images``."""
    values = [image_stats(image) for image in images]
    return {name: float(np.nanmean([v[name] for v in values])) for name in STATS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reference",
        type=Path,
        default=DEFAULT_REFERENCE,
        help="a <class>/<images> folder of real images (default: %(default)s)",
    )
    parser.add_argument("--per-class", type=int, default=24, help="renders per class (24)")
    parser.add_argument("--seed", type=int, default=0, help="render seed (0)")
    add_out_argument(parser)
    args = parser.parse_args()
    if not args.reference.is_dir():
        print(
            f"no reference images at {args.reference}: nothing to compare with. Give "
            "--reference DIR, a <class>/<images> folder of real Kaggle images."
        )
        return
    references = reference_images(args.reference)
    results = Results(
        "lego_realism",
        {"reference": args.reference.name, "per_class": args.per_class, "seed": args.seed},
    )
    rows, all_ref, all_ours = [], [], []
    for name, images in references.items():
        size = images[0].shape[0]
        ours = [
            render_part(name, size=size, seed=args.seed, index=i) for i in range(args.per_class)
        ]
        ref_stats, our_stats = summary(images), summary(ours)
        all_ref += images
        all_ours += ours
        for label, stats in (("reference", ref_stats), ("ours", our_stats)):
            rows.append({"class": name, "images": label, **stats})
    overall = [
        {"class": "all classes", "images": label, **summary(images)}
        for label, images in (("reference", all_ref), ("ours", all_ours))
    ]
    columns = ["class", "images", *STATS]
    results.table("all classes: means over every image", columns, overall)
    results.table("per class", columns, rows)
    for row in overall:
        print(f"{row['images']:>9s}: " + ", ".join(f"{k} {row[k]:.3f}" for k in STATS))
    for ref, ours in zip(rows[::2], rows[1::2], strict=True):
        print(
            f"{ref['class'][:24]:24s} fill {ref['fill']:.3f} / {ours['fill']:.3f}   "
            f"box {ref['box width']:.2f}x{ref['box height']:.2f} / "
            f"{ours['box width']:.2f}x{ours['box height']:.2f}   "
            f"brightness {ref['brightness']:.0f}±{ref['brightness spread']:.0f} / "
            f"{ours['brightness']:.0f}±{ours['brightness spread']:.0f}"
        )
    results.summary.update({f"{k} (reference)": overall[0][k] for k in STATS})
    results.summary.update({f"{k} (ours)": overall[1][k] for k in STATS})
    results.write(args.out)


if __name__ == "__main__":
    main()
