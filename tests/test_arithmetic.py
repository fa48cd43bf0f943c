"""Tests of ``course_utils.arithmetic`` (parameters and multiply-adds per layer).

Three kinds of check:

* parameters computed by the module's formulas equal ``count_params()`` of real Keras
  layers and models, for every supported layer type;
* multiply-adds equal hand computations for small layers;
* every worked figure of CS109A (the section "Neural networks for image analysis")
  and Olafenwa & Olafenwa (the book *Introduction to Deep Computer Vision*, chapters on CNNs,
  convolution arithmetic and efficiency techniques) is recomputed from a Keras model
  built as the work describes. The published number is written as the work prints it
  (``SEED_*`` constants); where it is wrong the test shows the right one and why.
  The list, with the explanation of each slip, is in docs/convolution_arithmetic.md.

Models are built with ``keras.Input`` and never trained, so the file runs in seconds.
"""

from __future__ import annotations

import math

import pytest

keras = pytest.importorskip("keras")
L = keras.layers

from course_utils.arithmetic import (  # noqa: E402
    LayerCost,
    UnsupportedLayerError,
    conv_output_size,
    costs_table,
    format_table,
    layer_cost,
    model_costs,
    model_totals,
)


def keras_trainable(model_or_layer) -> int:
    return sum(math.prod(w.shape) for w in model_or_layer.trainable_weights)


def keras_non_trainable(model_or_layer) -> int:
    return sum(math.prod(w.shape) for w in model_or_layer.non_trainable_weights)


def single(layer, input_shape) -> tuple[LayerCost, object]:
    """Call ``layer`` on a keras.Input and return (its cost, the layer)."""
    layer(keras.Input(input_shape))
    return layer_cost(layer), layer


def costs_by_name(model) -> dict[str, LayerCost]:
    return {c.name: c for c in model_costs(model)}


# --------------------------------------------------------------------------- output size


@pytest.mark.parametrize(
    ("w", "k", "s", "p", "seed_value"),
    [
        # Olafenwa, "CNN mechanics": 4x4 image, 2x2 filter, stride 1, no padding -> 3
        (4, 2, 1, 0, 3),
        # Olafenwa: the same with stride 2 -> 2
        (4, 2, 2, 0, 2),
        # Olafenwa: width 4, kernel 3, stride 1, single zero padding -> 4 (size preserved)
        (4, 3, 1, 1, 4),
        # Olafenwa, convolution arithmetic, 224x224x3 example, first layer -> 222
        (224, 3, 1, 0, 222),
        # Olafenwa, same example, second layer: kernel 4, padding 1, stride 2 -> 111
        (222, 4, 2, 1, 111),
    ],
)
def test_seed003_output_sizes_match_formula_and_keras(w, k, s, p, seed_value):
    """Olafenwa output-size figures: the formula, and Keras (explicit ZeroPadding2D +
    valid convolution) give the published value."""
    assert conv_output_size(w, k, s, p) == seed_value
    inputs = keras.Input((w, w, 1))
    x = L.ZeroPadding2D(p)(inputs) if p else inputs
    out = L.Conv2D(1, k, strides=s, padding="valid")(x)
    assert tuple(out.shape[1:3]) == (seed_value, seed_value)


def test_conv_output_size_errors_are_clear():
    with pytest.raises(ValueError, match="not an integer"):
        conv_output_size(5, 2, 2)
    with pytest.raises(ValueError, match="not positive"):
        conv_output_size(3, 5)
    with pytest.raises(ValueError, match="positive integer"):
        conv_output_size(0, 3)
    with pytest.raises(ValueError, match="non-negative"):
        conv_output_size(8, 3, 1, -1)
    # strict=False floors like Keras does
    out = L.Conv2D(1, 2, strides=2)(keras.Input((5, 5, 1)))
    assert conv_output_size(5, 2, 2, strict=False) == out.shape[1] == 2


def test_seed002_two_3x3_convs_see_5x5():
    """CS109A (VGG slide): two stacked 3x3 convolutions have a 5x5 receptive field,
    i.e. a 5x5 input is reduced to a single output pixel."""
    assert conv_output_size(conv_output_size(5, 3), 3) == 1
    x = keras.Input((5, 5, 1))
    out = L.Conv2D(1, 3)(L.Conv2D(1, 3)(x))
    assert tuple(out.shape[1:3]) == (1, 1)


