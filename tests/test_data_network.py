"""The reachability check: fast answers for a network that is up, down, slow or switched off.

The network is never touched: ``network.connect`` (the socket function) is replaced.
"""

from __future__ import annotations

import socket

import pytest

from course_utils.data import network


class FakeSocket:
    def close(self) -> None:
        pass


@pytest.fixture
def online(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "0")
    for var in ("https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


def test_offline_flag_never_opens_a_socket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_OFFLINE", "1")

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was touched although COURSE_OFFLINE=1")

    monkeypatch.setattr(network, "connect", forbidden)
    result = network.check("storage.googleapis.com")
    assert not result.ok and not result
    assert "COURSE_OFFLINE" in result.reason


def test_reachable_host(online: None, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def fake_connect(address: tuple[str, int], timeout: float) -> FakeSocket:
        calls.append((address, timeout))
        return FakeSocket()

    monkeypatch.setattr(network, "connect", fake_connect)
    result = network.check("example.org", timeout=1.5)
    assert result.ok and "reachable" in result.reason
    assert calls == [(("example.org", 443), 1.5)]


def test_network_down(online: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(address: tuple[str, int], timeout: float) -> FakeSocket:
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(network, "connect", refused)
    result = network.check("example.org")
    assert not result.ok and "unreachable" in result.reason


def test_network_slow_times_out(online: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = {}

    def slow(address: tuple[str, int], timeout: float) -> FakeSocket:
        seen["timeout"] = timeout
        raise TimeoutError("timed out")

    monkeypatch.setattr(network, "connect", slow)
    result = network.check("example.org")
    assert not result.ok and "did not answer within" in result.reason
    # The check never waits longer than a few seconds: that is its whole point.
    assert seen["timeout"] == network.DEFAULT_TIMEOUT_S <= 3


def test_proxy_is_checked_instead_of_the_host(
    online: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("https_proxy", "http://proxy.school.example:3128")
    monkeypatch.setenv("no_proxy", "")
    calls = []
    monkeypatch.setattr(
        network, "connect", lambda address, timeout: calls.append(address) or FakeSocket()
    )
    result = network.check("storage.googleapis.com")
    assert result.ok and "proxy" in result.reason
    assert calls == [("proxy.school.example", 3128)]


def test_download_timeout_is_set_and_restored() -> None:
    before = socket.getdefaulttimeout()
    with network.download_timeout(12.0):
        assert socket.getdefaulttimeout() == 12.0
    assert socket.getdefaulttimeout() == before


def test_every_real_source_has_a_host() -> None:
    assert set(network.HOSTS) >= {"mnist", "cifar10", "vgg16", "kaggle"}
