"""How much of the machine's arithmetic do the course's conv-heavy models use?

Measures, in one run so that the ratios are comparable on a noisy shared machine:

1. the machine's float32 matmul rate (FLOP/s) with TensorFlow (large square matmuls:
   the best this TensorFlow build does on this CPU or GPU);
2. the training throughput (images/s) of the course's conv-heavy architectures, rebuilt
   here at the sizes the notebooks use (the seed CIFAR-10 MiniModel of notebook 04, AlexNet
   of notebook 05, VGG16 of notebook 06 forward only);
3. their FLOPs per image from :mod:`course_utils.arithmetic` (training ~= 3x the forward
   pass: forward, gradient with respect to activations, gradient with respect to weights),

and prints the achieved FLOP/s as a fraction of the matmul rate.

    python benchmarks/bench_compute_efficiency.py [--quick]

Not a test: timings never go into assertions.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from course_utils.arithmetic import model_totals  # noqa: E402


def matmul_flops(n: int = 2048, repeats: int = 10) -> float:
    """Sustained float32 matmul rate in FLOP/s (2*n^3 per product)."""
    a = tf.random.normal((n, n))
    b = tf.random.normal((n, n))
    tf.linalg.matmul(a, b).numpy()  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        c = tf.linalg.matmul(a, b)
    c.numpy()
    return 2 * n**3 * repeats / (time.perf_counter() - start)


def mini_model(width: float = 1.0) -> keras.Model:
    """Notebook 04's plain MiniModel (seed 003) at a width multiplier."""
    f = [max(1, int(c * width)) for c in (64, 128, 256)]
    layers: list[keras.layers.Layer] = [keras.Input((32, 32, 3))]
    layers += [keras.layers.Conv2D(f[0], 3, padding="same", activation="relu") for _ in range(3)]
    layers += [keras.layers.MaxPooling2D()]
    layers += [keras.layers.Conv2D(f[1], 3, padding="same", activation="relu") for _ in range(3)]
    layers += [keras.layers.MaxPooling2D()]
    layers += [keras.layers.Conv2D(f[2], 3, padding="same", activation="relu") for _ in range(4)]
    layers += [keras.layers.Dropout(0.25), keras.layers.GlobalAveragePooling2D(),
               keras.layers.Dense(10, activation="softmax")]
    return keras.Sequential(layers, name=f"minimodel_w{width:g}")


def alexnet(size: int = 112, classes: int = 16) -> keras.Model:
    """Notebook 05's AlexNet (seed 000's layer table) at ``size`` px input."""
    return keras.Sequential([
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
        keras.layers.Dense(4096, activation="relu"), keras.layers.Dropout(0.5),
        keras.layers.Dense(4096, activation="relu"), keras.layers.Dropout(0.5),
        keras.layers.Dense(classes, activation="softmax"),
    ], name=f"alexnet_{size}px")


def vgg16_base(size: int = 112) -> keras.Model:
    """Notebook 06's frozen VGG16 convolutional base (random weights: speed only)."""
    return keras.applications.VGG16(include_top=False, weights=None,
                                    input_shape=(size, size, 3))


def images_per_second(model: keras.Model, batch: int, steps: int, train: bool) -> float:
    """Throughput of ``train_on_batch`` (or ``predict_on_batch``) on in-memory data."""
    shape = (batch, *model.input_shape[1:])
    x = np.random.default_rng(0).random(shape, dtype=np.float32)
    y = np.zeros(batch, dtype=np.int64)
    if train:
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        model.train_on_batch(x, y)  # warm-up and tracing
        start = time.perf_counter()
        for _ in range(steps):
            model.train_on_batch(x, y)
    else:
        model.predict_on_batch(x)
        start = time.perf_counter()
        for _ in range(steps):
            model.predict_on_batch(x)
    return batch * steps / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer steps (a rough figure)")
    args = parser.parse_args()
    steps = 3 if args.quick else 10
    peak = matmul_flops()
    print(f"device: {tf.config.list_physical_devices('GPU') or 'CPU'}; "
          f"{os.cpu_count()} cores; TensorFlow {tf.__version__}")
    print(f"float32 matmul: {peak / 1e9:.1f} GFLOP/s\n")
    cases = [(mini_model(1.0), 32, True), (alexnet(112), 16, True), (vgg16_base(112), 8, False)]
    print(f"{'model':<18}{'mode':<10}{'GFLOP/image':>12}{'images/s':>10}{'GFLOP/s':>10}"
          f"{'of matmul':>11}")
    for model, batch, train in cases:
        forward = model_totals(model)["flops"]
        per_image = forward * (3 if train else 1)
        rate = images_per_second(model, batch, steps, train)
        achieved = rate * per_image
        print(f"{model.name:<18}{'train' if train else 'forward':<10}{per_image / 1e9:>12.2f}"
              f"{rate:>10.1f}{achieved / 1e9:>10.1f}{achieved / peak:>10.0%}")


if __name__ == "__main__":
    main()
