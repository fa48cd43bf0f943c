"""Where a course run's time goes: each notebook's time and every training run it made.

Reads the JSON report that ``python -m course_utils run`` writes (``reports/cpu-real.json``
by default) and writes ``notebook_times-<machine>-<report>.md`` and ``.json`` into
``benchmarks/results/``: per notebook the seconds in all, in training and outside it; per
training run the images seen (all epochs), multiply-adds per image, images per second and
seconds. The runner measures; this script only regroups its figures next to the other
benchmarks, so that a machine's results sit together.

    python benchmarks/notebook_times.py [REPORT.json ...] [--out benchmarks/results]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from _common import RESULTS_DIR, machine_facts, machine_slug

ROOT = Path(__file__).resolve().parent.parent


def _number(value: Any, digits: int = 0) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def summarise(report: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per-notebook totals and per-run rows of one course report.

    Example:
        >>> report = {"notebooks": [{"notebook": "03_x", "seconds": 100.0, "fits": [
        ...     {"model": "cnn", "epochs": 4, "images": 200_000, "MACs/image": 3_000_000,
        ...      "images/s": 5_000.0, "seconds": 40.0}]}]}
        >>> totals, runs = summarise(report)
        >>> totals[0]["outside training (s)"], runs[0]["images"]
        (60.0, 200000)
    """
    totals, runs = [], []
    for notebook in report["notebooks"]:
        fits = notebook.get("fits") or []
        training = sum(f["seconds"] for f in fits)
        totals.append(
            {
                "notebook": notebook["notebook"],
                "seconds": notebook["seconds"],
                "training (s)": round(training, 1),
                "outside training (s)": round(notebook["seconds"] - training, 1),
                "training runs": len(fits),
            }
        )
        for fit in fits:
            runs.append(
                {
                    "notebook": notebook["notebook"],
                    "model": fit.get("model"),
                    "epochs": fit.get("epochs"),
                    "images": fit.get("images"),
                    "MACs/image": fit.get("MACs/image"),
                    "images/s": fit.get("images/s"),
                    "seconds": fit.get("seconds"),
                }
            )
    return totals, runs


def markdown(name: str, report: dict[str, Any], facts: dict[str, Any]) -> str:
    totals, runs = summarise(report)
    lines = [
        f"# Where the time goes: `{name}`",
        "",
        f"From `reports/{name}.json` (profile `{report['profile']}`, seed {report['seed']}, "
        f"data: {report.get('data_dir') or 'offline stand-ins'}), on {facts['cpu']}, "
        f"{facts['cores']} cores, {facts['vector_instructions'] or 'no AVX2'}. "
        f"Course total: {report['seconds']:,.0f} s.",
        "",
        "| notebook | seconds | in training | outside training | training runs |",
        "|---|---:|---:|---:|---:|",
    ]
    for row in totals:
        lines.append(
            f"| {row['notebook']} | {row['seconds']:,.0f} | {row['training (s)']:,.0f} | "
            f"{row['outside training (s)']:,.0f} | {row['training runs']} |"
        )
    lines += [
        "",
        "Every training run (images: all epochs; `-` where the run could not know it, e.g. "
        "a model whose input size is only fixed when it is called):",
        "",
        "| notebook | model | epochs | images | MACs/image | images/s | seconds |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run['notebook']} | {run['model']} | {_number(run['epochs'])} | "
            f"{_number(run['images'])} | {_number(run['MACs/image'])} | "
            f"{_number(run['images/s'])} | {_number(run['seconds'], 1)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "reports", nargs="*", type=Path, default=[ROOT / "reports" / "cpu-real.json"]
    )
    parser.add_argument("--out", type=Path, default=RESULTS_DIR)
    args = parser.parse_args()
    facts = machine_facts()
    for path in args.reports:
        report = json.loads(path.read_text(encoding="utf-8"))
        name = path.stem
        target = args.out / f"notebook_times-{machine_slug(facts)}-{name}"
        totals, runs = summarise(report)
        target.with_suffix(".md").write_text(markdown(name, report, facts), encoding="utf-8")
        target.with_suffix(".json").write_text(
            json.dumps({"machine": facts, "totals": totals, "runs": runs}, indent=1) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {target}.md and .json")


if __name__ == "__main__":
    main()
