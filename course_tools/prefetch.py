"""Instructor commands: ``python -m course_utils prefetch`` and ``python -m course_utils doctor``.

``prefetch`` downloads, where the network allows, everything the course reads (MNIST,
CIFAR-10, the ImageNet VGG16 weights with and without the top, the Kaggle LEGO set) with
progress bars, and makes the offline stand-ins, so a classroom can then work offline.
``prefetch --to DIR`` also writes MNIST, CIFAR-10 and the VGG16 weights (no top) as their
original files into DIR, for machines that read them with ``COURSE_DATA_DIR=DIR`` (see
:mod:`course_utils.data.local` and :mod:`course_utils.data.weights`).

``doctor`` shows what is cached, corrupt or missing (local copies in ``COURSE_DATA_DIR``
included), whether each download host answers, and which source each notebook will use.

Example::

    $ python -m course_utils prefetch --to /media/usb/course-data   # once, with network
    $ COURSE_DATA_DIR=/media/usb/course-data COURSE_OFFLINE=1 python -m course_utils doctor
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course_utils.cache import atomic_file, cache_dir
from course_utils.data import (
    cifar10,
    local,
    mnist,
    network,
    shapes10,
    sources,
    standins,
    uci_digits,
)
from course_utils.data.weights import VGG16_FILES, find_vgg16_weights, vgg16_state
from course_utils.lego import dataset as lego_dataset
from course_utils.lego.dataset import KAGGLE_HANDLE
from course_utils.switches import is_offline


def lego_kaggle_cache() -> Path | None:
    """The kagglehub copy of the LEGO set, if one was downloaded."""
    root = Path(os.environ.get("KAGGLEHUB_CACHE") or Path.home() / ".cache" / "kagglehub")
    found = sorted((root / "datasets" / KAGGLE_HANDLE / "versions").glob("*"))
    return found[-1] if found else None


def lego_cache_state() -> str:
    """The LEGO caches in one phrase: rendered sets, train/test splits, leftovers, size.

    Example:
        >>> isinstance(lego_cache_state(), str)
        True
    """
    root = cache_dir("lego", create=False)
    if not root.is_dir():
        return "none yet"
    complete = {
        kind: [d for d in (root / kind).glob("*") if (d / ".complete").exists()]
        for kind in ("synthetic", "split")
    }
    leftovers = [
        d
        for kind in complete
        for d in (root / kind).glob("*")
        if d.is_dir() and not (d / ".complete").exists()
    ]
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file())
    text = (
        f"{len(complete['synthetic'])} rendered sets, {len(complete['split'])} train/test "
        f"splits, {size / 1e6:.0f} MB"
    )
    if leftovers:
        text += f"; {len(leftovers)} unfinished (rebuilt when needed)"
    return text


def kaggle_credentials() -> bool:
    """Whether Kaggle credentials are configured (environment or ~/.kaggle/kaggle.json)."""
    if os.environ.get("KAGGLE_USERNAME") and os.environ.get("KAGGLE_KEY"):
        return True
    config = Path(os.environ.get("KAGGLE_CONFIG_DIR") or Path.home() / ".kaggle")
    return (config / "kaggle.json").exists()


# ----------------------------------------------------------------------------- prefetch


def _step(title: str, action: Callable[[], str]) -> tuple[str, bool, str]:
    print(f"\n== {title}")
    start = time.perf_counter()
    try:
        message = action()
        ok = True
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the rest
        message, ok = f"FAILED: {type(error).__name__}: {error}", False
    print(f"   {message}  ({time.perf_counter() - start:.1f} s)")
    return title, ok, message


def _prefetch_dataset(spec: sources.RealDataset) -> str:
    state, path, detail = sources.keras_cache_state(spec)
    if state == "ok":
        return f"already cached and intact: {path}"
    if state == "corrupt":
        print(f"   {detail}; downloading again")
    reach = network.check(network.HOSTS[spec.key])
    if not reach:
        raise ConnectionError(reach.reason)
    with network.download_timeout():
        sources.from_keras(spec)  # Keras shows a progress bar and verifies the SHA-256
    return f"downloaded and verified: {path}"


#: What ``prefetch --to DIR`` writes: the original files, which the local-copy source
#: verifies by checksum (see :mod:`course_utils.data.local`).
LOCAL_COPY_NAMES = {"mnist": "mnist.npz", "cifar10": local.CIFAR_ARCHIVE}


def _copy_weights_for_classroom(folder: Path) -> str:
    state, path = vgg16_state("VGG16 weights (no top)")
    if state != "cached":
        raise FileNotFoundError(f"no intact Keras copy of the VGG16 weights to write ({state})")
    target = folder / path.name
    with atomic_file(target) as partial:
        shutil.copyfile(path, partial)
    return f"wrote {target} ({target.stat().st_size / 1e6:.0f} MB)"


def _copy_for_classroom(spec: sources.RealDataset, folder: Path) -> str:
    state, path, detail = sources.keras_cache_state(spec)
    if state != "ok":
        raise FileNotFoundError(f"no intact Keras copy to write ({detail})")
    target = folder / LOCAL_COPY_NAMES[spec.key]
    with atomic_file(target) as partial:  # never a half-written file under the real name
        shutil.copyfile(path, partial)
    return f"wrote {target} ({target.stat().st_size / 1e6:.0f} MB)"


def _prefetch_vgg16(include_top: bool) -> str:
    label = "VGG16 weights (with top)" if include_top else "VGG16 weights (no top)"
    state, path = vgg16_state(label)
    if state == "cached":
        return f"already cached and intact: {path}"
    if state == "corrupt":
        path.unlink()
    reach = network.check(network.HOSTS["vgg16"])
    if not reach:
        raise ConnectionError(reach.reason)
    with network.download_timeout():
        build_vgg16(include_top)  # Keras downloads, shows a progress bar, checks the MD5
    return f"downloaded and verified: {path}"


def build_vgg16(include_top: bool) -> Any:
    """``keras.applications.VGG16`` with ImageNet weights (downloads them on first use)."""
    import keras

    return keras.applications.VGG16(weights="imagenet", include_top=include_top)


def _prefetch_lego() -> str:
    reach = network.check(network.HOSTS["kaggle"])
    if not reach:
        raise ConnectionError(reach.reason)
    lego_dataset.kaggle_folder(download=True)
    return f"Kaggle set {KAGGLE_HANDLE} available" + (
        f" at {lego_kaggle_cache()}" if lego_kaggle_cache() else ""
    )


def _prefetch_standins() -> str:
    from tqdm.auto import tqdm

    made = []
    for name, action in tqdm(
        [
            ("MNIST stand-in", lambda: mnist.load_standin()),
            ("CIFAR-10 stand-in", lambda: cifar10.load_standin()),
        ],
        desc="stand-ins",
        unit="set",
    ):
        arrays, _, meta = action()
        made.append(
            f"{name}: {len(arrays['x_train']):,}+{len(arrays['x_test']):,} images "
            f"at {meta['cache_path']}"
        )
    return "; ".join(made)


def prefetch_main(argv: list[str]) -> int:
    """``python -m course_utils prefetch``: fetch all the course's data; 0 when all arrived."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils prefetch",
        description="Download everything the course needs (where the network allows) and make "
        "the offline stand-ins, so the notebooks can then run offline.",
    )
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["mnist", "cifar10", "vgg16", "vgg16-top", "lego", "standins"],
        help="items to leave out (vgg16-top is the 528 MB with-top file)",
    )
    parser.add_argument(
        "--to",
        type=Path,
        metavar="DIR",
        help="also write MNIST, CIFAR-10 and the VGG16 weights as their original files into DIR "
        "(a USB stick, a lab share), for COURSE_DATA_DIR=DIR elsewhere",
    )
    args = parser.parse_args(argv)
    skip = set(args.skip)
    print(f"Keras cache: {sources.keras_home()}   course cache: {cache_dir()}")
    if is_offline():
        print("COURSE_OFFLINE=1: no downloads; only the offline stand-ins are made.")
    steps: list[tuple[str, Callable[[], str]]] = [
        ("MNIST (keras.datasets, 11 MB)", lambda: _prefetch_dataset(mnist.SPEC)),
        ("CIFAR-10 (keras.datasets, 163 MB)", lambda: _prefetch_dataset(cifar10.SPEC)),
        ("VGG16 ImageNet weights, no top (58 MB)", lambda: _prefetch_vgg16(False)),
        ("VGG16 ImageNet weights, with top (528 MB)", lambda: _prefetch_vgg16(True)),
        (f"LEGO bricks (Kaggle {KAGGLE_HANDLE})", _prefetch_lego),
        ("Offline stand-ins", _prefetch_standins),
    ]
    keys = ["mnist", "cifar10", "vgg16", "vgg16-top", "lego", "standins"]
    if args.to is not None:

        def copier(spec: sources.RealDataset, folder: Path) -> Callable[[], str]:
            return lambda: _copy_for_classroom(spec, folder)

        for spec in (mnist.SPEC, cifar10.SPEC):
            steps.append((f"{spec.name} copied to {args.to}", copier(spec, args.to)))
            keys.append(f"copy-{spec.key}")  # not skipped by --skip mnist (the download)
        folder: Path = args.to
        steps.append(
            (
                f"VGG16 weights (no top) copied to {folder}",
                lambda: _copy_weights_for_classroom(folder),
            )
        )
        keys.append("copy-vgg16")
    results = [
        _step(title, action)
        for key, (title, action) in zip(keys, steps, strict=True)
        if key not in skip
    ]
    print("\nSummary")
    for title, ok, message in results:
        print(f"  {'ok    ' if ok else 'MISSING'} {title}: {message}")
    missing = [title for title, ok, _ in results if not ok]
    if args.to is not None:
        print(f"\nOn each machine: COURSE_DATA_DIR={args.to} (the folder, as seen there)")
    if missing:
        print(
            "\nWhat is missing will be replaced by offline stand-ins (or, for the weights, "
            "the notebook says so). Run this again where the network is available."
        )
    return 1 if missing else 0


