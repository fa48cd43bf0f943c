"""Google Colab's runtime in CI: its published pins, a stand-in ``google.colab``, and the
Colab leg that runs every notebook there.

Colab publishes what its runtime holds in github.com/googlecolab/backend-info
(``pip-freeze.txt``, ``os-info.txt``). The course keeps two files made from it in
``.ci/colab/``, each with a header naming the commit, its date and subject, Colab's OS and
Python, and the day they were copied:

* ``pins.txt``: the packages the course meets in Colab, at Colab's versions;
* ``colab-constraints.txt``: every ``name==version`` line of the freeze, so that whatever
  ``pins.txt`` pulls in gets Colab's version too.

``.ci/run`` builds ``.venv-colab`` from them on Colab's Python (``pip install -r pins.txt -c
colab-constraints.txt``) and runs the leg with it.

Commands:

``python -m course_utils colab-pins PATH`` (maintainers)
    Refresh both files from a checkout of backend-info at PATH: the pins keep their names and
    take the freeze's versions, the constraints become the whole freeze. The commit, date
    and subject are read with git (``--commit``, ``--date``, ``--subject`` when PATH is not a
    git checkout). It prints what changed, and says so when Colab's Python moved, which
    ``.ci/colab/find-python`` then looks for.

``.venv-colab/bin/python -m course_utils colab-leg [--jobs N] [--notebooks 01 03b ...]``
    (CI; run from the repository root with the Colab virtualenv's python, which needs no
    install of the course.) Copies the course (``git ls-files``, tracked and untracked files
    that are not ignored, so never ``.venv``) to ``/content/nn-vision-course``, where Colab's
    first cell puts it, and runs itself again from that copy, so the copy's
    ``course_tools`` and ``course_utils`` are the ones used. Where ``/content`` cannot be
    written, the copy goes to a temporary folder, the output says so, and each copied
    notebook's Colab cell is pointed at that folder (its ``COURSE_DIR`` line), the one
    change made to the notebooks under test. From the copy it:

    1. checks that the virtualenv matches ``pins.txt``;
    2. installs the stand-in ``google.colab`` and ``colab_kernel_launcher`` from
       ``.ci/colab/`` into the virtualenv's site-packages and the kernelspec ``colab`` that
       runs the launcher, and checks with a probe kernel that ``"google.colab" in
       sys.modules`` from the first cell, as in Colab;
    3. runs every solution and every student notebook with
       :func:`course_tools.execution.run_notebook`, each in a fresh kernel whose whole
       environment is PATH, LANG, a fresh HOME and the course's switches (:func:`kernel_env`;
       no ``TF_CPP_MIN_LOG_LEVEL``, which Colab does not set, so the course must be quiet by
       itself; no ``MPLBACKEND``, so plots use ipykernel's inline backend, as in Colab),
       two at a time by default (on 2 cores: 118 s for the 18 notebooks, against 196 s one
       at a time, 2026-12-06);
    4. fails a notebook on a cell error, any stderr output or error output in any cell, and,
       for a student notebook, on a graded check that did not fail in words or no "not
       attempted yet" (as ``tests/test_student_notebooks.py``); library warnings printed on
       stdout (``WARNING:tensorflow:...``) are listed under the notebook's row, not failed;
    5. prints a table (notebook, kind, result, seconds), then a closing line
       ``Colab: N passed, M failed``, and exits 1 if anything failed. Executed notebooks and
       ``kernels.log`` (the kernels' own stderr, shown when the leg fails) are left in
       ``runs/colab/`` of the copy.

    Two legs never share the copy: a lock file in the temporary folder makes a second one
    wait.

Example:
    >>> parse_freeze("# comment\\nkeras==3.13.2\\ngoogle-colab @ file:///colabtools/x.tar.gz\\n")
    {'keras': '3.13.2'}
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from course_tools.repository import github_repo
from course_utils.paths import NOTEBOOKS, REPO_ROOT, SOLUTIONS

#: Where the course keeps Colab's pins, the stand-in package and the kernel launcher.
COLAB_DIR = Path(".ci") / "colab"
PINS = "pins.txt"
CONSTRAINTS = "colab-constraints.txt"
#: The kernelspec the leg installs into the Colab virtualenv.
KERNEL_NAME = "colab"
#: Where Colab's first cell clones the course, and so where the leg copies it.
COLAB_COURSE_DIR = Path("/content") / github_repo().split("/")[-1]
#: Seconds one cell may run (the smoke profile's slowest cell takes well under a minute).
CELL_TIMEOUT = 900
#: The pins' header line that names Colab's OS and Python (read by ``.ci/colab/find-python``).
RUNTIME_LINE = re.compile(
    r"^# runtime: (?P<os>.*), Python (?P<python>\d+\.\d+(?:\.\d+)?)\s*$", re.M
)
#: debugpy's notice at every kernel start under ipykernel 6.17 on Python 3.13 ("0.00s -
#: Debugger warning: It seems that frozen modules are being used ..."): not worth showing.
DEBUGPY_NOTICE = re.compile(r"^\d+\.\d+s - ")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s*$")


# --- pins -----------------------------------------------------------------------------------


@dataclass
class Source:
    """Where a set of pins comes from: a backend-info commit and what its os-info says."""

    commit: str
    date: str
    subject: str
    os: str
    python: str
    copied: str

    def header(self) -> list[str]:
        """The comment lines both pin files start with.

        Example:
            >>> Source("a72407924822", "2026-08-19", "Upgrade to Python 3.13",
            ...        "Ubuntu 22.04.5 LTS", "3.13.15", "2026-12-06").header()[2]
            '# runtime: Ubuntu 22.04.5 LTS, Python 3.13.15'
        """
        return [
            "# Google Colab's runtime as published in github.com/googlecolab/backend-info:",
            f'# source: commit {self.commit}, {self.date}, "{self.subject}" '
            "(pip-freeze.txt, os-info.txt)",
            f"# runtime: {self.os}, Python {self.python}",
            f"# copied: {self.copied}",
            "# Refresh from a newer checkout with: "
            "python -m course_utils colab-pins PATH/TO/backend-info",
        ]


def normalise(name: str) -> str:
    """A package name as pip compares them.

    Example:
        >>> normalise("Array_Record")
        'array-record'
    """
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_freeze(text: str) -> dict[str, str]:
    """``{name: version}`` for every ``name==version`` line of a ``pip freeze``, in order;
    comments and ``name @ URL`` lines (packages Colab builds itself) are left out."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = _PIN.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2)
    return found


