"""Exercise checks that answer in plain words.

A check prints ``✓`` and what was confirmed, or ``✗`` and each problem as a sentence a
student can act on ("your second Dense layer has 8 units; the network in the text has
10"), and returns True or False. It never shows a traceback for a wrong answer, including
a wrong *kind* of answer (a list where a model was expected, a function that is still the
``raise NotImplementedError()`` placeholder).

When ``COURSE_STRICT=1`` (the test suite and both graders set it; ``COURSE_STRICT_CHECKS=1``,
its older name, still works) a failed check also raises :class:`CheckFailed`, so a solution
notebook whose check fails fails its test.

A check that runs a student's function watches it: an exercise meant to be done by hand
(``by_hand=True``) fails if the function builds a Keras layer or model or uses
``tf.GradientTape``, and any check fails if the function calls one of the course's
reference answers (:mod:`course_utils.answers`). Under the grader, each check's record is
signed (:mod:`course_utils.grading_guard`), so a record printed by the student's own code
does not count.

Example:
    >>> check_value("output width", 24, expected=24)
    ✓ output width: 24
    Verdict(passed=True)
"""

from __future__ import annotations

import os  # noqa: F401 (used in the doctest of strict_checks)
import reprlib
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from course_utils import grading_guard
from course_utils.records import emit
from course_utils.switches import flag

ORDINALS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)


def strict_checks() -> bool:
    """Whether failed checks raise: ``COURSE_STRICT`` is on (``1``, ``true``, ``yes``, ``on``,
    any case), or ``COURSE_STRICT_CHECKS``, its older name (nbgrader folders written before
    the rename set that one).

    Example:
        >>> saved = {k: os.environ.pop(k, None) for k in ("COURSE_STRICT", "COURSE_STRICT_CHECKS")}
        >>> os.environ["COURSE_STRICT"] = "TRUE"; strict_checks()
        True
        >>> del os.environ["COURSE_STRICT"]; os.environ["COURSE_STRICT_CHECKS"] = "1"; strict_checks()
        True
        >>> del os.environ["COURSE_STRICT_CHECKS"]; strict_checks()
        False
        >>> os.environ.update({k: v for k, v in saved.items() if v is not None})
    """
    return flag("COURSE_STRICT") or flag("COURSE_STRICT_CHECKS")


class CheckFailed(AssertionError):
    """A check failed while ``COURSE_STRICT_CHECKS=1``.

    In a notebook it shows as one line, ``CheckFailed: title: problem; problem``, not a
    traceback: the sentences above it say what to change, and an autograder's feedback
    (nbgrader shows the error of a failed cell) stays readable.
    """

    def _render_traceback_(self) -> list[str]:
        return [f"CheckFailed: {self}"]


def ordinal(index: int) -> str:
    """``0 -> 'first'``, ``1 -> 'second'``, ...; ``12 -> '13th'``.

    Example:
        >>> ordinal(1)
        'second'
    """
    return ORDINALS[index] if index < len(ORDINALS) else f"{index + 1}th"


_REPR = reprlib.Repr()  # Python 3.11's Repr takes no keyword arguments
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8
_REPR.maxstring = _REPR.maxother = 60
MAX_SHOWN = 200  # characters of an answer a message shows


