"""The setup cell and what it rests on: profiles, switches, the machine, TensorFlow's
start-up log, dry runs, the banner and data-source lines."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from course_utils import announce, dryrun, machine, session, switches, tflog
from course_utils.profiles import CourseConfigError, Profile, select_profile


def test_pick_returns_the_value_for_the_profile():
    assert Profile("full").pick(full=20, cpu=3, smoke=1) == 20
    assert Profile("cpu").pick(full=20, cpu=3, smoke=1) == 3
    assert Profile("smoke").pick(full=20, cpu=3, smoke=1) == 1


def test_pick_insists_on_all_three_values():
    with pytest.raises(TypeError):
        Profile("cpu").pick(full=20, cpu=3)  # type: ignore[call-arg]


def test_unknown_profile_is_a_clear_error():
    with pytest.raises(CourseConfigError, match="choose one of full, cpu, smoke"):
        Profile("fast")
    with pytest.raises(CourseConfigError, match="COURSE_PROFILE='bogus'"):
        select_profile("bogus", has_gpu=False)


@pytest.mark.parametrize(
    "env, gpu, expected",
    [
        (None, False, "cpu"),
        (None, True, "full"),
        ("", True, "full"),
        ("smoke", True, "smoke"),
        (" CPU ", True, "cpu"),
        ("full", False, "full"),
    ],
)
def test_profile_selection(env, gpu, expected):
    assert select_profile(env, has_gpu=gpu).name == expected


@pytest.mark.parametrize(
    "value, expected", [("1", True), ("true", True), ("0", False), ("", False), (None, False)]
)
def test_offline_switch(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("COURSE_OFFLINE", value)
    assert switches.is_offline() is expected


def test_an_unknown_switch_value_warns_and_names_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_OFFLINE", "maybe")
    with pytest.warns(UserWarning, match="COURSE_OFFLINE='maybe' is neither true"):
        assert not switches.is_offline()


def test_strict_has_one_name_and_keeps_the_old_one(monkeypatch):
    monkeypatch.delenv("COURSE_STRICT", raising=False)
    monkeypatch.delenv("COURSE_STRICT_CHECKS", raising=False)
    assert not switches.is_strict()
    monkeypatch.setenv("COURSE_STRICT_CHECKS", "1")
    assert switches.is_strict()
    monkeypatch.delenv("COURSE_STRICT_CHECKS")
    monkeypatch.setenv("COURSE_STRICT", "yes")
    assert switches.is_strict()


def test_colab_detected_by_module_or_environment(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    assert not machine.in_colab()
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert machine.in_colab()


def test_cpu_description_names_the_widest_vector_instructions(monkeypatch):
    # Reports and the banner quote it: an AVX2-only CPU trains about half as fast.
    monkeypatch.setattr(machine, "cpu_flags", lambda: {"avx2", "avx512f", "fma"})
    assert machine.cpu_description().endswith(", AVX-512")
    monkeypatch.setattr(machine, "cpu_flags", lambda: {"avx2", "fma"})
    assert machine.cpu_description().endswith(", AVX2")
    monkeypatch.setattr(machine, "cpu_flags", lambda: set())
    assert "AVX" not in machine.cpu_description()


def test_setup_prints_a_short_banner_and_returns_the_profile(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    profile = session.setup("99_test", seed=7)
    out = capsys.readouterr().out
    assert profile == Profile("smoke", seed=7)
    assert out.startswith("nn-vision-course ") and "· 99_test" in out
    assert "Profile: smoke (from COURSE_PROFILE) · seed 7" in out
    assert "COURSE_OFFLINE" not in out  # machinery stays in the record
    assert session.current_notebook() == "99_test" and session.current_profile() == "smoke"


def test_setup_seeds_numpy_reproducibly(monkeypatch):
    import numpy as np

    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    session.setup("a", seed=3)
    first = np.random.rand(3)
    session.setup("a", seed=3)
    assert np.array_equal(first, np.random.rand(3))


def test_course_seed_sets_the_profile_seed_and_a_bad_one_names_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_SEED", "3")
    assert session.setup("99_test").seed == 3
    monkeypatch.setenv("COURSE_SEED", "three")
    with pytest.raises(CourseConfigError, match="COURSE_SEED must be a whole number"):
        session.setup("99_test")


def test_figures_are_full_size_for_students_and_small_only_when_stored(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.delenv("COURSE_STORE_FIGURES", raising=False)
    session.setup("a")
    assert plt.rcParams["figure.dpi"] == session.LIVE_FIGURES["dpi"]
    monkeypatch.setenv("COURSE_STORE_FIGURES", "1")
    session.setup("a")
    assert plt.rcParams["figure.dpi"] == session.STORED_FIGURES["dpi"]


@pytest.mark.parametrize("from_environment", [False, True])
def test_colab_without_gpu_names_the_profile_it_runs(monkeypatch, capsys, from_environment):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")
    if from_environment:
        monkeypatch.setenv("COURSE_PROFILE", "smoke")
    else:
        monkeypatch.delenv("COURSE_PROFILE", raising=False)
    monkeypatch.setattr(session, "gpu_names", lambda: [])
    session.setup("01_perceptron")
    out = capsys.readouterr().out
    expected = "smoke" if from_environment else "cpu"
    assert f"this notebook runs the '{expected}' profile" in out
    assert "Runtime > Change runtime type" in out
    assert ("smaller runs" in out) is not from_environment


def test_the_banner_says_dry_run_and_avx512():
    info = {
        "course_version": "0",
        "notebook": "n",
        "python": "3",
        "tensorflow": "2",
        "keras": "3",
        "device": "CPU",
        "profile": "full",
        "profile_reason": "r",
        "offline": True,
        "seed": 1,
        "colab": False,
        "dry_run": True,
        "avx512": True,
    }
    text = "\n".join(session.banner_lines(info))
    assert "Dry run" in text and "If a kernel dies" in text


def test_a_source_is_one_line_and_never_passes_a_stand_in_off_as_real(capsys, monkeypatch):
    monkeypatch.delenv("COURSE_VERBOSE", raising=False)
    announce.announce_source(
        "MNIST", "UCI digits upscaled", real=False, detail="file: /tmp/x.npz", summary="10 images"
    )
    announce.announce_source("Iris", "scikit-learn", real=True)
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "MNIST: offline stand-in (UCI digits upscaled), not the real dataset · 10 images",
        "Iris: the real dataset (scikit-learn)",
    ]
    monkeypatch.setenv("COURSE_VERBOSE", "1")
    announce.announce_source("MNIST", "local copy", real=True, detail="file: /tmp/x.npz")
    assert "file: /tmp/x.npz" in capsys.readouterr().out


def test_tensorflow_startup_noise_is_held_back_but_real_errors_pass(capfd):
    with tflog.quiet_native_startup():
        os.write(
            2,
            b"WARNING: All log messages before absl::InitializeLog() is called are "
            b"written to STDERR\n",
        )
        os.write(
            2,
            b"I0000 00:00:1795479507.568996   13236 cudart_stub.cc:31] Could not "
            b"find cuda drivers on your machine, GPU will not be used.\n",
        )
        os.write(2, b"E0000 00:00:1795479511.480401   13236 some_op.cc:52] a real failure\n")
        os.write(2, b"Fatal Python error: Segmentation fault\n")
    err = capfd.readouterr().err
    assert "absl" not in err and "cuda drivers" not in err
    assert "some_op.cc:52] a real failure" in err and "Fatal Python error" in err


# Real start-up lines: TensorFlow 2.21 (absl's format) and 2.20 (Colab's; its own format).
CUINIT_221 = (
    "E0000 00:00:1795479511.480401   13236 cuda_platform.cc:52] failed call to cuInit: "
    "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)"
)
CUINIT_220 = (
    "2026-12-06 15:16:09.065362: E external/local_xla/xla/stream_executor/cuda/"
    "cuda_platform.cc:51] failed call to cuInit: INTERNAL: CUDA error: Failed call "
    "to cuInit: UNKNOWN ERROR (303)"
)


# Captured under Colab's pins (TF 2.20, Python 3.13) with TF_CPP_MIN_LOG_LEVEL unset.
STARTUP_220 = """\
2026-12-06 17:13:30.234513: I external/local_xla/xla/tsl/cuda/cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.
2026-12-06 17:13:30.234803: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on. You may see slightly different numerical results due to floating-point round-off errors from different computation orders. To turn them off, set the environment variable `TF_ENABLE_ONEDNN_OPTS=0`.
2026-12-06 17:13:30.293954: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow binary is optimized to use available CPU instructions in performance-critical operations.
To enable the following instructions: AVX2 AVX512F AVX512_VNNI AVX512_BF16 FMA, in other operations, rebuild TensorFlow with the appropriate compiler flags.
2026-12-06 17:13:33.393058: E external/local_xla/xla/stream_executor/cuda/cuda_platform.cc:51] failed call to cuInit: INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)
"""


def test_tensorflow_220s_whole_startup_log_is_noise_without_a_gpu():
    assert tflog.startup_lines_to_keep(STARTUP_220, has_nvidia_device=False) == []
    kept = tflog.startup_lines_to_keep(STARTUP_220, has_nvidia_device=True)
    assert len(kept) == 1 and "cuInit" in kept[0]


@pytest.mark.parametrize("line", [CUINIT_221, CUINIT_220])
@pytest.mark.parametrize("nvidia, hidden", [(False, True), (True, False)])
def test_a_failed_cuinit_is_noise_only_without_an_nvidia_device(line, nvidia, hidden):
    assert tflog.is_startup_noise(line, has_nvidia_device=nvidia) is hidden


def test_setup_shows_no_tensorflow_log(tmp_path):
    code = "from course_utils import setup; setup('probe')"
    env = {**os.environ, "COURSE_PROFILE": "smoke", "COURSE_CACHE_DIR": str(tmp_path)}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Profile: smoke" in done.stdout
    assert done.stderr == "", done.stderr


def test_importing_the_package_changes_nothing_and_imports_no_tools():
    code = (
        "import os, sys; before = dict(os.environ); import course_utils, course_utils.checks, "
        "course_utils.gates, course_utils.plots, course_utils.data, course_utils.lego; "
        "assert dict(os.environ) == before, 'environment changed'; "
        "bad = [m for m in ('pytest', 'nbclient', 'nbformat', 'nbgrader', 'course_tools', "
        "'tensorflow') if m in sys.modules]; assert not bad, bad"
    )
    env = {key: value for key, value in os.environ.items() if key != "TF_CPP_MIN_LOG_LEVEL"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr


def test_a_dry_run_stops_fit_and_evaluate_after_a_few_steps(monkeypatch):
    import keras
    import numpy as np

    monkeypatch.setattr(keras.Model, "fit", keras.Model.fit)
    monkeypatch.setattr(keras.Model, "evaluate", keras.Model.evaluate)
    dryrun.install()
    dryrun.install()  # twice is once
    batches: list[object] = []

    class Count(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)

        def on_test_batch_end(self, batch, logs=None):
            batches.append(("test", batch))

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    x = np.random.rand(1000, 4).astype("float32")
    y = np.random.randint(0, 3, 1000)
    history = model.fit(
        x, y, epochs=20, batch_size=10, callbacks=[Count()], verbose=0, validation_split=0.2
    )
    assert len(history.history["loss"]) == 1
    assert batches == [0, 1, 2, ("test", 0), ("test", 1)]
    batches.clear()
    model.evaluate(x, y, batch_size=10, callbacks=[Count()], verbose=0)
    assert len(batches) == dryrun.DRY_RUN_EVAL_STEPS


def test_tensorflows_retracing_notice_is_held_back_and_other_warnings_pass(monkeypatch, caplog):
    import logging

    import tensorflow as tf

    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    session.setup("a")
    session.setup("a")  # one filter, however often setup runs
    logger = tf.get_logger()
    assert sum(isinstance(f, session._NoRetracingNotice) for f in logger.filters) == 1
    with caplog.at_level(logging.WARNING, logger=logger.name):
        logger.warning(
            "5 out of the last 5 calls to <function f> triggered tf.function "
            "retracing. Tracing is expensive"
        )
        logger.warning("a real problem")
    assert [r.getMessage() for r in caplog.records] == ["a real problem"]