def test_seed002_same_padding_keeps_32x32_with_128_filters():
    """CS109A: a 32x32x16 input leaves a 128-filter layer as 32x32x128."""
    cost, _ = single(L.Conv2D(128, 3, padding="same"), (32, 32, 16))
    assert cost.output_shape == (32, 32, 128)


# --------------------------------------------------------------------------- CS109A


def test_seed002_conv_448_parameters():
    """CS109A, "Examples": 16 3x3 filters on an RGB image -> 16*3*3*3 + 16 = 448."""
    SEED_448 = 16 * 3 * 3 * 3 + 16
    cost, layer = single(L.Conv2D(16, 3), (32, 32, 3))
    assert cost.params == layer.count_params() == SEED_448 == 448


def test_seed002_four_layer_example():
    """CS109A, "Examples": the 4-layer CNN on 32x32x3 (8 3x3 same; 16 5x5 stride 2
    same; Flatten; Dense 512; Dense 4). The seed writes the total as a sum of terms."""
    SEED_TERMS = [8 * 3 * 3 * 3 + 8, 16 * 5 * 5 * 8 + 16, 16 * 16 * 16 * 512 + 512, 512 * 4 + 4]
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            L.Conv2D(8, 3, strides=1, padding="same"),
            L.Conv2D(16, 5, strides=2, padding="same"),
            L.Flatten(),
            L.Dense(512),
            L.Dense(4),
        ]
    )
    costs = [c for c in model_costs(model) if c.params]
    assert [c.params for c in costs] == SEED_TERMS
    assert sum(SEED_TERMS) == model.count_params() == model_totals(model)["params"] == 2_103_156
    # the 16x16x16 the seed uses for the Dense input comes from the stride-2 same conv
    assert costs[1].output_shape == (16, 16, 16)


def test_seed002_mlp_weights_per_neuron_cifar10():
    """CS109A, "Drawbacks": one MLP neuron on a CIFAR-10 image has 32*32*3 + 1 = 3073
    weights."""
    SEED_CIFAR = 3073
    model = keras.Sequential([keras.Input((32, 32, 3)), L.Flatten(), L.Dense(1)])
    assert model_totals(model)["params"] == model.count_params() == SEED_CIFAR


def test_seed002_mlp_weights_per_neuron_imagenet_is_wrong():
    """CS109A, "Drawbacks": the publishedays a neuron on a 224x224x3 ImageNet image has
    150129 weights. It has 224*224*3 + 1 = 150529: a digit slip (5 -> 1)."""
    SEED_IMAGENET = 150_129
    CORRECT = 150_529
    model = keras.Sequential([keras.Input((224, 224, 3)), L.Flatten(), L.Dense(1)])
    ours = model_totals(model)["params"]
    assert ours == model.count_params() == CORRECT
    assert ours != SEED_IMAGENET
    # the CIFAR-10 figure on the same slide is computed the same way and is right
    assert ours == 224 * 224 * 3 + 1


# --------------------------------------------------------------------------- Olafenwa


def test_seed003_mnist_mlp_134794_parameters():
    """Olafenwa, model.summary() of the MNIST MLP 784-128-128-128-10: 100480, 16512,
    16512, 1290; total 134,794, all trainable."""
    SEED_ROWS = [100_480, 16_512, 16_512, 1_290]
    SEED_TOTAL = 134_794
    model = keras.Sequential(
        [
            keras.Input((784,)),
            L.Dense(128, activation="relu"),
            L.Dense(128, activation="relu"),
            L.Dense(128, activation="relu"),
            L.Dense(10, activation="softmax"),
        ]
    )
    assert [c.params for c in model_costs(model)] == SEED_ROWS
    totals = model_totals(model)
    assert totals["params"] == totals["trainable_params"] == model.count_params() == SEED_TOTAL
    assert totals["non_trainable_params"] == 0


def test_seed003_dense_50_inputs_10_units():
    """Olafenwa, "Dense Layers": 10 units on 50 inputs -> 500 multiply-adds = 1000 flops."""
    SEED_MACS, SEED_FLOPS = 500, 1000
    cost, _ = single(L.Dense(10), (50,))
    assert (cost.macs, cost.flops) == (SEED_MACS, SEED_FLOPS)


