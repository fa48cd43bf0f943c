"""What ``python -m course_utils grade`` adds to a student's kernel: signed check records and
an audit of what the student's code changed.

A check runs in the student's own kernel, so the student's code could replace it, print a
passing record of its own, or keep the check cell from running. The grader therefore:

1. starts the kernel with a per-run secret in a file named by ``COURSE_GRADER_KEYFILE``
   (never in the environment itself, which ``/proc/self/environ`` would show), and puts a
   first cell, :func:`arm`, before the student's: it reads the secret, deletes the file and
   the variable, and keeps the secret only inside a closure;
2. has every check record signed (:func:`sign_check`, called by
   :func:`course_utils.checks.verdict` only: a record made by a plain ``emit()`` call, or a
   direct call of the signer, carries no valid signature);
3. puts a cell after each check cell, :func:`audit`, whose signed record lists what was
   replaced since :func:`arm`: the check functions, the names ``checks``, ``answers`` and
   ``np``, IPython input transformers, custom exception handlers, event callbacks and
   methods of the shell.

The grader verifies every signature after the run (:func:`verify`). What this cannot stop,
and what a container would add, is in the README ("For instructors"): any Python object,
this closure too, can be reached by code that runs in the same process.

Example:
    >>> record = {"name": "demo", "passed": True, "problems": []}
    >>> sign_check(record) is record    # not armed: records stay as they are
    True
    >>> verify({"kind": "check", "seq": 1, "sig": "0"}, "key")
    False
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import sys
from collections.abc import Callable
from typing import Any

KEYFILE_VARIABLE = "COURSE_GRADER_KEYFILE"
#: Modules whose functions and classes a student may not replace.
GUARDED_MODULES = (
    "course_utils.checks",
    "course_utils.records",
    "course_utils.answers",
    "course_utils.grading_guard",
)
#: Library objects the checks rely on: their functions may not be replaced either
#: (``np.allclose = lambda *a, **k: True`` would make every comparison pass), except by the
#: notebook's own tools (ipykernel swaps ``builtins.input`` for each cell; the course's dry
#: run wraps Keras' ``fit``).
LIBRARY_OBJECTS = ("numpy", "builtins", "keras.Model", "keras.layers.Layer")
#: Names in the notebook that must stay the course's modules, when they exist.
GUARDED_NAMES = {
    "checks": "course_utils.checks",
    "answers": "course_utils.answers",
    "np": "numpy",
    "numpy": "numpy",
}
#: Event callbacks and transformers from these packages are the notebook's own tools.
TRUSTED_PREFIXES = (
    "IPython",
    "ipykernel",
    "matplotlib",
    "matplotlib_inline",
    "ipywidgets",
    "comm",
    "course_utils",
    "keras",
    "tensorflow",
    "absl",
)

_sign: Callable[[dict[str, Any]], dict[str, Any]] | None = None


def canonical(record: dict[str, Any]) -> bytes:
    """The bytes a signature covers: the record without its ``sig``, as sorted JSON.

    Example:
        >>> canonical({"b": 1, "a": [2], "sig": "x"})
        b'{"a":[2],"b":1}'
    """
    body = {key: value for key, value in record.items() if key != "sig"}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def signature(record: dict[str, Any], key: str) -> str:
    """The HMAC-SHA256 of :func:`canonical` ``(record)`` with ``key``, in hex."""
    return hmac.new(key.encode(), canonical(record), hashlib.sha256).hexdigest()


def verify(record: dict[str, Any], key: str) -> bool:
    """Whether ``record`` carries a valid signature made with ``key`` (grader side)."""
    sig = record.get("sig")
    return isinstance(sig, str) and hmac.compare_digest(sig, signature(record, key))


def sign_check(record: dict[str, Any]) -> dict[str, Any]:
    """Sign a check record, when the grader armed this kernel; otherwise return it as it is.

    Only :func:`course_utils.checks.verdict` gets a signature: a call from anywhere else is
    refused and noted, and the next audit reports it.
    """
    if _sign is None:
        return record
    return _sign(record)


def _callables(module: Any) -> dict[str, int]:
    return {
        name: id(value)
        for name, value in vars(module).items()
        if callable(value) and not name.startswith("__")
    }


def _trusted(function: Any) -> bool:
    module = getattr(function, "__module__", None) or getattr(type(function), "__module__", "")
    return str(module).startswith(TRUSTED_PREFIXES)


def _libraries() -> dict[str, tuple[Any, dict[str, int]]]:
    """The library objects of :data:`LIBRARY_OBJECTS` that can be imported, with their
    functions' identities."""
    import builtins
    import importlib

    found: dict[str, tuple[Any, dict[str, int]]] = {}
    for name in LIBRARY_OBJECTS:
        module_name, _, attribute = name.partition(".")
        try:
            owner: Any = builtins if name == "builtins" else importlib.import_module(module_name)
            for part in attribute.split(".") if attribute else []:
                owner = getattr(owner, part)
        except (ImportError, AttributeError):
            continue
        found[name] = (owner, _callables(owner))
    return found


def _shell_state(shell: Any) -> dict[str, Any]:
    """What an answer cell could change in IPython to skip or rewrite later cells."""
    if shell is None:
        return {}
    events = getattr(shell, "events", None)
    callbacks = {name: [id(f) for f in fs] for name, fs in getattr(events, "callbacks", {}).items()}
    return {
        "cleanup": [id(t) for t in getattr(shell, "input_transformers_cleanup", [])],
        "post": [id(t) for t in getattr(shell, "input_transformers_post", [])],
        "ast": [id(t) for t in getattr(shell, "ast_transformers", [])],
        "custom_exceptions": tuple(getattr(shell, "custom_exceptions", ())),
        "overrides": sorted(
            name
            for name, value in vars(shell).items()
            if callable(value) and hasattr(type(shell), name)
        ),
        "events": callbacks,
    }


