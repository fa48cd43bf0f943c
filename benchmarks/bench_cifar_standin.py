"""Measure the CIFAR-10 stand-in (Shapes-10): size, render time, and what BN and augmentation do.

Trains one small CNN in the shape of seed 003's MiniModel (conv blocks, pooling, global
average pooling, Dense 10), four ways: plain, with batch normalisation, with
augmentation (flip + shift + rotation), and with both, on the same images and seeds,
and prints train/test accuracy per epoch. Also trains seed 004's MNIST CNN on the MNIST
stand-in. Timings and accuracies belong here (and in the report), not in tests.

Usage::

    python benchmarks/bench_cifar_standin.py                  # 5,000 train, 6 epochs
    python benchmarks/bench_cifar_standin.py --train 10000 --epochs 10 --width 32
    python benchmarks/bench_cifar_standin.py --only mnist
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def small_cnn(batch_norm: bool, augment: bool, width: int = 16):
    """MiniModel's shape, narrow: 2 conv per block x 3 blocks, GAP, Dense(10)."""
    import keras
    from keras import layers

    inputs = keras.Input((32, 32, 3))
    x = layers.Rescaling(1 / 255)(inputs)
    if augment:
        x = layers.RandomFlip("horizontal")(x)
        x = layers.RandomTranslation(0.12, 0.12, fill_mode="reflect")(x)
        x = layers.RandomRotation(0.1, fill_mode="reflect")(x)
    for block, filters in enumerate((width, width * 2, width * 4)):
        for _ in range(2):
            x = layers.Conv2D(filters, 3, padding="same", use_bias=not batch_norm)(x)
            if batch_norm:
                x = layers.BatchNormalization()(x)
            x = layers.Activation("relu")(x)
        if block < 2:
            x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(10, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=keras.optimizers.Adam(1e-3),
                  loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def mnist_cnn():
    """Seed 004's MNIST CNN (Conv16-5x5, pool, Conv32-5x5, pool, Dense128, Dropout, Dense10)."""
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Rescaling(1 / 255),
        layers.Conv2D(16, 5, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(32, 5, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.4),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=5000)
    parser.add_argument("--test", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--only", choices=["cifar", "mnist", "render"], default=None)
    parser.add_argument("--variants", default="plain,bn,aug,bn+aug")
    args = parser.parse_args()

    from course_utils.data import cifar10, shapes10, uci_digits

    results: dict[str, object] = {}
    if args.only in (None, "render"):
        start = time.perf_counter()
        x, _ = shapes10.render(cifar10.STANDIN_TRAIN, seed=0)
        xt, _ = shapes10.render(cifar10.STANDIN_TEST, seed=1)
        seconds = time.perf_counter() - start
        results["shapes10_render"] = {
            "images": len(x) + len(xt), "seconds": round(seconds, 2),
            "megabytes": round((x.nbytes + xt.nbytes) / 1e6, 1)}
        start = time.perf_counter()
        splits = uci_digits.make_splits()
        results["uci_digits_make"] = {
            "images": len(splits["x_train"]) + len(splits["x_test"]),
            "seconds": round(time.perf_counter() - start, 2),
            "megabytes": round(sum(v.nbytes for v in splits.values()) / 1e6, 2)}
        print(json.dumps(results, indent=1), flush=True)

    import keras

    if args.only in (None, "mnist"):
        splits = uci_digits.make_splits()
        keras.utils.set_random_seed(0)
        model = mnist_cnn()
        start = time.perf_counter()
        history = model.fit(splits["x_train"], splits["y_train"], epochs=5, batch_size=32,
                            validation_data=(splits["x_test"], splits["y_test"]), verbose=0)
        results["mnist_standin_seed004_cnn"] = {
            "epochs": 5, "val_accuracy": [round(a, 3) for a in history.history["val_accuracy"]],
            "seconds": round(time.perf_counter() - start, 1)}
        print(json.dumps(results["mnist_standin_seed004_cnn"]), flush=True)

    if args.only in (None, "cifar"):
        x, y = shapes10.render(args.train, seed=0)
        xt, yt = shapes10.render(args.test, seed=1)
        # A test set without the colour cue: only shape tells the classes apart.
        cue, shapes10.COLOUR_CUE = shapes10.COLOUR_CUE, 0.0
        x_shape, y_shape = shapes10.render(args.test, seed=2)
        shapes10.COLOUR_CUE = cue
        for variant in args.variants.split(","):
            keras.utils.set_random_seed(0)
            model = small_cnn("bn" in variant, "aug" in variant, args.width)
            start = time.perf_counter()
            history = model.fit(x, y, epochs=args.epochs, batch_size=64,
                                validation_data=(xt, yt), verbose=0)
            seconds = time.perf_counter() - start
            _, shape_only = model.evaluate(x_shape, y_shape, verbose=0)
            row = {
                "train_accuracy": [round(a, 3) for a in history.history["accuracy"]],
                "test_accuracy": [round(a, 3) for a in history.history["val_accuracy"]],
                "test_accuracy_without_colour_cue": round(shape_only, 3),
                "seconds": round(seconds, 1),
            }
            results[f"shapes10_{variant}"] = row
            print(variant, json.dumps(row), flush=True)
    print(json.dumps({"args": vars(args), **results}))


if __name__ == "__main__":
    main()