def parse_os_info(text: str) -> tuple[str, str]:
    """``(operating system, Python version)`` from backend-info's ``os-info.txt``.

    Example:
        >>> parse_os_info("# generated\\nUbuntu 22.04.5 LTS\\nPython 3.13.15\\nR version 4.5.1\\n")
        ('Ubuntu 22.04.5 LTS', '3.13.15')
    """
    lines = [
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    ]
    python = next(
        (m.group(1) for line in lines if (m := re.match(r"Python (\d+\.\d+(?:\.\d+)?)", line))),
        None,
    )
    if python is None or not lines:
        raise ValueError("os-info.txt names no Python version (a line 'Python 3.x.y')")
    return lines[0], python


def runtime_python(pins_text: str) -> str:
    """Colab's Python as ``major.minor``, from the header of ``pins.txt``.

    Example:
        >>> runtime_python("# runtime: Ubuntu 22.04.5 LTS, Python 3.13.15\\nkeras==3.13.2\\n")
        '3.13'
    """
    match = RUNTIME_LINE.search(pins_text)
    if not match:
        raise ValueError("pins.txt has no '# runtime: OS, Python X.Y.Z' line")
    return ".".join(match.group("python").split(".")[:2])


def render_pins(old_pins: str, freeze: dict[str, str], source: Source) -> str:
    """``pins.txt`` for ``freeze``: the same package names as ``old_pins``, Colab's versions.

    Raises ValueError naming every pinned package the freeze no longer lists.

    Example:
        >>> src = Source("c0ffee", "2027-01-02", "s", "Ubuntu", "3.14.1", "2027-01-03")
        >>> render_pins("# old\\nkeras==3.13.2\\n", {"keras": "3.14.0"}, src).splitlines()[-1]
        'keras==3.14.0'
    """
    by_name = {normalise(name): version for name, version in freeze.items()}
    names = [m.group(1) for line in old_pins.splitlines() if (m := _PIN.match(line.strip()))]
    missing = [name for name in names if normalise(name) not in by_name]
    if missing:
        raise ValueError(
            f"Colab's freeze no longer lists {', '.join(missing)}: remove "
            f"{'it' if len(missing) == 1 else 'them'} from {COLAB_DIR / PINS} "
            "or pin by hand, then run colab-pins again"
        )
    lines = source.header() + [
        "# The packages the course meets in Colab, at Colab's versions (plus nbclient, scipy "
        "and pandas).",
        f"# Install: pip install -r {PINS} -c {CONSTRAINTS}",
    ]
    lines += [f"{name}=={by_name[normalise(name)]}" for name in names]
    return "\n".join(lines) + "\n"