def _changes(before: dict[str, Any], shell: Any) -> list[str]:
    """What differs from the state :func:`arm` recorded, in words."""
    problems: list[str] = []
    for name in GUARDED_MODULES:
        module = sys.modules.get(name)
        if module is not before["modules"][name][0]:
            problems.append(f"sys.modules[{name!r}] was replaced")
            module = before["modules"][name][0]
        now = _callables(module)
        for attribute, identity in before["modules"][name][1].items():
            if now.get(attribute) != identity:
                problems.append(f"{name.split('.')[-1]}.{attribute} was replaced")
    user_ns = getattr(shell, "user_ns", {}) if shell is not None else {}
    for name, module_name in GUARDED_NAMES.items():
        if name in user_ns and user_ns[name] is not before["real"][module_name]:
            problems.append(f"the name `{name}` no longer refers to {module_name}")
    if shell is not None:
        now_state = _shell_state(shell)
        then = before["shell"]
        for key, words in (
            ("cleanup", "an IPython input transformer"),
            ("post", "an IPython input transformer"),
            ("ast", "an IPython AST transformer"),
        ):
            added = [
                t
                for t in getattr(
                    shell,
                    {
                        "cleanup": "input_transformers_cleanup",
                        "post": "input_transformers_post",
                        "ast": "ast_transformers",
                    }[key],
                    [],
                )
                if id(t) not in then[key]
            ]
            if any(not _trusted(t) for t in added):
                problems.append(f"{words} was installed (it can rewrite the check cells)")
        if now_state["custom_exceptions"] != then["custom_exceptions"]:
            problems.append(
                "a custom exception handler was installed (set_custom_exc): it "
                "can hide a failed check"
            )
        for name in now_state["overrides"]:
            if name not in then["overrides"]:
                problems.append(f"get_ipython().{name} was replaced")
        events = getattr(getattr(shell, "events", None), "callbacks", {})
        for event, functions in events.items():
            known = then["events"].get(event, [])
            if any(id(f) not in known and not _trusted(f) for f in functions):
                problems.append(f"a callback was registered on IPython's {event!r} event")
    for name, (owner, callables) in before["libraries"].items():
        now = _callables(owner)
        for attribute, identity in callables.items():
            value = getattr(owner, attribute, None) if now.get(attribute) != identity else None
            # ipykernel swaps builtins.input for each cell; the dry run wraps Keras' fit
            if now.get(attribute) != identity and not _trusted(value):
                problems.append(f"{name}.{attribute} was replaced")
    if before["refused"][0]:
        problems.append(
            f"code other than the checks asked for a signature "
            f"{before['refused'][0]} time(s) (a forged check record)"
        )
    return problems


def arm() -> None:
    """Start guarding this kernel (the grader's first cell). Without the grader's key file
    it does nothing, so a notebook that calls it elsewhere runs as usual."""
    global _sign
    path = os.environ.pop(KEYFILE_VARIABLE, None)
    if not path or _sign is not None:
        return
    try:
        with open(path, encoding="ascii") as handle:
            key = handle.read().strip()
        os.remove(path)
    except OSError:
        return
    import importlib

    import numpy
    from IPython import get_ipython

    from course_utils.records import emit

    modules = {name: importlib.import_module(name) for name in GUARDED_MODULES}
    shell = get_ipython()
    signer = hmac.new(key.encode(), digestmod=hashlib.sha256)
    del key
    counter = itertools.count(1)
    callers = (sign_check.__code__, modules["course_utils.checks"].verdict.__code__)
    state: dict[str, Any] = {
        "modules": {name: (module, _callables(module)) for name, module in modules.items()},
        "real": {
            "numpy": numpy,
            "course_utils.checks": modules["course_utils.checks"],
            "course_utils.answers": modules["course_utils.answers"],
        },
        "shell": _shell_state(shell),
        "libraries": _libraries(),
        "refused": [0],
    }

    def signed(record: dict[str, Any]) -> dict[str, Any]:
        record = {**record, "seq": next(counter)}
        digest = signer.copy()
        digest.update(canonical(record))
        return {**record, "sig": digest.hexdigest()}

    def sign(record: dict[str, Any]) -> dict[str, Any]:
        # Only verdict -> sign_check -> here: a student's emit, or a direct call, is refused.
        chain = (sys._getframe(1).f_code, sys._getframe(2).f_code)
        if chain != callers:
            state["refused"][0] += 1
            return record
        return signed({"kind": "check", **record})

    def run_audit(after: str) -> None:
        problems = _changes(state, get_ipython())
        record = signed({"kind": "audit", "after": after, "problems": problems})
        emit(
            "audit",
            {key: value for key, value in record.items() if key != "kind"},
            "grader's audit: " + ("nothing replaced" if not problems else "; ".join(problems)),
        )

    _sign = sign
    globals()["_audit"] = run_audit
    armed = signed({"kind": "armed", "after": "start", "problems": []})
    emit(
        "armed",
        {key: value for key, value in armed.items() if key != "kind"},
        "graded by python -m course_utils grade",
    )


_audit: Callable[[str], None] | None = None


def audit(after: str) -> None:
    """Report, in a signed ``audit`` record, what answer cells replaced since :func:`arm`
    (the grader's cell after the check cell ``after``). Not armed: nothing."""
    if _audit is not None:
        _audit(after)