def shown(value: Any) -> str:
    """A short ``repr`` of an answer for a message: arrays summarised, long values cut.

    Example:
        >>> shown(list(range(1000)))
        '[0, 1, 2, 3, 4, 5, 6, 7, ...]'
        >>> shown(np.zeros((1000, 3)))
        'array of shape (1000, 3)'
    """
    if isinstance(value, np.ndarray):
        text = (
            "array(" + np.array2string(value, separator=", ", threshold=8) + ")"
            if value.size <= 8
            else f"array of shape {value.shape}"
        )
    else:
        text = _REPR.repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def describe_error(error: BaseException) -> str:
    """An exception as one short line for a check's message: its type and its first words.

    Example:
        >>> describe_error(ValueError("Inputs have incompatible shapes"))
        'ValueError: Inputs have incompatible shapes'
    """
    text = " ".join(str(error).split())
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 3] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def call_quietly(fn: Callable[..., Any], *args: Any) -> tuple[Any, list[str]]:
    """Call ``fn(*args)`` and return its result with the warnings it raised, as sentences.

    A warning from a student's code (NumPy's ``divide by zero``, say) would otherwise reach
    the check cell's stderr, where an autograder such as nbgrader reads any output as a
    failure, and a right answer would score nothing. The check reports it in words instead.

    Example:
        >>> call_quietly(lambda x: np.log(x), np.array([0.0]))[1]
        ['RuntimeWarning: divide by zero encountered in log']
    """
    with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
        warnings.simplefilter("always")
        result = fn(*args)
    return result, [f"{w.category.__name__}: {w.message}" for w in caught if not _from_a_library(w)]


#: Warnings about a library's own future, raised inside that library (TensorFlow's autograph
#: on Python 3.13 warns "Constant.__init__ got an unexpected keyword argument"): not the
#: student's, so a check never reports them.
_LIBRARY_CATEGORIES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


def _from_a_library(caught: warnings.WarningMessage) -> bool:
    """Whether a caught warning is a library's deprecation notice, raised in its own code.

    Example:
        >>> w = warnings.WarningMessage(DeprecationWarning("old"), DeprecationWarning,
        ...                             "/usr/lib/python3/site-packages/tensorflow/x.py", 1)
        >>> _from_a_library(w)
        True
        >>> _from_a_library(warnings.WarningMessage(RuntimeWarning("divide by zero"),
        ...                 RuntimeWarning, "/usr/lib/python3/site-packages/numpy/x.py", 1))
        False
    """
    path = str(caught.filename).replace("\\", "/")
    in_library = (
        "/site-packages/" in path or "/dist-packages/" in path or path.startswith("<frozen")
    )
    return in_library and issubclass(caught.category, _LIBRARY_CATEGORIES)


def _warned(name: str, args: Sequence[Any], caught: list[str]) -> list[str]:
    return [f"(not a mistake) {name}({_format_args(args)}) warned {text}" for text in caught[:1]]


def _is_text(value: Any) -> bool:
    return isinstance(value, (str, bytes, np.str_, np.bytes_))


def _is_numeric(value: Any) -> bool:
    """Whether an expected answer is a number or an array/sequence of numbers."""
    if isinstance(value, bool) or _is_text(value):
        return False
    try:
        return np.asarray(value).dtype.kind in "iuf"
    except (TypeError, ValueError):
        return False


def _shape(value: Any) -> tuple[int, ...] | None:
    try:
        return np.shape(value)
    except (TypeError, ValueError):
        return None


def _mismatch(actual: Any, expected: Any, expected_word: str = "the answer is") -> str:
    """The words after "you have ..." or "returned ...": the answer, and how it differs."""
    if _is_text(actual) and _is_numeric(expected):
        return (
            f"the text {shown(actual)}, but the answer is a number: write it without "
            "quotes (or convert it with float())"
        )
    a, e = _shape(actual), _shape(expected)
    if a is not None and e is not None and a != e and (a or e) and _is_numeric(expected):
        return f"{shown(actual)}, of shape {a}; the answer has shape {e}"
    return f"{shown(actual)}; {expected_word} {shown(expected)}"


def _describe(value: Any) -> str:
    return f"{type(value).__name__} ({shown(value)})"


class Verdict:
    """The outcome of a check: true when it passed.

    It shows nothing when it is the last line of a notebook cell (the check has already
    printed its sentences), so students do not see a stray ``True`` or ``False``.

    Example:
        >>> bool(Verdict(True)), Verdict(False)
        (True, Verdict(passed=False))
    """

    def __init__(self, passed: bool) -> None:
        self.passed = bool(passed)

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return f"Verdict(passed={self.passed})"

    def _ipython_display_(self) -> None:
        """Display nothing in IPython: the check printed its result already."""