def render_constraints(freeze: dict[str, str], source: Source) -> str:
    """``colab-constraints.txt``: the header, then every pin of ``freeze``."""
    lines = source.header() + [
        "# Every name==version line of Colab's pip freeze, as constraints: what pins.txt "
        "pulls in gets Colab's version too."
    ]
    lines += [f"{name}=={version}" for name, version in freeze.items()]
    return "\n".join(lines) + "\n"


def _git(checkout: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(checkout), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def read_source(
    checkout: Path,
    *,
    commit: str | None = None,
    date: str | None = None,
    subject: str | None = None,
    today: str | None = None,
) -> Source:
    """The :class:`Source` of a backend-info checkout; git fills what is not given."""
    if commit is None or date is None or subject is None:
        try:
            commit = commit or _git(checkout, "rev-parse", "--short=12", "HEAD")
            date = date or _git(checkout, "log", "-1", "--format=%cs")
            subject = subject or _git(checkout, "log", "-1", "--format=%s")
        except (OSError, subprocess.CalledProcessError) as error:
            raise ValueError(
                f"{checkout} is not a git checkout: give --commit, --date and --subject"
            ) from error
    os_name, python = parse_os_info((checkout / "os-info.txt").read_text(encoding="utf-8"))
    return Source(
        commit, date, subject, os_name, python, today or datetime.date.today().isoformat()
    )


def refresh_pins(checkout: Path, dest: Path, source: Source) -> list[str]:
    """Rewrite ``dest/pins.txt`` and ``dest/colab-constraints.txt`` from ``checkout``'s
    ``pip-freeze.txt``; return one line per change (pins, Python), for the maintainer."""
    freeze = parse_freeze((checkout / "pip-freeze.txt").read_text(encoding="utf-8"))
    if not freeze:
        raise ValueError(f"{checkout / 'pip-freeze.txt'} has no name==version line")
    old = (dest / PINS).read_text(encoding="utf-8")
    new = render_pins(old, freeze, source)
    before, after = parse_freeze(old), parse_freeze(new)
    changes = [
        f"{name}: {before[name]} -> {after[name]}"
        for name in after
        if before.get(name) != after[name]
    ]
    if runtime_python(old) != runtime_python(new):
        changes.append(
            f"Python: {runtime_python(old)} -> {runtime_python(new)} (the leg now "
            f"needs python{runtime_python(new)}; .ci/colab/find-python looks for it)"
        )
    (dest / PINS).write_text(new, encoding="utf-8")
    (dest / CONSTRAINTS).write_text(render_constraints(freeze, source), encoding="utf-8")
    return changes


def pins_main(argv: list[str]) -> int:
    """``python -m course_utils colab-pins PATH [--commit C --date D --subject S]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils colab-pins",
        description="Refresh .ci/colab/pins.txt and colab-constraints.txt from a checkout of "
        "github.com/googlecolab/backend-info (pip-freeze.txt, os-info.txt).",
    )
    parser.add_argument("checkout", type=Path, help="the backend-info checkout")
    parser.add_argument("--commit", help="its commit (default: git rev-parse HEAD)")
    parser.add_argument("--date", help="the commit's date, YYYY-MM-DD (default: from git)")
    parser.add_argument("--subject", help="the commit's subject (default: from git)")
    parser.add_argument(
        "--dest",
        type=Path,
        default=REPO_ROOT / COLAB_DIR,
        help=f"where the pin files are (default: {COLAB_DIR})",
    )
    args = parser.parse_args(argv)
    try:
        source = read_source(
            args.checkout, commit=args.commit, date=args.date, subject=args.subject
        )
        changes = refresh_pins(args.checkout, args.dest, source)
    except (OSError, ValueError) as error:
        parser.error(str(error))
    print(
        f"wrote {args.dest / PINS} and {CONSTRAINTS} from backend-info {source.commit} "
        f"({source.date}, Python {source.python})"
    )
    print("\n".join(f"  {line}" for line in changes) or "  no pin changed")
    print("Next: bash .ci/run (CI rebuilds .venv-colab from the new pins).")
    return 0


# --- the stand-in and its kernel ---------------------------------------------------------------


def install_standin(course: Path, prefix: Path | None = None) -> Path:
    """Install ``google.colab`` (the stand-in) and ``colab_kernel_launcher`` from
    ``course/.ci/colab`` into the site-packages of the Python at ``prefix`` (default: this
    one), and the kernelspec :data:`KERNEL_NAME` that runs the launcher; return the
    kernelspec's folder."""
    prefix = Path(prefix or sys.prefix)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(prefix)}))
    source = course / COLAB_DIR
    shutil.rmtree(site / "google" / "colab", ignore_errors=True)
    shutil.copytree(
        source / "google" / "colab",
        site / "google" / "colab",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy2(source / "colab_kernel_launcher.py", site / "colab_kernel_launcher.py")
    spec = prefix / "share" / "jupyter" / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable) if prefix == Path(sys.prefix) else prefix / "bin" / "python"
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "colab_kernel_launcher", "-f", "{connection_file}"],
                "display_name": "Python 3 (Colab stand-in)",
                "language": "python",
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    return spec


