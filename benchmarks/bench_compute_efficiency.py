"""How much of the machine's arithmetic do the course's conv-heavy models use?

Measures, in one run so that the ratios are comparable on a noisy shared machine:

1. the machine's float32 matmul peak (FLOP/s) with TensorFlow: square matmuls of several
   sizes and batched matmuls, each warmed up and timed in repeated trials of at least a
   fixed duration; the peak is the best sustained trial of any configuration, and the
   output names that configuration. The winning configuration is timed again after the
   models, so that a change of the machine's load during the run shows;
2. the training throughput (images/s) of the course's conv-heavy architectures, rebuilt
   at the sizes the notebooks use (notebook 04's CIFAR-10 MiniModel at full width and its
   `cpu`-profile BN MiniModel and residual network, imported from ``course_utils.lessons``
   so that they cannot drift from the notebook; AlexNet of notebook 05; VGG16 of notebook 06
   forward only), best of a few rounds like the peak;
3. their FLOPs per image from :mod:`course_utils.arithmetic` (training ~= 3x the forward
   pass: forward, gradient with respect to activations, gradient with respect to weights),

and prints the achieved FLOP/s as a fraction of the matmul peak. A model above 100% is
reported as such (a convolution algorithm that beats the matmul, or load that changed
between the measurements), never clipped.

    python benchmarks/bench_compute_efficiency.py [--quick] [--out benchmarks/results]

``--quick`` (about 1-2 minutes on 2 cores) uses shorter trials and fewer steps; the default
takes a few minutes. Not a test: timings never go into assertions.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import Results, add_out_argument  # noqa: E402

from course_utils import lessons  # noqa: E402
from course_utils.arithmetic import model_totals  # noqa: E402

# (batch, n): batch independent n x n products (batch 1 = one square tf.linalg.matmul).
PEAK_CONFIGS = {
    "quick": [(1, 512), (1, 1024), (1, 2048), (1, 4096), (16, 512), (4, 1024)],
    "full": [
        (1, 512),
        (1, 1024),
        (1, 2048),
        (1, 3072),
        (1, 4096),
        (64, 256),
        (16, 512),
        (4, 1024),
        (2, 2048),
    ],
}


def config_name(batch: int, n: int) -> str:
    return f"{n}x{n}" if batch == 1 else f"{batch} x {n}x{n} batched"


def matmul_rate(batch: int, n: int, trials: int = 3, min_seconds: float = 0.5) -> list[float]:
    """Float32 matmul rates in FLOP/s (2*n^3 per product), one per trial.

    One warm-up product, then ``trials`` trials, each repeating the product until at least
    ``min_seconds`` have passed (so a trial is a sustained rate, not one lucky call).
    """
    shape = (batch, n, n) if batch > 1 else (n, n)
    a = tf.random.normal(shape, seed=1)
    b = tf.random.normal(shape, seed=2)
    tf.linalg.matmul(a, b).numpy()  # warm-up: allocation, thread pool, caches
    rates = []
    for _ in range(trials):
        count, start = 0, time.perf_counter()
        while True:
            tf.linalg.matmul(a, b).numpy()
            count += 1
            elapsed = time.perf_counter() - start
            if elapsed >= min_seconds:
                break
        rates.append(2 * batch * n**3 * count / elapsed)
    return rates


def nominal_peak() -> tuple[float | None, str]:
    """A rough upper bound from /proc/cpuinfo: cores x clock x float32 FLOP/cycle.

    Assumes two FMA units per core (32 FLOP/cycle with AVX2+FMA, 64 with AVX-512), true
    of recent x86 server cores; the clock is what the (virtual) CPU reports, not turbo.
    Only a cross-check for the measured peak.
    """
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            text = info.read()
    except OSError:
        return None, "no /proc/cpuinfo"
    mhz = [float(line.split(":")[1]) for line in text.splitlines() if line.startswith("cpu MHz")]
    flags = next(
        (line.split(":")[1].split() for line in text.splitlines() if line.startswith("flags")), []
    )
    if not mhz:
        return None, "no clock in /proc/cpuinfo"
    per_cycle, isa = (
        (64, "AVX-512")
        if "avx512f" in flags
        else (32, "AVX2+FMA")
        if "avx2" in flags and "fma" in flags
        else (8, "SSE")
    )
    cores = os.cpu_count() or 1
    return (
        cores * max(mhz) * 1e6 * per_cycle,
        f"{cores} cores x {max(mhz):.0f} MHz x {per_cycle} FLOP/cycle ({isa}, 2 FMA units assumed)",
    )


def mini_model(width: float = 1.0, depth: int | None = None) -> keras.Model:
    """Notebook 04's plain MiniModel at a width multiplier (its own builder)."""
    suffix = f"_d{depth}" if depth else ""
    return lessons.mini_model(width, name=f"minimodel_w{width:g}{suffix}", depth=depth)