_open_groups: list[list[str]] = []  # failures collected by the `together` blocks now open


def verdict(title: str, problems: Sequence[str], success: str = "") -> Verdict:
    """Show the result of a check, record it, and return whether it passed.

    The sentences are what the student reads; the same result is attached as a ``check``
    record (see :mod:`course_utils.records`), so a run's checks can be read back from the
    executed notebook with ``read_records``.

    Example:
        >>> verdict("output width", ["you have 26; the answer is 24"])
        ✗ output width: not yet.
          - you have 26; the answer is 24
        Verdict(passed=False)
    """
    problems = list(problems)
    if problems:
        text = "\n".join([f"✗ {title}: not yet."] + [f"  - {problem}" for problem in problems])
    else:
        text = f"✓ {title}" + (f": {success}" if success else "")
    record = {"name": title, "passed": not problems, "problems": problems}
    emit("check", grading_guard.sign_check(record), text)
    if not problems:
        return Verdict(True)
    if _open_groups:
        _open_groups[-1].append(f"{title}: " + "; ".join(problems))
    elif strict_checks():
        raise CheckFailed(f"{title}: " + "; ".join(problems))
    return Verdict(False)


@contextmanager
def together(title: str) -> Iterator[None]:
    """Run several checks as one: each prints its result, and a failure raises once, at the end.

    Under ``COURSE_STRICT_CHECKS=1`` a cell with several checks would otherwise stop at its
    first failure, and the student (or the autograder's feedback) would never see the rest.

    Example:
        >>> with together("invert"):
        ...     _ = check_value("pixel", 255, expected=255)
        ...     _ = check_value("label", 3, expected=7)
        ✓ pixel: 255
        ✗ label: not yet.
          - you have 3; the answer is 7
    """
    _open_groups.append([])
    try:
        yield
    finally:
        failures = _open_groups.pop()
    if failures and strict_checks():
        raise CheckFailed(f"{title}: " + " | ".join(failures))


def _same(actual: Any, expected: Any, atol: float) -> bool:
    """Whether two answers agree: numbers and arrays to ``atol``, tuples element by element.

    Never raises: an answer that cannot be compared (wrong type, ragged) is not the same,
    and text is never the same as a number (``"24"`` is not ``24``).

    Example:
        >>> _same((np.array([1.0, 2.0]), 0.5), (np.array([1.0, 2.0]), 0.5), 1e-6)
        True
    """
    if isinstance(expected, tuple) and any(
        isinstance(e, (np.ndarray, list, tuple)) for e in expected
    ):
        if not isinstance(actual, (tuple, list)) or len(actual) != len(expected):
            return False
        return all(_same(a, e, atol) for a, e in zip(actual, expected, strict=True))
    if _is_numeric(expected) and (
        _is_text(actual)
        or (
            isinstance(actual, (list, tuple, np.ndarray))
            and np.asarray(actual).dtype.kind in "USO"
            and any(_is_text(a) for a in np.asarray(actual, dtype=object).ravel())
        )
    ):
        return False
    try:
        a = np.asarray(actual, dtype=float)
        e = np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return _plain_equal(actual, expected, atol)
    return a.shape == e.shape and bool(np.allclose(a, e, atol=atol))


_PLAIN = (str, bytes, bool, int, float, type(None), np.generic)


def _plain_equal(actual: Any, expected: Any, atol: float) -> bool:
    """Equality for answers that are not numbers: plain values compared with ``==``,
    sequences element by element. An object of the student's own class is never equal,
    whatever its ``__eq__`` says (a class whose ``__eq__`` always answers True would
    otherwise pass every check).

    Example:
        >>> class Always:
        ...     def __eq__(self, other): return True
        >>> _plain_equal(("SGD", 0.9, True), ("SGD", 0.9, True), 1e-6), _plain_equal(Always(), "SGD", 1e-6)
        (True, False)
    """
    if isinstance(expected, (tuple, list)):
        return (
            type(actual) in (tuple, list)
            and len(actual) == len(expected)
            and all(_same(a, e, atol) for a, e in zip(actual, expected, strict=True))
        )
    if type(actual) not in _PLAIN and not isinstance(actual, np.generic):
        return False
    try:
        return bool(actual == expected)
    except (TypeError, ValueError):  # e.g. arrays compared with ==
        return False