def pin_mismatches(pins_text: str) -> list[str]:
    """Pins of ``pins.txt`` that this Python's installed packages do not match.

    Example:
        >>> pin_mismatches("no-such-package-here==1.0\\n")
        ['no-such-package-here: not installed (pins: 1.0)']
    """
    problems = []
    for name, wanted in parse_freeze(pins_text).items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: not installed (pins: {wanted})")
            continue
        if have != wanted:
            problems.append(f"{name}: {have} (pins: {wanted})")
    return problems


# --- one notebook -------------------------------------------------------------------------------


def kernel_env(
    kind: str, home: Path, calls: Path, base: dict[str, str] | None = None
) -> dict[str, str]:
    """The whole environment of a leg's kernel: PATH (this virtualenv's ``bin`` first, as
    Colab's Python is first on its PATH), LANG, a fresh HOME, the course's switches for
    ``kind`` (``"solution"``: strict; ``"student"``: a student's kernel in a dry run), and
    where the stand-in records calls. Nothing else: no ``TF_CPP_MIN_LOG_LEVEL`` (Colab does
    not set it; the course must be quiet by itself), no ``MPLBACKEND`` (the inline backend).

    Example:
        >>> env = kernel_env("student", Path("/tmp/h"), Path("/tmp/h/calls"), {"PATH": "/bin"})
        >>> env["COURSE_STRICT_CHECKS"], env["HOME"], "TF_CPP_MIN_LOG_LEVEL" in env
        ('0', '/tmp/h', False)
    """
    base = dict(os.environ if base is None else base)
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), base.get("PATH", os.defpath)]),
        "LANG": base.get("LANG") or "C.UTF-8",
        "HOME": str(home),
        "COURSE_PROFILE": "smoke",
        "COURSE_OFFLINE": "1",
        "COLAB_STANDIN_CALLS": str(calls),
    }
    if kind == "solution":
        env.update(COURSE_STRICT="1", COURSE_STRICT_CHECKS="1")
    else:
        env.update(COURSE_DRY_RUN="1", COURSE_STRICT="0", COURSE_STRICT_CHECKS="0")
    return env


