"""Where ``python -m course_utils grade`` runs one submission: its own folder, its own copy
of the course, and (when the grader runs as root) its own unprivileged user.

Each submission gets a temporary folder (:func:`make_sandbox`)::

    grade-XXXX/            root-owned, readable
      course/              a copy of course_utils/ and data/ (what the kernel may import and
                           read), read-only for the kernel: no solutions/, no course_tools/
      work/                the kernel's working directory, HOME, caches and temporary files;
                           the only place it can write
      sandbox.json         what the kernel launcher managed to isolate (written by it, as root)

The kernel is started through this file, run as a script (:func:`launch`, the ``argv`` of a
kernelspec that :func:`write_kernelspec` writes). When the grader is root (CI, a container,
most lab servers) the launcher, before it becomes the kernel:

* hides the submissions folder, the grader's output folder and the course's ``solutions/``
  and ``course_tools/`` behind empty read-only mounts, in a mount namespace of its own
  (Linux ``unshare``; nothing changes outside the kernel); and
* drops to a user id of its own (a random number no other process uses), so file
  permissions stop it from writing anything but ``work/``, and from reading another
  submission's ``work/``.

Why not a library: nbclient and jupyter_client start kernels with the caller's rights, and
bubblewrap or a container runtime would have to be installed on every grading machine; the
standard library's ``os.setuid`` and one ``unshare``/``mount`` call through ``ctypes`` do
what is needed on any Linux that lets root use them. Where they fail (not root, not Linux,
a container without ``CAP_SYS_ADMIN``), the kernel still runs in its own folder on its own
copy, and ``sandbox.json`` says what was not isolated.

Example:
    >>> env = kernel_environment(Path("/tmp/g/work"), Path("/tmp/g/course"), {"COURSE_STRICT": "1"})
    >>> env["PYTHONPATH"], env["HOME"], env["COURSE_STRICT"]
    ('/tmp/g/course', '/tmp/g/work/home', '1')
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KERNEL_NAME = "nn-vision-course-grader"
#: Folders of the course a kernel gets a copy of (everything else stays out of reach).
COURSE_COPY = ("course_utils", "data")
UID_BASE = 1_000_000
UID_SPAN = 1_000_000_000


@dataclass
class Sandbox:
    """One submission's folders, and how its kernel is started."""

    root: Path
    work: Path
    course: Path
    uid: int | None
    hide: list[Path] = field(default_factory=list)

    def report(self) -> dict[str, object]:
        """What the launcher wrote to ``sandbox.json`` (empty if it did not run)."""
        try:
            return json.loads((self.root / "sandbox.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


def can_drop_privileges() -> bool:
    """Whether kernels can run as their own user: the grader is root on Linux."""
    return sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0


def new_uid_base() -> int:
    """A random first user id for one grading run; submission ``i`` gets ``base + i``."""
    return UID_BASE + secrets.randbelow(UID_SPAN)


def _copy_read_only(source: Path, dest: Path) -> None:
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for path in [dest, *dest.rglob("*")]:
        mode = 0o555 if path.is_dir() else 0o444
        path.chmod(mode)


def make_sandbox(
    base: Path, label: str, repo_root: Path, *, uid: int | None, hide: list[Path], key: str
) -> Sandbox:
    """Make the folders of one submission under ``base`` and write the grader's key file.

    Args:
        base: a folder of the grader's (created if missing).
        label: a name for the submission's folder (any text; made safe).
        repo_root: the course (the folder holding ``course_utils/``).
        uid: the kernel's user id, or None to run it as the grader.
        hide: folders the kernel must not see (hidden when the launcher can).
        key: the per-run secret of :mod:`course_utils.grading_guard`.
    """
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o755)
    needed = [base.resolve(), Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
    hide = [p for p in hide if not any(n == p or p in n.parents for n in needed)]
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in label)[:60]
    root = Path(os.path.realpath(__import__("tempfile").mkdtemp(prefix=f"{safe}-", dir=base)))
    root.chmod(0o755)
    course = root / "course"
    course.mkdir()
    for name in COURSE_COPY:
        if (repo_root / name).exists():
            _copy_read_only(repo_root / name, course / name)
    course.chmod(0o555)
    work = root / "work"
    for sub in ("", "home", "tmp", "cache"):
        (work / sub).mkdir(exist_ok=True)
    keyfile = work / ".grader-key"
    keyfile.write_text(key, encoding="ascii")
    keyfile.chmod(0o400)
    if uid is not None:
        for path in [work, *work.rglob("*")]:
            os.chown(path, uid, uid)
        work.chmod(0o700)
    return Sandbox(root=root, work=work, course=course, uid=uid, hide=hide)


def kernel_environment(work: Path, course: Path, extra: dict[str, str]) -> dict[str, str]:
    """The whole environment of a submission's kernel: nothing of the grader's but ``PATH``,
    the locale and ``extra`` (the grading settings)."""
    env = {
        key: os.environ[key]
        for key in ("PATH", "LANG", "LC_ALL", "TZ", "COURSE_DATA_DIR")
        if key in os.environ
    }
    home = work / "home"
    env.update(
        {
            "HOME": str(home),
            "IPYTHONDIR": str(home / ".ipython"),
            "MPLCONFIGDIR": str(home / ".mpl"),
            "KERAS_HOME": str(home / ".keras"),
            "XDG_CACHE_HOME": str(home / ".cache"),
            "TFDS_DATA_DIR": str(home / "tfds"),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "TMPDIR": str(work / "tmp"),
            "COURSE_CACHE_DIR": str(work / "cache"),
            "PYTHONPATH": str(course),
            "PYTHONDONTWRITEBYTECODE": "1",
            "COURSE_GRADER_KEYFILE": str(work / ".grader-key"),
        }
    )
    env.update(extra)
    return env


def sandbox_variables(box: Sandbox) -> dict[str, str]:
    """The variables that tell :func:`launch` what to do for ``box``."""
    return {
        "COURSE_SANDBOX_ROOT": str(box.root),
        "COURSE_SANDBOX_WORK": str(box.work),
        "COURSE_SANDBOX_UID": "" if box.uid is None else str(box.uid),
        "COURSE_SANDBOX_HIDE": os.pathsep.join(str(p) for p in box.hide),
    }


def write_kernelspec(folder: Path) -> Path:
    """Write the grader's kernelspec under ``folder/kernels``; return ``folder`` (to put on
    ``JUPYTER_PATH``)."""
    spec = folder / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True, exist_ok=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, str(Path(__file__).resolve()), "{connection_file}"],
                "display_name": "Python 3 (course grader)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return folder


