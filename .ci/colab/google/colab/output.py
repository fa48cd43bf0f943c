"""Stand-in for ``google.colab.output``: every function records its call and does nothing.

Example:
    >>> from google.colab import output
    >>> output.enable_custom_widget_manager()
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from google.colab import record


def enable_custom_widget_manager() -> None:
    """Colab: lets third-party ipywidgets render. Here: recorded only."""
    record("output.enable_custom_widget_manager")


def disable_custom_widget_manager() -> None:
    """Colab: back to the built-in widget manager. Here: recorded only."""
    record("output.disable_custom_widget_manager")


def clear(wait: bool = False, output_tags: Any = ()) -> None:
    """Colab: clears the cell's output. Here: recorded only."""
    record("output.clear", wait=wait, output_tags=output_tags)


def eval_js(script: str, ignore_result: bool = False, timeout_sec: Any = None) -> None:
    """Colab: runs JavaScript in the browser and returns its result. Here: None."""
    record("output.eval_js", script, ignore_result=ignore_result)
    return None


def register_callback(function_name: str, callback: Callable[..., Any]) -> None:
    """Colab: lets the page's JavaScript call ``callback``. Here: recorded only."""
    record("output.register_callback", function_name)