def _one_line(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def output_problems(nb: Any) -> list[str]:
    """Every stderr output and error output of ``nb``, one line each, naming the cell (its
    index among all cells, from 0).

    Example:
        >>> output_problems({"cells": [{"cell_type": "code", "outputs": [
        ...     {"output_type": "stream", "name": "stderr", "text": "W tf.function retracing"}]}]})
        ['cell 0 wrote to stderr: W tf.function retracing']
    """
    problems = []
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                text = output.get("text", "")
                text = text if isinstance(text, str) else "".join(text)
                problems.append(f"cell {index} wrote to stderr: {_one_line(text)}")
            elif output.get("output_type") == "error":
                problems.append(
                    f"cell {index} has an error output: "
                    f"{output.get('ename')}: {_one_line(output.get('evalue', ''))}"
                )
    return problems


def warning_lines(nb: Any) -> list[str]:
    """Lines of ``nb``'s stdout that are library warnings (``WARNING:tensorflow:...``,
    ``...Warning: ...``): reported by the leg, not failed, since they are not on stderr.

    Example:
        >>> warning_lines({"cells": [{"cell_type": "code", "outputs": [{"output_type": "stream",
        ...     "name": "stdout", "text": "ok\\nWARNING:tensorflow:5 out of the last 5 calls"}]}]})
        ['cell 0: WARNING:tensorflow:5 out of the last 5 calls']
    """
    found = []
    for index, cell in enumerate(nb["cells"]):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            if output.get("output_type") != "stream" or output.get("name") != "stdout":
                continue
            text = output.get("text", "")
            for line in (text if isinstance(text, str) else "".join(text)).splitlines():
                if line.startswith("WARNING:") or re.search(r"\w+Warning: ", line):
                    found.append(f"cell {index}: {_one_line(line, 120)}")
    return found


def student_problems(nb: Any) -> list[str]:
    """What is wrong with an untouched student notebook's run: a graded check cell that
    recorded no check or a passing one, or no check saying "not attempted yet"."""
    from course_utils.records import read_records

    graded = [
        cell
        for cell in nb["cells"]
        if cell.get("cell_type") == "code"
        and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    ]
    if not graded:
        return ["no graded check cells"]
    problems, said = [], []
    for cell in graded:
        verdicts = [r for r in read_records({"cells": [cell]}) if r["kind"] == "check"]
        grade_id = cell["metadata"]["nbgrader"].get("grade_id", "?")
        if not verdicts:
            problems.append(f"{grade_id}: the check cell recorded no check")
        elif any(r["passed"] for r in verdicts):
            problems.append(f"{grade_id}: a check passed with nothing solved")
        said += [p for r in verdicts for p in r.get("problems", [])]
    if not any("not attempted yet" in p for p in said):
        problems.append('no check says "not attempted yet"')
    return problems


@dataclass
class LegResult:
    """One notebook's run in the leg."""

    notebook: str
    kind: str  # "solution" or "student"
    seconds: float
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    colab_calls: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


def run_one(path: Path, kind: str, out_dir: Path, timeout: int = CELL_TIMEOUT) -> LegResult:
    """Run one notebook of the copy in a fresh Colab kernel and judge it (module docstring,
    step 4); the executed notebook goes to ``out_dir/<kind>/``."""
    import nbformat

    from course_tools.execution import run_notebook

    nb = nbformat.read(path, as_version=4)
    home = Path(tempfile.mkdtemp(prefix=f"colab-leg-home-{path.stem}-"))
    calls = home / "google-colab-calls.jsonl"
    try:
        run = run_notebook(
            nb,
            cwd=path.parent,
            timeout=timeout,
            kernel_name=KERNEL_NAME,
            env=kernel_env(kind, home, calls),
        )
        problems = []
        if run.failure is not None:
            where = "" if run.failure.cell_index is None else f"cell {run.failure.cell_index}: "
            problems.append(f"{where}{run.failure.kind}: {run.failure.message}")
        problems += output_problems(nb)
        if kind == "student" and run.failure is None:
            problems += student_problems(nb)
        made = [
            json.loads(line)["call"]
            for line in (calls.read_text(encoding="utf-8").splitlines() if calls.exists() else [])
        ]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    (out_dir / kind).mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out_dir / kind / path.name)
    return LegResult(path.stem, kind, round(run.seconds, 1), problems, warning_lines(nb), made)