def kill_user(uid: int) -> None:
    """Kill every process left running as ``uid`` (a submission's kernel may have started
    some). A child process takes the uid and signals all of that user's processes, so
    nothing else is touched."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def remove_tree(path: Path) -> None:
    """Remove a sandbox, read-only parts included."""

    def writable(function: Any, name: str, _info: Any) -> None:
        try:
            os.chmod(name, stat.S_IRWXU)
            os.chmod(os.path.dirname(name), stat.S_IRWXU)
            function(name)
        except OSError:
            pass

    shutil.rmtree(path, onerror=writable)


# ---------------------------------------------------------------------------------------
# The launcher: runs as the kernelspec's argv, as the grader's user, then becomes the kernel.

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REC, MS_PRIVATE = 1, 2, 4, 16384, 1 << 18


def _hide(paths: list[str]) -> tuple[list[str], list[str]]:
    """Cover ``paths`` with empty read-only mounts in a new mount namespace; return what was
    hidden and what went wrong."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    if libc.unshare(CLONE_NEWNS) != 0:
        return [], [f"unshare: {os.strerror(ctypes.get_errno())}"]
    if libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return [], [f"mount --make-rprivate /: {os.strerror(ctypes.get_errno())}"]
    hidden, errors = [], []
    for path in paths:
        if not os.path.isdir(path):
            continue
        flags = MS_RDONLY | MS_NOSUID | MS_NODEV
        if libc.mount(b"tmpfs", path.encode(), b"tmpfs", flags, b"size=16k,mode=0555") == 0:
            hidden.append(path)
        else:
            errors.append(f"{path}: {os.strerror(ctypes.get_errno())}")
    return hidden, errors


