"""Dry runs: every cell runs with a profile's real sizes, but training stops after a few steps.

A dry run (``COURSE_DRY_RUN=1``, set by ``python -m course_utils run --dry-run`` and by the
graders) finds what only a profile does (224-pixel models, whole datasets, memory, file
paths) without the hours of training. Each ``fit`` stops after :data:`DRY_RUN_STEPS`
training steps of its first epoch, and each evaluation (``evaluate``, and the validation
inside ``fit``) after :data:`DRY_RUN_EVAL_STEPS` batches; ``predict`` is left whole, since
later cells use one prediction per image. Gates report but do not fail.

The stopping is done by a public Keras mechanism: a callback that sets
``model.stop_training`` and ``model.stop_evaluating``, added to every ``fit`` and
``evaluate`` by :mod:`course_utils.fit_callbacks` (the course's one patch to Keras).
:func:`install` checks that the Keras version reads ``stop_evaluating`` (Keras 3 does; 3.13
and 3.15 tested) and refuses otherwise, in words.

Example:
    >>> install()                            # doctest: +SKIP
"""

from __future__ import annotations

import inspect
from typing import Any

from course_utils import fit_callbacks

DRY_RUN_STEPS = 3  # training steps in a dry run's fit (first epoch only)
DRY_RUN_EVAL_STEPS = 2  # batches per evaluation in a dry run


def make_limit_callback(
    train_steps: int = DRY_RUN_STEPS, eval_steps: int = DRY_RUN_EVAL_STEPS
) -> Any:
    """A Keras callback that ends training after ``train_steps`` batches and each evaluation
    after ``eval_steps`` batches."""
    import keras

    class DryRunLimit(keras.callbacks.Callback):
        """Stops ``fit`` after a few steps and each evaluation after a few batches."""

        def __init__(self) -> None:
            super().__init__()
            self.train_batches = 0
            self.test_batches = 0

        def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
            self.train_batches += 1
            if self.train_batches >= train_steps:
                self.model.stop_training = True

        def on_test_begin(self, logs: Any = None) -> None:
            self.test_batches = 0

        def on_test_batch_end(self, batch: int, logs: Any = None) -> None:
            self.test_batches += 1
            if self.test_batches >= eval_steps:
                self.model.stop_evaluating = True

    return DryRunLimit()


def _keras_reads_stop_evaluating() -> bool:
    import keras

    try:
        return "stop_evaluating" in inspect.getsource(keras.Model.evaluate)
    except (OSError, TypeError):
        return False


def install() -> None:
    """Make every ``keras.Model.fit`` and ``evaluate`` of this process a dry run's (once).

    Raises:
        RuntimeError: when this Keras does not honour ``stop_evaluating`` (then a dry run
            would evaluate whole test sets and lose its point).
    """
    import keras

    if "dry_run" in fit_callbacks.registered():
        return
    if not _keras_reads_stop_evaluating():
        raise RuntimeError(
            f"Keras {keras.__version__} does not read model.stop_evaluating: "
            "the course's dry run needs Keras 3.4 or newer"
        )
    fit_callbacks.register("dry_run", lambda method, arguments: make_limit_callback())