def check_value(name: str, value: Any, expected: Any, *, atol: float = 1e-6) -> Verdict:
    """Compare a number, tuple or array with the expected answer.

    Example:
        >>> check_value("parameters", 440, expected=448)
        ✗ parameters: not yet.
          - you have 440; the answer is 448
        Verdict(passed=False)
    """
    if value is None or value is Ellipsis:
        return verdict(name, ["not attempted yet: the answer is still empty (None)"])
    if not _same(value, expected, atol):
        return verdict(name, [f"you have {_mismatch(value, expected)}"])
    return verdict(name, [], shown(value))


def _format_args(args: Sequence[Any]) -> str:
    def short(value: Any) -> str:
        if isinstance(value, np.ndarray) and value.size <= 8:
            return np.array2string(value, separator=", ")
        return shown(value)

    return ", ".join(short(a) for a in args)


_watches: list[list[str]] = []  # what the student's functions now running did that they may not


def note_forbidden(what: str) -> None:
    """Note that the student's function now being checked ``what`` (e.g. "builds a Keras
    layer (Dense)"); the check then fails with that sentence. Outside a check, nothing.

    Example:
        >>> note_forbidden("builds a Keras layer")   # no check is running: nothing happens
    """
    if _watches and what not in _watches[-1]:
        _watches[-1].append(what)


@contextmanager
def watching(by_hand: bool) -> Iterator[list[str]]:
    """Run a student's function under watch; yield the list of forbidden things it did.

    It always notes calls to :mod:`course_utils.answers`; with ``by_hand`` it also notes a
    Keras layer or model being built and ``tf.GradientTape`` being used (only if those
    libraries are already imported: a function cannot use them without importing them, and
    an import inside it is noted by the same hooks once it builds something).

    Example:
        >>> with watching(by_hand=True) as seen:
        ...     _ = sum([1, 2])
        >>> seen
        []
    """
    import sys

    found: list[str] = []
    _watches.append(found)
    restore: list[tuple[Any, str, Any]] = []
    if by_hand:
        keras = sys.modules.get("keras")
        layer = getattr(getattr(keras, "layers", None), "Layer", None)
        if layer is not None:
            original_init = layer.__init__

            def layer_init(self: Any, *args: Any, **kwargs: Any) -> None:
                note_forbidden(f"builds a Keras layer or model ({type(self).__name__})")
                original_init(self, *args, **kwargs)

            restore.append((layer, "__init__", original_init))
            layer.__init__ = layer_init
        tf = sys.modules.get("tensorflow")
        tape = getattr(tf, "GradientTape", None)
        if tape is not None:
            original_tape = tape.__init__

            def tape_init(self: Any, *args: Any, **kwargs: Any) -> None:
                note_forbidden("uses tf.GradientTape")
                original_tape(self, *args, **kwargs)

            restore.append((tape, "__init__", original_tape))
            tape.__init__ = tape_init
    try:
        yield found
    finally:
        for owner, attribute, value in restore:
            setattr(owner, attribute, value)
        _watches.pop()


def _forbidden_problem(name: str, found: list[str], by_hand: bool) -> str:
    how = (
        "this exercise is done by hand: work it out with the formula, not with Keras or "
        "automatic differentiation"
        if by_hand
        else "an answer must compute its result itself"
    )
    return f"{name} {' and '.join(found)}: {how}"


