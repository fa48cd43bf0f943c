"""Convolution arithmetic: parameters and multiply-adds of every layer of a Keras model.

The lesson on efficient networks needs two numbers per layer: how many *parameters* it
stores and how many *multiply-adds* (MACs) it performs for one input example. This module
computes both from each layer's configuration and the shapes Keras has inferred, using
the textbook formulas below, so that a notebook can show the arithmetic and the tests can
check the formulas against ``model.count_params()``.

All counts are **per example** (batch size 1) and for **inference**.

What counts as what
-------------------
``macs`` (multiply-adds, also "MACs" or "MACCs")
    Products of a stored weight with an activation that are accumulated into a sum.
    ``flops`` is defined as ``2 * macs`` (one multiply plus one add), the convention of
    Olafenwa & Olafenwa's *Introduction to Deep Computer Vision* and of most papers.

    ==========================  ====================================================
    layer                       multiply-adds
    ==========================  ====================================================
    Conv1D/2D/3D                ``prod(out spatial) * prod(kernel) * C_in/groups * C_out``
                                (2-D: ``H_out * W_out * K * K * C_in * C_out``)
    Conv*Transpose              ``prod(in spatial) * prod(kernel) * C_in * C_out``
    DepthwiseConv1D/2D          ``prod(out spatial) * prod(kernel) * C_in * D``
                                (``D`` = ``depth_multiplier``)
    SeparableConv1D/2D          depthwise part + pointwise part
                                ``prod(out spatial) * (prod(kernel) * C_in * D + C_in * D * C_out)``
    Dense                       ``rows * N_in * N_out`` (``rows`` = 1 for a flat input;
                                Dense acts on the last axis, once per remaining position)
    BatchNormalization          one per element: at inference the layer is the affine map
                                ``x * scale + shift`` with ``scale = gamma / sqrt(var + eps)``
                                (a network exported with BN folded into the previous
                                convolution pays 0 here)
    everything else             0
    ==========================  ====================================================

``other_ops``
    Cheap element-wise work that is *not* a weight multiply-add, counted separately so it
    never inflates ``macs``:

    * bias additions: one per output element of a layer with ``use_bias=True``;
    * pooling: one operation (a comparison or an addition) per window element read, i.e.
      ``output elements * prod(pool_size)``; global and adaptive pooling read each input
      element once;
    * merges ``Add``/``Subtract``/``Multiply``/``Average``/``Maximum``/``Minimum``:
      ``(number of inputs - 1) * output elements``;
    * ``PReLU``: one multiply per element; ``Rescaling``: one multiply-add per element
      (no stored weights, so it is not a MAC);
    * ``Normalization``: ``(x - mean) / sqrt(variance)``, one operation per element. Its
      statistics are fixed numbers computed by ``adapt()``, not learned weights, so like
      ``Rescaling`` it is not charged as multiply-adds.

    Activations, ``Dropout`` (identity at inference), ``Flatten``/``Reshape``,
    ``ZeroPadding``/``Cropping``, ``Concatenate``, ``UpSampling`` and the random
    augmentation layers (inactive at inference) cost 0.

Parameters are computed from the formulas as well (``K*K*C_in*C_out + C_out`` for a
Conv2D with bias, ``4*C`` for BatchNormalization of which the moving mean and variance,
``2*C``, are non-trainable, ``2*C + 1`` for an adapted Normalization over ``C`` channels:
mean, variance and the scalar example count, all non-trainable, ...), not read back from
Keras, so comparing them with ``model.count_params()`` is a real check. A layer type this module does not know raises
:class:`UnsupportedLayerError` naming the type if it holds weights; a weightless one is
reported with 0 cost and a ``note``. Nested models (a ``keras.applications`` base inside
a ``Sequential``) are expanded layer by layer; a layer called more than once (a shared
layer) is charged for every call and its parameters once.

The worked figures of the two seed documents (CS109A section; *Introduction to Deep
Computer Vision*), checked with this module, and the one that is wrong, are listed in
``docs/convolution_arithmetic.md``.

Example:
    >>> import keras
    >>> model = keras.Sequential([keras.Input((32, 32, 3)),
    ...                           keras.layers.Conv2D(16, 3, padding="same")])
    >>> cost = model_costs(model)[0]
    >>> cost.params, cost.macs          # 16*3*3*3 + 16;  32*32 * 3*3*3 * 16
    (448, 442368)
    >>> conv_output_size(224, 3, 1, 0)
    222
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from course_utils import keras_graph

__all__ = [
    "LayerCost",
    "UnsupportedLayerError",
    "conv_output_size",
    "costs_table",
    "format_table",
    "layer_cost",
    "model_costs",
    "model_totals",
]

Shape = tuple[int, ...]


class UnsupportedLayerError(TypeError):
    """A layer holds weights but this module has no formula for its type."""


@dataclass(frozen=True)
class LayerCost:
    """Cost of one layer (or of one nested model, when not expanded), per example.

    Attributes:
        name: layer name; nested layers are prefixed with their model's name
            (``"vgg16/block1_conv1"``).
        type: the layer's class name (``"Conv2D"``).
        output_shape: output shape without the batch axis; for a layer called more than
            once, the shape of its first call.
        params: all parameters (``trainable_params + non_trainable_params``).
        trainable_params: parameters updated by training.
        non_trainable_params: frozen parameters and BatchNormalization moving statistics.
        macs: multiply-adds with stored weights (see the module docstring).
        other_ops: element-wise operations that are not weight multiply-adds (bias adds,
            pooling, merges).
        note: why a layer was costed as 0 when its type is unknown (empty otherwise).

    Example:
        >>> LayerCost("fc", "Dense", (10,), 510, 510, 0, 500, 10).flops
        1000
    """

    name: str
    type: str
    output_shape: Shape | tuple[Shape, ...]
    params: int
    trainable_params: int
    non_trainable_params: int
    macs: int
    other_ops: int = 0
    note: str = field(default="")

    @property
    def flops(self) -> int:
        """``2 * macs``: a multiply-add is one multiplication and one addition."""
        return 2 * self.macs

    def as_dict(self) -> dict[str, Any]:
        """The fields plus ``flops`` as a plain dict."""
        row = asdict(self)
        row["flops"] = self.flops
        return row


# --------------------------------------------------------------------------- formulas


def conv_output_size(w: int, k: int, s: int = 1, p: int = 0, *, strict: bool = True) -> int:
    """Output width of a convolution or pooling window: ``(W + 2P - K) / S + 1``.

    Args:
        w: input width (or height).
        k: kernel (window) size.
        s: stride.
        p: zero padding added on *each* side.
        strict: if True (default) a stride that does not fit the padded input exactly is
            an error, as it is in the textbook formula. Keras and most frameworks instead
            drop the last incomplete window (``floor``); pass ``strict=False`` for that.

    Raises:
        ValueError: a non-positive size, a negative padding, a result that is not an
            integer (``strict=True``) or not positive.

    Example:
        >>> conv_output_size(224, 3, 1, 0)
        222
        >>> conv_output_size(222, 4, 2, 1)
        111
        >>> conv_output_size(5, 2, 2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: (W + 2P - K) / S + 1 = (5 + 2*0 - 2) / 2 + 1 = 2.5 is not an integer: ...
        >>> conv_output_size(5, 2, 2, strict=False)
        2
    """
    for label, value in (("w", w), ("k", k), ("s", s)):
        if int(value) != value or value < 1:
            raise ValueError(f"{label} must be a positive integer, got {value!r}")
    if int(p) != p or p < 0:
        raise ValueError(f"p must be a non-negative integer, got {p!r}")
    span = w + 2 * p - k
    text = f"(W + 2P - K) / S + 1 = ({w} + 2*{p} - {k}) / {s} + 1"
    if span < 0:
        raise ValueError(
            f"{text} = {span / s + 1:g} is not positive: the kernel ({k}) is "
            f"larger than the padded input ({w + 2 * p})"
        )
    if span % s and strict:
        raise ValueError(
            f"{text} = {span / s + 1:g} is not an integer: the stride {s} does "
            f"not fit the padded width {w + 2 * p} (pass strict=False to drop "
            f"the last incomplete window, as Keras does)"
        )
    return span // s + 1


def _keras():
    import keras  # imported lazily: course_utils must import without TensorFlow

    return keras


def _classes(*names: str) -> tuple[Any, ...]:
    """The public ``keras.layers`` classes with these names that this Keras version has."""
    layers = _keras().layers
    return tuple(c for c in (getattr(layers, n, None) for n in names) if isinstance(c, type))


def _prod(values: Iterable[int]) -> int:
    return math.prod(int(v) for v in values)


def _shape(tensor: Any, layer: Any) -> Shape:
    shape = tuple(tensor.shape)[1:]
    if any(d is None for d in shape):
        raise ValueError(
            f"layer {layer.name!r} ({type(layer).__name__}) has an input or output shape "
            f"{(None,) + shape} with unknown dimensions; build the model with a fully "
            f"specified keras.Input(shape=...) to count multiply-adds"
        )
    return tuple(int(d) for d in shape)


def _channels_last(layer: Any) -> bool:
    return getattr(layer, "data_format", "channels_last") != "channels_first"


def _split(shape: Shape, channels_last: bool) -> tuple[Shape, int]:
    """(spatial dims, channels) of a shape without the batch axis."""
    return (shape[:-1], shape[-1]) if channels_last else (shape[1:], shape[0])


def _cost_of_call(
    layer: Any, ins: Sequence[Shape], outs: Sequence[Shape]
) -> tuple[int, int, int, int, str]:
    """(params, non-trainable part of params, macs, other_ops, note) for one call."""
    keras = _keras()
    L = keras.layers
    kind = type(layer).__name__
    out = outs[0]
    out_elems = _prod(out)
    bias = bool(getattr(layer, "use_bias", False))

    if isinstance(layer, _classes("SeparableConv1D", "SeparableConv2D")):
        spatial_out, _ = _split(out, _channels_last(layer))
        _, c_in = _split(ins[0], _channels_last(layer))
        k, d, c_out = _prod(layer.kernel_size), int(layer.depth_multiplier), int(layer.filters)
        params = k * c_in * d + c_in * d * c_out + (c_out if bias else 0)
        macs = _prod(spatial_out) * (k * c_in * d + c_in * d * c_out)
        return params, 0, macs, out_elems if bias else 0, ""
    if isinstance(layer, _classes("DepthwiseConv1D", "DepthwiseConv2D")):
        spatial_out, _ = _split(out, _channels_last(layer))
        _, c_in = _split(ins[0], _channels_last(layer))
        k, d = _prod(layer.kernel_size), int(layer.depth_multiplier)
        params = k * c_in * d + (c_in * d if bias else 0)
        return params, 0, _prod(spatial_out) * k * c_in * d, out_elems if bias else 0, ""
    if isinstance(layer, _classes("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")):
        spatial_in, c_in = _split(ins[0], _channels_last(layer))
        k, c_out = _prod(layer.kernel_size), int(layer.filters)
        params = k * c_in * c_out + (c_out if bias else 0)
        return params, 0, _prod(spatial_in) * k * c_in * c_out, out_elems if bias else 0, ""
    if isinstance(layer, _classes("Conv1D", "Conv2D", "Conv3D")):
        spatial_out, _ = _split(out, _channels_last(layer))
        _, c_in = _split(ins[0], _channels_last(layer))
        k, c_out, groups = (
            _prod(layer.kernel_size),
            int(layer.filters),
            int(getattr(layer, "groups", 1)),
        )
        params = k * (c_in // groups) * c_out + (c_out if bias else 0)
        macs = _prod(spatial_out) * k * (c_in // groups) * c_out
        return params, 0, macs, out_elems if bias else 0, ""
    if isinstance(layer, L.Dense):
        n_in, units = ins[0][-1], int(layer.units)
        rows = _prod(ins[0][:-1])
        params = n_in * units + (units if bias else 0)
        return params, 0, rows * n_in * units, rows * units if bias else 0, ""
    if isinstance(layer, L.BatchNormalization):
        full = (0,) + ins[0]  # the batch axis is never a normalised one
        axes = layer.axis if isinstance(layer.axis, (list, tuple)) else [layer.axis]
        channels = _prod(full[a] for a in axes)
        learned = channels * (int(bool(layer.center)) + int(bool(layer.scale)))
        return learned + 2 * channels, 2 * channels, out_elems, 0, ""
    if isinstance(layer, _classes("Normalization")):
        return _normalization_cost(layer, ins[0], out_elems)
    if isinstance(layer, _classes("PReLU")):
        alpha = list(ins[0])
        for axis in layer.shared_axes or ():
            alpha[axis - 1] = 1
        return _prod(alpha), 0, 0, out_elems, ""
    if isinstance(layer, _classes("Embedding")):
        return (
            int(layer.input_dim) * int(layer.output_dim),
            0,
            0,
            0,
            "a table look-up, no multiply-adds",
        )
    if isinstance(
        layer,
        _classes(
            "MaxPooling1D",
            "MaxPooling2D",
            "MaxPooling3D",
            "AveragePooling1D",
            "AveragePooling2D",
            "AveragePooling3D",
        ),
    ):
        return 0, 0, 0, out_elems * _prod(layer.pool_size), ""
    if isinstance(
        layer,
        _classes(
            "GlobalMaxPooling1D",
            "GlobalMaxPooling2D",
            "GlobalMaxPooling3D",
            "GlobalAveragePooling1D",
            "GlobalAveragePooling2D",
            "GlobalAveragePooling3D",
            "AdaptiveMaxPooling1D",
            "AdaptiveMaxPooling2D",
            "AdaptiveMaxPooling3D",
            "AdaptiveAveragePooling1D",
            "AdaptiveAveragePooling2D",
            "AdaptiveAveragePooling3D",
        ),
    ):
        return 0, 0, 0, _prod(ins[0]), ""
    if isinstance(layer, _classes("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")):
        return 0, 0, 0, (len(ins) - 1) * out_elems, ""
    if isinstance(layer, _classes("Rescaling")):
        return 0, 0, 0, out_elems, ""
    if isinstance(layer, _ZERO_COST()):
        return 0, 0, 0, 0, ""
    if layer.weights:
        raise UnsupportedLayerError(
            f"layer {layer.name!r} of type {kind} holds {len(layer.weights)} weight "
            f"tensor(s) but course_utils.arithmetic has no formula for {kind}; supported "
            f"types with weights: Conv1D/2D/3D, Conv*Transpose, DepthwiseConv1D/2D, "
            f"SeparableConv1D/2D, Dense, BatchNormalization, Normalization, PReLU, "
            f"Embedding"
        )
    return 0, 0, 0, 0, f"{kind}: no weights and no formula; counted as 0"


def _normalization_cost(
    layer: Any, in_shape: Shape, out_elems: int
) -> tuple[int, int, int, int, str]:
    """Cost of ``keras.layers.Normalization``: stored statistics, no multiply-adds.

    Adapted (no ``mean``/``variance`` given to the constructor), the layer stores a mean
    and a variance for every position of its kept ``axis`` (the channels for the default
    ``axis=-1``; one of each for ``axis=None``) and a scalar ``count`` of the examples it
    has seen, all non-trainable. Built with constants, it stores nothing. Either way it
    computes ``(x - mean) / sqrt(variance)`` per element, an affine map like inference-time
    BatchNormalization, counted as one ``other_ops`` per element (``invert=True`` costs
    the same).
    """
    full = (None,) + tuple(in_shape)
    axes = layer.axis if isinstance(layer.axis, (list, tuple)) else (layer.axis,)
    kept = sorted({a % len(full) for a in axes if a is not None})
    if getattr(layer, "input_mean", None) is not None:
        return 0, 0, 0, out_elems, ""
    stats = 2 * _prod(full[a] for a in kept) + 1  # mean, variance per kept position; count
    return stats, stats, 0, out_elems, ""


def _ZERO_COST() -> tuple[type, ...]:
    return _classes(
        "InputLayer",
        "Activation",
        "ReLU",
        "LeakyReLU",
        "ELU",
        "Softmax",
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "SpatialDropout3D",
        "GaussianNoise",
        "GaussianDropout",
        "AlphaDropout",
        "ActivityRegularization",
        "Flatten",
        "Reshape",
        "Permute",
        "RepeatVector",
        "Identity",
        "Concatenate",
        "ZeroPadding1D",
        "ZeroPadding2D",
        "ZeroPadding3D",
        "Cropping1D",
        "Cropping2D",
        "Cropping3D",
        "UpSampling1D",
        "UpSampling2D",
        "UpSampling3D",
        "RandomFlip",
        "RandomRotation",
        "RandomZoom",
        "RandomTranslation",
        "RandomContrast",
        "RandomBrightness",
        "RandomCrop",
        "Resizing",
        "CenterCrop",
    )


# --------------------------------------------------------------------------- graph walking


def _is_graph_model(layer: Any) -> bool:
    """A Functional or Sequential model, whose layers can be walked."""
    return isinstance(layer, _keras().Model) and keras_graph.graph_of(layer) is not None


def _node_ids(model: Any) -> set[int] | None:
    return keras_graph.model_node_ids(model)


def _public_call(layer: Any) -> tuple[list[Shape], list[Shape]] | None:
    """The shapes of a layer called exactly once, from the public ``input``/``output``."""
    if keras_graph.call_count(layer) != 1:
        return None
    try:
        inputs, outputs = layer.input, layer.output
    except (AttributeError, ValueError):
        return None
    flatten = _keras().tree.flatten
    return (
        [_shape(t, layer) for t in flatten(inputs)],
        [_shape(t, layer) for t in flatten(outputs)],
    )


def _calls(layer: Any, node_ids: set[int] | None) -> list[tuple[list[Shape], list[Shape]]]:
    """(input shapes, output shapes) of each call of ``layer`` (within a model's graph)."""
    single = _public_call(layer)
    if single is not None:  # called once: that call is the one in any graph it belongs to
        return [single]
    calls = [
        ([_shape(t, layer) for t in ins], [_shape(t, layer) for t in outs])
        for ins, outs in keras_graph.layer_calls(layer, node_ids)
    ]
    if not calls and not keras_graph.has_been_called(layer):
        raise ValueError(
            f"layer {layer.name!r} ({type(layer).__name__}) has never been called on a "
            f"keras.Input, so its shapes are unknown; build the model with keras.Input"
        )
    return calls


def _sized_for_its_call(model: Any, node_ids: set[int] | None) -> Any:
    """A nested model whose own ``keras.Input`` leaves sizes open (``shape=(None, None, 3)``,
    a base that works on images of any size), rebuilt with the sizes it is called with in
    the outer model, so that its layers can be counted. Any other model is returned as is.
    """
    open_sizes = any(d is None for t in model.inputs for d in tuple(t.shape)[1:])
    if not open_sizes or node_ids is None:
        return model
    calls = keras_graph.layer_calls(model, node_ids)
    if len(calls) != 1:
        return model
    shapes = [tuple(t.shape)[1:] for t in calls[0][0]]
    if any(d is None for shape in shapes for d in shape):
        return model
    keras = _keras()
    inputs = [keras.Input(shape=shape) for shape in shapes]
    return keras.models.clone_model(model, input_tensors=inputs[0] if len(inputs) == 1 else inputs)


def _cost(
    layer: Any, node_ids: set[int] | None, prefix: str, trainable: bool, expand: bool
) -> list[LayerCost]:
    trainable = trainable and bool(layer.trainable)
    if _is_graph_model(layer):
        applied = len(_calls(layer, node_ids)) if node_ids is not None else 1
        layer = _sized_for_its_call(layer, node_ids)
        inner_ids = _node_ids(layer)
        rows: list[LayerCost] = []
        for sub in layer.layers:
            rows += _cost(sub, inner_ids, f"{prefix}{layer.name}/", trainable, True)
        if applied > 1:  # a nested model applied twice runs its layers twice
            rows = [
                LayerCost(
                    r.name,
                    r.type,
                    r.output_shape,
                    r.params,
                    r.trainable_params,
                    r.non_trainable_params,
                    r.macs * applied,
                    r.other_ops * applied,
                    r.note,
                )
                for r in rows
            ]
        if expand:
            return rows
        outs = [_shape(t, layer) for t in layer.outputs]
        return [
            _sum(
                rows,
                f"{prefix}{layer.name}",
                type(layer).__name__,
                outs[0] if len(outs) == 1 else tuple(outs),
            )
        ]
    if isinstance(layer, _keras().Model) and layer.weights:
        raise UnsupportedLayerError(
            f"model {layer.name!r} of type {type(layer).__name__} is a subclassed model; "
            f"only Functional and Sequential models can be walked layer by layer"
        )

    calls = _calls(layer, node_ids)
    if not calls:
        return []  # not connected in this graph
    params = non_trainable = macs = other = 0
    note = ""
    for ins, outs in calls:
        params, non_trainable, m, o, note = _cost_of_call(layer, ins, outs)
        macs += m
        other += o
    if not trainable:
        non_trainable = params
    shapes = calls[0][1]
    return [
        LayerCost(
            f"{prefix}{layer.name}",
            type(layer).__name__,
            shapes[0] if len(shapes) == 1 else tuple(shapes),
            params,
            params - non_trainable,
            non_trainable,
            macs,
            other,
            note,
        )
    ]


def _sum(
    rows: Sequence[LayerCost], name: str, kind: str, output_shape: Shape | tuple[Shape, ...]
) -> LayerCost:
    return LayerCost(
        name,
        kind,
        output_shape,
        sum(r.params for r in rows),
        sum(r.trainable_params for r in rows),
        sum(r.non_trainable_params for r in rows),
        sum(r.macs for r in rows),
        sum(r.other_ops for r in rows),
    )


# --------------------------------------------------------------------------- public API


def layer_cost(layer: Any) -> LayerCost:
    """Parameters and multiply-adds of one layer, summed over every call of it.

    The layer must have been called on a ``keras.Input`` (directly or inside a model) so
    its shapes are known. A nested Functional/Sequential model is summed into one row.

    Raises:
        UnsupportedLayerError: the layer holds weights and its type has no formula.
        ValueError: the layer's shapes are unknown or not fully defined.

    Example:
        >>> import keras
        >>> dense = keras.layers.Dense(64)
        >>> _ = dense(keras.Input((100,)))
        >>> c = layer_cost(dense)
        >>> (c.params, c.macs, c.other_ops)     # 100*64 + 64 ; 100*64 ; 64 bias adds
        (6464, 6400, 64)
    """
    rows = _cost(layer, None, "", True, expand=False)
    if not rows:
        raise ValueError(f"layer {layer.name!r} has never been called")
    return rows[0]


def model_costs(model: Any, expand_nested: bool = True) -> list[LayerCost]:
    """One :class:`LayerCost` per layer of a built Functional or Sequential model.

    Args:
        model: a model built with ``keras.Input``.
        expand_nested: list the layers of nested models (named ``"outer/inner"``); if
            False, each nested model is one summed row.

    Example:
        >>> import keras
        >>> model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128),
        ...                           keras.layers.Dense(10)])
        >>> [c.params for c in model_costs(model)]
        [100480, 1290]
    """
    if not _is_graph_model(model):
        raise TypeError(
            f"expected a built Functional or Sequential keras.Model, got "
            f"{type(model).__name__}; build Sequential models with keras.Input"
        )
    ids = _node_ids(model)
    rows: list[LayerCost] = []
    for layer in model.layers:
        rows += _cost(layer, ids, "", bool(model.trainable), expand_nested)
    return rows


def model_totals(model: Any) -> dict[str, int]:
    """Totals of :func:`model_costs`: params (all, trainable, non-trainable), macs, flops, other_ops.

    Handy for a table comparing models (add accuracy and time per epoch to each dict and
    pass the list to :func:`format_table`).

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((50,)), keras.layers.Dense(10)])
        >>> model_totals(m)["flops"]
        1000
    """
    rows = model_costs(model)
    total = _sum(rows, model.name, type(model).__name__, ())
    return {
        "params": total.params,
        "trainable_params": total.trainable_params,
        "non_trainable_params": total.non_trainable_params,
        "macs": total.macs,
        "flops": total.flops,
        "other_ops": total.other_ops,
    }


TABLE_COLUMNS = (
    "layer",
    "type",
    "output_shape",
    "params",
    "trainable",
    "non_trainable",
    "macs",
    "other_ops",
)


def costs_table(model: Any, expand_nested: bool = True) -> list[dict[str, Any]]:
    """:func:`model_costs` as a list of plain dicts (no pandas), ready for :func:`format_table`.

    Keys: ``layer, type, output_shape, params, trainable, non_trainable, macs, other_ops``.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((100,)), keras.layers.Dense(64)])
        >>> costs_table(m)[0]["macs"]
        6400
    """
    return [
        {
            "layer": c.name,
            "type": c.type,
            "output_shape": c.output_shape,
            "params": c.params,
            "trainable": c.trainable_params,
            "non_trainable": c.non_trainable_params,
            "macs": c.macs,
            "other_ops": c.other_ops,
        }
        for c in model_costs(model, expand_nested)
    ]


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e4 else f"{value:,.0f}"
    if isinstance(value, tuple):
        return str(value).replace(" ", "")
    return "" if value is None else str(value)


def _human(value: int) -> str:
    """``1_671_713_280 -> '1.67 G'``; ``10_140 -> '10.1 k'``."""
    for scale, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g} {prefix}"
    return f"{value} "


def format_table(
    rows: Sequence[Mapping[str, Any]] | Any,
    columns: Sequence[str] | None = None,
    totals: bool = True,
) -> str:
    """An aligned text table of a list of dicts (or of a model's :func:`costs_table`).

    Integers get thousands separators and are right-aligned. With ``totals`` a last line
    sums every integer column (except ``output_shape``) and, when there is a ``macs``
    column, appends the total in GFLOPs (``2 * macs``).

    Args:
        rows: a list of dicts, or a model (then ``costs_table(model)`` is used).
        columns: which keys to show, in order (default: the keys of the first row).
        totals: add the totals line.

    Example:
        >>> print(format_table([{"model": "a", "params": 1200, "macs": 5000},
        ...                     {"model": "b", "params": 30, "macs": 70}]))
        model  params   macs
        -----  ------  -----
        a       1,200  5,000
        b          30     70
        -----  ------  -----
        total   1,230  5,070   (10.1 kFLOPs = 2 x MACs)
    """
    if not isinstance(rows, (list, tuple)):
        rows = costs_table(rows)
    rows = list(rows)
    if columns is None:
        columns = list(rows[0]) if rows else list(TABLE_COLUMNS)
    body = [[_cell(r.get(c)) for c in columns] for r in rows]
    numeric = [
        bool(rows)
        and all(isinstance(r.get(c), (int, float)) and not isinstance(r.get(c), bool) for r in rows)
        for c in columns
    ]
    foot: list[str] | None = None
    if totals and rows:
        foot = []
        for i, c in enumerate(columns):
            if i == 0:
                foot.append("total")
            elif numeric[i] and all(isinstance(r.get(c), int) for r in rows):
                foot.append(_cell(sum(r[c] for r in rows)))
            else:
                foot.append("")
    widths = [
        max([len(str(c))] + [len(b[i]) for b in body] + ([len(foot[i])] if foot else []))
        for i, c in enumerate(columns)
    ]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.rjust(w) if numeric[i] else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = line(["-" * w for w in widths])
    out = [line([str(c) for c in columns]), rule] + [line(b) for b in body]
    if foot is not None:
        text = line(foot)
        if "macs" in columns and all(isinstance(r.get("macs"), int) for r in rows):
            text += f"   ({_human(2 * sum(r['macs'] for r in rows))}FLOPs = 2 x MACs)"
        out += [rule, text]
    return "\n".join(out)
