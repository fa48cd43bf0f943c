"""Reference answers the exercise checks compare with, kept out of the check cells.

A check cell that computed its expected values in front of the student (a Keras model built
to count parameters, the learning-rate formula, the layers of the fixed network) showed the
answer, or how to get it. The checks call these functions instead. They are not secret: the
course, like its ``solutions/``, is public, and a student can read this file. What the
checks add is that a student's function which calls one of them is caught (see
:func:`reference` and :func:`course_utils.checks.check_function`), and that hidden test cases
(``### BEGIN HIDDEN TESTS`` in the solutions' check cells) call them on inputs the student
never sees.

Functions that compute an answer are marked with :func:`reference`; helpers that only
describe what the text asks (a truth table, a layer list) are not.

Example:
    >>> count_mlp_params([4, 10, 10, 3])      # doctest: +SKIP
    193
    >>> keras2_rates(0.1, 0.01, steps=(0, 100))
    [0.1, 0.05]
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

F = TypeVar("F", bound=Callable[..., Any])


def reference(fn: F) -> F:
    """Mark ``fn`` as a reference answer: a student's function that calls it while a check
    runs it fails that check ("it calls the course's reference answer").

    Example:
        >>> @reference
        ... def double(x): return 2 * x
        >>> double(3)
        6
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from course_utils import checks

        checks.note_forbidden(
            f"calls the course's reference answer course_utils.answers.{fn.__name__}"
        )
        return fn(*args, **kwargs)

    wrapper.course_reference = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def _quiet_keras(build: Callable[[], Any]) -> Any:
    """Call ``build`` with Keras' user warnings silenced (e.g. VGG16 on 4 channels)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return build()


# ---------------------------------------------------------------------------------------
# 01 perceptron


def step(z: Any) -> np.ndarray:
    """The perceptron's activation, as in the notebook: 1 where z > 0, else 0.

    Example:
        >>> step([-1.0, 0.0, 2.0]).tolist()
        [0, 0, 1]
    """
    return (np.asarray(z) > 0).astype(int)


def gate_inputs() -> np.ndarray:
    """The four inputs of a two-input logic gate, (0, 0), (0, 1), (1, 0), (1, 1)."""
    return np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


def at_least_k_table(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every 0/1 input of length ``n`` and the rule's answer to it (1 when at least k are 1).

    Example:
        >>> at_least_k_table(2, 1)[1].tolist()
        [0, 1, 1, 1]
    """
    every_input = np.array(list(itertools.product([0, 1], repeat=n)), dtype=float)
    return every_input, (every_input.sum(axis=1) >= k).astype(int)


# ---------------------------------------------------------------------------------------
# 01b gradient descent


