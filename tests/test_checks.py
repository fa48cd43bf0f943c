"""Exercise checks: right answers pass, wrong ones are explained in words."""

from __future__ import annotations

import keras
import numpy as np
import pytest

from course_utils import checks


@pytest.fixture(autouse=True)
def lenient(monkeypatch):
    """Students run without COURSE_STRICT (or its old name); test that behaviour by default."""
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    monkeypatch.delenv("COURSE_STRICT", raising=False)


def iris_model(units=(10, 10, 3), activation="relu"):
    return keras.Sequential(
        [keras.Input(shape=(4,))]
        + [keras.layers.Dense(u, activation=activation) for u in units[:-1]]
        + [keras.layers.Dense(units[-1], activation="softmax")]
    )


SPEC = [
    {"type": "Dense", "units": 10, "activation": "relu"},
    {"type": "Dense", "units": 10, "activation": "relu"},
    {"type": "Dense", "units": 3, "activation": "softmax"},
]


def test_right_model_passes(capsys):
    assert checks.check_model(iris_model(), SPEC)
    assert "✓ your model: 3 layers as in the text, 193 parameters" in capsys.readouterr().out


def test_wrong_units_named_in_words(capsys):
    assert not checks.check_model(iris_model(units=(10, 8, 3)), SPEC)
    out = capsys.readouterr().out
    assert "your second Dense layer has 8 units; the network in the text has 10" in out


def test_wrong_activation_and_layer_count(capsys):
    assert not checks.check_model(iris_model(units=(10, 3), activation="tanh"), SPEC)
    out = capsys.readouterr().out
    assert "your model has 2 layers (Dense, Dense); the text has 3" in out
    assert "uses activation 'tanh'; the text uses 'relu'" in out


def test_wrong_kind_of_object_is_explained_not_raised(capsys):
    assert not checks.check_model([keras.layers.Dense(3)], SPEC)
    out = capsys.readouterr().out
    assert "expected a Keras model" in out and "wrap the list of layers in keras.Sequential" in out


def test_unbuilt_model_is_explained(capsys):
    assert not checks.check_model(keras.Sequential([keras.layers.Dense(3)]), SPEC)
    assert "not built yet" in capsys.readouterr().out


def test_conv_attributes_and_shapes(capsys):
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            keras.layers.Conv2D(16, 3, padding="same", activation="relu"),
            keras.layers.MaxPooling2D(2),
        ]
    )
    spec = [
        {
            "type": "Conv2D",
            "filters": 16,
            "kernel_size": 5,
            "padding": "same",
            "output_shape": (28, 28, 16),
        },
        {"type": "MaxPooling2D", "pool_size": 2, "output_shape": (14, 14, 16)},
    ]
    assert not checks.check_model(model, spec)
    out = capsys.readouterr().out
    assert (
        "your first Conv2D layer has a kernel size of (3, 3); the network in the text has (5, 5)"
        in out
    )
    assert "MaxPooling2D" not in out  # the pooling layer is right


def test_check_function_right_and_wrong(capsys):
    cases = [((np.array([0, 1]),), 1), ((np.array([0, 0]),), 0)]
    assert checks.check_function(lambda x: int(x.sum() > 0), cases, name="predict")
    assert not checks.check_function(lambda x: 1, cases, name="predict")
    out = capsys.readouterr().out
    assert "predict([0, 0]) returned 1; expected 0" in out


def test_check_function_placeholder_missing_return_and_not_callable(capsys):
    def placeholder(x):
        raise NotImplementedError()

    def forgot_return(x):
        x + 1

    assert not checks.check_function(placeholder, [((1,), 2)], name="update")
    assert not checks.check_function(forgot_return, [((1,), 2)], name="update")
    assert not checks.check_function(5, [((1,), 2)], name="update")
    out = capsys.readouterr().out
    assert "update is not written yet" in out
    assert "not attempted yet, or the function has no `return`" in out
    assert "update should be a function; you gave a int (5)" in out