def probe_kernel(cwd: Path) -> dict[str, Any]:
    """Start the leg's kernel once and return what its first cell sees: ``colab`` (whether
    ``google.colab`` is imported) and ``python``."""
    import nbformat

    from course_tools.execution import run_notebook

    code = (
        'import json, sys; print(json.dumps({"colab": "google.colab" in sys.modules, '
        '"python": sys.version.split()[0]}))'
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    with tempfile.TemporaryDirectory(prefix="colab-leg-probe-") as home:
        run = run_notebook(
            nb,
            cwd=cwd,
            timeout=120,
            kernel_name=KERNEL_NAME,
            env=kernel_env("student", Path(home), Path(home) / "calls"),
        )
    if run.failure is not None:
        raise RuntimeError(f"the Colab kernel does not start: {run.failure.message}")
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stdout")
    return json.loads(text)


# --- the leg ------------------------------------------------------------------------------------


def course_files(root: Path) -> list[str]:
    """The course's files: what git tracks, and untracked files it does not ignore."""
    out = subprocess.run(
        ["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=True,
    ).stdout
    return sorted({p for p in out.decode().split("\0") if p and (root / p).is_file()})


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def point_colab_cells(course: Path, default: Path = COLAB_COURSE_DIR) -> int:
    """Point the Colab cell (``COURSE_DIR = "..."``) of every notebook of ``course`` at
    ``course`` instead of ``default``; return how many notebooks changed."""
    old, new = f"COURSE_DIR = {json.dumps(str(default))}", f"COURSE_DIR = {json.dumps(str(course))}"
    changed = 0
    for path in sorted(
        [*(course / SOLUTIONS).glob("*.ipynb"), *(course / NOTEBOOKS).glob("*.ipynb")]
    ):
        text = path.read_text(encoding="utf-8")
        if json.dumps(old)[1:-1] in text:
            path.write_text(
                text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1]), encoding="utf-8"
            )
            changed += 1
    return changed


def copy_course(root: Path, target: Path = COLAB_COURSE_DIR) -> Path:
    """Copy the course at ``root`` to ``target`` (emptied first), or, where ``target``'s
    folder cannot be written, to a temporary folder whose notebooks' Colab cells are pointed
    at it; say which, and return the copy."""
    if not _writable(target.parent):
        fallback = Path(tempfile.mkdtemp(prefix="colab-leg-")) / target.name
        print(
            f"{target.parent} cannot be written: the course is copied to {fallback} instead, "
            f"and each copied notebook's Colab cell (COURSE_DIR) is pointed there"
        )
        target = fallback
    shutil.rmtree(target, ignore_errors=True)
    files = course_files(root)
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, target / name)
    if target != COLAB_COURSE_DIR:
        point_colab_cells(target)
    print(f"copied {len(files)} files of the course to {target}")
    return target


@contextlib.contextmanager
def leg_lock() -> Iterator[None]:
    """Hold the leg's lock file (in the temporary folder) while the block runs; wait, saying
    so, while another leg holds it."""
    path = Path(tempfile.gettempdir()) / "nn-vision-course-colab-leg.lock"
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"another Colab leg holds {path}: waiting for it", flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def select(course: Path, prefixes: list[str] | None) -> list[tuple[Path, str]]:
    """``(notebook, kind)`` for every solution, then every student notebook, of ``course``
    whose name starts with one of ``prefixes`` (all when empty)."""
    chosen = []
    for folder, kind in ((SOLUTIONS, "solution"), (NOTEBOOKS, "student")):
        chosen += [
            (p, kind)
            for p in sorted((course / folder).glob("*.ipynb"))
            if not prefixes or any(p.stem.startswith(s) for s in prefixes)
        ]
    if not chosen:
        raise SystemExit(f"no notebook matches {' '.join(prefixes or [])}")
    return chosen


def table(results: list[LegResult]) -> str:
    """The leg's table: notebook, kind, result, seconds; each problem below its row.

    Example:
        >>> print(table([LegResult("01_perceptron", "solution", 21.4)]))
        notebook                     kind      result   seconds
        01_perceptron                solution  passed      21.4
    """
    lines = [f"{'notebook':<28} {'kind':<9} {'result':<8} {'seconds':>7}"]
    for r in results:
        lines.append(
            f"{r.notebook:<28} {r.kind:<9} {'passed' if r.passed else 'FAILED':<8} "
            f"{r.seconds:>7.1f}"
        )
        lines += [f"    - {p}" for p in r.problems]
        lines += [f"    (warning on stdout, not failed) {w}" for w in r.warnings]
        if r.colab_calls:
            lines.append(f"    google.colab calls: {', '.join(r.colab_calls)}")
    return "\n".join(lines)


