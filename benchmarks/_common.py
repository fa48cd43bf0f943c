"""Shared by the benchmark scripts: machine facts and writing results with ``--out DIR``.

Each benchmark prints its figures; given ``--out DIR`` it also writes
``DIR/<benchmark>-<machine>.json`` (everything, machine facts included) and
``DIR/<benchmark>-<machine>.md`` (a short table), e.g.
``benchmarks/results/compute_efficiency-amd-epyc-2c.json``.

The machine facts record what the numbers depend on: processor, cores, the library
versions, the date, and the load average when the run began and ended (the course's
benchmark machine is shared, so a load above the core count means the timings are slow
and noisy; compare ratios measured within one run).

Not a test, and not imported by the course: it sits next to the scripts, which find it
because Python puts a script's own folder on ``sys.path``. Run as a script, it re-renders
the Markdown pages of the JSON files it is given::

    python benchmarks/_common.py benchmarks/results/*.json
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import re
import sys
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from course_utils.machine import cpu_model, gpu_names, vector_instructions  # noqa: E402

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def load_average() -> list[float] | None:
    """The 1, 5 and 15 minute load averages (None where the OS has none, e.g. Windows)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_facts() -> dict[str, Any]:
    """What a benchmark's numbers depend on. Reads versions without importing TensorFlow."""
    return {
        "cpu": cpu_model(),
        "vector_instructions": vector_instructions(),
        "cores": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "tensorflow": _version("tensorflow") or _version("tensorflow-cpu"),
        "keras": _version("keras"),
        "numpy": _version("numpy"),
        "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "load_average_start": load_average(),
    }


def machine_slug(facts: dict[str, Any]) -> str:
    """A short file-name part for the machine, e.g. ``amd-epyc-2c-avx2`` or ``nvidia-t4``
    (the vector instructions are part of it: the same 2-core EPYC runs TensorFlow about
    twice as fast with AVX-512)."""

    def words(text: str) -> list[str]:
        return [w for w in re.sub(r"[^a-z0-9]+", "-", text.lower()).split("-") if w][:5]

    if facts.get("gpus"):
        return "-".join(words(facts["gpus"][0])) or "gpu"
    # "Intel(R) Xeon(R) CPU @ 2.20GHz", 4 cores -> "intel-xeon-4c"
    cpu = re.sub(r"\((r|tm)\)|\bcpu\b|\bprocessor\b|@.*$", " ", facts["cpu"], flags=re.I)
    vector = facts.get("vector_instructions", "").lower().replace("-", "")
    return "-".join([*words(cpu), f"{facts['cores']}c", *([vector] if vector else [])])


def add_out_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="DIR",
        type=Path,
        default=None,
        help="also write <benchmark>-<machine>.json and .md into DIR "
        f"(the committed ones live in {RESULTS_DIR.parent.name}/"
        f"{RESULTS_DIR.name}/); default: print only",
    )


class Results:
    """Collects one benchmark run's settings, tables and notes; writes them on request.

    Create it before the measurements (it records the load average at the start).
    """

    def __init__(self, name: str, settings: dict[str, Any]) -> None:
        self.name = name
        self.settings = settings
        self.machine = machine_facts()
        self.tables: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.summary: dict[str, Any] = {}

    def table(self, title: str, columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
        """A table: ``rows`` are dicts keyed by ``columns`` (numbers rounded for reading)."""
        self.tables.append(
            {
                "title": title,
                "columns": list(columns),
                "rows": [{c: _round(row.get(c)) for c in columns} for row in rows],
            }
        )

    def note(self, text: str) -> None:
        self.notes.append(text)

    def as_dict(self) -> dict[str, Any]:
        self.machine["gpus"] = gpu_names(import_tensorflow=False)
        self.machine["load_average_end"] = load_average()
        return {
            "benchmark": self.name,
            "command": " ".join(["python", *_relative_argv()]),
            "machine": self.machine,
            "settings": self.settings,
            "summary": {k: _round(v) for k, v in self.summary.items()},
            "tables": self.tables,
            "notes": self.notes,
        }

    def write(self, out: Path | None) -> list[Path]:
        """Write the JSON and Markdown files into ``out`` (nothing if ``out`` is None)."""
        if out is None:
            return []
        data = self.as_dict()
        out.mkdir(parents=True, exist_ok=True)
        stem = out / f"{self.name}-{machine_slug(data['machine'])}"
        paths = [stem.with_suffix(".json"), stem.with_suffix(".md")]
        paths[0].write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        paths[1].write_text(markdown(data), encoding="utf-8")
        print(f"wrote {paths[0]} and {paths[1].name}")
        return paths


def markdown(data: dict[str, Any]) -> str:
    """The short Markdown page of a results JSON (``python benchmarks/_common.py FILE.json``
    re-renders it: the JSON is the record, the page only a view of it)."""
    m = data["machine"]
    load = (
        f"load average at start {_load(m['load_average_start'])}, "
        f"at end {_load(m['load_average_end'])} (1/5/15 min)"
    )
    lines = [
        f"# Benchmark `{data['benchmark']}`",
        "",
        f"`{data['command']}`",
        "",
        f"{m['date']}; {m['cpu']}, {m['cores']} cores"
        + (f", GPU {', '.join(m['gpus'])}" if m["gpus"] else "")
        + f"; TensorFlow {m['tensorflow']}, Keras {m['keras']}, Python {m['python']}; "
        + load
        + ".",
    ]
    if data["summary"]:
        lines += ["", *[f"- {k}: {v}" for k, v in data["summary"].items()]]
    for table in data["tables"]:
        cols, rows = table["columns"], table["rows"]
        numeric = [
            bool(rows) and all(isinstance(r[c], (int, float)) or r[c] is None for r in rows)
            for c in cols
        ]
        lines += [
            "",
            f"## {table['title']}",
            "",
            "| " + " | ".join(cols) + " |",
            "|" + "|".join("---:" if num else "---" for num in numeric) + "|",
        ]
        lines += ["| " + " | ".join(_cell(row[c]) for c in cols) + " |" for row in rows]
    if data["notes"]:
        lines += ["", *[f"- {n}" for n in data["notes"]]]
    return "\n".join(lines) + "\n"


def _relative_argv() -> list[str]:
    argv = list(sys.argv)
    if argv:
        try:
            argv[0] = str(Path(argv[0]).resolve().relative_to(RESULTS_DIR.parent.parent))
        except ValueError:
            pass
    return argv


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3) if abs(value) < 10 else round(value, 1)
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.0f}"
    return str(value)


def _load(values: list[float] | None) -> str:
    return "n/a" if values is None else " / ".join(f"{v:.2f}" for v in values)


if __name__ == "__main__":  # re-render the Markdown pages of results JSON files
    for name in sys.argv[1:]:
        source = Path(name)
        source.with_suffix(".md").write_text(
            markdown(json.loads(source.read_text(encoding="utf-8"))), encoding="utf-8"
        )
        print(f"wrote {source.with_suffix('.md')}")