def test_seed003_dense_100_inputs_64_units():
    """Olafenwa, "Dense Layers": 100 inputs into 64 units -> 64 * 100 = 6400 multiply-adds."""
    SEED_MACS = 6400
    cost, _ = single(L.Dense(64), (100,))
    assert cost.macs == SEED_MACS


def test_seed003_dense_params_25856():
    """Olafenwa, "Calculating parameters": Dense 256 on 100 inputs -> 256(100+1) = 25856."""
    SEED_PARAMS = 25_856
    cost, layer = single(L.Dense(256), (100,))
    assert cost.params == layer.count_params() == SEED_PARAMS


def test_seed003_conv_params_294912_omit_the_bias():
    """Olafenwa, "Calculating parameters": 3x3 conv, 128 -> 256 channels on 224x224x128:
    3*3*128*256 = 294,912. Right only for a conv without bias: the published formula
    K*K*C_in*C_out leaves out the C_out biases that Keras (and CS109A's 448) count."""
    SEED_PARAMS = 294_912
    no_bias, layer = single(L.Conv2D(256, 3, use_bias=False), (224, 224, 128))
    assert no_bias.params == layer.count_params() == SEED_PARAMS
    with_bias, layer = single(L.Conv2D(256, 3), (224, 224, 128))
    assert with_bias.params == layer.count_params() == SEED_PARAMS + 256


def _seed003_224_model(channels: int = 3):
    """Olafenwa's 2-layer example: 224x224 input; conv 3x3 / no padding / stride 1 / 64;
    conv 4x4 / padding 1 / stride 2 / 64."""
    return keras.Sequential(
        [
            keras.Input((224, 224, channels)),
            L.Conv2D(64, 3, strides=1, padding="valid", name="conv1"),
            L.ZeroPadding2D(1, name="pad1"),
            L.Conv2D(64, 4, strides=2, padding="valid", name="conv2"),
        ]
    )


def test_seed003_224_example_second_layer_is_right():
    """Olafenwa, 224x224x3 example, layer 2: out 111, 4*4*64*111*111*64 = 807,469,056 MACs."""
    SEED_OUT, SEED_MACS = 111, 807_469_056
    costs = costs_by_name(_seed003_224_model())
    assert costs["conv2"].output_shape == (SEED_OUT, SEED_OUT, 64)
    assert costs["conv2"].macs == SEED_MACS


def test_seed003_224_example_first_layer_is_wrong():
    """Olafenwa, 224x224x3 example, layer 1: the seed prints "3*3*3*222*222*6 =
    28,387,584". For 3 input and 64 output channels the cost is 3*3*3*222*222*64 =
    85,162,752 MACs. The seed's number is 3*3*222*222*64, the cost for a ONE-channel
    input: the factor C_in = 3 was dropped (and 64 was misprinted as 6; 3*3*3*222*222*6
    would be 7,984,008, neither number). The slip carries into the total (835,856,640
    -> 892,631,808 MACs) and the flops (1,671,713,280 = 1.67 G -> 1,785,263,616 = 1.79 G)."""
    SEED_L1, SEED_TOTAL, SEED_FLOPS = 28_387_584, 835_856_640, 1_671_713_280
    CORRECT_L1, CORRECT_TOTAL, CORRECT_FLOPS = 85_162_752, 892_631_808, 1_785_263_616

    model = _seed003_224_model(channels=3)
    costs = costs_by_name(model)
    assert costs["conv1"].output_shape == (222, 222, 64)
    assert costs["conv1"].macs == CORRECT_L1 != SEED_L1
    totals = model_totals(model)
    assert totals["macs"] == CORRECT_TOTAL != SEED_TOTAL
    assert totals["flops"] == CORRECT_FLOPS != SEED_FLOPS
    assert round(totals["flops"] / 1e9, 2) == 1.79

    # Why: the published figures are exactly those of a 1-channel (grayscale) input.
    gray = _seed003_224_model(channels=1)
    assert costs_by_name(gray)["conv1"].macs == SEED_L1
    assert SEED_L1 + costs["conv2"].macs == SEED_TOTAL and 2 * SEED_TOTAL == SEED_FLOPS
    # ... and not of the printed expression with the misprinted factor 6
    six = keras.Sequential([keras.Input((224, 224, 3)), L.Conv2D(6, 3, name="conv1")])
    assert costs_by_name(six)["conv1"].macs not in (SEED_L1, CORRECT_L1)


