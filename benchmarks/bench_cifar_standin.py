"""Measure the CIFAR-10 stand-in (Shapes-10): size, render time, and what BN and augmentation do.

Trains one small CNN in the shape of notebook 04's MiniModel (conv blocks, pooling, global
average pooling, Dense 10), four ways: plain, with batch normalisation, with
augmentation (flip + shift + rotation), and with both, on the same images and seeds,
and prints train/test accuracy per epoch. Also trains Notebook 03's MNIST CNN on the MNIST
stand-in. Timings and accuracies belong here (and in the report), not in tests.

Usage::

    python benchmarks/bench_cifar_standin.py                  # 5,000 train, 6 epochs
    python benchmarks/bench_cifar_standin.py --train 10000 --epochs 10 --width 32
    python benchmarks/bench_cifar_standin.py --only mnist
    # notebook 04's augmentation comparison (cpu profile sizes), two seeds, both interpolations
    python benchmarks/bench_cifar_standin.py --only augment --train 1000 --test 1000 --epochs 15 \
        --seeds 1,2 --interpolation nearest,bilinear
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
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model


def notebook04_augmentation(
    x,
    y,
    x_test,
    y_test,
    epochs: int,
    seed: int,
    augment: bool,
    interpolation: str = "nearest",
    width: float = 0.25,
) -> dict:
    """Notebook 04's BN MiniModel with and without the original recipe's augmentation, as it trains there.

    Same adapted Normalization in front of both arms (on the first 90%), pre-activation
    units (BN momentum 0.9), batch 32, Adam with the original step schedule stretched to
    ``epochs``, ``validation_split=0.1``; the last epoch is evaluated (no checkpoint).
    Returns test accuracy, accuracy on the un-augmented fitted images and the curves.
    """
    import keras
    from keras import layers

    keras.utils.set_random_seed(seed)
    n_fit = int(len(x) * 0.9)
    normalize = layers.Normalization(axis=-1)
    normalize.adapt(x[:n_fit].astype("float32"))

    def unit(h, n):
        h = layers.BatchNormalization(momentum=0.9)(h)
        h = layers.ReLU()(h)
        return layers.Conv2D(n, 3, padding="same")(h)

    inputs = keras.Input((32, 32, 3))
    h = inputs
    for stage, n in enumerate([64, 128, 256]):
        if stage:
            h = layers.MaxPooling2D(2)(h)
        for _ in range(3):
            h = unit(h, max(4, round(n * width)))
    h = layers.GlobalAveragePooling2D()(layers.Dropout(0.25)(h))
    network = keras.Model(inputs, layers.Dense(10, activation="softmax")(h))
    front = [keras.Input((32, 32, 3)), normalize]
    if augment:
        front.append(
            keras.Sequential(
                [
                    layers.RandomRotation(10 / 360, interpolation=interpolation),
                    layers.RandomTranslation(5 / 32, 5 / 32, interpolation=interpolation),
                    layers.RandomFlip("horizontal"),
                ]
            )
        )
    model = keras.Sequential(front + [network])

    def schedule(epoch: int) -> float:
        stretch = epochs / 20
        for after, factor in ((15, 100), (10, 10), (5, 5)):
            if epoch > after * stretch:
                return 0.001 / factor
        return 0.001

    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        jit_compile=False,
    )
    start = time.perf_counter()
    history = model.fit(
        x,
        y,
        batch_size=32,
        epochs=epochs,
        validation_split=0.1,
        callbacks=[keras.callbacks.LearningRateScheduler(schedule)],
        verbose=0,
    )
    seconds = time.perf_counter() - start
    _, test = model.evaluate(x_test, y_test, verbose=0)
    _, train = model.evaluate(x[:n_fit], y[:n_fit], verbose=0)
    return {
        "seed": seed,
        "augment": augment,
        "interpolation": interpolation if augment else "",
        "test_accuracy": round(test, 3),
        "train_accuracy": round(train, 3),
        "gap": round(train - test, 3),
        "val_accuracy": [round(a, 3) for a in history.history["val_accuracy"]],
        "seconds_per_epoch": round(seconds / epochs, 1),
    }


def mnist_cnn():
    """Notebook 03's MNIST CNN (Conv16-5x5, pool, Conv32-5x5, pool, Dense128, Dropout, Dense10)."""
    import keras
    from keras import layers

    model = keras.Sequential(
        [
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
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=5000)
    parser.add_argument("--test", type=int, default=2000)
    parser.add_argument("--epochs", type=int, default=6)
    parser.add_argument("--width", type=int, default=16)
    parser.add_argument("--only", choices=["cifar", "mnist", "render", "augment"], default=None)
    parser.add_argument("--seeds", default="1,2", help="--only augment: training seeds")
    parser.add_argument(
        "--interpolation",
        default="nearest",
        help="--only augment: comma-separated interpolations to compare",
    )
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
            "images": len(x) + len(xt),
            "seconds": round(seconds, 2),
            "megabytes": round((x.nbytes + xt.nbytes) / 1e6, 1),
        }
        start = time.perf_counter()
        splits = uci_digits.make_splits()
        results["uci_digits_make"] = {
            "images": len(splits["x_train"]) + len(splits["x_test"]),
            "seconds": round(time.perf_counter() - start, 2),
            "megabytes": round(sum(v.nbytes for v in splits.values()) / 1e6, 2),
        }
        print(json.dumps(results, indent=1), flush=True)

    import keras

    if args.only == "augment":  # notebook 04: the stand-in through load_cifar10, as there
        from course_utils.data import load_cifar10

        data = load_cifar10(n_train=args.train, n_test=args.test)
        for seed in (int(s) for s in args.seeds.split(",")):
            arms = [(False, "")] + [(True, i) for i in args.interpolation.split(",")]
            for augment, interpolation in arms:
                row = notebook04_augmentation(
                    data.x_train,
                    data.y_train,
                    data.x_test,
                    data.y_test,
                    args.epochs,
                    seed,
                    augment,
                    interpolation or "nearest",
                )
                results[f"augment_seed{seed}_{interpolation or 'none'}"] = row
                print(json.dumps(row), flush=True)

    if args.only in (None, "mnist"):
        splits = uci_digits.make_splits()
        keras.utils.set_random_seed(0)
        model = mnist_cnn()
        start = time.perf_counter()
        history = model.fit(
            splits["x_train"],
            splits["y_train"],
            epochs=5,
            batch_size=32,
            validation_data=(splits["x_test"], splits["y_test"]),
            verbose=0,
        )
        results["mnist_standin_seed004_cnn"] = {
            "epochs": 5,
            "val_accuracy": [round(a, 3) for a in history.history["val_accuracy"]],
            "seconds": round(time.perf_counter() - start, 1),
        }
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
            history = model.fit(
                x, y, epochs=args.epochs, batch_size=64, validation_data=(xt, yt), verbose=0
            )
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
