"""Is the tf.data input pipeline the bottleneck? (Notebook 03's MNIST pipeline and CNN.)

Measures, in one run:

1. the pipeline alone: images/s that ``map(normalise) -> cache -> shuffle -> batch(128) ->
   prefetch`` delivers when nothing consumes them (second epoch onwards, i.e. from cache);
2. the model alone: images/s the seed-004 CNN trains at on one batch already in memory;
3. both together: images/s of ``model.fit`` fed by the pipeline.

If (1) is many times (2), and (3) is close to (2), the pipeline is not the bottleneck.

    python benchmarks/bench_input_pipeline.py [--images N]

Uses whatever MNIST source the course finds (the offline stand-in without a network) and
says which. Not a test: timings never go into assertions.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils.data import load_mnist  # noqa: E402


def normalise(image: tf.Tensor, label: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    return tf.cast(image, tf.float32) / 255.0, label


def seed_cnn() -> keras.Model:
    """The seed-004 CNN of notebook 03."""
    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        keras.layers.Conv2D(16, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2, 2, padding="same"),
        keras.layers.Conv2D(32, 5, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2, 2, padding="same"),
        keras.layers.Flatten(),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dropout(0.4),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=20_000, help="training images to use")
    args = parser.parse_args()

    data = load_mnist(n_train=args.images)
    n = data.num_train
    train, _ = data.datasets()
    pipeline = (train.map(normalise, num_parallel_calls=tf.data.AUTOTUNE).cache()
                .shuffle(n, seed=0).batch(128).prefetch(tf.data.AUTOTUNE))

    for _ in pipeline:  # first epoch fills the cache
        pass
    start = time.perf_counter()
    for _ in range(3):
        for _ in pipeline:
            pass
    pipeline_rate = 3 * n / (time.perf_counter() - start)

    model = seed_cnn()
    x, y = next(iter(pipeline))
    model.train_on_batch(x, y)
    steps = 30
    start = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(x, y)
    model_rate = steps * int(x.shape[0]) / (time.perf_counter() - start)

    model.fit(pipeline, epochs=1, verbose=0)  # warm-up: tracing
    start = time.perf_counter()
    model.fit(pipeline, epochs=1, verbose=0)
    fit_rate = n / (time.perf_counter() - start)

    print(f"MNIST source: {data.source} ({'real' if data.real else 'stand-in'}), {n} images")
    print(f"pipeline alone (from cache):     {pipeline_rate:>10,.0f} images/s")
    print(f"model alone (batch in memory):   {model_rate:>10,.0f} images/s")
    print(f"model.fit fed by the pipeline:   {fit_rate:>10,.0f} images/s")
    print(f"pipeline headroom: {pipeline_rate / model_rate:.0f}x what the model consumes; "
          f"fit reaches {fit_rate / model_rate:.0%} of the model-alone rate")


if __name__ == "__main__":
    main()