def check_function(
    fn: Any,
    cases: Iterable[tuple[Sequence[Any], Any]],
    *,
    name: str,
    atol: float = 1e-6,
    by_hand: bool = False,
) -> Verdict:
    """Call ``fn(*args)`` for each ``(args, expected)`` case and compare the results.

    With ``by_hand=True`` (an exercise that says "do not build a Keras model") the check
    also fails if ``fn`` builds a Keras layer or model or uses ``tf.GradientTape``; any check
    fails if ``fn`` calls a reference answer of :mod:`course_utils.answers`.

    Example:
        >>> check_function(lambda x: 2 * x, [((1,), 2), ((3,), 6)], name="double")
        ✓ double: all 2 cases right
        Verdict(passed=True)
    """
    if not callable(fn):
        return verdict(name, [f"{name} should be a function; you gave a {_describe(fn)}"])
    problems: list[str] = []
    notes: list[str] = []
    cases = list(cases)
    for args, expected in cases:
        # Copies, so that a function that changes its inputs cannot spoil the next case.
        call_args = [np.array(a, copy=True) if isinstance(a, np.ndarray) else a for a in args]
        try:
            with watching(by_hand) as found:
                result, caught = call_quietly(fn, *call_args)
            notes += _warned(name, args, caught)
            if found:
                return verdict(name, [_forbidden_problem(name, found, by_hand)])
        except NotImplementedError:
            return verdict(
                name,
                [
                    f"{name} is not written yet (it still raises "
                    "NotImplementedError): replace that line with your code"
                ],
            )
        except (Exception, SystemExit) as error:  # a student's bug, in words, not a traceback
            problems.append(f"{name}({_format_args(args)}) raised {describe_error(error)}")
            continue
        if result is None and expected is not None:
            problems.append(
                f"{name}({_format_args(args)}) returned None: not attempted "
                "yet, or the function has no `return`"
            )
        elif not _same(result, expected, atol):
            problems.append(
                f"{name}({_format_args(args)}) returned {_mismatch(result, expected, 'expected')}"
            )
        if len(problems) >= 3:
            problems.append("(stopped after three wrong cases)")
            break
    for note in notes[:1]:
        print(note)
    return verdict(name, problems, "right" if len(cases) == 1 else f"all {len(cases)} cases right")


# ---------------------------------------------------------------------------------------
# Keras models

LayerSpec = Mapping[str, Any]
"""What the text says about one layer: ``{"type": "Dense", "units": 10, "activation":
"relu"}``. Recognised keys: ``type`` (required: the Keras class name), ``units``,
``filters``, ``kernel_size``, ``strides``, ``padding``, ``pool_size``, ``rate``,
``activation``, ``output_shape`` (without the batch axis) and ``params``."""

_ATTRIBUTES = ("units", "filters", "kernel_size", "strides", "padding", "pool_size", "rate")
_NOUNS = {
    "units": "units",
    "filters": "filters",
    "kernel_size": "a kernel size of",
    "strides": "strides of",
    "padding": "padding",
    "pool_size": "a pool size of",
    "rate": "a dropout rate of",
}


def _activation_name(layer: Any) -> str | None:
    activation = getattr(layer, "activation", None)
    if activation is None:
        return None
    return getattr(activation, "__name__", str(activation))


