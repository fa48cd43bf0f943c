"""Where a notebook's time goes: one record per training run.

With ``COURSE_RECORD_FITS=1`` (the course runner sets it) every ``fit`` leaves a ``fit``
record (see :mod:`course_utils.records`): the model's name and parameters, its multiply-adds
per image (from :mod:`course_utils.arithmetic`), the steps, the images when the batch size
is known, and the seconds; and the work ``fit`` was asked for (epochs x steps x batch), which
in a dry run of the ``full`` profile is the work a GPU run would do. The runner turns them
into each notebook's table of training runs (images x epochs, multiply-adds per image, images
per second, seconds), which is how the ``cpu`` profile is sized. Nothing is printed: the
student sees no machinery.

Example:
    >>> install()          # doctest: +SKIP
"""

from __future__ import annotations

import math
import time
from typing import Any

from course_utils import fit_callbacks
from course_utils.records import emit


def _batch_size(arguments: dict[str, Any]) -> int | None:
    """The training batch size when it can be read from ``fit``'s arguments."""
    if arguments.get("batch_size"):
        return int(arguments["batch_size"])
    x = arguments.get("x")
    if hasattr(x, "element_spec"):  # a tf.data.Dataset: batched with a fixed size?
        # Read only, for a report: the BatchDataset under any map, cache or prefetch keeps its
        # size in `_batch_size`, and each step of a pipeline points at its `_input_dataset`.
        for _ in range(50):
            if any(word in type(x).__name__.lower() for word in ("unbatch", "rebatch")):
                return None  # the batches were undone or remade: no size to read
            value = getattr(x, "_batch_size", None)
            if value is not None:
                try:
                    return int(value)
                except (TypeError, ValueError):
                    return None
            x = getattr(x, "_input_dataset", None)
            if x is None:
                return None
        return None
    if x is not None and not callable(getattr(x, "element_spec", None)):
        return 32  # Keras' default for arrays
    return None


def _macs_per_image(model: Any) -> int | None:
    try:
        from course_utils.arithmetic import model_totals

        return int(model_totals(model)["macs"])
    except Exception:  # noqa: BLE001 - a layer arithmetic does not know: no figure
        return None


def make_recorder(arguments: dict[str, Any]) -> Any:
    """A callback that emits one ``fit`` record when training ends."""
    import keras

    batch = _batch_size(arguments)

    class FitRecorder(keras.callbacks.Callback):
        """Counts steps and epochs, and times the whole ``fit``."""

        def on_train_begin(self, logs: Any = None) -> None:
            self.start = time.perf_counter()
            self.steps = 0
            self.epochs = 0

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            self.steps += 1

        def on_epoch_end(self, epoch: int, logs: Any = None) -> None:
            self.epochs += 1

        def on_train_end(self, logs: Any = None) -> None:
            from IPython import get_ipython

            if get_ipython() is None:  # a record only means something in a notebook
                return
            seconds = time.perf_counter() - self.start
            images = self.steps * batch if batch else None
            # What fit was asked to do (in a dry run, more than it did): the planned work.
            planned_epochs = self.params.get("epochs")
            planned_steps = self.params.get("steps")
            planned_images = (
                planned_epochs * planned_steps * batch
                if planned_epochs and planned_steps and batch
                else None
            )
            emit(
                "fit",
                {
                    "model": self.model.name,
                    "params": int(self.model.count_params()),
                    "macs_per_image": _macs_per_image(self.model),
                    "epochs": self.epochs,
                    "steps": self.steps,
                    "batch_size": batch,
                    "images": images,
                    "seconds": round(seconds, 2),
                    "planned_epochs": planned_epochs,
                    "planned_images": planned_images,
                    "images_per_second": (
                        round(images / seconds, 1) if images and seconds > 0 else None
                    ),
                },
                text="",
            )

    return FitRecorder()


def install() -> None:
    """Record every later ``fit`` of this process (once)."""
    fit_callbacks.register(
        "fit_log", lambda method, arguments: make_recorder(arguments) if method == "fit" else None
    )


def table(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a notebook's training-run table, from its ``fit`` records.

    Example:
        >>> table([{"kind": "fit", "model": "cnn", "params": 10, "macs_per_image": 2_000_000,
        ...         "epochs": 2, "steps": 100, "batch_size": 32, "images": 3200,
        ...         "seconds": 4.0, "images_per_second": 800.0}])[0]["GFLOP/s"]
        9.6
    """
    rows = []
    for record in records:
        if record.get("kind") != "fit":
            continue
        macs, rate = record.get("macs_per_image"), record.get("images_per_second")
        # training costs about 3 forward passes (forward, two backward), 2 FLOPs per MAC
        flops = 6 * macs * rate / 1e9 if macs and rate else None
        rows.append(
            {
                "model": record["model"],
                "epochs": record["epochs"],
                "images": record.get("images"),
                "MACs/image": macs,
                "images/s": rate,
                "seconds": record["seconds"],
                "GFLOP/s": None if flops is None or math.isnan(flops) else round(flops, 1),
                "planned epochs": record.get("planned_epochs"),
                "planned images": record.get("planned_images"),
            }
        )
    return rows


#: The assumption behind the ``full`` profile's estimated GPU times: a Colab T4 trains the
#: course's float32 convolutional networks at about 35% of its 8.1 TFLOP/s float32 peak.
GPU_TRAINING_FLOPS = 0.35 * 8.1e12


def planned_training_flops(rows: list[dict[str, Any]]) -> float | None:
    """The training FLOPs a notebook's ``fit`` calls were asked for (6 per multiply-add per
    image: forward and two backward passes); None when a run lacks the figures.

    Example:
        >>> planned_training_flops([{"MACs/image": 1e6, "planned images": 1000}])
        6000000000.0
    """
    total = 0.0
    for row in rows:
        if not row.get("MACs/image") or not row.get("planned images"):
            return None
        total += 6.0 * row["MACs/image"] * row["planned images"]
    return total
