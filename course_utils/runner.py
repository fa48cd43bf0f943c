"""The course runner: execute the solution notebooks headlessly and report on the run.

``python -m course_utils run [--profile P] [--notebooks 01 02 ...] [--store]``

For each notebook it writes the executed copy to ``runs/<profile>/`` and collects what the
notebook recorded (see :mod:`course_utils.records`): the setup banner (profile, device),
the data sources, and every accuracy gate with its value and threshold. It also counts
warnings printed to stderr. The report is written as ``report.md`` and ``report.json``
beside the executed notebooks and printed as a table. ``--store`` copies the outputs of
a fully passing run back into ``solutions/`` (the outputs the course ships), writes the
times into the README's table and, for a run of every notebook, the report into
``reports/<profile>.md`` and ``.json`` and the README's "latest run" section.

This is what an instructor runs to check a machine before class.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from course_utils.authoring import REPO_ROOT, SOLUTIONS
from course_utils.records import read_records

# The first line of a printed warning: "path:line: CategoryWarning: message".
WARNING_LINE = re.compile(r":\d+: (\w*Warning): ")


@dataclass
class NotebookResult:
    """What one notebook's run produced."""

    notebook: str
    profile: str
    passed: bool
    seconds: float
    device: str = ""
    sources: list[dict[str, Any]] = field(default_factory=list)
    gates: list[dict[str, Any]] = field(default_factory=list)
    warnings: int = 0
    deprecation_warnings: int = 0
    error: str = ""


def count_warnings(nb: Any) -> tuple[int, int]:
    """Count warning lines on stderr: ``(all warnings, deprecation warnings)``.

    Example:
        >>> count_warnings({"cells": [{"outputs": [{"output_type": "stream",
        ...     "name": "stderr", "text": "x.py:1: DeprecationWarning: old\\n  f()"}]}]})
        (1, 1)
    """
    total = deprecations = 0
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            if output.get("output_type") != "stream" or output.get("name") != "stderr":
                continue
            text = output.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                match = WARNING_LINE.search(line)
                if match:
                    total += 1
                    if "Deprecation" in match.group(1):
                        deprecations += 1
    return total, deprecations


def find_notebooks(selection: list[str] | None, root: Path = REPO_ROOT) -> list[Path]:
    """Solution notebooks whose names start with one of ``selection`` (all when empty)."""
    paths = sorted((root / SOLUTIONS).glob("*.ipynb"))
    if not selection:
        return paths
    chosen = [p for p in paths if any(p.stem.startswith(s) for s in selection)]
    missing = [s for s in selection if not any(p.stem.startswith(s) for p in paths)]
    if missing:
        names = ", ".join(p.stem for p in paths)
        raise SystemExit(f"no solution notebook matches {', '.join(missing)} (have: {names})")
    return chosen


