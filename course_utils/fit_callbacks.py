"""The course's one patch to Keras: extra callbacks for every ``fit`` and ``evaluate``.

Two course features need to act on every training run of a notebook without changing the
notebook: a dry run stops each ``fit`` after a few steps (:mod:`course_utils.dryrun`), and
the course runner records how long each training run took (:mod:`course_utils.fitlog`).
Both are plain Keras callbacks (a public API); getting them into every call is the one
thing done by wrapping ``keras.Model.fit`` and ``keras.Model.evaluate``, here, once, for
every feature that registers a callback factory.

Example:
    >>> register("demo", lambda method, arguments: None)   # doctest: +SKIP
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

#: A factory gets the method's name ("fit" or "evaluate") and its bound arguments, and
#: returns a callback to add, or None.
Factory = Callable[[str, dict[str, Any]], Any]

_FACTORIES: dict[str, Factory] = {}
_MARK = "course_callbacks"


def _wrap(method: Any, name: str) -> Any:
    import keras

    signature = inspect.signature(method)

    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(self, *args, **kwargs)
        callbacks = bound.arguments.get("callbacks")
        if not isinstance(callbacks, keras.callbacks.CallbackList):  # not fit's own validation
            extra = [
                cb
                for factory in list(_FACTORIES.values())
                if (cb := factory(name, dict(bound.arguments))) is not None
            ]
            if extra:
                bound.arguments["callbacks"] = [*(callbacks or []), *extra]
        return method(*bound.args, **bound.kwargs)

    wrapper.__doc__ = method.__doc__
    setattr(wrapper, _MARK, True)
    return wrapper


def register(name: str, factory: Factory) -> None:
    """Add ``factory``'s callback to every later ``fit`` and ``evaluate`` (once per name)."""
    import keras

    _FACTORIES[name] = factory
    if not getattr(keras.Model.fit, _MARK, False):
        keras.Model.fit = _wrap(keras.Model.fit, "fit")
        keras.Model.evaluate = _wrap(keras.Model.evaluate, "evaluate")


def registered() -> list[str]:
    """The names registered so far."""
    return list(_FACTORIES)