MS_BIND = 4096


def _blocked_ancestor(path: str) -> tuple[str, str] | None:
    """The first folder on the way to ``path`` that other users cannot enter (``/root`` is
    mode 0700 where Python was installed with pyenv), and the name of the next step."""
    parts = Path(path).parts
    for depth in range(1, len(parts) - 1):
        folder = os.path.join(*parts[:depth])
        if not os.stat(folder).st_mode & stat.S_IXOTH:
            return folder, parts[depth]
    return None


def _expose(paths: list[str], staging: str) -> list[str]:
    """Make ``paths`` (the interpreter's prefix) reachable for an unprivileged user, in this
    mount namespace: a closed folder on the way (``/root``) is covered by an empty open one
    into which only the needed sub-folder is bind-mounted. Return what went wrong."""
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    errors: list[str] = []
    for number, path in enumerate(paths):
        blocked = _blocked_ancestor(path)
        if blocked is None:
            continue
        folder, child = blocked
        keep = os.path.join(staging, f"expose-{number}")
        os.makedirs(keep, exist_ok=True)
        source = os.path.join(folder, child)
        steps = [
            (source.encode(), keep.encode(), None, MS_BIND | MS_REC),
            (b"tmpfs", folder.encode(), b"tmpfs", MS_NOSUID | MS_NODEV),
        ]
        for what, where, kind, flags in steps:
            data = b"size=16k,mode=0755" if kind else None
            if libc.mount(what, where, kind, flags, data) != 0:
                errors.append(f"{where.decode()}: {os.strerror(ctypes.get_errno())}")
                break
        else:
            os.makedirs(source, exist_ok=True)
            if libc.mount(keep.encode(), source.encode(), None, MS_BIND | MS_REC, None) != 0:
                errors.append(f"{source}: {os.strerror(ctypes.get_errno())}")
    return errors


def launch(argv: list[str]) -> None:
    """Become the submission's kernel: copy the connection file into ``work/``, hide what
    the kernel must not see, drop to the submission's user, and exec ``ipykernel``."""
    connection = argv[0]
    root = os.environ.pop("COURSE_SANDBOX_ROOT", "")
    work = os.environ.pop("COURSE_SANDBOX_WORK", "")
    uid_text = os.environ.pop("COURSE_SANDBOX_UID", "")
    hide = [p for p in os.environ.pop("COURSE_SANDBOX_HIDE", "").split(os.pathsep) if p]
    report: dict[str, object] = {"uid": None, "hidden": [], "errors": []}
    if work:
        copy = os.path.join(work, "home", "kernel-connection.json")
        shutil.copyfile(connection, copy)
        connection = copy
    uid = int(uid_text) if uid_text else None
    if uid is not None:
        os.chown(connection, uid, uid)
        os.chmod(connection, 0o600)
        try:
            report["hidden"], report["errors"] = _hide(hide)
            if not report["errors"]:
                needed = sorted(
                    {
                        os.path.realpath(p)
                        for p in (sys.base_prefix, sys.prefix, os.path.dirname(sys.executable))
                    }
                )
                report["errors"] = _expose(needed, os.path.join(root, "mnt"))
        except OSError as error:
            report["errors"] = [str(error)]
        closed = [b for b in map(_blocked_ancestor, (sys.base_prefix, sys.prefix)) if b]
        if closed:  # the unprivileged user could not even start Python
            errors = list(report["errors"])  # type: ignore[call-overload]
            report["errors"] = [
                *errors,
                f"{closed[0][0]} is closed to other users: the kernel runs as the grader's user",
            ]
            uid = None
        report["uid"] = uid
    if root:  # written while still the grader's user: the kernel cannot change it
        with open(os.path.join(root, "sandbox.json"), "w", encoding="utf-8") as handle:
            json.dump(report, handle)
    if uid is not None:
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    os.umask(0o077)
    if work:
        os.chdir(work)
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", "-f", connection])


if __name__ == "__main__":
    launch(sys.argv[1:])
