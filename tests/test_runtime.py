"""Profiles, the offline flag, Colab detection and the setup banner."""

from __future__ import annotations

import os

import pytest

from course_utils import runtime
from course_utils.runtime import CourseConfigError, Profile, select_profile


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


@pytest.mark.parametrize("env, gpu, expected", [
    (None, False, "cpu"), (None, True, "full"), ("", True, "full"),
    ("smoke", True, "smoke"), (" CPU ", True, "cpu"), ("full", False, "full"),
])
def test_profile_selection(env, gpu, expected):
    assert select_profile(env, has_gpu=gpu).name == expected


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), ("0", False),
                                             ("", False), (None, False)])
def test_offline_flag(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("COURSE_OFFLINE", raising=False)
    else:
        monkeypatch.setenv("COURSE_OFFLINE", value)
    assert runtime.is_offline() is expected


def test_colab_detected_by_module_or_environment(monkeypatch):
    monkeypatch.delenv("COLAB_RELEASE_TAG", raising=False)
    monkeypatch.delitem(__import__("sys").modules, "google.colab", raising=False)
    assert not runtime.in_colab()
    monkeypatch.setenv("COLAB_RELEASE_TAG", "release-colab_20261101")
    assert runtime.in_colab()


def test_setup_prints_banner_and_returns_profile(monkeypatch, capsys):
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_OFFLINE", "1")
    profile = runtime.setup("99_test", seed=7)
    out = capsys.readouterr().out
    assert profile == Profile("smoke", seed=7)
    for expected in ("nn-vision-course", "99_test", "TensorFlow", "Keras", "Device",
                     "smoke  (from COURSE_PROFILE)", "off (COURSE_OFFLINE=1)", "Seed          7"):
        assert expected in out


def test_setup_seeds_numpy_reproducibly(monkeypatch):
    import numpy as np

    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    runtime.setup("a", seed=3)
    first = np.random.rand(3)
    runtime.setup("a", seed=3)
    assert np.array_equal(first, np.random.rand(3))


def test_colab_without_gpu_tells_how_to_switch(monkeypatch, capsys):
    monkeypatch.setenv("COLAB_RELEASE_TAG", "x")
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setattr(runtime, "gpu_names", lambda: [])
    runtime.setup("01_perceptron")
    out = capsys.readouterr().out
    assert "Google Colab" in out
    assert "Runtime > Change runtime type" in out


def test_announce_source_never_passes_a_stand_in_off_as_real(capsys):
    runtime.announce_source("MNIST", "UCI digits upscaled", real=False)
    runtime.announce_source("Iris", "scikit-learn", real=True)
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "MNIST: offline stand-in (UCI digits upscaled), not the real dataset"
    assert out[1] == "Iris: scikit-learn (the real dataset)"


def test_tensorflow_startup_noise_is_held_back_but_real_errors_pass(capfd):
    import os

    with runtime.quiet_native_startup():
        os.write(2, b"WARNING: All log messages before absl::InitializeLog() is called are "
                    b"written to STDERR\n")
        os.write(2, b"I0000 00:00:1795479507.568996   13236 cudart_stub.cc:31] Could not "
                    b"find cuda drivers on your machine, GPU will not be used.\n")
        os.write(2, b"E0000 00:00:1795479511.480401   13236 some_op.cc:52] a real failure\n")
        os.write(2, b"Fatal Python error: Segmentation fault\n")
    err = capfd.readouterr().err
    assert "absl" not in err and "cuda drivers" not in err
    assert "some_op.cc:52] a real failure" in err and "Fatal Python error" in err


@pytest.mark.parametrize("nvidia, hidden", [(False, True), (True, False)])
def test_a_failed_cuinit_is_noise_only_without_an_nvidia_device(nvidia, hidden):
    line = ("E0000 00:00:1795479511.480401   13236 cuda_platform.cc:52] failed call to cuInit: "
            "INTERNAL: CUDA error: Failed call to cuInit: UNKNOWN ERROR (303)")
    assert runtime.is_startup_noise(line, has_nvidia_device=nvidia) is hidden


def test_setup_shows_no_tensorflow_log(monkeypatch, tmp_path):
    import subprocess
    import sys

    code = "from course_utils import setup; setup('probe')"
    env = {**os.environ, "COURSE_PROFILE": "smoke", "COURSE_CACHE_DIR": str(tmp_path)}
    env.pop("TF_CPP_MIN_LOG_LEVEL", None)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Profile       smoke" in done.stdout
    assert "absl" not in done.stderr and "cuda_platform" not in done.stderr, done.stderr


def test_a_dry_run_caps_fit_and_evaluate(monkeypatch):
    import keras
    import numpy as np

    monkeypatch.setattr(keras.Model, "fit", keras.Model.fit)
    monkeypatch.setattr(keras.Model, "evaluate", keras.Model.evaluate)
    runtime.install_dry_run()
    batches = []

    class Count(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)

        def on_test_batch_end(self, batch, logs=None):
            batches.append(("test", batch))

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy")
    x = np.random.rand(1000, 4).astype("float32")
    y = np.random.randint(0, 3, 1000)
    history = model.fit(x, y, epochs=20, batch_size=10, callbacks=[Count()], verbose=0)
    assert len(history.history["loss"]) == runtime.DRY_RUN_EPOCHS
    assert len(batches) == runtime.DRY_RUN_EPOCHS * runtime.DRY_RUN_STEPS
    batches.clear()
    model.evaluate(x, y, batch_size=10, callbacks=[Count()], verbose=0)
    assert len(batches) == runtime.DRY_RUN_EVAL_STEPS
    batches.clear()
    model.fit(x[:30], y[:30], epochs=2, batch_size=10, callbacks=[Count()], verbose=0)
    assert len(batches) == 6   # too few batches to cut without running out of data


def test_the_banner_says_dry_run_and_avx512():
    info = {"course_version": "0", "notebook": "n", "python": "3", "tensorflow": "2",
            "keras": "3", "device": "CPU", "profile": "full", "profile_reason": "r",
            "offline": True, "seed": 1, "colab": False, "dry_run": True, "avx512": True}
    text = "\n".join(runtime.banner_lines(info))
    assert "Dry run" in text and "If a kernel dies" in text


def test_course_seed_sets_the_profile_seed_and_a_bad_one_names_the_variable(monkeypatch):
    monkeypatch.setenv("COURSE_PROFILE", "smoke")
    monkeypatch.setenv("COURSE_SEED", "3")
    assert runtime.setup("99_test").seed == 3
    monkeypatch.setenv("COURSE_SEED", "three")
    with pytest.raises(CourseConfigError, match="COURSE_SEED must be a whole number"):
        runtime.setup("99_test")


def test_an_unknown_flag_value_warns_and_names_the_variable(monkeypatch):
    from course_utils import runtime
    monkeypatch.setenv("COURSE_OFFLINE", "maybe")
    with pytest.warns(UserWarning, match="COURSE_OFFLINE='maybe' is neither true"):
        assert not runtime.is_offline()


def test_a_bad_profile_names_the_variable():
    from course_utils import runtime
    with pytest.raises(runtime.CourseConfigError, match="COURSE_PROFILE='bogus'"):
        runtime.select_profile("bogus", has_gpu=False)


def test_cpu_description_names_the_widest_vector_instructions(monkeypatch):
    # Reports and notebook headers quote it: an AVX2-only CPU trains several times slower.
    monkeypatch.setattr(runtime, "cpu_flags", lambda: {"avx2", "avx512f", "fma"})
    assert runtime.cpu_description().endswith(", AVX-512")
    monkeypatch.setattr(runtime, "cpu_flags", lambda: {"avx2", "fma"})
    assert runtime.cpu_description().endswith(", AVX2")
    monkeypatch.setattr(runtime, "cpu_flags", lambda: set())
    assert "AVX" not in runtime.cpu_description()