def _normalise(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(value)
    return value


def _as_pair(value: Any) -> Any:
    return (value, value) if isinstance(value, int) else _normalise(value)


def check_model(model: Any, layers: Sequence[LayerSpec], *, name: str = "your model") -> Verdict:
    """Compare a built Keras model, layer by layer, with the text's description.

    ``InputLayer`` is skipped. Layers are compared by position; the first difference in
    each layer is reported in words.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu")])
        >>> check_model(m, [{"type": "Dense", "units": 10, "activation": "relu"}])
        ✗ your model: not yet.
          - your first Dense layer has 8 units; the network in the text has 10
        Verdict(passed=False)
    """
    import keras

    if model is None:
        return verdict(name, ["not attempted yet: the model is still None"])
    if not isinstance(model, keras.Model):
        hint = ""
        if isinstance(model, (list, tuple)):
            hint = ": wrap the list of layers in keras.Sequential([...])"
        return verdict(
            name,
            [
                f"expected a Keras model (keras.Sequential or keras.Model); "
                f"you gave a {_describe(model)}{hint}"
            ],
        )
    if not model.built:
        return verdict(
            name,
            [
                "the model is not built yet: start it with keras.Input(shape=...)"
                " so Keras knows the input size"
            ],
        )
    actual = [layer for layer in model.layers if type(layer).__name__ != "InputLayer"]
    problems: list[str] = []
    want_types = [spec["type"] for spec in layers]
    have_types = [type(layer).__name__ for layer in actual]
    if len(actual) != len(layers):
        problems.append(
            f"your model has {len(actual)} layers ({', '.join(have_types)}); "
            f"the text has {len(layers)} ({', '.join(want_types)})"
        )
    counts: dict[str, int] = {}
    for layer, spec in zip(actual, layers, strict=False):  # a count mismatch is reported above
        kind = spec["type"]
        position = counts.get(kind, 0)
        counts[kind] = position + 1
        where = f"your {ordinal(position)} {kind} layer"
        if type(layer).__name__ != kind:
            problems.append(
                f"where the text has its {ordinal(position)} {kind} layer, "
                f"your model has a {type(layer).__name__}"
            )
            continue
        for key in _ATTRIBUTES:
            if key not in spec:
                continue
            have = getattr(layer, key, None)
            want = spec[key]
            if key in {"kernel_size", "strides", "pool_size"}:
                have, want = _as_pair(have), _as_pair(want)
            if _normalise(have) != _normalise(want):
                noun = _NOUNS[key]
                problems.append(
                    f"{where} has {noun} {have}; the network in the text has {want}"
                    if noun.endswith("of") or noun == "padding"
                    else f"{where} has {have} {noun}; the network in the text has {want}"
                )
        if "activation" in spec and _activation_name(layer) != spec["activation"]:
            problems.append(
                f"{where} uses activation {_activation_name(layer)!r}; the text "
                f"uses {spec['activation']!r}"
            )
        if "output_shape" in spec:
            have_shape = tuple(layer.output.shape[1:])
            if have_shape != tuple(spec["output_shape"]):
                problems.append(
                    f"{where} outputs shape {have_shape}; the text's outputs "
                    f"{tuple(spec['output_shape'])}"
                )
        if "params" in spec and layer.count_params() != spec["params"]:
            problems.append(
                f"{where} has {layer.count_params():,} parameters; the text's has "
                f"{spec['params']:,}"
            )
    total = model.count_params()
    counted = f"{len(actual)} layer" + ("" if len(actual) == 1 else "s")
    return verdict(name, problems, f"{counted} as in the text, {total:,} parameters")


def check_separates(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    name: str,
) -> Verdict:
    """Check that ``predict(X)`` gives the labels ``y`` for every point.

    Example:
        >>> X = np.array([[0, 0], [1, 1]]); y = np.array([0, 1])
        >>> check_separates(lambda X: (X.sum(axis=1) > 2).astype(int), X, y, name="AND")
        ✗ AND: not yet.
          - 1 of 2 points wrong: [1 1] gives 0, expected 1
        Verdict(passed=False)
    """
    try:
        predicted, caught = call_quietly(predict, np.asarray(X))
        predicted = np.asarray(predicted).reshape(-1)
        for text in caught[:1]:
            print(f"(not a mistake) predicting warned {text}")
    except NotImplementedError:
        return verdict(name, ["not written yet (it still raises NotImplementedError)"])
    except Exception as error:
        return verdict(name, [f"predicting raised {type(error).__name__}: {error}"])
    y = np.asarray(y).reshape(-1)
    if predicted.shape != y.shape:
        return verdict(name, [f"expected {y.size} predictions, got {predicted.size}"])
    wrong = np.flatnonzero(predicted != y)
    if wrong.size:
        examples = ", ".join(f"{X[i]} gives {predicted[i]}, expected {y[i]}" for i in wrong[:3])
        return verdict(name, [f"{wrong.size} of {y.size} points wrong: {examples}"])
    return verdict(name, [], f"all {y.size} points right")
