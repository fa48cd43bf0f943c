"""What each notebook claims, and how much of it a run must show: the gates' thresholds.

One :class:`Claim` per gate: its words, its kind (``accuracy``, ``difference``, ``ratio`` or
``count``: the course runner reads the kind, never the words), and the threshold per
(profile, real data?) with where it comes from. A notebook states a claim in one line,
``gate("bn_accuracy", value, real=data.real)``; this table is the verification apparatus
behind it, kept out of the lesson.

How thresholds are set (CONTRIBUTING.md, "Gate thresholds"): a ``cpu`` threshold sits below
the worst of at least three seeds (``python -m course_utils run --profile cpu --seed N``)
and at least 3 standard errors under the measured values; comparisons are claims in
standard errors of the difference, never a raw difference of two single runs; a ``full``
threshold that nobody has measured on a GPU says so. ``smoke`` runs are too short to expect
anything and have no thresholds.

Example:
    >>> Claim("CNN test accuracy", "accuracy", {("cpu", True): 0.985}).threshold("cpu", True)
    0.985
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("accuracy", "difference", "ratio", "count")


@dataclass(frozen=True)
class Claim:
    """One claim of a notebook.

    Attributes:
        text: what is measured, as the student reads it ("BN MiniModel test accuracy").
        kind: ``accuracy`` (a fraction), ``difference`` (of two measurements, usually in
            standard errors), ``ratio`` or ``count``.
        at_least: the threshold for ``(profile, real data?)``; a missing key means nothing
            is expected in that case.
        unit: shown after the value ("standard errors").
        measured: where the thresholds come from (seeds, machine, date).
    """

    text: str
    kind: str
    at_least: dict[tuple[str, bool], float] = field(default_factory=dict)
    unit: str = ""
    measured: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"claim {self.text!r}: kind must be one of {KINDS}")

    def threshold(self, profile: str, real: bool) -> float | None:
        """The threshold for this profile and data source (None: nothing expected)."""
        return self.at_least.get((profile, real))


#: Claims per notebook (the name given to ``setup``), by id.
CLAIMS: dict[str, dict[str, Claim]] = {
    # ---- 01_perceptron
    "01_perceptron": {
    },
    # ---- 01b_gradient_descent
    "01b_gradient_descent": {
    },
    # ---- 02_mlp_iris
    "02_mlp_iris": {
    },
    # ---- 02b_keras_toolbox
    "02b_keras_toolbox": {
    },
    # ---- 03_cnn_mnist
    "03_cnn_mnist": {
    },
    # ---- 03b_mnist_augmentation
    "03b_mnist_augmentation": {
    },
    # ---- 04_cifar10_batchnorm_resnet
    "04_cifar10_batchnorm_resnet": {
    },
    # ---- 04b_building_blocks
    "04b_building_blocks": {
    },
    # ---- 05_lego_alexnet
    "05_lego_alexnet": {
    },
    # ---- 05b_cnn_family_tree
    "05b_cnn_family_tree": {
    },
    # ---- 06_vgg16_transfer
    "06_vgg16_transfer": {
    },
}


def find_claim(notebook: str, claim: str) -> Claim:
    """The claim ``claim`` of ``notebook``, with a sentence naming what exists if it is not
    there."""
    table = CLAIMS.get(notebook)
    if table is None:
        raise KeyError(f"no claims are listed for notebook {notebook!r} in "
                       f"course_utils/thresholds.py (setup() names the notebook)")
    if claim not in table:
        raise KeyError(f"notebook {notebook!r} has no claim {claim!r}; it has "
                       f"{', '.join(sorted(table))}")
    return table[claim]
