"""Benchmark: synthetic LEGO render throughput (images/s), one core and all cores.

Each figure is the whole job, PNG encoding and writing included: one core renders in this
process (``workers=1``); all cores uses :func:`course_utils.lego.render_dataset`'s process
pool (its start-up included, so use enough images). The target is at least 200 images/s
at 64 px on one core (CPU time, which other jobs on a shared machine do not inflate).

Usage::

    python benchmarks/bench_lego_render.py                     # 64, 128 and 200 px
    python benchmarks/bench_lego_render.py --per-class 20 --sizes 64 128 200
    python benchmarks/bench_lego_render.py --out benchmarks/results

About 30 s on 2 cores with the defaults. Not part of the test suite: timings belong in
reports, never in assertions.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

from _common import Results, add_out_argument

from course_utils.lego import CLASS_NAMES, part_mesh, render_dataset

TARGET_64PX = 200  # images/s on one core at 64 px


def throughput(size: int, per_class: int, workers: int) -> tuple[float, float]:
    """Images per second for rendering ``per_class`` x 16 images of ``size`` px to disk:
    by wall-clock time, and by this process's CPU time (meaningful for ``workers=1``: it
    is what one core does even when other jobs share the machine)."""
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        count = render_dataset(
            folder, per_class=per_class, size=size, seed=0, workers=workers, progress=False
        )
        wall = time.perf_counter() - start
        return count / wall, count / max(time.process_time() - cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 200])
    parser.add_argument("--per-class", type=int, default=25, help="images per class per run")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes for the all-cores column (default: all cores)",
    )
    add_out_argument(parser)
    args = parser.parse_args()
    results = Results("lego_render", {k: v for k, v in vars(args).items() if k != "out"})
    for name in CLASS_NAMES:  # build the meshes once, outside the timings
        part_mesh(name)
    total = 16 * args.per_class
    m = results.machine
    print(
        f"LEGO render throughput, {total} images per run, {m['cpu']}, "
        f"{m['cores']} cores, load average {m['load_average_start']}"
    )
    columns = ["size (px)", "1 core, wall", "1 core, CPU time", f"{args.workers} workers, wall"]
    header = f"{'size':>6} | {columns[1]:>13} | {columns[2]:>17} | {columns[3]:>17}"
    print(header + "   (images/s)")
    print("-" * len(header))
    rows = []
    for size in args.sizes:
        one, one_cpu = throughput(size, args.per_class, 1)
        many, _ = throughput(size, args.per_class, args.workers)
        print(f"{size:>4}px | {one:>13.0f} | {one_cpu:>17.0f} | {many:>17.0f}")
        rows.append(dict(zip(columns, (size, one, one_cpu, many), strict=True)))
    results.table(f"images/s ({total} images per run, PNG writing included)", columns, rows)
    at_64 = next((r for r in rows if r["size (px)"] == 64), None)
    if at_64 is not None:
        met = at_64["1 core, CPU time"] >= TARGET_64PX
        text = (
            f"target: >= {TARGET_64PX} images/s at 64 px on one core (CPU time): "
            f"{at_64['1 core, CPU time']:.0f}, {'met' if met else 'NOT met'}"
        )
        print(text)
        results.note(text)
    results.note(
        "'CPU time' divides by this process's CPU seconds, so other jobs on a shared "
        "machine do not slow it down; the wall-clock columns do include their effect."
    )
    results.write(args.out)


if __name__ == "__main__":
    main()