@reference
def sigmoid_neuron_gradient(w: float, b: float, x: float, t: float) -> tuple[float, float]:
    """(dJ/dw, dJ/db) for J = (t - sigmoid(w x + b))**2, computed by ``tf.GradientTape``."""
    import tensorflow as tf

    w_var = tf.Variable(float(w), dtype=tf.float64)
    b_var = tf.Variable(float(b), dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = (t - tf.sigmoid(w_var * x + b_var)) ** 2
    return tuple(float(g) for g in tape.gradient(loss, [w_var, b_var]))  # type: ignore[return-value]


def line_fit_diverges(x: np.ndarray, learning_rate: float, steps: int = 3000) -> bool:
    """Whether gradient descent on the mean squared error of the line w*x + b, for targets
    0.4 x - 0.3 and a start at (0, 0), runs away (ends worse than it started).

    Example:
        >>> x = np.linspace(-1, 1, 20)
        >>> line_fit_diverges(x, 0.1), line_fit_diverges(x, 10.0)
        (False, True)
    """
    x = np.asarray(x, dtype=float)
    t = 0.4 * x - 0.3
    w = b = 0.0
    start = np.mean((w * x + b - t) ** 2)
    with np.errstate(all="ignore"):
        for _ in range(steps):
            error = w * x + b - t
            w, b = (
                w - learning_rate * 2 * np.mean(error * x),
                b - learning_rate * 2 * np.mean(error),
            )
            if not (np.isfinite(w) and np.isfinite(b)):
                return True
        return bool(np.mean((w * x + b - t) ** 2) > start)


# ---------------------------------------------------------------------------------------
# 02 MLP on iris


@reference
def mlp_layers(n_inputs: int, hidden: Sequence[int], n_classes: int) -> list[dict[str, Any]]:
    """The layers of ``make_mlp(n_inputs, hidden, n_classes)``, as ``checks.check_model``
    reads them."""
    sizes = [n_inputs] + list(hidden)
    spec: list[dict[str, Any]] = [
        {"type": "Dense", "units": units, "activation": "relu", "params": n_in * units + units}
        for n_in, units in zip(sizes[:-1], hidden, strict=True)
    ]
    spec.append(
        {
            "type": "Dense",
            "units": n_classes,
            "activation": "softmax",
            "params": sizes[-1] * n_classes + n_classes,
        }
    )
    return spec


@reference
def count_mlp_params(layer_sizes: Sequence[int]) -> int:
    """What Keras counts for a fully connected network with these layer sizes."""
    import keras

    model = keras.Sequential(
        [keras.Input(shape=(layer_sizes[0],))] + [keras.layers.Dense(n) for n in layer_sizes[1:]]
    )
    return int(model.count_params())


def iris_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The iris split of notebook 02 (80/20, stratified, seed 42), loaded afresh so that a
    check does not read the notebook's variables."""
    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris()
    X_train, X_test, y_train, y_test = train_test_split(
        iris.data.astype("float32"),
        iris.target,
        test_size=0.2,
        stratify=iris.target,
        random_state=42,
    )
    return X_train, X_test, y_train, y_test


def _loss_name(model: Any) -> str:
    loss = getattr(model, "loss", None)
    name = (
        loss
        if isinstance(loss, str)
        else getattr(loss, "name", None) or getattr(loss, "__name__", "") or type(loss).__name__
    )
    return str(name).lower()


def check_fixed_model(fixed_model: Callable[[], Any], seed: int = 42) -> Any:
    """Notebook 02, exercise 4: ``fixed_model()`` has the classmate's layers with a
    probability output, and learns iris (test accuracy at least 0.8 after 100 epochs).

    Both right fixes pass: ``sparse_categorical_crossentropy`` on the class numbers, or
    ``categorical_crossentropy`` on one-hot labels (``keras.utils.to_categorical``): the
    labels are given in the form the compiled loss expects. Training uses
    ``train_on_batch``, so the grader's dry run (which cuts ``fit`` short) does not cut it.
    """
    import keras

    from course_utils import checks

    keras.utils.set_random_seed(seed)
    try:
        model = fixed_model()
    except Exception as error:  # a student's bug, in words
        return checks.verdict(
            "fixed_model", [f"fixed_model() raised {checks.describe_error(error)}"]
        )
    if model is None:
        return checks.verdict("fixed_model", ["not attempted yet: fixed_model returns None"])
    built = checks.check_model(
        model,
        [
            {"type": "Dense", "units": 10, "activation": "relu"},
            {"type": "Dense", "units": 3},
        ],
        name="fixed_model: the layers",
    )
    if not built:
        return built
    output = model.layers[-1]
    activation = getattr(getattr(output, "activation", None), "__name__", "")
    if activation not in ("softmax", "linear"):
        return checks.verdict(
            "fixed_model: the output",
            [f"the output layer uses {activation!r}: its three outputs are not probabilities"],
        )
    X_train, X_test, y_train, y_test = iris_split()
    one_hot = "sparse" not in _loss_name(model) and "categorical" in _loss_name(model)
    labels = keras.utils.to_categorical(y_train, 3) if one_hot else y_train
    rng = np.random.default_rng(seed)
    try:
        for _ in range(100):  # 100 epochs of batches of 32
            order = rng.permutation(len(X_train))
            for start in range(0, len(order), 32):
                batch = order[start : start + 32]
                model.train_on_batch(X_train[batch], labels[batch])
        predicted = np.argmax(model.predict(X_test, verbose=0), axis=1)
    except Exception as error:  # e.g. a loss that does not fit the labels
        return checks.verdict(
            "fixed_model: training", [f"training raised {checks.describe_error(error)}"]
        )
    accuracy = float(np.mean(predicted == y_test))
    problems = (
        []
        if accuracy >= 0.8
        else [
            f"after 100 epochs the test accuracy is {accuracy:.2f}: still a bug in the loss or "
            "the output?"
        ]
    )
    return checks.verdict(
        "fixed_model: training", problems, "it learns (test accuracy at least 0.8)"
    )


# ---------------------------------------------------------------------------------------
# 02b Overfitting


@reference
def early_stopping_epochs(val_losses: Sequence[float], patience: int) -> tuple[int, int]:
    """Notebook 02b, exercise 2: what ``keras.callbacks.EarlyStopping(monitor="val_loss",
    patience=patience, restore_best_weights=True)`` does on a run whose validation losses
    would be ``val_losses``: ``(epochs it runs, the epoch whose weights it keeps)``, both
    counted from 1. Computed by driving the Keras callback itself on a stand-in model, so
    the answer is what Keras does, not a copy of the rule.

    Example:
        >>> early_stopping_epochs([1.0, 0.7, 0.9, 0.95, 0.6], patience=2)  # doctest: +SKIP
        (4, 2)
    """
    import keras

    class StandIn:  # the callback reads and writes only these
        stop_training = False
        epoch = 0
        kept = 0

        def get_weights(self) -> list[int]:
            return [self.epoch]

        def set_weights(self, weights: list[int]) -> None:
            self.kept = weights[0]

    model = StandIn()
    callback = keras.callbacks.EarlyStopping(
        monitor="val_loss", patience=patience, restore_best_weights=True
    )
    callback.set_model(model)
    callback.on_train_begin()
    epochs_run = 0
    for epoch, loss in enumerate(val_losses):
        model.epoch = epochs_run = epoch + 1
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if model.stop_training:
            break
    callback.on_train_end()
    return epochs_run, int(model.kept)


# ---------------------------------------------------------------------------------------
# 03 CNN on MNIST


@reference
def shape_after(height: int, width: int, channels: int) -> tuple[int, int, int]:
    """What Keras computes for Conv2D(8, 3, strides=2, valid), MaxPooling2D(2) and
    Conv2D(16, 5, same) on a height x width x channels input."""
    import keras

    stack = keras.Sequential(
        [
            keras.Input(shape=(height, width, channels)),
            keras.layers.Conv2D(8, 3, strides=2, padding="valid"),
            keras.layers.MaxPooling2D(pool_size=2),
            keras.layers.Conv2D(16, 5, padding="same"),
        ]
    )
    return tuple(int(n) for n in stack.output_shape[1:])  # type: ignore[return-value]


def digit_stack(count: int, size: int, seed: int) -> np.ndarray:
    """``count`` random ``uint8`` images ``(count, size, size, 1)``, for checks that must not
    read the notebook's data.

    Example:
        >>> digit_stack(2, size=4, seed=0).shape
        (2, 4, 4, 1)
    """
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (count, size, size, 1), dtype=np.uint8)