def test_seed003_depthwise_paragraph_56x56x64():
    """Olafenwa, "Depthwise Separable Convolutions": on 56x56x64 a 3x3 conv with 128
    filters costs 3*3*64*56*56*128 MACs; a 3x3 depthwise conv 3*3*56*56*64. The seed
    leaves the products unevaluated: 231,211,008 and 1,806,336."""
    seed_standard = 3 * 3 * 64 * 56 * 56 * 128
    seed_depthwise = 3 * 3 * 56 * 56 * 64
    standard, _ = single(L.Conv2D(128, 3, padding="same"), (56, 56, 64))
    depthwise, _ = single(L.DepthwiseConv2D(3, padding="same"), (56, 56, 64))
    assert standard.macs == seed_standard == 231_211_008
    assert depthwise.macs == seed_depthwise == 1_806_336
    # the comparison is not like for like: only depthwise + 1x1 pointwise gives 128 maps
    separable, _ = single(L.SeparableConv2D(128, 3, padding="same"), (56, 56, 64))
    assert separable.macs == seed_depthwise + 64 * 128 * 56 * 56 == 27_496_448


def test_seed003_one_by_one_is_nine_times_cheaper():
    """Olafenwa: a 1x1 conv is 9 times more efficient than a 3x3 conv (same shapes)."""
    three, _ = single(L.Conv2D(32, 3, padding="same"), (112, 112, 32))
    one, _ = single(L.Conv2D(32, 1, padding="same"), (112, 112, 32))
    assert three.macs == 9 * one.macs


def _seed003_depthwise_unit(x, filters):
    """Olafenwa's mobile "Unit" (no pooling): BN, ReLU, 3x3 depthwise, BN, ReLU, 1x1, add."""
    out = L.BatchNormalization()(x)
    out = L.Activation("relu")(out)
    out = L.DepthwiseConv2D(3, padding="same", name="dw3x3")(out)
    out = L.BatchNormalization()(out)
    out = L.Activation("relu")(out)
    out = L.Conv2D(filters, 1, padding="same", name="pw1x1")(out)
    return L.add([x, out])


def test_seed003_depthwise_table_112x112x32():
    """Olafenwa, "USING DEPTHWISE SEPARABLE CONVOLUTIONS" table (32 -> 32 channels at
    112x112): 3x3 depthwise 3,612,672; 1x1 conv 12,845,056; total 16,457,728."""
    SEED_DW, SEED_PW, SEED_TOTAL = 3_612_672, 12_845_056, 16_457_728
    x = keras.Input((112, 112, 32))
    model = keras.Model(x, _seed003_depthwise_unit(x, 32))
    costs = costs_by_name(model)
    assert costs["dw3x3"].macs == SEED_DW
    assert costs["pw1x1"].macs == SEED_PW
    assert costs["dw3x3"].macs + costs["pw1x1"].macs == SEED_TOTAL
    assert model_totals(model)["params"] == model.count_params()


def test_seed003_standard_table_112x112x32():
    """Olafenwa, "USING STANDARD CONVOLUTIONS" table: 3x3 conv 115,605,504; 1x1 conv
    12,845,056; total 128,450,560 (8x the depthwise unit's 16,457,728)."""
    SEED_3X3, SEED_1X1, SEED_TOTAL = 115_605_504, 12_845_056, 128_450_560
    model = keras.Sequential(
        [
            keras.Input((112, 112, 32)),
            L.Conv2D(32, 3, padding="same", name="c3x3"),
            L.Conv2D(32, 1, padding="same", name="c1x1"),
        ]
    )
    costs = costs_by_name(model)
    assert (costs["c3x3"].macs, costs["c1x1"].macs) == (SEED_3X3, SEED_1X1)
    assert model_totals(model)["macs"] == SEED_TOTAL


