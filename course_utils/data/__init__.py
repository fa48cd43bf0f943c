"""Course datasets, from the best source available, always saying which.

One call per notebook::

    from course_utils.data import load_mnist
    data = load_mnist(n_train=profile.pick(full=None, cpu=20_000, smoke=1_000))
    # MNIST: Keras cache, ~/.keras/datasets/mnist.npz (the real dataset)
    ds_train, ds_test = data.datasets()     # then the notebook builds its own pipeline

Each loader tries, in order: a cached real copy (Keras or TensorFlow Datasets), the real
download (only after the host answered within seconds, never with ``COURSE_OFFLINE=1``),
then an offline stand-in that the course generates and caches, announced as a stand-in.

Modules: :mod:`~course_utils.data.mnist`, :mod:`~course_utils.data.cifar10` (loaders),
:mod:`~course_utils.data.sources` (the shared order of sources),
:mod:`~course_utils.data.network` (reachability check),
:mod:`~course_utils.data.standins` (cache of generated data),
:mod:`~course_utils.data.uci_digits` and :mod:`~course_utils.data.shapes10` (the stand-ins),
:mod:`~course_utils.data.images` (user pictures to model input),
:mod:`~course_tools.custom_digits` (makes ``data/custom_digits``),
:mod:`~course_tools.prefetch` (``prefetch`` and ``doctor``).

Example:
    >>> from course_utils.data import load_cifar10
    >>> data = load_cifar10(n_train=500, n_test=100, source="standin")   # doctest: +SKIP
    >>> data.real                                                         # doctest: +SKIP
    False
"""

from __future__ import annotations

from course_utils.data.cifar10 import load_cifar10
from course_utils.data.images import load_custom_digits, load_digit_image, polarity
from course_utils.data.mnist import load_mnist
from course_utils.data.result import ImageData
from course_utils.data.sources import DataUnavailable

__all__ = [
    "DataUnavailable",
    "ImageData",
    "load_cifar10",
    "load_custom_digits",
    "load_digit_image",
    "load_mnist",
    "polarity",
]
