"""A fast "can we download from there?" check, so no loader ever waits minutes on a dead network.

TensorFlow Datasets retries a failed download for minutes (about 205 s measured offline)
and Keras' ``get_file`` waits on a stalled socket forever. Every course loader therefore
asks :func:`check` first: one TCP connection to the download host (or to the HTTPS proxy,
when one is configured), with a timeout of a couple of seconds. Only when it succeeds does
the loader start the real download, and then under :func:`download_timeout`, which makes a
stalled transfer fail instead of hanging.

Tests replace :func:`check` (``monkeypatch.setattr(network, "check", ...)``) or the socket
function :data:`connect` to simulate a network that is down, slow or fine.

Example:
    >>> import os; os.environ["COURSE_OFFLINE"] = "1"
    >>> check("storage.googleapis.com").ok
    False
"""

from __future__ import annotations

import contextlib
import socket
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from course_utils.switches import is_offline

#: Seconds to wait for a TCP connection before calling a host unreachable.
DEFAULT_TIMEOUT_S = 2.5

#: Where each real source downloads from (what Keras, TFDS and kagglehub contact first).
HOSTS: dict[str, str] = {
    "mnist": "storage.googleapis.com",  # keras.datasets.mnist and tfds' mnist
    "cifar10": "www.cs.toronto.edu",  # keras.datasets.cifar10 and tfds' cifar10
    "vgg16": "storage.googleapis.com",  # keras.applications weights
    "kaggle": "www.kaggle.com",  # kagglehub
}

#: The socket function used by :func:`check`; replaced in tests to simulate a network.
connect: Callable[..., socket.socket] = socket.create_connection


@dataclass(frozen=True)
class Reachability:
    """The answer of :func:`check`: ``ok``, and in words why not."""

    ok: bool
    host: str
    reason: str
    seconds: float = 0.0

    def __bool__(self) -> bool:
        return self.ok


def _proxy_for(host: str) -> tuple[str, int] | None:
    """The HTTPS proxy that urllib would use for ``host``, if any (so we test that instead)."""
    if urllib.request.proxy_bypass(host):
        return None
    proxy = urllib.request.getproxies().get("https")
    if not proxy:
        return None
    parts = urllib.parse.urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if not parts.hostname:
        return None
    return parts.hostname, parts.port or 8080


def check(host: str, port: int = 443, timeout: float = DEFAULT_TIMEOUT_S) -> Reachability:
    """Can a download from ``host`` start? Answers within ``timeout`` seconds.

    Returns a falsy :class:`Reachability` when ``COURSE_OFFLINE=1``, without touching
    the network.

    Example:
        >>> result = check("storage.googleapis.com")   # doctest: +SKIP
        >>> result.ok, result.reason                     # doctest: +SKIP
        (True, 'reachable in 0.03 s')
    """
    if is_offline():
        return Reachability(False, host, "COURSE_OFFLINE=1 skips the network")
    target = _proxy_for(host) or (host, port)
    label = host if target == (host, port) else f"{host} via proxy {target[0]}:{target[1]}"
    start = time.perf_counter()
    try:
        with contextlib.closing(connect(target, timeout=timeout)):
            pass
    except TimeoutError:
        return Reachability(
            False, host, f"{label} did not answer within {timeout:g} s", time.perf_counter() - start
        )
    except OSError as error:
        return Reachability(
            False, host, f"{label} is unreachable ({error})", time.perf_counter() - start
        )
    seconds = time.perf_counter() - start
    return Reachability(True, host, f"{label} reachable in {seconds:.2f} s", seconds)


@contextlib.contextmanager
def download_timeout(seconds: float = 60.0) -> Iterator[None]:
    """Make sockets opened inside the block give up after ``seconds`` without data.

    Keras' ``get_file`` (``urllib.request.urlretrieve``) has no timeout of its own, so a
    stalled transfer would hang a notebook; with this it raises and the loader falls back.

    Example:
        >>> with download_timeout(30):
        ...     pass
    """
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


__all__ = ["DEFAULT_TIMEOUT_S", "HOSTS", "Reachability", "check", "download_timeout"]
