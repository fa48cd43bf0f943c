"""Which convolution shapes crash TensorFlow's oneDNN code while training, on this CPU?

TensorFlow 2.21 on CPUs with AVX-512 can kill the process (``double free or corruption``,
a segfault) while computing the weight gradient of some convolutions (oneDNN's
``conv2d_backprop_filter``). Measured on a 2-core AMD EPYC with AVX-512 (2026-12-01): a
**1x1 kernel with an even stride (2 or 4), fewer than 16 input channels, an input of
16 px or more, and an odd batch size** crashes every time; even batch sizes, 16 or more
input channels, stride 1 or 3, 3x3 and larger kernels (AlexNet's 11x11/4 included) do
not. ``TF_ENABLE_ONEDNN_OPTS=0`` or ``ONEDNN_MAX_CPU_ISA=AVX2`` avoids it.

This probe trains one convolution per shape, each in its own process (a crash only ends
that process), and reports which ones die. Run it after a TensorFlow upgrade: when no
shape crashes, the README's "If a kernel dies" note and notebook 04's remark can go.

    python benchmarks/probe_onednn_conv.py [--isa AVX2] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from _common import Results, add_out_argument

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_tools.nbval_guard import describe_exit  # noqa: E402

# (input channels, output channels, kernel, stride, input size, batch): the crashing
# family, its neighbours, and the strided convolutions the course trains.
SHAPES = [
    (4, 8, 1, 2, 32, 51),
    (4, 8, 1, 2, 32, 50),
    (8, 16, 1, 2, 16, 51),
    (16, 32, 1, 2, 16, 51),
    (4, 8, 1, 4, 32, 51),
    (4, 8, 1, 3, 32, 51),
    (4, 8, 1, 1, 32, 51),
    (4, 8, 1, 2, 8, 51),
    (4, 8, 3, 2, 32, 51),
    (3, 96, 11, 4, 224, 9),
    (3, 24, 11, 4, 112, 31),
    (3, 8, 3, 2, 28, 51),
]

TRAIN_ONE = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np, tensorflow as tf
c_in, c_out, k, s, size, batch = map(int, sys.argv[1:7])
conv = tf.keras.layers.Conv2D(c_out, k, strides=s, padding="same")
x = tf.constant(np.random.default_rng(0).random((batch, size, size, c_in), dtype="float32"))
for _ in range(5):
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(conv(x) ** 2)
    tape.gradient(loss, conv.trainable_variables)
"""


def probe(shape: tuple[int, ...], env: dict[str, str]) -> str:
    """'ok', or how the training process ended."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", TRAIN_ONE, *map(str, shape)],
            env=env,
            capture_output=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        return "timed out"
    return "ok" if done.returncode == 0 else describe_exit(done.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--isa", help="set ONEDNN_MAX_CPU_ISA (e.g. AVX2) for every probe")
    parser.add_argument("--onednn-off", action="store_true", help="set TF_ENABLE_ONEDNN_OPTS=0")
    add_out_argument(parser)
    args = parser.parse_args()
    env = dict(os.environ)
    if args.isa:
        env["ONEDNN_MAX_CPU_ISA"] = args.isa
    if args.onednn_off:
        env["TF_ENABLE_ONEDNN_OPTS"] = "0"
    results = Results("onednn_conv_probe", {"isa": args.isa, "onednn_off": args.onednn_off})
    flags = open("/proc/cpuinfo").read() if os.path.exists("/proc/cpuinfo") else ""
    results.summary["avx512f"] = "avx512f" in flags
    rows = []
    for c_in, c_out, k, s, size, batch in SHAPES:
        outcome = probe((c_in, c_out, k, s, size, batch), env)
        row = {
            "in channels": c_in,
            "out channels": c_out,
            "kernel": k,
            "stride": s,
            "input px": size,
            "batch": batch,
            "training": outcome,
        }
        rows.append(row)
        print("  ".join(f"{key} {value}" for key, value in row.items()), flush=True)
    results.summary["crashing shapes"] = sum(r["training"] != "ok" for r in rows)
    results.table(
        "one convolution trained for 5 steps, each in its own process", list(rows[0]), rows
    )
    results.write(args.out)


if __name__ == "__main__":
    main()
