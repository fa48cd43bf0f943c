"""Run profiles, the offline switch, seeding, Colab detection and the setup banner.

Every notebook's first course cell is::

    from course_utils import setup
    profile = setup()

and every size that depends on the machine reads like
``EPOCHS = profile.pick(full=20, cpu=3, smoke=1)``.

Environment variables:

``COURSE_PROFILE``
    ``full`` (the seeds' settings, for a GPU), ``cpu`` (trimmed to minutes on a laptop)
    or ``smoke`` (the smallest run that executes every cell; what CI uses). Unset: ``full``
    when TensorFlow sees a GPU, otherwise ``cpu``.
``COURSE_OFFLINE``
    ``1`` skips every network attempt; loaders go straight to cached or stand-in data.
``COURSE_SEED``
    the seed for Python, NumPy and Keras (default 42), so that a run can be repeated with
    other random numbers: ``python -m course_utils run --seed 1`` sets it.
``COURSE_DRY_RUN``
    ``1`` (set by ``python -m course_utils run --dry-run``): every cell runs with the
    profile's real sizes, but each ``fit`` stops after a few steps and gates are reported,
    not enforced. See :func:`install_dry_run`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import inspect
import math
import os
import platform
import re
import sys
import tempfile
import warnings
from dataclasses import dataclass
from typing import Any, Iterator, TypeVar

# TensorFlow's C++ start-up chatter (CUDA probing, oneDNN notices) is noise for a student.
# It must be set before TensorFlow is first imported; a value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

PROFILES = ("full", "cpu", "smoke")
DEFAULT_SEED = 42

T = TypeVar("T")


class CourseConfigError(ValueError):
    """A course setting (an environment variable or an argument) has a bad value."""


@dataclass(frozen=True)
class Profile:
    """The run profile: how big every run in a notebook is, and the run's random seed.

    Example:
        >>> profile = Profile("cpu")
        >>> profile.pick(full=20, cpu=3, smoke=1)
        3
        >>> profile.seed
        42
    """

    name: str
    seed: int = 42

    def __post_init__(self) -> None:
        if self.name not in PROFILES:
            raise CourseConfigError(
                f"unknown profile {self.name!r}: choose one of {', '.join(PROFILES)}"
            )

    def pick(self, *, full: T, cpu: T, smoke: T) -> T:
        """Return the value for this profile; all three must be given, so none is forgotten."""
        return {"full": full, "cpu": cpu, "smoke": smoke}[self.name]

    def __str__(self) -> str:
        return self.name


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"", "0", "false", "no", "off"}
_warned_flags: set[tuple[str, str]] = set()


def flag(name: str) -> bool:
    """Whether the environment variable ``name`` is on: ``1``, ``true``, ``yes`` or ``on``
    (any case). ``0``, ``false``, ``no``, ``off`` and unset are off; any other value is off
    too, with a warning that names the variable (once per value).

    Example:
        >>> import os; os.environ["COURSE_OFFLINE"] = "On"; flag("COURSE_OFFLINE")
        True
    """
    value = os.environ.get(name, "").strip().lower()
    if value in TRUE_WORDS:
        return True
    if value not in FALSE_WORDS and (name, value) not in _warned_flags:
        _warned_flags.add((name, value))
        warnings.warn(f"{name}={os.environ[name]!r} is neither true (1, true, yes, on) nor "
                      f"false (0, false, no, off): treated as false", stacklevel=2)
    return False


def is_offline() -> bool:
    """True when ``COURSE_OFFLINE`` asks the course never to touch the network.

    Example:
        >>> import os; os.environ["COURSE_OFFLINE"] = "1"; is_offline()
        True
    """
    return flag("COURSE_OFFLINE")


def is_dry_run() -> bool:
    """True when ``COURSE_DRY_RUN`` asks for a dry run (see :func:`install_dry_run`)."""
    return flag("COURSE_DRY_RUN")


def in_colab() -> bool:
    """True inside a Google Colab runtime (its kernel imports ``google.colab`` and sets
    ``COLAB_RELEASE_TAG``)."""
    return "google.colab" in sys.modules or "COLAB_RELEASE_TAG" in os.environ


def gpu_names() -> list[str]:
    """Names of the GPUs TensorFlow can use (empty on a CPU-only machine)."""
    import tensorflow as tf

    names = []
    for gpu in tf.config.list_physical_devices("GPU"):
        details = tf.config.experimental.get_device_details(gpu)
        names.append(str(details.get("device_name", gpu.name)))
    return names


def cpu_description() -> str:
    """A short description of the processor, e.g. ``'2 cores, AMD EPYC, AVX2'``.

    The widest vector instructions it has (AVX-512 or AVX2) are named because TensorFlow's
    speed depends on them: the same 2-core notebook run took up to 5.4 times as long on an
    AVX2-only EPYC as on one with AVX-512 (see the README).
    """
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    flags = cpu_flags()
    vector = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else ""
    return f"{os.cpu_count()} cores, {model}" + (f", {vector}" if vector else "")


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


# TensorFlow's C++ start-up log: lines that say nothing a student can act on. The absl
# preamble and INFO lines (oneDNN notice, "could not find cuda drivers") always; the
# failed cuInit only where the machine has no NVIDIA device, because there it means "no
# GPU", while on a GPU machine it is a real error worth seeing.
_ABSL_PREAMBLE = "WARNING: All log messages before absl::InitializeLog() is called"
_NATIVE_LINE = re.compile(r"^([IWEF])\d{4} [\d:.]+\s+\d+ (\S+?\.cc):\d+\] ")


def is_startup_noise(line: str, *, has_nvidia_device: bool) -> bool:
    """Whether a line of TensorFlow's start-up stderr is noise (see above).

    Example:
        >>> is_startup_noise("I0000 00:00:17.5  13236 cudart_stub.cc:31] Could not find cuda "
        ...                  "drivers on your machine, GPU will not be used.",
        ...                  has_nvidia_device=False)
        True
        >>> is_startup_noise("E0000 00:00:17.5  13236 cuda_platform.cc:52] failed call to "
        ...                  "cuInit: INTERNAL: CUDA error", has_nvidia_device=True)
        False
        >>> is_startup_noise("Traceback (most recent call last):", has_nvidia_device=False)
        False
    """
    if line.startswith(_ABSL_PREAMBLE):
        return True
    match = _NATIVE_LINE.match(line)
    if not match:
        return False
    level, source = match.groups()
    if level == "I":
        return True
    return level == "E" and source == "cuda_platform.cc" and "cuInit" in line \
        and not has_nvidia_device


@contextlib.contextmanager
def quiet_native_startup() -> Iterator[None]:
    """Hold back TensorFlow's C++ start-up log while the block runs, then pass on every
    line that is not :func:`is_startup_noise`.

    The log is written by C++ straight to file descriptor 2, so ``TF_CPP_MIN_LOG_LEVEL``
    cannot silence the lines printed before absl is initialised, and Jupyter shows them as
    a notebook's first output. The block's fd 2 goes to a temporary file instead.

    Example:
        >>> with quiet_native_startup():      # doctest: +SKIP
        ...     import tensorflow
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no usable fd 2 (some embedded interpreters)
        yield
        return
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        try:
            yield
        finally:
            with contextlib.suppress(OSError, ValueError):
                sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            held.seek(0)
            text = held.read().decode("utf-8", errors="replace")
            nvidia = os.path.exists("/dev/nvidiactl") or os.path.exists("/dev/nvidia0")
            kept = [line for line in text.splitlines()
                    if line.strip() and not is_startup_noise(line, has_nvidia_device=nvidia)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


def select_profile(env_value: str | None, has_gpu: bool) -> Profile:
    """Choose the profile from ``COURSE_PROFILE`` (may be unset) and the hardware.

    Example:
        >>> select_profile(None, has_gpu=False).name
        'cpu'
        >>> select_profile("smoke", has_gpu=True).name
        'smoke'
    """
    if env_value is not None and env_value.strip():
        try:
            return Profile(env_value.strip().lower())
        except CourseConfigError as error:
            raise CourseConfigError(f"COURSE_PROFILE={env_value!r}: {error}") from None
    return Profile("full" if has_gpu else "cpu")


def seed_from_environment() -> int:
    """``COURSE_SEED`` as an integer, or :data:`DEFAULT_SEED` when unset.

    Example:
        >>> import os; os.environ["COURSE_SEED"] = "7"; seed_from_environment()
        7
        >>> del os.environ["COURSE_SEED"]; seed_from_environment()
        42
    """
    value = os.environ.get("COURSE_SEED", "").strip()
    if not value:
        return DEFAULT_SEED
    try:
        return int(value)
    except ValueError:
        raise CourseConfigError(f"COURSE_SEED must be a whole number, not {value!r}") from None


def set_seed(seed: int = DEFAULT_SEED) -> None:
    """Seed Python, NumPy and the Keras backend in one call."""
    import keras

    keras.utils.set_random_seed(seed)


COLAB_GPU_ADVICE = (
    "No GPU in this Colab runtime: the notebook will run the 'cpu' profile, which is "
    "smaller and slower.\n  To use a GPU: Runtime > Change runtime type > Hardware "
    "accelerator: T4 GPU > Save, then Runtime > Run all."
)


AVX512_NOTE = ("AVX-512 CPU: if the kernel dies while training, see the README, "
               "'If a kernel dies'")

DRY_RUN_STEPS = 3        # training steps per epoch in a dry run
DRY_RUN_EPOCHS = 2       # epochs per fit in a dry run
DRY_RUN_EVAL_STEPS = 2   # batches per evaluate in a dry run


def _batches(x: Any, batch_size: int | None) -> int | None:
    """Batches in one pass over ``x`` (arrays or a finite ``tf.data.Dataset``), else None."""
    import tensorflow as tf

    if isinstance(x, tf.data.Dataset):
        count = int(x.cardinality())
        return count if count >= 0 else None   # -1 infinite, -2 unknown
    first = x[0] if isinstance(x, (list, tuple)) and x else x
    if isinstance(first, dict) and first:
        first = next(iter(first.values()))
    try:
        return math.ceil(len(first) / (batch_size or 32))
    except TypeError:
        return None


def _capped(steps: int | None, natural: int | None, cap: int, passes: int) -> int | None:
    """``steps`` limited to ``cap``, unless so few batches exist that ``passes`` short
    epochs would run out of data (Keras then warns and stops)."""
    if steps is not None:
        return min(steps, cap) if natural is None or natural >= cap * passes else steps
    if natural is not None and natural >= cap * passes:
        return cap
    return None


def install_dry_run() -> None:
    """Make every Keras ``fit`` stop after a few steps, and ``evaluate`` after a few
    batches, for a dry run of a profile (``COURSE_DRY_RUN=1``).

    A dry run executes every cell of a notebook with the profile's real data and model
    sizes, so it finds what only that profile does (224-pixel models, whole datasets,
    memory, file paths) without the hours of training: each ``fit`` runs at most
    :data:`DRY_RUN_EPOCHS` epochs of :data:`DRY_RUN_STEPS` steps, each ``evaluate`` at most
    :data:`DRY_RUN_EVAL_STEPS` batches. ``predict`` is left whole, since later cells use
    one prediction per image. Gates report but do not fail (:mod:`course_utils.gates`).
    """
    import keras

    if getattr(keras.Model.fit, "course_dry_run", False):
        return
    fit, evaluate = keras.Model.fit, keras.Model.evaluate
    fit_signature, evaluate_signature = inspect.signature(fit), inspect.signature(evaluate)

    def dry_fit(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = fit_signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        a = bound.arguments
        a["epochs"] = min(a["epochs"], a["initial_epoch"] + DRY_RUN_EPOCHS)
        passes = a["epochs"] - a["initial_epoch"]
        a["steps_per_epoch"] = _capped(a["steps_per_epoch"], _batches(a["x"], a["batch_size"]),
                                       DRY_RUN_STEPS, passes)
        if a["validation_data"] is not None:
            data = a["validation_data"]
            x = data[0] if isinstance(data, (list, tuple)) else data
            a["validation_steps"] = _capped(
                a["validation_steps"], _batches(x, a["validation_batch_size"] or a["batch_size"]),
                DRY_RUN_EVAL_STEPS, passes)
        return fit(*bound.args, **bound.kwargs)

    def dry_evaluate(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = evaluate_signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        a = bound.arguments
        a["steps"] = _capped(a["steps"], _batches(a["x"], a["batch_size"]),
                             DRY_RUN_EVAL_STEPS, 1)
        return evaluate(*bound.args, **bound.kwargs)

    for wrapper, original in ((dry_fit, fit), (dry_evaluate, evaluate)):
        wrapper.__doc__ = original.__doc__
        wrapper.course_dry_run = True  # type: ignore[attr-defined]
    keras.Model.fit, keras.Model.evaluate = dry_fit, dry_evaluate


def banner_lines(info: dict[str, Any]) -> list[str]:
    """The banner's lines for the facts in ``info`` (see :func:`setup`)."""
    lines = [
        f"Course        nn-vision-course {info['course_version']}",
        f"Notebook      {info['notebook'] or '(not named)'}",
        f"Python        {info['python']}",
        f"TensorFlow    {info['tensorflow']}   Keras {info['keras']}",
        f"Device        {info['device']}",
        f"Profile       {info['profile']}  ({info['profile_reason']})",
        f"Network       {'off (COURSE_OFFLINE=1)' if info['offline'] else 'allowed'}",
        f"Seed          {info['seed']}",
    ]
    if info["colab"]:
        lines.append("Runtime       Google Colab")
    if info.get("dry_run"):
        lines.append(f"Dry run       each fit stops after {DRY_RUN_EPOCHS} epochs of "
                     f"{DRY_RUN_STEPS} steps; gates are reported, not enforced")
    if info.get("avx512"):
        lines.append(f"CPU note      {AVX512_NOTE}")
    return lines


def setup(notebook: str | None = None, seed: int | None = None) -> Profile:
    """Prepare a notebook: choose the profile, seed everything and print the banner.

    Args:
        notebook: the notebook's name, shown in the banner and in the course report.
        seed: the seed for Python, NumPy and Keras (default: ``COURSE_SEED``, else 42).

    Returns:
        The :class:`Profile` whose :meth:`Profile.pick` sizes the notebook's runs; its
        ``seed`` is the one used, for the notebook's own random draws.

    Example:
        >>> profile = setup("01_perceptron")      # doctest: +SKIP
        Course        nn-vision-course 0.1.0
        ...
    """
    with quiet_native_startup():
        import keras
        import tensorflow as tf

        gpus = gpu_names()

    from course_utils import __version__
    from course_utils.records import emit

    env_value = os.environ.get("COURSE_PROFILE")
    seed = seed_from_environment() if seed is None else seed
    profile = dataclasses.replace(select_profile(env_value, has_gpu=bool(gpus)), seed=seed)
    reason = (
        "from COURSE_PROFILE"
        if env_value and env_value.strip()
        else ("a GPU is visible" if gpus else "no GPU visible")
    )
    set_seed(seed)
    info: dict[str, Any] = {
        "course_version": __version__,
        "notebook": notebook,
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "device": ("GPU: " + ", ".join(gpus)) if gpus else ("CPU: " + cpu_description()),
        "gpu": bool(gpus),
        "profile": profile.name,
        "profile_reason": reason,
        "offline": is_offline(),
        "seed": seed,
        "colab": in_colab(),
        "dry_run": is_dry_run(),
        "avx512": not gpus and "avx512f" in cpu_flags()
                  and os.environ.get("TF_ENABLE_ONEDNN_OPTS", "1").strip() != "0",
    }
    if info["dry_run"]:
        install_dry_run()
    emit("setup", info, "\n".join(banner_lines(info)))
    if info["colab"] and not gpus:
        print(COLAB_GPU_ADVICE)
    return profile


def announce_source(dataset: str, source: str, *, real: bool, detail: str = "",
                    stand_in: bool = True) -> None:
    """Say, in the notebook's output, where a dataset or set of weights came from.

    A stand-in is always labelled as one, so it is never mistaken for the real thing.
    Data that the course generates on purpose, standing in for nothing (``real=False,
    stand_in=False``), is labelled as generated.

    Example:
        >>> announce_source("Iris", "scikit-learn's bundled copy", real=True)
        Iris: scikit-learn's bundled copy (the real dataset)
        >>> announce_source("Shapes", "drawn by the course", real=False, stand_in=False)
        Shapes: drawn by the course (generated data, made by the course on purpose)
    """
    from course_utils.records import emit

    if real:
        text = f"{dataset}: {source} (the real dataset)"
    elif stand_in:
        text = f"{dataset}: offline stand-in ({source}), not the real dataset"
    else:
        text = f"{dataset}: {source} (generated data, made by the course on purpose)"
    if detail:
        text += f"\n  {detail}"
    emit("source", {"dataset": dataset, "source": source, "real": real,
                    "stand_in": bool(stand_in and not real), "detail": detail}, text)