def test_seed003_bottleneck_table_112x112x32():
    """Olafenwa, "BOTTLENECK LAYERS" table: 1x1 conv to 16 channels 6,422,528; 3x3 conv
    16 -> 32 57,802,752; total 64,225,280; versus 115,605,504 for the 3x3 conv alone.

    The seed's code for the bottleneck unit gives its second conv kernel_size=[1, 1], not
    3x3 as in the table and the prose; with that code the second conv would cost only
    6,422,528 MACs. The table is right for the module the text describes."""
    SEED_1X1, SEED_3X3, SEED_TOTAL, SEED_PLAIN = 6_422_528, 57_802_752, 64_225_280, 115_605_504
    model = keras.Sequential(
        [
            keras.Input((112, 112, 32)),
            L.Conv2D(16, 1, padding="same", name="reduce"),
            L.Conv2D(32, 3, padding="same", name="conv3x3"),
        ]
    )
    costs = costs_by_name(model)
    assert (costs["reduce"].macs, costs["conv3x3"].macs) == (SEED_1X1, SEED_3X3)
    assert model_totals(model)["macs"] == SEED_TOTAL
    plain, _ = single(L.Conv2D(32, 3, padding="same"), (112, 112, 32))
    assert plain.macs == SEED_PLAIN
    # the code as printed in the seed (second conv 1x1) does not match the table
    as_printed, _ = single(L.Conv2D(32, 1, padding="same"), (112, 112, 16))
    assert as_printed.macs != SEED_3X3


def test_seed003_depth_multiplier_formula():
    """Olafenwa, "Notes About Depthwise Convolutions": with depth multiplier D the cost is
    K*K*C_in*out*out*D and C_in*D maps come out."""
    cost, layer = single(L.DepthwiseConv2D(3, depth_multiplier=4, padding="same"), (20, 20, 8))
    assert cost.output_shape == (20, 20, 8 * 4)
    assert cost.macs == 3 * 3 * 8 * 20 * 20 * 4
    assert cost.params == layer.count_params() == 3 * 3 * 8 * 4 + 8 * 4


def test_seed003_vgg_has_about_144_million_parameters():
    """Olafenwa, "VGG": "about 144 million parameters". True of VGG19 (143,667,240);
    VGG16, the variant the course fine-tunes, has 138,357,544 (the Keras workshop's 138M).

    To keep the test fast the 123M-parameter classifier (Flatten, Dense 4096, Dense 4096,
    Dense 1000, as in keras.applications.VGG19 and the paper) is zero-initialised on top
    of the keras.applications convolutional base; random initialisation of the full
    model takes seconds and does not change the count."""
    SEED_MILLIONS = 144
    base = keras.applications.VGG19(include_top=False, weights=None, input_shape=(224, 224, 3))
    zeros = "zeros"
    vgg19 = keras.Sequential(
        [
            keras.Input((224, 224, 3)),
            base,
            L.Flatten(),
            L.Dense(4096, activation="relu", kernel_initializer=zeros),
            L.Dense(4096, activation="relu", kernel_initializer=zeros),
            L.Dense(1000, activation="softmax", kernel_initializer=zeros),
        ]
    )
    totals = model_totals(vgg19)
    assert totals["params"] == vgg19.count_params()
    assert round(totals["params"] / 1e6) == SEED_MILLIONS
    assert "vgg19/block5_conv4" in {c.name for c in model_costs(vgg19)}


