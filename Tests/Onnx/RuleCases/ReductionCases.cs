using DeepDream.Core.Onnx.Graph;
using DeepDream.Tests.Support;
using Onnx;
using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;

namespace DeepDream.Tests.Onnx;

internal static class ReductionCases
{
    public static readonly Case[] All =
    [
        C("ReduceMean axes attribute [2, 3] keepdims 1", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMean", t.Input, [2, 3], keepDims: true)),
        C("ReduceMean axes attribute [1] keepdims 0", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMean", t.Input, [1], keepDims: false)),
        C("ReduceMean axes input [-1] keepdims 0", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMean", t.Input, [-1], keepDims: false), opset: 18),
        C("ReduceMean all axes keepdims 0", [1, 2, 3, 4], t => t.Editor.Reduce("ReduceMean", Weighted(t, t.Input, [1, 2, 3, 4]), [], keepDims: false)),
        C("ReduceMean empty axes input with noop_with_empty_axes", [1, 2, 3, 4], t => Weighted(t, t.Op("ReduceMean",
            [t.Input, t.Editor.Int64s()], A.Int("noop_with_empty_axes", 1)), [1, 2, 3, 4]), opset: 18),
        C("ReduceSum axes input [1, 3] keepdims 0", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceSum", t.Input, [1, 3], keepDims: false)),
        C("ReduceSum all axes keepdims 1", [1, 2, 3, 4], t => t.Editor.Reduce("ReduceSum", Weighted(t, t.Input, [1, 2, 3, 4]), [], keepDims: true)),
        C("ReduceMax axes attribute [1] keepdims 0", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMax", t.Input, [1], keepDims: false)),
        C("ReduceMax axes input [2, 3] keepdims 1", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMax", t.Input, [2, 3], keepDims: true), opset: 18),
        C("ReduceMax with every maximum tied twice", [1, 3, 4, 5], t => t.Op("ReduceMax",
            [t.Op("Concat", [t.Input, t.Input], A.Int("axis", 1))], A.Ints("axes", 1), A.Int("keepdims", 0))),
        C("ReduceMin axes attribute [3] keepdims 1", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceMin", t.Input, [3], keepDims: true)),
        C("ReduceL2 axes attribute [2, 3] keepdims 0", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceL2", t.Input, [2, 3], keepDims: false)),
        C("ReduceL2 axes input [1] keepdims 1", [1, 3, 4, 5], t => t.Editor.Reduce("ReduceL2", t.Input, [1], keepDims: true), opset: 18),
        C("GlobalMaxPool", [1, 3, 5, 4], t => Weighted(t, t.Op("GlobalMaxPool", [t.Input]), [1, 3, 1, 1])),
        C("GlobalMaxPool with every maximum tied twice", [1, 3, 5, 4], t => t.Op("GlobalMaxPool", [t.Op("Concat", [t.Input, t.Input], A.Int("axis", 2))])),
        C("LayerNormalization over the last axis", [1, 2, 3, 4], t => Weighted(t, t.Op("LayerNormalization",
            [t.Input, t.Random([4]), t.Random([4])], A.Float("epsilon", 1e-3f)), [1, 2, 3, 4]), opset: 17),
        C("LayerNormalization over axes [1..], no bias", [1, 2, 3, 4], t => Weighted(t, t.Op("LayerNormalization",
            [t.Input, t.Random([2, 3, 4])], A.Int("axis", 1)), [1, 2, 3, 4]), opset: 17),
        C("InstanceNormalization", [1, 3, 4, 5], t => Weighted(t, t.Op("InstanceNormalization",
            [t.Input, t.Random([3]), t.Random([3])], A.Float("epsilon", 1e-3f)), [1, 3, 4, 5])),
        C("GroupNormalization per group (opset 18)", [1, 4, 3, 5], t => Weighted(t, t.Op("GroupNormalization",
            [t.Input, t.Random([2]), t.Random([2])], A.Int("num_groups", 2), A.Float("epsilon", 1e-3f)), [1, 4, 3, 5]), opset: 18),
        C("GroupNormalization per channel (opset 21)", [1, 4, 3, 5], t => Weighted(t, t.Op("GroupNormalization",
            [t.Input, t.Random([4]), t.Random([4])], A.Int("num_groups", 2), StashedAs(t)), [1, 4, 3, 5]), opset: 21),
        C("SpaceToDepth", [1, 2, 4, 6], t => Weighted(t, t.Op("SpaceToDepth", [t.Input], A.Int("blocksize", 2)), [1, 8, 2, 3])),
        C("DepthToSpace DCR", [1, 8, 2, 3], t => Weighted(t, t.Op("DepthToSpace", [t.Input], A.Int("blocksize", 2), A.String("mode", "DCR")), [1, 2, 4, 6])),
        C("DepthToSpace CRD", [1, 8, 2, 3], t => Weighted(t, t.Op("DepthToSpace", [t.Input], A.Int("blocksize", 2), A.String("mode", "CRD")), [1, 2, 4, 6])),
        C("Einsum with a constant operand, implicit output", [1, 2, 3, 4], t => t.Op("Einsum",
            [t.Input, t.Random([5, 2])], A.String("equation", "nchw,kc"))),
        C("Einsum with both operands on the path", [1, 2, 3, 3], t => t.Op("Einsum",
            [t.Input, t.Op("Sigmoid", [t.Input])], A.String("equation", "ncij,ncjk->ncik"))),
        C("Einsum of one operand, summed and transposed", [1, 2, 3, 4], t => Weighted(t, t.Op("Einsum",
            [t.Input], A.String("equation", "nchw->nwc")), [1, 4, 2])),
    ];

    /// <summary>Normalisation in the element type, so that a float64 check is not limited by float32 precision (the default stash_type).</summary>
    private static AttributeProto StashedAs(TestGraph t) => A.Int("stash_type", (long)t.ElementType);

    /// <summary>y [dims] times random weights, so that the loss depends on where each element of y comes from.</summary>
    private static string Weighted(TestGraph t, string y, long[] dims) => t.Op("Mul", [y, t.Random(dims)]);
}