# ----------------------------------------------------------------------------- doctor


def _standin_state(name: str, version: int) -> str:
    arrays, reason = standins.read_cached(name, version)
    if arrays is None:
        return "missing (made on first use)" if reason == "not cached yet" else f"CORRUPT: {reason}"
    return f"cached, checksum ok ({len(arrays['x_train']):,}+{len(arrays['x_test']):,} images)"


def _local_row(spec: sources.RealDataset, found: sources.LocalCopyState) -> tuple[str, str, str]:
    if found.copy is not None:
        state = "checksum-verified" if found.copy.verified else "checked, not checksum-verified"
        return f"{spec.name} (local copy)", f"{state}: {found.copy.form}", str(found.copy.path)
    state = "REJECTED" if "rejected" in found.problem or "could not" in found.problem else "absent"
    return f"{spec.name} (local copy)", state, found.problem


def _plan(
    spec: sources.RealDataset,
    reach: network.Reachability,
    found: sources.LocalCopyState | None = None,
) -> str:
    if found is not None and found.copy is not None:
        return f"real {spec.name} from the local copy {found.copy.path}"
    state, path, _ = sources.keras_cache_state(spec)
    if state == "ok":
        return f"real {spec.name} from the Keras cache"
    if sources.tfds_cache_state(spec)[0] == "ok":
        return f"real {spec.name} from the TFDS cache"
    if reach.ok:
        return f"real {spec.name}, downloaded on first use ({spec.download_mb} MB)"
    return f"OFFLINE STAND-IN ({reach.reason})"


