"""Each offline stand-in is learnable: a small CNN beats chance (10%) by a wide margin in seconds.

And the CIFAR-10 stand-in is not trivial: a plain CNN is far from 100% after its first
epoch. (How much batch normalisation and augmentation help, and how well a model does
without the stand-in's colour cue, is measured by ``benchmarks/bench_cifar_standin.py``;
as a test it would take minutes on a CPU.)
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def offline_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    monkeypatch.setenv("COURSE_CACHE_DIR", str(tmp_path / "course"))
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    monkeypatch.setenv("TFDS_DATA_DIR", str(tmp_path / "tfds"))


def small_cnn(input_shape: tuple[int, int, int], filters: tuple[int, ...]) -> object:
    import keras
    from keras import layers

    stack: list[object] = [keras.Input(input_shape), layers.Rescaling(1 / 255)]
    for f in filters:
        stack += [layers.Conv2D(f, 3, padding="same", activation="relu"), layers.MaxPooling2D()]
    stack += [layers.Flatten(), layers.Dense(10, activation="softmax")]
    model = keras.Sequential(stack)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def test_mnist_standin_is_learnable(offline_cache: None) -> None:
    import keras

    from course_utils.data import load_mnist

    data = load_mnist(source="standin")
    keras.utils.set_random_seed(0)
    model = small_cnn((28, 28, 1), (16, 32))
    model.fit(data.x_train, data.y_train, epochs=4, batch_size=32, verbose=0)
    _, accuracy = model.evaluate(data.x_test, data.y_test, verbose=0)
    print(f"MNIST stand-in: test accuracy {accuracy:.3f}")
    assert accuracy > 0.8, f"test accuracy {accuracy:.3f} on the MNIST stand-in (chance: 0.1)"


def test_cifar_standin_is_learnable_but_not_trivial(offline_cache: None) -> None:
    import keras

    from course_utils.data import load_cifar10

    data = load_cifar10(n_train=2500, n_test=500, source="standin")
    keras.utils.set_random_seed(0)
    model = small_cnn((32, 32, 3), (16, 32, 32))
    history = model.fit(data.x_train, data.y_train, epochs=4, batch_size=32, verbose=0)
    first_epoch = history.history["accuracy"][0]
    assert first_epoch < 0.9, f"a plain CNN reached {first_epoch:.2f} in one epoch: too easy"
    _, accuracy = model.evaluate(data.x_test, data.y_test, verbose=0)
    assert accuracy > 0.25, f"test accuracy {accuracy:.3f} on the CIFAR-10 stand-in (chance: 0.1)"
    print(f"CIFAR stand-in: first epoch {first_epoch:.3f}, test {accuracy:.3f}")
