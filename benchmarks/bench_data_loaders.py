"""Time the offline loaders: first use (stand-in made and cached) and later uses (cache).

Runs in a fresh, empty cache with ``COURSE_OFFLINE=1``, so it measures what a classroom
without network sees the first time a notebook runs, and every time after.

Usage::

    python benchmarks/bench_data_loaders.py [--out benchmarks/results]

Prints JSON (to stderr, as before: the loaders' own messages go to stdout). About a
minute on 2 cores. Not a test: timings never go into assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from _common import Results, add_out_argument


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_out_argument(parser)
    args = parser.parse_args()
    results = Results("data_loaders", {"COURSE_OFFLINE": "1", "cache": "fresh temporary folder"})
    scratch = tempfile.mkdtemp(prefix="course-bench-")
    os.environ.update(
        COURSE_OFFLINE="1",
        COURSE_CACHE_DIR=os.path.join(scratch, "course"),
        KERAS_HOME=os.path.join(scratch, "keras"),
        TFDS_DATA_DIR=os.path.join(scratch, "tfds"),
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    try:
        start = time.perf_counter()
        from course_utils.data import load_cifar10, load_mnist

        seconds: dict[str, float] = {"import course_utils.data": time.perf_counter() - start}
        calls = [
            ("load_mnist() first use", lambda: load_mnist()),
            ("load_mnist() cached", lambda: load_mnist()),
            (
                "load_cifar10(n_train=2000, n_test=500) first use",
                lambda: load_cifar10(n_train=2000, n_test=500),
            ),
            ("load_cifar10() first use (extends to 10,000 + 2,000)", lambda: load_cifar10()),
            ("load_cifar10() cached", lambda: load_cifar10()),
        ]
        for label, call in calls:
            start = time.perf_counter()
            call()
            seconds[label] = time.perf_counter() - start
        folder = os.path.join(scratch, "course", "standins")
        sizes = {p: os.path.getsize(os.path.join(folder, p)) for p in sorted(os.listdir(folder))}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        json.dumps(
            {
                "seconds": {k: round(v, 2) for k, v in seconds.items()},
                "cache_bytes": sizes,
                "cpu_count": os.cpu_count(),
                "load_average": os.getloadavg(),
            },
            indent=1,
        ),
        file=sys.stderr,
    )
    results.table(
        "seconds", ["call", "seconds"], [{"call": k, "seconds": v} for k, v in seconds.items()]
    )
    results.table(
        "stand-in cache files",
        ["file", "bytes"],
        [{"file": k, "bytes": v} for k, v in sizes.items()],
    )
    results.write(args.out)


if __name__ == "__main__":
    main()