@reference
def permute_pixels(images: np.ndarray, order: np.ndarray) -> np.ndarray:
    """``images`` ``(N, height, width, 1)`` with the pixel at position ``order[i]`` (positions
    counted row by row) moved to position ``i``, alike in every image.

    Example:
        >>> image = np.arange(4).reshape(1, 2, 2, 1)
        >>> permute_pixels(image, np.array([3, 2, 1, 0]))[0, :, :, 0].tolist()
        [[3, 2], [1, 0]]
    """
    images = np.asarray(images)
    flat = images.reshape(len(images), -1)
    return flat[:, np.asarray(order)].reshape(images.shape)


# ---------------------------------------------------------------------------------------
# 03b augmentation


def uint8_images(count: int, seed: int, size: int = 28) -> list[np.ndarray]:
    """``count`` random ``uint8`` images of ``size`` x ``size`` pixels, for checks that must
    not read the notebook's data.

    Example:
        >>> [image.dtype.name for image in uint8_images(2, seed=0)]
        ['uint8', 'uint8']
    """
    rng = np.random.default_rng(seed)
    return [rng.integers(0, 256, (size, size), dtype=np.uint8) for _ in range(count)]


def top_probabilities(count: int, seed: int) -> np.ndarray:
    """``count`` made-up maximum softmax probabilities (between 0.1 and 1, most near 1), for
    checks that must not read the notebook's data.

    Example:
        >>> values = top_probabilities(50, seed=0)
        >>> values.shape, bool(values.min() >= 0.1), bool(values.max() <= 1.0)
        ((50,), True, True)
    """
    rng = np.random.default_rng(seed)
    return np.clip(1.0 - rng.exponential(0.08, count), 0.1, 1.0)