def bn_mini_model(width: float = 0.25, depth: int | None = 2) -> keras.Model:
    """Notebook 04's BN MiniModel (pre-activation units), by default at its ``cpu`` size."""
    return lessons.bn_mini_model(width, name=f"bn_minimodel_w{width:g}_d{depth}", depth=depth)


def resnet(width: float = 0.25, depth: int | None = 1) -> keras.Model:
    """Notebook 04's residual network, by default at its ``cpu`` size."""
    return lessons.resnet(width, name=f"resnet_w{width:g}_d{depth}", depth=depth)


def alexnet(size: int = 112, classes: int = 16) -> keras.Model:
    """Notebook 05's AlexNet (its layer table) at ``size`` px input."""
    return keras.Sequential(
        [
            keras.Input((size, size, 3)),
            keras.layers.Conv2D(96, 11, strides=4, activation="relu"),
            keras.layers.MaxPooling2D(3, strides=2, padding="same"),
            keras.layers.Conv2D(256, 5, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(3, strides=2, padding="same"),
            keras.layers.Conv2D(384, 3, padding="same", activation="relu"),
            keras.layers.Conv2D(384, 3, padding="same", activation="relu"),
            keras.layers.Conv2D(256, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(3, strides=2, padding="same"),
            keras.layers.Flatten(),
            keras.layers.Dense(4096, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(4096, activation="relu"),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(classes, activation="softmax"),
        ],
        name=f"alexnet_{size}px",
    )


def vgg16_base(size: int = 112) -> keras.Model:
    """Notebook 06's frozen VGG16 convolutional base (random weights: speed only)."""
    return keras.applications.VGG16(include_top=False, weights=None, input_shape=(size, size, 3))


def images_per_second(
    model: keras.Model, batch: int, steps: int, train: bool, rounds: int = 2
) -> float:
    """Best-of-``rounds`` throughput of ``steps`` calls of ``train_on_batch`` (or
    ``predict_on_batch``) on one batch already in memory."""
    shape = (batch, *model.input_shape[1:])
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    y = np.zeros(batch, dtype=np.int64)
    if train:
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        step = lambda: model.train_on_batch(x, y)  # noqa: E731
    else:
        step = lambda: model.predict_on_batch(x)  # noqa: E731
    step()  # warm-up and tracing
    best = 0.0
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        best = max(best, batch * steps / (time.perf_counter() - start))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="shorter trials, fewer steps (a rough figure, ~1-2 min)",
    )
    choices = ["minimodel", "minimodel-cpu", "bn-minimodel-cpu", "resnet-cpu", "alexnet", "vgg16"]
    parser.add_argument(
        "--models",
        nargs="+",
        choices=choices,
        default=choices,
        help="models to time (-cpu: notebook 04's cpu-profile sizes)",
    )
    add_out_argument(parser)
    args = parser.parse_args()
    mode = "quick" if args.quick else "full"
    steps, rounds = (3, 2) if args.quick else (10, 3)
    trials, min_seconds = (2, 0.5) if args.quick else (3, 1.5)
    results = Results(
        "compute_efficiency",
        {
            "mode": mode,
            "matmul_configs": [config_name(*c) for c in PEAK_CONFIGS[mode]],
            "matmul_trials": trials,
            "matmul_trial_min_seconds": min_seconds,
            "model_steps": steps,
            "model_rounds": rounds,
            "intra_op_threads": tf.config.threading.get_intra_op_parallelism_threads() or "default",
        },
    )

    print(
        f"device: {tf.config.list_physical_devices('GPU') or 'CPU'}; "
        f"{os.cpu_count()} cores; TensorFlow {tf.__version__}; "
        f"load average {results.machine['load_average_start']}"
    )
    print(f"\nfloat32 matmul, best of {trials} trials of >= {min_seconds} s each:")
    rows = []
    for batch, n in PEAK_CONFIGS[mode]:
        rates = matmul_rate(batch, n, trials, min_seconds)
        rows.append(
            {
                "configuration": config_name(batch, n),
                "best GFLOP/s": max(rates) / 1e9,
                "median GFLOP/s": float(np.median(rates)) / 1e9,
                "_config": (batch, n),
            }
        )
        print(
            f"  {rows[-1]['configuration']:<22}{max(rates) / 1e9:>8.1f} GFLOP/s"
            f"  (median {np.median(rates) / 1e9:.1f})"
        )
    best_row = max(rows, key=lambda r: r["best GFLOP/s"])
    peak = best_row["best GFLOP/s"] * 1e9
    nominal, nominal_how = nominal_peak()
    print(f"peak: {peak / 1e9:.1f} GFLOP/s ({best_row['configuration']})")
    if nominal:
        print(
            f"nominal estimate: {nominal / 1e9:.0f} GFLOP/s = {nominal_how}; "
            f"measured peak is {peak / nominal:.0%} of it"
        )
    results.table(
        "float32 matmul (tf.linalg.matmul)",
        ["configuration", "best GFLOP/s", "median GFLOP/s"],
        rows,
    )

    builders = {
        "minimodel": (lambda: mini_model(1.0), 32, True),
        "minimodel-cpu": (lambda: mini_model(0.25, depth=2), 64, True),
        "bn-minimodel-cpu": (lambda: bn_mini_model(0.25, depth=2), 64, True),
        "resnet-cpu": (lambda: resnet(0.25, depth=1), 64, True),
        "alexnet": (lambda: alexnet(112), 16, True),
        "vgg16": (lambda: vgg16_base(112), 8, False),
    }
    print(
        f"\n{'model':<28}{'mode':<9}{'batch':>6}{'GFLOP/image':>12}{'images/s':>10}"
        f"{'GFLOP/s':>9}{'of peak':>9}"
    )
    model_rows = []
    for key in args.models:
        build, batch, train = builders[key]
        model = build()
        forward = model_totals(model)["flops"]
        per_image = forward * (3 if train else 1)
        rate = images_per_second(model, batch, steps, train, rounds)
        achieved = rate * per_image
        model_rows.append(
            {
                "model": model.name,
                "mode": "train" if train else "forward",
                "batch": batch,
                "GFLOP/image": per_image / 1e9,
                "images/s": rate,
                "GFLOP/s": achieved / 1e9,
                "% of matmul peak": 100 * achieved / peak,
            }
        )
        flag = "  <- above the matmul peak" if achieved > peak else ""
        print(
            f"{model.name:<28}{model_rows[-1]['mode']:<9}{batch:>6}{per_image / 1e9:>12.2f}"
            f"{rate:>10.1f}{achieved / 1e9:>9.1f}{achieved / peak:>9.0%}{flag}"
        )
        keras.backend.clear_session()

    batch, n = best_row["_config"]
    again = max(matmul_rate(batch, n, trials, min_seconds))
    print(
        f"\npeak configuration timed again after the models: {again / 1e9:.1f} GFLOP/s "
        f"({again / peak:.0%} of the first measurement)"
    )
    for row in rows:
        del row["_config"]
    results.table(
        "training / forward throughput of the course's conv-heavy models",
        ["model", "mode", "batch", "GFLOP/image", "images/s", "GFLOP/s", "% of matmul peak"],
        model_rows,
    )
    results.summary.update(
        {
            "matmul peak GFLOP/s": peak / 1e9,
            "peak configuration": best_row["configuration"],
            "peak configuration re-timed after the models, GFLOP/s": again / 1e9,
            "nominal estimate GFLOP/s": nominal / 1e9 if nominal else None,
        }
    )
    results.note(
        "FLOPs = 2 x multiply-adds (course_utils.arithmetic); training counted as 3x "
        "the forward pass. Model rates are best of "
        f"{rounds} rounds of {steps} steps on one in-memory batch."
    )
    if nominal:
        results.note(f"Nominal estimate: {nominal_how}.")
    over = [r["model"] for r in model_rows if r["% of matmul peak"] > 100]
    if over:
        msg = (
            f"{', '.join(over)} exceeded the measured matmul peak: either its convolutions "
            "use an algorithm faster than a plain matmul, or the machine's load changed "
            "between the measurements (compare the re-timed peak)."
        )
        print("NOTE: " + msg)
        results.note(msg)
    else:
        print("no model exceeded the matmul peak")
    if abs(again / peak - 1) > 0.25:
        msg = (
            f"The matmul rate changed by {again / peak - 1:+.0%} during the run: the machine's "
            "load changed; the fractions of peak are uncertain by about that much."
        )
        print("NOTE: " + msg)
        results.note(msg)
    results.write(args.out)


if __name__ == "__main__":
    main()
