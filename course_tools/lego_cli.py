"""``python -m course_utils lego``: render the synthetic LEGO set, or draw its gallery.

Examples::

    python -m course_utils lego render --out lego-synth --per-class 400 --size 200 --seed 0
    python -m course_utils lego gallery --out /tmp/lego_gallery.png --per-class 8 --size 128
    python -m course_utils lego gallery --source PATH/TO/KAGGLE/FOLDER --out real.png
    python -m course_utils lego gallery --compare PATH/TO/REFERENCE --out side_by_side.png
"""

from __future__ import annotations

import argparse
import time


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course_utils lego", description="The synthetic LEGO bricks dataset."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    render = sub.add_parser("render", help="write DIR/<class name>/<n>.png (Kaggle layout)")
    render.add_argument("--out", required=True, help="output folder")
    render.add_argument("--per-class", type=int, default=400, help="images per class (400)")
    render.add_argument("--size", type=int, default=200, help="image size in pixels (200)")
    render.add_argument("--seed", type=int, default=0, help="render seed (0)")
    render.add_argument("--workers", type=int, default=None, help="processes (all cores)")
    render.add_argument(
        "--background",
        default=None,
        metavar="R,G,B",
        help="composite onto this colour (RGB PNGs); default: RGBA with a "
        "transparent background, like the Kaggle files",
    )
    gallery = sub.add_parser("gallery", help="save a gallery image, one row per class")
    gallery.add_argument("--out", required=True, help="image file to write (.png)")
    gallery.add_argument("--per-class", type=int, default=8, help="images per row (8)")
    gallery.add_argument("--size", type=int, default=128, help="render size in pixels (128)")
    gallery.add_argument("--seed", type=int, default=0, help="render seed (0)")
    gallery.add_argument(
        "--source", default=None, help="show a <class>/<images> folder instead of renders"
    )
    gallery.add_argument(
        "--compare",
        default=None,
        metavar="FOLDER",
        help="one row per class of FOLDER: its images, then ours at the same size (side by side)",
    )
    return parser


def _colour(text: str | None) -> tuple[int, int, int] | None:
    if text is None:
        return None
    parts = [int(p) for p in text.split(",")]
    if len(parts) != 3 or not all(0 <= p <= 255 for p in parts):
        raise argparse.ArgumentTypeError("--background needs R,G,B with values 0-255")
    return parts[0], parts[1], parts[2]


def main(argv: list[str]) -> int:
    """Run the ``lego`` command with its arguments; return the exit status.

    Example:
        >>> main(["render", "--out", "/tmp/lego-cli-demo", "--per-class", "1",
        ...       "--size", "32"])                                  # doctest: +SKIP
        0
    """
    args = _parser().parse_args(argv)
    if args.command == "render":
        from course_utils.lego.synth import render_dataset

        start = time.perf_counter()
        count = render_dataset(
            args.out,
            per_class=args.per_class,
            size=args.size,
            seed=args.seed,
            workers=args.workers,
            background=_colour(args.background),
        )
        seconds = time.perf_counter() - start
        print(
            f"wrote {count} images to {args.out} in {seconds:.1f} s "
            f"({count / max(seconds, 1e-9):.0f} images/s)"
        )
        return 0
    if args.command == "gallery":
        import matplotlib

        matplotlib.use("Agg")
        from course_utils.lego.gallery import plot_comparison, plot_gallery

        if args.compare:
            fig = plot_comparison(
                args.compare,
                per_class=min(args.per_class, 3),
                renders=min(args.per_class, 3),
                seed=args.seed,
            )
        else:
            fig = plot_gallery(
                args.source, per_class=args.per_class, size=args.size, seed=args.seed
            )
        fig.savefig(args.out, dpi=100)
        print(f"wrote {args.out}")
        return 0
    return 2
