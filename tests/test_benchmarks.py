"""The benchmark scripts still import, parse their options and run their smallest pieces.

Only so that they do not rot: no timing is checked (timings belong in
``benchmarks/results/``, never in assertions). Each script is imported in-process, as
``python benchmarks/<script>.py`` would (its folder on ``sys.path`` for ``_common``).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SCRIPTS = [
    "bench_compute_efficiency",
    "bench_input_pipeline",
    "bench_lego_render",
    "bench_data_loaders",
    "probe_onednn_conv",
    "bench_lego_realism",
    "notebook_times",
]


def load(name: str, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SCRIPTS)
def test_help(name: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    module = load(name, monkeypatch)
    monkeypatch.setattr(sys, "argv", [f"{name}.py", "--help"])
    with pytest.raises(SystemExit) as exit_info:
        module.main()
    assert exit_info.value.code == 0
    assert "--out" in capsys.readouterr().out


def test_lego_render_smallest_run_writes_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = load("bench_lego_render", monkeypatch)
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "bench_lego_render.py",
            "--sizes",
            "16",
            "--per-class",
            "1",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ],
    )
    module.main()
    [json_path] = tmp_path.glob("lego_render-*.json")
    data = json.loads(json_path.read_text())
    assert data["machine"]["cores"] >= 1 and data["machine"]["load_average_start"] is not None
    assert data["tables"][0]["rows"][0]["size (px)"] == 16
    assert json_path.with_suffix(".md").read_text().startswith("# Benchmark `lego_render`")


def test_compute_efficiency_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    module = load("bench_compute_efficiency", monkeypatch)
    rates = module.matmul_rate(2, 32, trials=2, min_seconds=0.001)
    assert len(rates) == 2 and min(rates) > 0
    model = module.mini_model(width=0.0625)
    assert module.images_per_second(model, batch=2, steps=1, train=True, rounds=1) > 0


def test_input_pipeline_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    import tensorflow as tf

    module = load("bench_input_pipeline", monkeypatch)
    x = np.zeros((8, 28, 28, 1), np.float32)
    y = np.zeros(8, np.int64)
    pipeline = tf.data.Dataset.from_tensor_slices((x, y)).batch(4)
    model_rate, memory_rate, fit_rate = module.model_and_fit(
        pipeline, module.seed_cnn(), steps=1, fit_batches=2, rounds=1
    )
    assert min(model_rate, memory_rate, fit_rate) > 0


def test_machine_slug() -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from _common import machine_slug
    finally:
        sys.path.remove(str(BENCHMARKS))
    assert machine_slug({"cpu": "AMD EPYC", "cores": 2}) == "amd-epyc-2c"
    assert machine_slug({"cpu": "Intel(R) Xeon(R) CPU @ 2.20GHz", "cores": 4}) == "intel-xeon-4c"
    assert (
        machine_slug({"cpu": "AMD Ryzen 9 5950X 16-Core Processor", "cores": 32})
        == "amd-ryzen-9-5950x-16-32c"
    )
    assert machine_slug({"cpu": "x", "cores": 1, "gpus": ["Tesla T4"]}) == "tesla-t4"


def test_the_onednn_probe_reports_a_healthy_shape_as_ok(monkeypatch):
    module = load("probe_onednn_conv", monkeypatch)
    assert module.probe((16, 32, 3, 1, 8, 4), dict(__import__("os").environ)) == "ok"


def test_the_realism_statistics_measure_a_render(monkeypatch):
    module = load("bench_lego_realism", monkeypatch)
    from course_utils.lego.render import render_part

    small = module.image_stats(render_part("3024 Plate 1x1", size=96, seed=0, index=0))
    big = module.image_stats(render_part("3003 Brick 2x2", size=96, seed=0, index=0))
    assert 0 < small["fill"] < big["fill"] < 1 and 60 < big["brightness"] < 220
    assert 0.5 < big["transparent"] + big["fill"] <= 1.0 and big["edge width"] > 0


def test_notebook_times_splits_a_report_into_training_and_the_rest(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    module = load("notebook_times", monkeypatch)
    fit = {
        "model": "cnn",
        "epochs": 4,
        "images": 200_000,
        "MACs/image": 3_000_000,
        "images/s": 5_000.0,
        "seconds": 40.0,
    }
    report = {
        "profile": "cpu",
        "seed": 42,
        "data_dir": None,
        "seconds": 130.0,
        "notebooks": [
            {"notebook": "03_x", "seconds": 100.0, "fits": [fit]},
            {"notebook": "05b_y", "seconds": 30.0, "fits": []},
        ],
    }
    path = tmp_path / "cpu.json"
    path.write_text(json.dumps(report))
    monkeypatch.setattr(sys, "argv", ["notebook_times.py", str(path), "--out", str(tmp_path)])
    module.main()
    [written] = tmp_path.glob("notebook_times-*-cpu.md")
    text = written.read_text()
    assert "| 03_x | 100 | 40 | 60 | 1 |" in text
    assert "| 05b_y | 30 | 0 | 30 | 0 |" in text
    assert "| 03_x | cnn | 4 | 200,000 | 3,000,000 | 5,000 | 40.0 |" in text
