"""Facts about the machine a notebook runs on: processor, vector instructions, GPUs, Colab.

Shared by the setup banner, the course runner's reports and the benchmarks, so that every
figure the course publishes names the same machine the same way.

Example:
    >>> isinstance(cpu_description(), str)
    True
"""

from __future__ import annotations

import os
import platform
import sys


def cpu_model() -> str:
    """The processor's name from ``/proc/cpuinfo`` (Linux), else what :mod:`platform` says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown cpu"


def cpu_flags() -> set[str]:
    """The processor's feature flags from ``/proc/cpuinfo`` (empty where there is none)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("flags"):
                    return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def vector_instructions(flags: set[str] | None = None) -> str:
    """The widest vector instructions: ``"AVX-512"``, ``"AVX2"`` or ``""``.

    TensorFlow's speed depends on them: float32 matrix products ran at about 98 GFLOP/s on
    a 2-core AVX2 machine and 159 to 214 on 2-core AVX-512 ones (see the README).

    Example:
        >>> vector_instructions({"avx2", "fma"}), vector_instructions({"avx512f", "avx2"})
        ('AVX2', 'AVX-512')
    """
    flags = cpu_flags() if flags is None else flags
    return "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else ""


def cpu_description() -> str:
    """A short description of the processor, e.g. ``'2 cores, AMD EPYC, AVX2'``."""
    vector = vector_instructions()
    return f"{os.cpu_count()} cores, {cpu_model()}" + (f", {vector}" if vector else "")


def gpu_names(import_tensorflow: bool = True) -> list[str]:
    """Names of the GPUs TensorFlow can use (empty on a CPU-only machine).

    With ``import_tensorflow=False`` it answers only if TensorFlow is already imported (the
    benchmarks record the machine without paying for the import).
    """
    if import_tensorflow:
        import tensorflow as tf
    else:
        loaded = sys.modules.get("tensorflow")
        if loaded is None:
            return []
        tf = loaded
    names = []
    for gpu in tf.config.list_physical_devices("GPU"):
        details = tf.config.experimental.get_device_details(gpu)
        names.append(str(details.get("device_name", gpu.name)))
    return names


def has_nvidia_device() -> bool:
    """Whether the machine has an NVIDIA device node (a failed CUDA start is then an error)."""
    return os.path.exists("/dev/nvidiactl") or os.path.exists("/dev/nvidia0")


def in_colab() -> bool:
    """True inside a Google Colab runtime (its kernel imports ``google.colab`` and sets
    ``COLAB_RELEASE_TAG``)."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ
