"""The one place the course reads Keras' private model graph, for the cost tables.

:mod:`course_utils.arithmetic` counts each layer's multiply-adds from the shapes it is called
with. Keras' public API gives those shapes for a layer called once (``layer.input`` and
``layer.output``), and arithmetic uses it where a layer was called once
(:func:`call_count` tells, since ``layer.input`` answers with the first call's
even for a shared layer). A layer called more than once (notebook 04's
``Normalization`` in front of several models, a nested model applied twice) needs the
shapes of each call and which calls belong to which model: only Keras' private graph has
them (``Functional._nodes_by_depth`` and ``Layer._inbound_nodes``). They are read here and
nowhere else, after a check that this Keras has them (Keras 3.13 to 3.15 are tested; the
Colab leg of CI runs 3.13), so a Keras release that renames them fails here, in words.

Example:
    >>> import keras
    >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    >>> len(layer_calls(model.layers[0], model_node_ids(model)))
    1
"""

from __future__ import annotations

from typing import Any

_NEEDED = ("_inbound_nodes",)


def check_keras() -> None:
    """Raise, in words, when this Keras lacks the private graph attributes read here."""
    import keras

    layer = keras.layers.Dense(1)
    missing = [name for name in _NEEDED if not hasattr(layer, name)]
    if missing:
        raise RuntimeError(
            f"Keras {keras.__version__} has no {', '.join(missing)}: "
            "course_utils.keras_graph needs updating for it (tested: 3.13-3.15)"
        )


def graph_of(model: Any) -> Any:
    """The functional graph of a Functional or Sequential model (None for other models)."""
    if hasattr(model, "_nodes_by_depth"):
        return model
    return getattr(model, "_functional", None)


def model_node_ids(model: Any) -> set[int] | None:
    """Identities of the calls (nodes) that belong to ``model``'s graph."""
    graph = graph_of(model)
    if graph is None:
        return None
    return {id(node) for nodes in graph._nodes_by_depth.values() for node in nodes}


def layer_calls(layer: Any, node_ids: set[int] | None) -> list[tuple[list[Any], list[Any]]]:
    """``(input tensors, output tensors)`` of each call of ``layer``, within the calls
    ``node_ids`` when given."""
    import keras

    check_keras()
    nodes = list(layer._inbound_nodes)
    if node_ids is not None:
        nodes = [node for node in nodes if id(node) in node_ids]
    return [
        (
            list(keras.tree.flatten(node.input_tensors)),
            list(keras.tree.flatten(node.output_tensors)),
        )
        for node in nodes
    ]


def call_count(layer: Any) -> int:
    """How many times ``layer`` was called on symbolic tensors (in any model). Keras' public
    ``layer.input`` silently answers with the first call's, so arithmetic asks here first."""
    return len(getattr(layer, "_inbound_nodes", []))


def has_been_called(layer: Any) -> bool:
    """Whether ``layer`` was ever called on a symbolic tensor."""
    return call_count(layer) > 0