def execute(path: Path, out_dir: Path, profile: str, timeout: int) -> tuple[NotebookResult, Any]:
    """Run one notebook in a fresh kernel; return its result and the executed notebook."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    nb = nbformat.read(path, as_version=4)
    os.environ["COURSE_PROFILE"] = profile
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    error = ""
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as failure:
        error = str(failure).strip().splitlines()[-1][:300] if str(failure).strip() else repr(failure)
    seconds = time.perf_counter() - start
    out_dir.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / path.name)

    records = read_records(nb)
    setup = next((r for r in records if r["kind"] == "setup"), {})
    gates = [r for r in records if r["kind"] == "gate"]
    warnings, deprecations = count_warnings(nb)
    result = NotebookResult(
        notebook=path.stem, profile=setup.get("profile", profile), passed=not error,
        seconds=round(seconds, 1), device=setup.get("device", ""),
        sources=[{"dataset": r["dataset"], "source": r["source"], "real": r["real"],
                  "stand_in": r.get("stand_in", not r["real"])}
                 for r in records if r["kind"] == "source"],
        gates=[{"name": g["name"], "value": g["value"], "threshold": g["threshold"],
                "passed": g["passed"]} for g in gates],
        warnings=warnings, deprecation_warnings=deprecations, error=error)
    if any(not g["passed"] for g in gates):
        result.passed = False
    return result, nb


def markdown_report(results: list[NotebookResult]) -> str:
    """The report as a Markdown document."""
    lines = ["# Course run report", ""]
    if results:
        lines += [f"Profile: `{results[0].profile}`  ", f"Device: {results[0].device}", ""]
    lines += ["| notebook | result | time (s) | data sources | accuracy gates | warnings "
              "(deprecation) |", "|---|---|---:|---|---|---:|"]
    for r in results:
        sources = "; ".join(f"{s['dataset']}: {s['source']}"
                            + (" (stand-in)" if s.get("stand_in", not s["real"])
                               else "" if s["real"] else " (generated)")
                            for s in r.sources) or "-"
        gates = "; ".join(f"{g['name']} {g['value']:.3f} >= {g['threshold']:.3f}"
                          + ("" if g["passed"] else " FAILED") for g in r.gates) or "-"
        status = "passed" if r.passed else f"FAILED: {r.error}" if r.error else "FAILED"
        lines.append(f"| {r.notebook} | {status} | {r.seconds:.0f} | {sources} | {gates} | "
                     f"{r.warnings} ({r.deprecation_warnings}) |")
    total = sum(r.seconds for r in results)
    lines += ["", f"Total time: {total:.0f} s"]
    return "\n".join(lines) + "\n"


LATEST_START = "<!-- latest-run:start -->"
LATEST_END = "<!-- latest-run:end -->"
COLUMNS = {"cpu": 3, "full": 4}  # the README table's time columns, by profile


def format_duration(seconds: float) -> str:
    """``42 -> '42 s'``, ``500 -> '8 min'``.

    Example:
        >>> format_duration(42), format_duration(500)
        ('42 s', '8 min')
    """
    return f"{seconds:.0f} s" if seconds < 90 else f"{seconds / 60:.0f} min"


def is_headline_accuracy(gate_name: str) -> bool:
    """Whether a gate measures an accuracy itself (not a difference, gain or ratio).

    Example:
        >>> is_headline_accuracy("CNN test accuracy (stand-in)")
        True
        >>> is_headline_accuracy("CNN test accuracy minus MLP test accuracy")
        False
    """
    name = gate_name.lower()
    return "accuracy" in name and not any(word in name for word in
                                          (" minus ", " gain", "ratio", " / ", " vs "))


def update_readme(results: list[NotebookResult], profile: str, complete: bool,
                  root: Path = REPO_ROOT) -> bool:
    """Write a run's times into the README's notebook table (and, for a run of every
    notebook, its report between the ``latest-run`` markers). Returns True if changed.

    Only the ``cpu`` and ``full`` profiles have a column; ``smoke`` changes nothing.
    """
    path = root / "README.md"
    if profile not in COLUMNS or not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for result in results:
        number = result.notebook.split("_")[0]
        for index, line in enumerate(lines):
            if line.startswith(f"| {number} |"):
                cells = line.split(" | ")
                gates = ", ".join(f"{g['value']:.0%}" for g in result.gates
                                  if is_headline_accuracy(g["name"]))
                cells[COLUMNS[profile]] = (format_duration(result.seconds) if result.passed
                                           else "failed in the latest run")
                if gates and result.passed:
                    cells[COLUMNS[profile]] += f" (accuracy: {gates})"
                lines[index] = " | ".join(cells)
    new = "\n".join(lines)
    if complete and LATEST_START in new and LATEST_END in new:
        head, rest = new.split(LATEST_START, 1)
        _, tail = rest.split(LATEST_END, 1)
        body = markdown_report(results).replace("# Course run report\n\n", "")
        new = f"{head}{LATEST_START}\n{body}{LATEST_END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def store_outputs(executed: dict[Path, Any]) -> None:
    """Write executed notebooks back to ``solutions/`` (the outputs the course ships)."""
    import nbformat

    for path, nb in executed.items():
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    """``python -m course_utils run``."""
    parser = argparse.ArgumentParser(prog="python -m course_utils run",
                                     description="Execute the solution notebooks and report.")
    parser.add_argument("--profile", choices=["full", "cpu", "smoke"],
                        help="run profile (default: COURSE_PROFILE, else full with a GPU, "
                             "else cpu)")
    parser.add_argument("--notebooks", nargs="*", metavar="NN",
                        help="notebook name prefixes, e.g. 01 02 (default: all)")
    parser.add_argument("--out", type=Path, help="folder for executed copies and the report "
                                                 "(default: runs/<profile>)")
    parser.add_argument("--timeout", type=int, default=3600,
                        help="seconds one cell may run (default 3600)")
    parser.add_argument("--store", action="store_true",
                        help="after a fully passing run, store its outputs in solutions/")
    args = parser.parse_args(argv)

    if args.profile is None:
        from course_utils.runtime import gpu_names, select_profile

        args.profile = select_profile(os.environ.get("COURSE_PROFILE"),
                                      has_gpu=bool(gpu_names())).name
    out_dir = args.out or (REPO_ROOT / "runs" / args.profile)
    paths = find_notebooks(args.notebooks, REPO_ROOT)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"Running {len(paths)} notebook(s) in the '{args.profile}' profile; "
          f"executed copies and the report go to {out_dir}")
    results: list[NotebookResult] = []
    executed: dict[Path, Any] = {}
    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path.stem} ...", flush=True)
        result, nb = execute(path, out_dir, args.profile, args.timeout)
        results.append(result)
        executed[path] = nb
        gates = f"{sum(g['passed'] for g in result.gates)}/{len(result.gates)} gates passed"
        status = "passed" if result.passed else f"FAILED {result.error}"
        print(f"      {status} in {result.seconds:.0f} s; {gates}; "
              f"{result.warnings} warnings", flush=True)

    report = markdown_report(results)
    (out_dir / "report.md").write_text(report, encoding="utf-8")
    (out_dir / "report.json").write_text(
        json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
    print()
    print(report)
    everything_passed = all(r.passed for r in results)
    if args.store:
        if everything_passed:
            store_outputs(executed)
            print(f"stored the outputs of this run in {SOLUTIONS}/")
            complete = not args.notebooks
            if complete:
                reports = REPO_ROOT / "reports"
                reports.mkdir(exist_ok=True)
                (reports / f"{args.profile}.md").write_text(report, encoding="utf-8")
                (reports / f"{args.profile}.json").write_text(
                    json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8")
                print(f"wrote reports/{args.profile}.md and .json")
            if update_readme(results, args.profile, complete):
                print("updated the README's notebook table")
        else:
            print("not storing outputs: the run did not pass")
    return 0 if everything_passed else 1