def test_check_function_reports_student_exceptions_in_words(capsys):
    assert not checks.check_function(lambda x: x / "a", [((1,), 2)], name="f")
    assert "f(1) raised TypeError" in capsys.readouterr().out


def test_check_value(capsys):
    assert checks.check_value("parameters", 448, expected=448)
    assert not checks.check_value("parameters", None, expected=448)
    assert not checks.check_value("output shape", (24, 24), expected=(28, 28))
    out = capsys.readouterr().out
    assert "not attempted yet" in out and "you have (24, 24); the answer is (28, 28)" in out


def test_check_separates():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
    y_or = np.array([0, 1, 1, 1])
    assert checks.check_separates(lambda X: (X @ [1, 1] - 0.5 > 0).astype(int), X, y_or, name="OR")
    assert not checks.check_separates(
        lambda X: (X @ [1, 1] - 1.5 > 0).astype(int), X, y_or, name="OR"
    )


def test_strict_mode_raises(monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.CheckFailed, match="you have 1; the answer is 2"):
        checks.check_value("x", 1, expected=2)


def test_function_returning_a_tuple_of_arrays(capsys):
    """An update rule returns (new_w, new_b): compared element by element, never a crash."""
    w = np.array([0.0, 0.0])
    cases = [((w, 0.0), (np.array([1.0, 1.0]), 1.0))]
    assert checks.check_function(lambda w, b: (w + 1, b + 1), cases, name="update")
    assert not checks.check_function(lambda w, b: (w, b), cases, name="update")
    assert not checks.check_function(lambda w, b: w, cases, name="update")
    assert "update([0., 0.], 0.0) returned" in capsys.readouterr().out


def test_verdict_is_truthy_and_silent_in_notebooks():
    assert checks.Verdict(True) and not checks.Verdict(False)
    assert checks.Verdict(True)._ipython_display_() is None


def test_text_is_not_a_number(capsys):
    """`check_value("answer", "24", expected=24)` used to pass."""
    assert not checks.check_value("answer", "24", expected=24)
    assert "without quotes" in capsys.readouterr().out
    assert not checks.check_function(lambda x: str(2 * x), [((1,), 2), ((2,), 4)], name="double")
    assert not checks.check_value("shape", ["2", "3"], expected=(2, 3))


def test_huge_answers_are_shortened(capsys):
    checks.check_value("answer", list(range(20_000)), expected=3)
    checks.check_function(lambda: list(range(100_000)), [((), 1)], name="f")
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) < 300


def test_a_shape_mismatch_names_both_shapes(capsys):
    checks.check_function(
        lambda x: np.asarray(x)[:, None], [(([1.0, 2.0],), np.array([1.0, 2.0]))], name="ident"
    )
    out = capsys.readouterr().out
    assert "of shape (2, 1); the answer has shape (2,)" in out


def test_a_function_that_exits_is_reported_not_raised(capsys):
    import sys

    assert not checks.check_function(lambda: sys.exit(3), [((), 1)], name="quits")
    assert "raised SystemExit" in capsys.readouterr().out


@pytest.mark.parametrize("word", ["TRUE", "on", "Yes"])
def test_strict_checks_accept_the_same_words_as_offline(word, monkeypatch):
    monkeypatch.setenv("COURSE_STRICT_CHECKS", word)
    with pytest.raises(checks.CheckFailed):
        checks.check_value("answer", 1, expected=2)


def test_an_error_is_one_short_line():
    error = ValueError("Inputs have incompatible shapes.\n Received shapes " + "(8, 8, 64) " * 100)
    line = checks.describe_error(error)
    assert line.startswith("ValueError: Inputs have incompatible shapes. Received")
    assert "\n" not in line and len(line) < 230


def test_checks_run_together_raise_once_with_every_failure(monkeypatch, capsys):
    """A cell with several checks shows all of them before it fails, and fails once."""
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    with pytest.raises(checks.CheckFailed) as failed:
        with checks.together("invert"):
            checks.check_value("image", 1, expected=2)
            checks.check_value("label", 7, expected=7)
            checks.check_value("dtype", "int64", expected="uint8")
    message = str(failed.value)
    assert message.startswith("invert: ") and "image" in message and "dtype" in message
    assert "label" not in message
    out = capsys.readouterr().out
    assert "✗ image" in out and "✓ label" in out and "✗ dtype" in out
    with checks.together("all right"):  # nothing failed: nothing raised
        checks.check_value("label", 7, expected=7)


