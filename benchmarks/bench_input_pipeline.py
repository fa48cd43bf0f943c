"""Is the tf.data input pipeline the bottleneck? (Notebooks 03 and 05: pipeline vs model.)

Two cases, each measured in one run so that the ratios are comparable:

- ``mnist``: notebook 03's pipeline ``map(normalise) -> cache -> shuffle -> batch(128) ->
  prefetch`` and its CNN;
- ``lego``: notebook 05's pipeline on the cpu profile's data (synthetic renders, 100 per
  class at 64 px, read from PNG files every epoch by
  ``image_dataset_from_directory``, then ``map(rescale +
  augmentation) -> prefetch``; no cache) and its AlexNet at 64 px.

For each case:

1. the pipeline alone: images/s it delivers when nothing consumes them (``mnist``: the
   first epoch, which fills the cache, and the later epochs, from the cache; ``lego``: a
   second epoch, every epoch decodes and augments again);
2. the model alone: images/s it trains at on one batch already in memory
   (``train_on_batch``), and with ``model.fit`` on that batch repeated (in memory);
3. both together: images/s of ``model.fit`` fed by the pipeline (its first ``--fit-batches``
   batches, after a short warm-up fit).

(2) and (3) are the best of two interleaved rounds. The verdict rests on (1) / (2), the
pipeline's headroom: at 3x or more the pipeline is not the bottleneck (it is then busy at
most a third of the time, on the cores it shares with the model). (3) / (2, ``fit`` in
memory) is the check, the same ``fit`` with only the data source changed: near 100% when
the pipeline costs nothing; on a loaded machine it is noisy.

    python benchmarks/bench_input_pipeline.py [--cases mnist lego] [--images N] [--out DIR]

Uses whatever MNIST source the course finds (the offline stand-in without a network) and
says which; the LEGO renders come from (or go into) the course cache. About 1-2 minutes on 2
cores (more the first time, when the LEGO renders are made). Not a test: timings never go
into assertions.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from _common import Results, add_out_argument  # noqa: E402
from bench_compute_efficiency import alexnet as alexnet_model  # noqa: E402 - one AlexNet

SEED = 42


def normalise(image: tf.Tensor, label: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    return tf.cast(image, tf.float32) / 255.0, label


def seed_cnn() -> keras.Model:
    """The CNN of notebook 03."""
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(16, 5, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2, 2, padding="same"),
            keras.layers.Conv2D(32, 5, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2, 2, padding="same"),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dropout(0.4),
            keras.layers.Dense(10, activation="softmax"),
        ],
        name="seed004_cnn",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def alexnet(size: int = 64, classes: int = 16) -> keras.Model:
    """The compute benchmark's AlexNet (notebook 05's layer table), compiled for ``fit``."""
    model = alexnet_model(size, classes)
    model.compile(optimizer=keras.optimizers.Adam(1e-4), loss="sparse_categorical_crossentropy")
    return model


def mnist_case(images: int) -> tuple[dict, tf.data.Dataset, keras.Model, int]:
    from course_utils.data import load_mnist

    data = load_mnist(n_train=images)
    n = data.num_train
    train, _ = data.datasets()
    pipeline = (
        train.map(normalise, num_parallel_calls=tf.data.AUTOTUNE)
        .cache()
        .shuffle(n, seed=0)
        .batch(128)
        .prefetch(tf.data.AUTOTUNE)
    )
    start = time.perf_counter()
    for _ in pipeline:  # first epoch fills the cache
        pass
    first = n / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(3):
        for _ in pipeline:
            pass
    cached = 3 * n / (time.perf_counter() - start)
    info = {
        "case": "mnist",
        "data": f"MNIST {data.source} ({'real' if data.real else 'stand-in'}), "
        f"{n} images, batch 128",
        "pipeline first epoch": first,
        "pipeline": cached,
        "pipeline_label": "pipeline alone, from the cache",
    }
    return info, pipeline, seed_cnn(), n


def lego_case(per_class: int, size: int) -> tuple[dict, tf.data.Dataset, keras.Model, int]:
    from course_utils.lego import lego_folder

    augment = keras.Sequential(
        [
            keras.layers.RandomShear(x_factor=0.2, fill_mode="nearest", seed=SEED),
            keras.layers.RandomFlip("horizontal_and_vertical", seed=SEED),
            keras.layers.RandomZoom(height_factor=(-0.2, 0.2), fill_mode="nearest", seed=SEED),
        ],
        name="augment",
    )
    rescale = keras.layers.Rescaling(-1 / 255, offset=1.0)
    lego = lego_folder("synthetic", per_class=per_class, seed=SEED, render_size=size)
    train, _ = keras.utils.image_dataset_from_directory(
        lego.train_dir,
        validation_split=0.2,
        subset="both",
        seed=SEED,
        image_size=(size, size),
        batch_size=32,
        verbose=False,
    )
    n = len(train.file_paths)
    pipeline = train.map(
        lambda x, y: (augment(rescale(x), training=True), y), num_parallel_calls=tf.data.AUTOTUNE
    ).prefetch(tf.data.AUTOTUNE)
    start = time.perf_counter()
    for _ in pipeline:  # first epoch: file system cache, tracing of the map function
        pass
    first = n / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in pipeline:
        pass
    steady = n / (time.perf_counter() - start)
    info = {
        "case": "lego",
        "data": f"synthetic LEGO renders, {per_class} per class at {size} px, "
        f"{n} training images, PNG decode + augmentation every epoch, batch 32",
        "pipeline first epoch": first,
        "pipeline": steady,
        "pipeline_label": "pipeline alone, second epoch",
    }
    return info, pipeline, alexnet(size), n


def model_and_fit(
    pipeline: tf.data.Dataset, model: keras.Model, steps: int, fit_batches: int, rounds: int = 2
) -> tuple[float, float, float]:
    """Images/s of ``train_on_batch`` on one in-memory batch, of ``model.fit`` on that batch
    repeated ``fit_batches`` times (from memory), and of ``model.fit`` on the first
    ``fit_batches`` batches of the pipeline: best of ``rounds`` rounds, the measurements
    interleaved so that a change of the machine's load affects all three."""
    x, y = next(iter(pipeline))
    model.train_on_batch(x, y)  # warm-up and tracing (fit reuses the traced step)
    part = pipeline.take(fit_batches)
    images = sum(int(labels.shape[0]) for _, labels in part)
    memory = tf.data.Dataset.from_tensors((x, y)).repeat(fit_batches)
    model_rate = memory_rate = fit_rate = 0.0
    with warnings.catch_warnings():
        # fit() warns that shuffle=True does not apply to a tf.data pipeline (notebook 05 too).
        warnings.filterwarnings("ignore", message="`shuffle=True` was passed")
        model.fit(pipeline.take(2), epochs=1, verbose=0)  # warm-up: fit's own set-up
        for _ in range(rounds):
            start = time.perf_counter()
            for _ in range(steps):
                model.train_on_batch(x, y)
            model_rate = max(model_rate, steps * int(x.shape[0]) / (time.perf_counter() - start))
            start = time.perf_counter()
            model.fit(memory, epochs=1, verbose=0)
            memory_rate = max(
                memory_rate, fit_batches * int(x.shape[0]) / (time.perf_counter() - start)
            )
            start = time.perf_counter()
            model.fit(part, epochs=1, verbose=0)
            fit_rate = max(fit_rate, images / (time.perf_counter() - start))
    return model_rate, memory_rate, fit_rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", nargs="+", choices=["mnist", "lego"], default=["mnist", "lego"])
    parser.add_argument("--images", type=int, default=20_000, help="MNIST training images to use")
    parser.add_argument(
        "--lego-per-class",
        type=int,
        default=100,
        help="LEGO renders per class (the cpu profile's 100)",
    )
    parser.add_argument(
        "--lego-size", type=int, default=64, help="LEGO image size (cpu profile: 64)"
    )
    parser.add_argument(
        "--steps",
        type=int,
        default=None,
        help="train_on_batch steps for 'model alone' (default: mnist 30, lego 6)",
    )
    parser.add_argument(
        "--fit-batches",
        type=int,
        default=None,
        help="batches each model.fit trains on (default: mnist 8 = 1,024 "
        "images, lego 6 = 192 images)",
    )
    add_out_argument(parser)
    args = parser.parse_args()
    results = Results("input_pipeline", {k: v for k, v in vars(args).items() if k != "out"})
    print(f"load average at start: {results.machine['load_average_start']}")

    rows = []
    for case in args.cases:
        if case == "mnist":
            info, pipeline, model, _ = mnist_case(args.images)
        else:
            info, pipeline, model, _ = lego_case(args.lego_per_class, args.lego_size)
        steps = args.steps or (30 if case == "mnist" else 6)
        fit_batches = args.fit_batches or (8 if case == "mnist" else 6)
        model_rate, memory_rate, fit_rate = model_and_fit(pipeline, model, steps, fit_batches)
        headroom, reached = info["pipeline"] / model_rate, fit_rate / memory_rate
        verdict = (
            "not the bottleneck"
            if headroom >= 3
            else "the bottleneck"
            if headroom < 1.2
            else "close to the bottleneck"
        )
        print(f"\n[{case}] {info['data']}; model {model.name}")
        print(f"pipeline, first epoch:            {info['pipeline first epoch']:>10,.0f} images/s")
        print(f"{info['pipeline_label'] + ':':<34}{info['pipeline']:>10,.0f} images/s")
        print(f"model alone (batch in memory):    {model_rate:>10,.0f} images/s")
        print(f"model.fit on in-memory batches:   {memory_rate:>10,.0f} images/s")
        print(f"model.fit fed by the pipeline:    {fit_rate:>10,.0f} images/s")
        print(
            f"pipeline headroom: {headroom:.1f}x what the model consumes; fed by the pipeline, "
            f"fit reaches {reached:.0%} of its in-memory rate: pipeline {verdict}"
        )
        rows.append(
            {
                "case": case,
                "model": model.name,
                "pipeline, first epoch": info["pipeline first epoch"],
                "pipeline, steady": info["pipeline"],
                "model alone": model_rate,
                "fit, in memory": memory_rate,
                "fit with pipeline": fit_rate,
                "headroom (x)": headroom,
                "fit with pipeline / in memory": reached,
                "verdict": verdict,
            }
        )
        results.note(f"{case}: {info['data']}; 'pipeline, steady' = {info['pipeline_label']}.")
        keras.backend.clear_session()
    results.table(
        "images/s",
        [
            "case",
            "model",
            "pipeline, first epoch",
            "pipeline, steady",
            "model alone",
            "fit, in memory",
            "fit with pipeline",
            "headroom (x)",
            "fit with pipeline / in memory",
            "verdict",
        ],
        rows,
    )
    results.note(
        "headroom = pipeline steady / model alone: 'not the bottleneck' at >= 3, "
        "'the bottleneck' below 1.2. 'model alone' (train_on_batch), 'fit, in memory' "
        "(fit on one batch repeated) and 'fit with pipeline' are the best of 2 "
        "interleaved rounds; fit with pipeline / in memory is the check (same fit "
        "machinery, only the data source differs), noisy when the machine is loaded."
    )
    results.write(args.out)


if __name__ == "__main__":
    main()