@reference
def threshold_keeping(max_probs: Any, n_keep: int) -> float:
    """The threshold that keeps the ``n_keep`` largest of ``max_probs``: its ``n_keep``-th
    largest value (every value at least this large is kept).

    Example:
        >>> threshold_keeping(np.array([0.5, 0.9, 0.7, 0.99]), 3)
        0.7
    """
    return float(np.sort(np.asarray(max_probs, dtype=float))[-n_keep])


# ---------------------------------------------------------------------------------------
# 04 and 04b building blocks


@reference
def bottleneck_layers(channels: int) -> list[dict[str, Any]]:
    """The layers of ``bottleneck_module`` on an input with ``channels`` channels."""
    expected: list[dict[str, Any]] = []
    for kernel, n, c_in in [
        (1, channels // 4, channels),
        (3, channels // 4, channels // 4),
        (1, channels, channels // 4),
    ]:
        expected += [
            {"type": "BatchNormalization", "params": 4 * c_in},
            {"type": "ReLU"},
            {
                "type": "Conv2D",
                "filters": n,
                "kernel_size": kernel,
                "padding": "same",
                "params": kernel * kernel * c_in * n + n,
            },
        ]
    return expected


@reference
def conv_params(kernel: int, c_in: int, n_filters: int, groups: int = 1) -> int:
    """What Keras counts for ``Conv2D(n_filters, kernel, groups=groups)`` on ``c_in`` channels."""
    import keras

    return int(
        keras.Sequential(
            [
                keras.Input(shape=(16, 16, c_in)),
                keras.layers.Conv2D(n_filters, kernel, groups=groups),
            ]
        ).count_params()
    )


@reference
def network_c_params(height: int, width: int) -> int:
    """What Keras counts for notebook 04b's network C on a height x width x 3 input."""
    import keras

    layers = keras.layers
    return int(
        keras.Sequential(
            [
                keras.Input(shape=(height, width, 3)),
                layers.Conv2D(8, 3, padding="same"),
                layers.Conv2D(16, 5, strides=2, padding="same"),
                layers.Flatten(),
                layers.Dense(512),
                layers.Dense(4),
            ]
        ).count_params()
    )


@reference
def conv2d_macs(
    h_in: int, w_in: int, c_in: int, n_filters: int, kernel: int, stride: int = 1, padding: int = 0
) -> int:
    """Multiply-adds of one square-kernel convolution on one image."""
    h_out = (h_in + 2 * padding - kernel) // stride + 1
    w_out = (w_in + 2 * padding - kernel) // stride + 1
    return h_out * w_out * kernel * kernel * c_in * n_filters


#: The changes notebook 04's Exercise 3 offers, by name.
FIX_NAMES = ("epochs", "augment", "shortcuts", "images", "dropout", "deeper")


@reference
def fixes(run: str) -> frozenset[str]:
    """The changes that help notebook 04's run A (it overfits: training accuracy far above
    validation) or run B (a deep stack without shortcuts trains worse than a shallow one)."""
    return {"A": frozenset({"augment", "images", "dropout"}), "B": frozenset({"shortcuts"})}[run]


def fix_problems(chosen: Any, run: str) -> list[str]:
    """What is wrong with ``chosen``, a set of change names for run ``"A"`` or ``"B"`` of
    notebook 04's Exercise 3, in words that count the mistakes without naming them.

    Example:
        >>> fix_problems(set(), "B")
        ['not attempted yet: the set is still empty']
        >>> fix_problems({"shortcuts"}, "B")
        []
    """
    if chosen is None or chosen is Ellipsis:
        return ["not attempted yet: the set is still empty"]
    if isinstance(chosen, str) or not isinstance(chosen, (set, frozenset, list, tuple)):
        return [f"give a set of names, like {{'epochs', 'deeper'}}, not a {type(chosen).__name__}"]
    if not chosen:
        return ["not attempted yet: the set is still empty"]
    unknown = sorted(str(name) for name in chosen if name not in FIX_NAMES)
    if unknown:
        return [
            f"{', '.join(map(repr, unknown))} is not one of the names in the table "
            f"({', '.join(FIX_NAMES)})"
        ]
    right = fixes.__wrapped__(run)  # type: ignore[attr-defined]
    wrong, missing = len(set(chosen) - right), len(right - set(chosen))
    problems = []
    if wrong:
        problems.append(f"{wrong} of your {len(set(chosen))} changes would not help this run")
    if missing:
        problems.append(f"{missing} change(s) that would help are missing")
    return problems


# ---------------------------------------------------------------------------------------
# 05 AlexNet on LEGO


@reference
def keras2_rates(
    learning_rate: float, decay: float, steps: Sequence[int] = (0, 1_280, 1_000_000)
) -> list[float]:
    """The rate Keras 2's ``SGD(lr=learning_rate, decay=decay)`` used at each of ``steps``."""
    return [learning_rate / (1 + decay * step) for step in steps]


# ---------------------------------------------------------------------------------------
# 06 VGG16 transfer


@reference
def vgg16_base_params(channels: int) -> int:
    """What Keras counts for VGG16's base (``include_top=False``) on ``channels`` channels."""
    import keras

    return int(
        _quiet_keras(
            lambda: keras.applications.VGG16(
                include_top=False, weights=None, input_shape=(32, 32, channels)
            )
        ).count_params()
    )


@reference
def layers_from(model: Any, block: str) -> tuple[int, list[str]]:
    """The parameters of the layers from the first one named ``block...`` on, and their
    names: what ``fine_tune_from(model, block)`` leaves trainable."""
    names = [layer.name for layer in model.layers]
    first = next(i for i, name in enumerate(names) if name.startswith(block))
    return sum(layer.count_params() for layer in model.layers[first:]), names[first:]


@reference
def vgg_head_layers(image_size: int, n_classes: int) -> list[dict[str, Any]]:
    """The layers of ``vgg_head(image_size, n_classes)`` on VGG16's features of square
    images of ``image_size`` pixels."""
    size = image_size
    for _ in range(5):
        size //= 2
    features = size * size * 512
    return [
        {"type": "Flatten", "output_shape": (features,)},
        {"type": "Dense", "units": 1024, "activation": "relu", "params": features * 1024 + 1024},
        {"type": "Dropout", "rate": 0.2},
        {
            "type": "Dense",
            "units": n_classes,
            "activation": "softmax",
            "params": 1024 * n_classes + n_classes,
        },
    ]


@reference
def receptive_field(layers: Sequence[tuple[int, int]]) -> int:
    """The side of the square of input pixels that one output pixel of a stack of ``valid``
    layers sees (``layers``: ``(kernel, stride)`` pairs, the first layer first), measured by
    Keras: the gradient of one output pixel with respect to the input is non-zero exactly
    there (every kernel is all ones)."""
    import keras
    import tensorflow as tf

    bound = 1
    jump = 1
    for kernel, stride in layers:
        bound += (int(kernel) - 1) * jump
        jump *= int(stride)
    size = 2 * bound + 2 * jump + 1  # room for a whole field around the middle output
    model = keras.Sequential(
        [keras.Input(shape=(size, size, 1))]
        + [
            keras.layers.Conv2D(
                1, int(kernel), strides=int(stride), use_bias=False, kernel_initializer="ones"
            )
            for kernel, stride in layers
        ]
    )
    image = tf.Variable(tf.zeros((1, size, size, 1)))
    with tf.GradientTape() as tape:
        output = model(image)
        middle = output.shape[1] // 2
        pixel = output[0, middle, middle, 0]
    gradient = tape.gradient(pixel, image).numpy()[0, :, :, 0]
    return int(np.count_nonzero(gradient.sum(axis=1)))