def test_seed003_se_module_and_mobile_minimodel_parameters():
    """Olafenwa's SE module (GlobalAveragePooling, Dense, Dense, multiply) and its mobile
    MiniModel on CIFAR-10 (BatchNormalization, DepthwiseConv2D, add, MaxPooling,
    AveragePooling, Dropout, Flatten, Dense): formula parameters equal Keras'."""

    def se_module(x, filters, ratio=16):
        se = L.GlobalAveragePooling2D()(x)
        se = L.Dense(filters // ratio, activation="relu")(se)
        se = L.Dense(filters, activation="sigmoid")(se)
        return L.multiply([x, se])

    def unit(x, filters, pool=False):
        res = x
        if pool:
            x = L.MaxPooling2D(2)(x)
            res = L.Conv2D(filters, 1, strides=2, padding="same")(res)
        out = L.BatchNormalization()(x)
        out = L.Activation("relu")(out)
        out = L.DepthwiseConv2D(3, padding="same")(out)
        out = L.BatchNormalization()(out)
        out = L.Activation("relu")(out)
        out = L.Conv2D(filters, 1, padding="same")(out)
        return se_module(L.add([res, out]), filters)

    images = keras.Input((32, 32, 3))
    net = L.Conv2D(32, 3, padding="same")(images)
    for filters, pool in [(32, False), (64, True), (64, False), (128, True), (256, True)]:
        net = unit(net, filters, pool)
    net = L.BatchNormalization()(net)
    net = L.Dropout(0.25)(L.Activation("relu")(net))
    net = L.Flatten()(L.AveragePooling2D(4)(net))
    model = keras.Model(images, L.Dense(10, activation="softmax")(net))
    totals = model_totals(model)
    assert totals["params"] == model.count_params()
    assert totals["trainable_params"] == keras_trainable(model)
    assert totals["non_trainable_params"] == keras_non_trainable(model)
    types = {c.type for c in model_costs(model)}
    assert {
        "GlobalAveragePooling2D",
        "Multiply",
        "Add",
        "MaxPooling2D",
        "AveragePooling2D",
        "DepthwiseConv2D",
        "BatchNormalization",
        "Dense",
    } <= types


# --------------------------------------------------------------------------- every layer type


@pytest.mark.parametrize(
    ("make", "input_shape"),
    [
        (lambda: L.Conv1D(5, 3), (20, 4)),
        (lambda: L.Conv2D(6, (3, 2), strides=2, padding="same"), (9, 9, 4)),
        (lambda: L.Conv2D(6, 3, groups=2, use_bias=False), (9, 9, 4)),
        (lambda: L.Conv3D(3, 2), (5, 5, 5, 2)),
        (lambda: L.Conv2DTranspose(5, 3, strides=2), (6, 6, 4)),
        (lambda: L.DepthwiseConv2D(3, depth_multiplier=2), (9, 9, 4)),
        (lambda: L.DepthwiseConv1D(3), (12, 4)),
        (lambda: L.SeparableConv2D(7, 3, depth_multiplier=2), (9, 9, 4)),
        (lambda: L.SeparableConv1D(7, 3), (12, 4)),
        (lambda: L.Dense(7), (3, 5)),
        (lambda: L.Dense(7, use_bias=False), (5,)),
        (lambda: L.BatchNormalization(), (6, 6, 5)),
        (lambda: L.BatchNormalization(center=False), (6, 6, 5)),
        (lambda: L.BatchNormalization(axis=1), (5, 6, 6)),
        (lambda: L.PReLU(shared_axes=[1, 2]), (6, 6, 5)),
        (lambda: L.PReLU(), (6, 6, 5)),
        (lambda: L.Embedding(100, 8), (10,)),
        (lambda: L.Normalization(), (6, 6, 5)),
        (lambda: L.Normalization(axis=None), (6, 6, 5)),
        (lambda: L.Normalization(axis=(1, 2)), (6, 4, 5)),
        (lambda: L.Normalization(axis=1), (5, 6, 6)),
        (lambda: L.Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 9.0]), (4, 4, 3)),
    ],
)
def test_parameters_match_keras_for_every_weighted_layer(make, input_shape):
    cost, layer = single(make(), input_shape)
    assert cost.params == layer.count_params()
    assert cost.trainable_params == keras_trainable(layer)
    assert cost.non_trainable_params == keras_non_trainable(layer)


def test_macs_by_hand_for_small_layers():
    """Multiply-adds of small layers, computed by hand in the comments."""
    # Conv2D 3x3, 2 -> 4 channels, 5x5 valid: 3x3 outputs * (3*3*2) * 4 = 648; bias 36
    conv, _ = single(L.Conv2D(4, 3), (5, 5, 2))
    assert (conv.output_shape, conv.macs, conv.other_ops) == ((3, 3, 4), 648, 36)
    # stride 2, same padding on 6x6: 3x3 outputs * 3*3*2 * 4 = 648
    strided, _ = single(L.Conv2D(4, 3, strides=2, padding="same"), (6, 6, 2))
    assert strided.macs == 648
    # groups=2: each output channel sees 2 of the 4 input channels: 3*3 * (3*3*2) * 6
    grouped, _ = single(L.Conv2D(6, 3, groups=2), (5, 5, 4))
    assert grouped.macs == 9 * 18 * 6
    # Depthwise 3x3 on 5x5x2, valid, D=1: 3*3 outputs * 3*3 * 2 = 162
    dw, _ = single(L.DepthwiseConv2D(3), (5, 5, 2))
    assert dw.macs == 162
    # Separable 3x3 -> 4 maps: depthwise 162 + pointwise 3*3 outputs * 2 * 4 = 72
    sep, _ = single(L.SeparableConv2D(4, 3), (5, 5, 2))
    assert sep.macs == 162 + 72
    # Dense on a (3, 5) input acts per row: 3 * 5 * 7 = 105, bias adds 21
    dense, _ = single(L.Dense(7), (3, 5))
    assert (dense.macs, dense.other_ops) == (105, 21)
    # Conv2DTranspose 2x2 stride 2, 3x3x2 -> 6x6x4: every input pixel * 2*2 * 2 * 4 = 288
    tconv, _ = single(L.Conv2DTranspose(4, 2, strides=2), (3, 3, 2))
    assert (tconv.output_shape, tconv.macs) == ((6, 6, 4), 288)
    # BatchNormalization: one multiply-add per element; 4 parameters per channel
    bn, _ = single(L.BatchNormalization(), (4, 4, 3))
    assert (bn.macs, bn.params, bn.non_trainable_params) == (48, 12, 6)
    # MaxPooling 2x2 on 4x4x3: 0 MACs, 2x2x3 outputs * 4 window reads = 48 other ops
    pool, _ = single(L.MaxPooling2D(2), (4, 4, 3))
    assert (pool.macs, pool.other_ops, pool.output_shape) == (0, 48, (2, 2, 3))
    gap, _ = single(L.GlobalAveragePooling2D(), (4, 4, 3))
    assert (gap.macs, gap.other_ops, gap.output_shape) == (0, 48, (3,))
    # Add of three 4x4x3 tensors: 2 additions per element; Multiply of two: 1
    a, b, c = (keras.Input((4, 4, 3)) for _ in range(3))
    add, mul = L.Add(), L.Multiply()
    add([a, b, c])
    mul([a, b])
    assert (layer_cost(add).macs, layer_cost(add).other_ops) == (0, 96)
    assert (layer_cost(mul).macs, layer_cost(mul).other_ops) == (0, 48)
    for free in (L.Activation("relu"), L.Dropout(0.5), L.Flatten(), L.ReLU()):
        cost, _ = single(free, (4, 4, 3))
        assert (cost.macs, cost.other_ops, cost.params) == (0, 0, 0)


def test_adapted_normalization_in_front_of_a_model_matches_keras():
    """The notebook's input pipeline: an adapted Normalization (bytes -> standardised),
    the random augmentation layers, then a small pre-activation network, as one model.
    Normalization stores mean and variance per channel plus a scalar example count, all
    non-trainable; it costs one operation per element and no multiply-adds."""
    import numpy as np

    images = np.random.default_rng(0).uniform(0, 255, (20, 8, 8, 3)).astype("float32")
    normalize = L.Normalization(axis=-1)
    normalize.adapt(images)
    inputs = keras.Input((8, 8, 3))
    x = L.BatchNormalization()(inputs)
    x = L.ReLU()(x)
    x = L.Conv2D(4, 3, padding="same")(x)
    x = L.GlobalAveragePooling2D()(x)
    network = keras.Model(inputs, L.Dense(10)(x))
    model = keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            normalize,
            L.RandomFlip("horizontal"),
            L.RandomRotation(0.05),
            network,
        ]
    )
    rows = costs_by_name(model)
    norm = rows[normalize.name]
    # 3 means + 3 variances + 1 count; (x - mean) / std on 8*8*3 elements
    assert (norm.params, norm.trainable_params, norm.non_trainable_params) == (7, 0, 7)
    assert (norm.macs, norm.other_ops, norm.output_shape) == (0, 8 * 8 * 3, (8, 8, 3))
    totals = model_totals(model)
    assert totals["params"] == model.count_params()
    assert totals["trainable_params"] == keras_trainable(model)
    assert totals["non_trainable_params"] == keras_non_trainable(model) == 7 + 2 * 3
    assert totals["macs"] == model_totals(network)["macs"]  # the front end adds no MACs
    # Built with constants, it stores nothing but still does the per-element work.
    fixed = L.Normalization(mean=[1.0, 2.0, 3.0], variance=[1.0, 4.0, 9.0])
    cost, _ = single(fixed, (8, 8, 3))
    assert (cost.params, cost.macs, cost.other_ops) == (0, 0, 8 * 8 * 3)


