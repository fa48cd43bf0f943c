"""Benchmark: synthetic LEGO render throughput (images/s), one core and all cores.

Each figure is the whole job, PNG encoding and writing included: one core renders in this
process (``workers=1``); all cores uses :func:`render_dataset`'s process pool (its start-up
included, so use enough images). The target is at least 200 images/s at 64 px on one core.

Usage::

    python benchmarks/bench_lego_render.py                     # 64, 128 and 200 px
    python benchmarks/bench_lego_render.py --per-class 20 --sizes 64 128 200

Not part of the test suite: timings belong in reports, never in assertions.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time

from course_utils.lego.geometry import CLASS_NAMES, part_mesh
from course_utils.lego.synth import render_dataset


def throughput(size: int, per_class: int, workers: int) -> tuple[float, float]:
    """Images per second for rendering ``per_class`` x 16 images of ``size`` px to disk:
    by wall-clock time, and by this process's CPU time (meaningful for ``workers=1``: it
    is what one core does even when other jobs share the machine)."""
    with tempfile.TemporaryDirectory() as folder:
        start, cpu = time.perf_counter(), time.process_time()
        count = render_dataset(folder, per_class=per_class, size=size, seed=0,
                               workers=workers, progress=False)
        wall = time.perf_counter() - start
        return count / wall, count / max(time.process_time() - cpu, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 200])
    parser.add_argument("--per-class", type=int, default=25, help="images per class per run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="processes for the all-cores column (default: all cores)")
    args = parser.parse_args()
    for name in CLASS_NAMES:  # build the meshes once, outside the timings
        part_mesh(name)
    total = 16 * args.per_class
    print(f"LEGO render throughput, {total} images per run, {platform.processor() or 'cpu'}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    header = (f"{'size':>6} | {'1 core, wall':>13} | {'1 core, CPU time':>17} | "
              f"{f'{args.workers} workers, wall':>17}")
    print(header + "   (images/s)")
    print("-" * len(header))
    for size in args.sizes:
        one, one_cpu = throughput(size, args.per_class, 1)
        many, _ = throughput(size, args.per_class, args.workers)
        print(f"{size:>4}px | {one:>13.0f} | {one_cpu:>17.0f} | {many:>17.0f}")


if __name__ == "__main__":
    main()