def test_every_check_leaves_a_record(monkeypatch):
    """In a notebook a check's result is attached as a record that a run can read back."""
    from IPython import display as ipython_display

    from course_utils import records

    shown_outputs = []
    monkeypatch.setattr(records, "_in_ipython", lambda: True)
    monkeypatch.setattr(ipython_display, "display", lambda data, raw: shown_outputs.append(data))
    checks.check_value("parameters", 440, expected=448)
    checks.check_value("width", 24, expected=24)
    notebook = {
        "cells": [{"outputs": [{"output_type": "display_data", "data": d} for d in shown_outputs]}]
    }
    assert records.read_records(notebook) == [
        {
            "kind": "check",
            "name": "parameters",
            "passed": False,
            "problems": ["you have 440; the answer is 448"],
        },
        {"kind": "check", "name": "width", "passed": True, "problems": []},
    ]
    assert shown_outputs[0]["text/plain"].startswith("✗ parameters: not yet.")


# --- issue 27: one strictness switch, by-hand exercises, reference answers, plain equality


@pytest.mark.parametrize("name", ["COURSE_STRICT", "COURSE_STRICT_CHECKS"])
def test_strict_switch_and_its_old_name_both_make_checks_raise(monkeypatch, name):
    monkeypatch.setenv(name, "1")
    assert checks.strict_checks()
    with pytest.raises(checks.CheckFailed):
        checks.check_value("width", 3, expected=4)


def test_without_the_switch_a_check_only_talks(capsys):
    assert not checks.strict_checks()
    assert not checks.check_value("width", 3, expected=4)
    assert "you have 3; the answer is 4" in capsys.readouterr().out


def test_a_by_hand_answer_that_builds_a_keras_model_fails_in_words(capsys):
    def keras_count(sizes):
        model = keras.Sequential(
            [keras.Input(shape=(sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]]
        )
        return model.count_params()

    assert not checks.check_function(
        keras_count, [(([4, 10, 3],), 83)], name="count_mlp_params", by_hand=True
    )
    out = capsys.readouterr().out
    assert "builds a Keras layer or model" in out and "done by hand" in out
    # The same function passes a check that allows Keras, and Keras is left unpatched.
    assert checks.check_function(keras_count, [(([4, 10, 3],), 83)], name="count")
    assert not checks._watches


def test_a_by_hand_gradient_may_not_use_gradient_tape(capsys):
    import tensorflow as tf

    def tape_gradient(w):
        v = tf.Variable(float(w))
        with tf.GradientTape() as tape:
            loss = v * v
        return float(tape.gradient(loss, v))

    assert not checks.check_function(tape_gradient, [((3.0,), 6.0)], name="grad", by_hand=True)
    assert "uses tf.GradientTape" in capsys.readouterr().out


def test_an_answer_that_calls_the_reference_answer_fails(capsys):
    from course_utils import answers

    assert not checks.check_function(
        lambda *case: answers.conv2d_macs(*case), [((8, 8, 1, 1, 3), 324)], name="conv2d_macs"
    )
    assert "calls the course's reference answer" in capsys.readouterr().out
    assert answers.conv2d_macs(8, 8, 1, 1, 3) == 324  # outside a check it is a plain function


def test_an_object_that_equals_everything_is_not_an_answer(capsys):
    class Always:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    assert not checks.check_function(lambda: Always(), [((), ("SGD", 0.9, True))], name="opt")
    assert not checks.check_value("name", Always(), expected="SGD")
    assert checks.check_function(lambda: ("SGD", 0.9, True), [((), ("SGD", 0.9, True))], name="opt")


def test_records_are_unsigned_outside_the_grader():
    from course_utils import grading_guard

    record = {"name": "x", "passed": True, "problems": []}
    assert grading_guard.sign_check(record) == record