def test_nested_frozen_vgg16_base_is_expanded():
    """The course's transfer-learning model: a frozen VGG16 base inside a Sequential."""
    base = keras.applications.VGG16(include_top=False, weights=None, input_shape=(32, 32, 3))
    base.trainable = False
    model = keras.Sequential(
        [
            keras.Input((32, 32, 3)),
            base,
            L.Flatten(),
            L.Dense(64, activation="relu"),
            L.Dropout(0.2),
            L.Dense(16),
        ]
    )
    rows = model_costs(model)
    assert "vgg16/block1_conv1" in {r.name for r in rows}
    totals = model_totals(model)
    assert totals["params"] == model.count_params()
    assert totals["trainable_params"] == keras_trainable(model) == 512 * 64 + 64 + 64 * 16 + 16
    assert totals["non_trainable_params"] == keras_non_trainable(model) == base.count_params()
    # block1_conv1 at 32x32: 32*32 * 3*3*3 * 64
    assert {r.name: r for r in rows}["vgg16/block1_conv1"].macs == 32 * 32 * 27 * 64
    folded = model_costs(model, expand_nested=False)
    assert folded[0].name == "vgg16" and folded[0].output_shape == (1, 1, 512)
    assert folded[0].macs == sum(r.macs for r in rows if r.name.startswith("vgg16/"))
    assert layer_cost(base).params == base.count_params()


def test_shared_layer_charged_per_call_parameters_once():
    x = keras.Input((8, 8, 4))
    conv = L.Conv2D(4, 3, padding="same")
    model = keras.Model(x, conv(conv(x)))
    (row,) = [c for c in model_costs(model) if c.type == "Conv2D"]
    assert row.params == model.count_params() == 3 * 3 * 4 * 4 + 4
    assert row.macs == 2 * (8 * 8 * 3 * 3 * 4 * 4)


def test_unsupported_layer_with_weights_raises_naming_the_type():
    x = keras.Input((5, 7))
    model = keras.Model(x, L.LSTM(3)(x))
    with pytest.raises(UnsupportedLayerError, match="LSTM"):
        model_costs(model)
    norm = L.LayerNormalization()
    norm(keras.Input((4, 6)))
    with pytest.raises(UnsupportedLayerError, match="LayerNormalization"):
        layer_cost(norm)


def test_unknown_weightless_layer_is_noted_and_unknown_shapes_refused():
    x = keras.Input((4, 4, 3))
    model = keras.Model(x, L.Lambda(lambda t: t * 2)(x))
    (row,) = [c for c in model_costs(model) if c.type == "Lambda"]
    assert row.macs == 0 and "Lambda" in row.note
    free = keras.Sequential([keras.Input((None, None, 3)), L.Conv2D(4, 3)])
    with pytest.raises(ValueError, match="unknown dimensions"):
        model_costs(free)
    with pytest.raises(ValueError, match="never been called"):
        layer_cost(L.Dense(3))


def test_costs_table_and_format_table():
    model = _seed003_224_model()
    rows = costs_table(model)
    assert [r["layer"] for r in rows] == ["conv1", "pad1", "conv2"]
    assert sum(r["params"] for r in rows) == model.count_params()
    text = format_table(rows)
    total_line = text.splitlines()[-1]
    assert total_line.startswith("total")
    assert f"{model.count_params():,}" in total_line
    assert f"{model_totals(model)['macs']:,}" in total_line
    assert "1.79 GFLOPs" in total_line
    assert format_table(model) == text
    comparison = format_table(
        [
            {"model": "a", "params": 10, "accuracy": 0.7912},
            {"model": "b", "params": 2, "accuracy": 0.8},
        ],
        totals=False,
    )
    assert "0.7912" in comparison and "total" not in comparison


def test_a_base_built_for_any_image_size_is_counted_at_the_size_it_is_called_with():
    """Notebook 06's conv base takes keras.Input(shape=(None, None, 3)); inside a model with
    80x80 inputs its convolutions cost what they cost at 80x80."""
    base = keras.Sequential(
        [
            keras.Input(shape=(None, None, 3)),
            keras.layers.Conv2D(16, 3, padding="same"),
            keras.layers.MaxPooling2D(),
        ],
        name="conv_base",
    )
    model = keras.Sequential(
        [keras.Input(shape=(80, 80, 3)), base, keras.layers.Flatten(), keras.layers.Dense(3)]
    )
    totals = model_totals(model)
    assert totals["macs"] == 80 * 80 * 3 * 3 * 3 * 16 + 40 * 40 * 16 * 3
    assert totals["params"] == model.count_params()