def run_leg(course: Path, jobs: int, prefixes: list[str] | None) -> int:
    """Steps 1 to 5 of the module docstring, in the copy ``course``; return the exit code."""
    pins = (course / COLAB_DIR / PINS).read_text(encoding="utf-8")
    source = next(
        (
            line.removeprefix("# source: ")
            for line in pins.splitlines()
            if line.startswith("# source: ")
        ),
        "an unnamed source",
    )
    stale = pin_mismatches(pins)
    python = ".".join(map(str, sys.version_info[:2]))
    if python != runtime_python(pins):
        stale.insert(0, f"Python {python} (pins: {runtime_python(pins)})")
    if stale:
        print(
            f"The Colab virtualenv {sys.prefix} does not match {COLAB_DIR / PINS}: "
            f"{'; '.join(stale)}. Rebuild it: rm -rf .venv-colab && bash .ci/run"
        )
        return 1
    install_standin(course)
    probe = probe_kernel(course)
    print(
        f"Colab leg: pins from {source}; kernel '{KERNEL_NAME}': Python {probe['python']}, "
        f"tensorflow {metadata.version('tensorflow')}, keras {metadata.version('keras')}, "
        f"google.colab imported at start-up: {'yes' if probe['colab'] else 'NO'}"
    )
    if not probe["colab"]:
        print("The kernel launcher did not import google.colab: the leg would not be Colab.")
        return 1
    chosen = select(course, prefixes)
    out_dir = course / "runs" / "colab"
    print(
        f"running {len(chosen)} notebooks in 'smoke', offline, {jobs} at a time; executed "
        f"copies in {out_dir}",
        flush=True,
    )
    start = time.perf_counter()

    def one(item: tuple[Path, str]) -> LegResult:
        result = run_one(*item, out_dir)
        print(
            f"  {result.notebook} ({result.kind}): "
            f"{'passed' if result.passed else 'FAILED'} in {result.seconds:.0f} s",
            flush=True,
        )
        return result

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        results = list(pool.map(one, chosen))
    failed = [r for r in results if not r.passed]
    print(table(results))
    print(
        f"Colab leg: {len(results)} notebooks in {time.perf_counter() - start:.0f} s (sum of "
        f"notebook times {sum(r.seconds for r in results):.0f} s)"
    )
    print(f"Colab: {len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def leg_main(argv: list[str]) -> int:
    """``python -m course_utils colab-leg [--jobs N] [--notebooks PREFIX ...]``."""
    parser = argparse.ArgumentParser(
        prog="python -m course_utils colab-leg",
        description="Run every solution and student notebook in smoke, offline, under "
        "Colab's pins and a stand-in google.colab, from a copy of the course "
        f"at {COLAB_COURSE_DIR}. Run it with the Colab virtualenv's python.",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=2,
        help="notebooks run at the same time (default 2: on 2 cores the leg "
        "took 118 s, against 196 s with 1)",
    )
    parser.add_argument(
        "--notebooks",
        nargs="*",
        metavar="PREFIX",
        help="only the notebooks whose names start with these, e.g. 01 03b",
    )
    parser.add_argument("--in-copy", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.in_copy:
        return run_leg(REPO_ROOT, args.jobs, args.notebooks)
    with leg_lock():
        course = copy_course(REPO_ROOT)
        command = [
            sys.executable,
            "-m",
            "course_utils",
            "colab-leg",
            "--in-copy",
            "--jobs",
            str(args.jobs),
        ] + (["--notebooks", *args.notebooks] if args.notebooks else [])
        # The kernels' own stderr (debugpy's notices, anything before ipykernel captures
        # output) goes to a log beside the executed notebooks, as the course runner does.
        log = course / "runs" / "colab" / "kernels.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w", encoding="utf-8") as handle:
            code = subprocess.run(command, cwd=course, stderr=handle).returncode
        if code:
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
            tail = [line for line in lines if not DEBUGPY_NOTICE.match(line)][-20:]
            if tail:
                print(f"stderr of the leg and its kernels ({log}), last lines:", *tail, sep="\n  ")
        return code
