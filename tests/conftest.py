"""Fixtures shared by the unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")  # plots are drawn off screen, in every test

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures() -> Iterator[None]:
    """Close every figure a test drew, so figures never pile up across tests."""
    yield
    plt.close("all")