def doctor_main(argv: list[str]) -> int:
    """``python -m course_utils doctor``: what is available, and which source each notebook uses."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils doctor",
        description="Show what is cached, corrupt or missing, and which source each notebook uses.",
    )
    parser.add_argument(
        "--no-network", action="store_true", help="do not test the download hosts (as if offline)"
    )
    args = parser.parse_args(argv)

    print("Locations")
    for label, var, path in [
        ("course cache", "COURSE_CACHE_DIR", cache_dir(create=False)),
        ("Keras cache", "KERAS_HOME", sources.keras_home()),
        ("TFDS data", "TFDS_DATA_DIR", sources.tfds_data_dir()),
        ("local copies", local.ENV, local.data_dir() or "(not set)"),
    ]:
        origin = f"${var}" if os.environ.get(var) else "default"
        print(f"  {label:<13} {path}  ({origin})")

    print("\nNetwork")
    if is_offline() or args.no_network:
        why = "COURSE_OFFLINE=1" if is_offline() else "--no-network"
        reach = {
            key: network.Reachability(False, host, f"{why}: not tested")
            for key, host in network.HOSTS.items()
        }
    else:
        with concurrent.futures.ThreadPoolExecutor(len(network.HOSTS)) as pool:
            futures = {key: pool.submit(network.check, host) for key, host in network.HOSTS.items()}
            reach = {key: future.result() for key, future in futures.items()}
    for key, result in reach.items():
        print(f"  {'ok ' if result.ok else 'no '} {key:<8} {result.reason}")

    print("\nFiles")
    rows: list[tuple[str, str, str]] = []
    found = {spec.key: sources.local_copy_state(spec) for spec in (mnist.SPEC, cifar10.SPEC)}
    for spec in (mnist.SPEC, cifar10.SPEC):
        if local.data_dir() is not None:
            rows.append(_local_row(spec, found[spec.key]))
        state, path, _ = sources.keras_cache_state(spec)
        rows.append(
            (
                f"{spec.name} (Keras)",
                {"ok": "cached, checksum ok", "corrupt": "CORRUPT"}.get(state, "missing"),
                str(path),
            )
        )
        tstate, tpath = sources.tfds_cache_state(spec)
        rows.append(
            (f"{spec.name} (TFDS)", "prepared" if tstate == "ok" else "missing", str(tpath))
        )
    rows.append(
        (
            "MNIST stand-in",
            _standin_state(mnist.STANDIN_NAME, uci_digits.GENERATOR_VERSION),
            str(standins.paths(mnist.STANDIN_NAME, uci_digits.GENERATOR_VERSION)[0]),
        )
    )
    rows.append(
        (
            "CIFAR-10 stand-in",
            _standin_state(cifar10.STANDIN_NAME, shapes10.GENERATOR_VERSION),
            str(standins.paths(cifar10.STANDIN_NAME, shapes10.GENERATOR_VERSION)[0]),
        )
    )
    for label in VGG16_FILES:
        state, path = vgg16_state(label)
        rows.append(
            (
                label,
                {"cached": "cached, checksum ok", "corrupt": "CORRUPT"}.get(state, state),
                str(path),
            )
        )
    lego_copy = lego_kaggle_cache()
    rows.append(("LEGO (Kaggle)", "downloaded" if lego_copy else "missing", str(lego_copy or "-")))
    rows.append(
        ("LEGO renders and copies", lego_cache_state(), str(cache_dir("lego", create=False)))
    )
    rows.append(("Kaggle credentials", "configured" if kaggle_credentials() else "none", "-"))
    try:
        from course_utils.data.images import custom_digit_paths, custom_digits_dir

        digits = f"{len(custom_digit_paths())} images"
    except FileNotFoundError:
        digits = "MISSING"
    rows.append(("custom test digits", digits, str(custom_digits_dir())))
    width = max(len(r[0]) for r in rows)
    for name, state, path in rows:
        print(f"  {name:<{width}}  {state:<40}  {path}")

    print("\nSources each notebook will use")
    lego_plan = (
        "Kaggle LEGO set (cached)"
        if lego_copy
        else "Kaggle LEGO set, downloaded on first use"
        if reach["kaggle"].ok
        else "SYNTHETIC LEGO stand-in (rendered by the course)"
    )
    weights = find_vgg16_weights()
    if weights.available:
        vgg_plan = f"ImageNet VGG16 weights: {weights.source}"
        if weights.reason:
            vgg_plan += f" ({weights.reason})"
    else:
        vgg_plan = f"NO ImageNet weights ({weights.reason}): see the notebook's fallback"
    plan = [
        ("01_perceptron", "scikit-learn's bundled iris (real, no download)"),
        ("02_mlp_iris", "scikit-learn's bundled iris (real, no download)"),
        ("03_cnn_mnist", _plan(mnist.SPEC, reach["mnist"], found["mnist"])),
        (
            "03b_mnist_augmentation",
            _plan(mnist.SPEC, reach["mnist"], found["mnist"]) + "; custom digits from data/",
        ),
        ("04_cifar10_batchnorm_resnet", _plan(cifar10.SPEC, reach["cifar10"], found["cifar10"])),
        ("04b_building_blocks", _plan(cifar10.SPEC, reach["cifar10"], found["cifar10"])),
        ("05_lego_alexnet", lego_plan),
        ("06_vgg16_transfer", f"{vgg_plan}; {lego_plan}"),
    ]
    for notebook, text in plan:
        print(f"  {notebook:<28} {text}")
    return 0
