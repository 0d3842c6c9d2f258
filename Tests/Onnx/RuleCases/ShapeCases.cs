using DeepDream.Core.Onnx.Normalization;
using DeepDream.Tests.Support;
using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using AttributeProto = Onnx.AttributeProto;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Shape and resampling ops, with parameters constant or computed from Shape the way exporters
/// write them (Shape -> Gather -> Div -> Concat), so that only the run time knows them.
/// </summary>
internal static class ShapeCases
{
    // Before All, which reads it while the class initialises.
    private static readonly string[] CoordinateModes = ["half_pixel", "pytorch_half_pixel", "asymmetric", "align_corners"];

    public static readonly Case[] All =
    [
        C("Slice channel split at a computed half", [1, 4, 3, 3], t =>
        {
            var half = t.Op("Div", [Dim(t, 1), t.Editor.Int64s(2)]);
            var channel = t.Editor.Int64s(1);
            return t.Op("Mul", [t.Op("Slice", [t.Input, t.Editor.Int64s(0), half, channel]), t.Op("Slice", [t.Input, half, t.Editor.Int64s(long.MaxValue), channel])]);
        }),
        C("Slice computed negative int32 bounds, default axes", [1, 3, 6, 5], t =>
        {
            var starts = t.Op("Concat", [t.Editor.Int64s(0, 1), t.Op("Neg", [t.Op("Div", [Dim(t, 2), t.Editor.Int64s(2)])])], A.Int("axis", 0));
            var ends = t.Op("Concat", [t.Editor.Int64s(1, 100), t.Op("Sub", [Dim(t, 2), t.Editor.Int64s(8)])], A.Int("axis", 0));
            return t.Op("Slice", [t.Input, Int32(t, starts), Int32(t, ends)]);
        }),
        C("Slice clamped bounds", [1, 2, 5, 6], t => t.Op("Slice", [t.Input, t.Editor.Int64s(2, -100), t.Editor.Int64s(100, 3), t.Editor.Int64s(2, -1)])),
        C("Slice steps 2 and 3", [1, 2, 7, 8], t => t.Op("Slice", [t.Input, t.Editor.Int64s(0, 1), t.Editor.Int64s(100, 8), t.Editor.Int64s(2, 3), t.Editor.Int64s(2, 3)])),
        C("Slice negative steps, a start past the end", [1, 3, 5, 7], t => t.Op("Slice", [t.Input,
            t.Editor.Int64s(-1, 100, 6), t.Editor.Int64s(long.MinValue, 0, 0), t.Editor.Int64s(1, 2, 3), t.Editor.Int64s(-1, -2, -2)])),

        C("Pad computed pads", [1, 2, 4, 6], t => t.Op("Pad", [t.Input, t.Op("Concat",
            [t.Editor.Int64s(0, 0), t.Op("Div", [Dim(t, 2), t.Editor.Int64s(2)]), t.Editor.Int64s(1, 0, 0, 1), t.Op("Div", [Dim(t, 3), t.Editor.Int64s(3)])], A.Int("axis", 0))])),
        C("Pad computed pads with negatives and axes, opset 18", [1, 2, 4, 6], t => t.Op("Pad", [t.Input, t.Op("Concat",
            [t.Op("Div", [Dim(t, 3), t.Editor.Int64s(2)]), t.Editor.Int64s(1, -1), t.Op("Neg", [t.Op("Div", [Dim(t, 2), t.Editor.Int64s(4)])])], A.Int("axis", 0)),
            t.Constant([], [0.5]), t.Editor.Int64s(-1, 2)]), opset: 18),
        C("Pad negative constant pads", [1, 2, 4, 5], t => t.Op("Pad", [t.Input, t.Editor.Int64s(0, 0, -1, 2, 0, 0, 1, -2)])),
        C("Pad reflect", [1, 2, 5, 6], t => t.Op("Pad", [t.Input, t.Editor.Int64s(0, 0, 2, 1, 0, 0, 1, 3)], A.String("mode", "reflect"))),
        C("Pad edge", [1, 2, 4, 5], t => t.Op("Pad", [t.Input, t.Editor.Int64s(0, 0, 3, 1, 0, 0, 1, 6)], A.String("mode", "edge"))),
        C("Pad wrap with axes, opset 19", [1, 2, 4, 5], t => t.Op("Pad", [t.Input, t.Editor.Int64s(2, 1, 3, 2), "", t.Editor.Int64s(-1, 2)], A.String("mode", "wrap")), opset: 19),

        C("Reshape to a computed shape", [1, 2, 3, 4], t => t.Op("Mul", [t.Op("Reshape", [t.Input,
            t.Op("Concat", [Dim(t, 0), t.Op("Mul", [Dim(t, 2), Dim(t, 3)]), t.Editor.Int64s(-1)], A.Int("axis", 0))]), t.Random([1, 12, 2])])),
        C("Expand to more axes", [1, 3, 1, 4], t => t.Op("Mul", [t.Op("Expand", [t.Input, t.Editor.Int64s(2, 1, 3, 5, 1)]), t.Random([2, 1, 3, 5, 4])])),
        C("Expand to a computed shape", [1, 3, 4, 5], t =>
            t.Op("Mul", [t.Op("Expand", [t.Op("GlobalAveragePool", [t.Input]), t.Op("Shape", [t.Input])]), t.Random([1, 3, 4, 5])])),
        C("Tile", [1, 2, 3, 2], t => t.Op("Mul", [t.Op("Tile", [t.Input, t.Editor.Int64s(1, 2, 1, 3)]), t.Random([1, 4, 3, 6])])),
        C("Tile computed repeats", [1, 2, 3, 2], t =>
            t.Op("Mul", [t.Op("Tile", [t.Input, t.Op("Concat", [t.Editor.Int64s(2, 1, 1), Dim(t, 1)], A.Int("axis", 0))]), t.Random([2, 2, 3, 4])])),

        C("Gather repeated indices", [1, 3, 2, 3], t => t.Op("Mul", [t.Op("Gather", [t.Input, t.Editor.Int64s(2, 0, 2)], A.Int("axis", 1)), t.Random([1, 3, 2, 3])])),
        C("Gather negative indices, negative axis", [1, 2, 3, 4], t => t.Op("Gather", [t.Input, t.Editor.Int64s(-1, 0, -3)], A.Int("axis", -1))),
        C("Gather a scalar index", [1, 2, 3, 4], t => t.Op("Gather", [t.Input, t.Editor.Int64Scalar(1)], A.Int("axis", 2))),
        C("Gather 2-D indices", [1, 2, 3, 4], t => t.Op("Mul", [t.Op("Gather", [t.Input, t.Editor.AddConstant(DataType.Int64, [2, 2], [3, 1, 1, 1])], A.Int("axis", 3)), t.Random([1, 2, 3, 2, 2])])),
        C("Gather computed repeated indices", [1, 3, 2, 2], t =>
        {
            var channels = t.Op("Gather", [t.Op("Shape", [t.Input]), t.Editor.Int64Scalar(1)]);
            var twice = t.Op("Range", [t.Editor.Int64Scalar(0), t.Op("Mul", [channels, t.Editor.Int64Scalar(2)]), t.Editor.Int64Scalar(1)]);
            return t.Op("Mul", [t.Op("Gather", [t.Input, t.Op("Div", [twice, t.Editor.Int64Scalar(2)])], A.Int("axis", 1)), t.Random([1, 6, 2, 2])]);
        }),

        .. NearestCases(),
        .. LinearCases(),
        C("Resize nearest to the computed size of another tensor (FPN)", [1, 2, 6, 8], t =>
        {
            var small = t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 2, 2), A.Ints("strides", 2, 2));
            var sizes = t.Op("Concat", [Dims(t, small, 0, 2), Dims(t, t.Input, 2, 4)], A.Int("axis", 0));
            return t.Op("Add", [t.Input, t.Op("Mul", [Resize(t, small, "nearest", "asymmetric", "floor", sizes: sizes), t.Random([1, 2, 6, 8])])]);
        }),
        C("Resize linear by computed scales", [1, 2, 3, 4], t =>
        {
            var scales = t.Op("Cast", [t.Op("Concat", [t.Editor.Int64s(1, 1), t.Op("Div", [Dim(t, 1), t.Editor.Int64s(1)]), t.Editor.Int64s(3)], A.Int("axis", 0))], A.Int("to", (long)DataType.Float));
            return Weighted(t, Resize(t, t.Input, "linear", "half_pixel", scales: scales), [1, 2, 6, 12]);
        }),
        C("Resize linear with axes and sizes, opset 18", [1, 2, 3, 4], t =>
            Weighted(t, Resize(t, t.Input, "linear", "pytorch_half_pixel", sizes: t.Editor.Int64s(5, 3), axes: [2, 3]), [1, 2, 5, 3]), opset: 18),
        C("Resize nearest with negative axes and scales, opset 18", [1, 2, 3, 4], t =>
            Weighted(t, Resize(t, t.Input, "nearest", "half_pixel", "round_prefer_ceil", scales: FloatScales(t, 2.5, 1), axes: [-1, -2]), [1, 2, 3, 10]), opset: 18),
        C("Resize nearest half_pixel_symmetric, opset 19", [1, 2, 3, 4], t =>
            Weighted(t, Resize(t, t.Input, "nearest", "half_pixel_symmetric", "round_prefer_floor", sizes: t.Editor.Int64s(1, 2, 5, 7)), [1, 2, 5, 7]), opset: 19),
        C("Resize linear half_pixel_symmetric down, opset 19", [1, 2, 5, 7], t =>
            Weighted(t, Resize(t, t.Input, "linear", "half_pixel_symmetric", scales: FloatScales(t, 1, 1, 0.6, 0.5)), [1, 2, 3, 3]), opset: 19),
        C("Resize nearest tf_half_pixel_for_nn", [1, 2, 3, 4], t =>
            Weighted(t, Resize(t, t.Input, "nearest", "tf_half_pixel_for_nn", "ceil", scales: FloatScales(t, 1, 1, 1.5, 2)), [1, 2, 4, 8])),
        C("Upsample nearest at opset 9, upgraded", [1, 2, 3, 4], t =>
            Upgraded(t, Weighted(t, t.Op("Upsample", [t.Input, FloatScales(t, 1, 1, 2, 3)]), [1, 2, 6, 12])), opset: 9),
        C("Upsample linear at opset 7, upgraded", [1, 2, 3, 4], t =>
            Upgraded(t, Weighted(t, t.Op("Upsample", [t.Input], A.String("mode", "linear"), A.Floats("scales", 1, 1, 2, 1.5f)), [1, 2, 6, 6])), opset: 7),
        C("Split by num_outputs, opset 18", [1, 6, 4, 3], t =>
        {
            var parts = t.Op("Split", [t.Input], 3, A.Int("axis", 1), A.Int("num_outputs", 3));
            return t.Op("Mul", [parts[0], t.Op("Add", [parts[2], t.Random([1, 2, 4, 3])])]);
        }, opset: 18),
        C("Split, ReduceMean with axes input, Pad with axes at opset 21", [1, 4, 5, 3], t =>
        {
            var parts = t.Op("Split", [t.Input], 2, A.Int("axis", 1), A.Int("num_outputs", 2));
            var mean = t.Op("ReduceMean", [parts[1], t.Editor.Int64s(2)], A.Int("keepdims", 1));
            var padded = t.Op("Pad", [t.Op("Mul", [parts[0], mean]), t.Editor.Int64s(1, 2), t.Constant([], [0]), t.Editor.Int64s(-1)]);
            return t.Op("Mul", [padded, t.Random([1, 2, 5, 6])]);
        }, opset: 21),
    ];

    /// <summary>Each nearest_mode with each coordinate mode, at scale 2 and at sizes that scale H up and W down by non-integer factors.</summary>
    private static IEnumerable<Case> NearestCases() =>
        from rounding in new[] { "round_prefer_floor", "round_prefer_ceil", "floor", "ceil" }
        from coordinates in CoordinateModes
        from bySizes in new[] { false, true }
        select C($"Resize nearest {rounding} {coordinates} {(bySizes ? "sizes 5x3" : "scale 2")}", [1, 2, 3, 4], t => bySizes
            ? Weighted(t, Resize(t, t.Input, "nearest", coordinates, rounding, sizes: t.Editor.Int64s(1, 2, 5, 3)), [1, 2, 5, 3])
            : Weighted(t, Resize(t, t.Input, "nearest", coordinates, rounding, scales: FloatScales(t, 1, 1, 2, 2)), [1, 2, 6, 8]));

    /// <summary>Each coordinate mode up by scales 2 x 1.5 and down by sizes 3x4 -> 2x3.</summary>
    private static IEnumerable<Case> LinearCases() =>
        from coordinates in CoordinateModes
        from up in new[] { true, false }
        select C($"Resize linear {coordinates} {(up ? "up" : "down")}", [1, 2, 3, 4], t => up
            ? Weighted(t, Resize(t, t.Input, "linear", coordinates, scales: FloatScales(t, 1, 1, 2, 1.5)), [1, 2, 6, 6])
            : Weighted(t, Resize(t, t.Input, "linear", coordinates, sizes: t.Editor.Int64s(1, 2, 2, 3)), [1, 2, 2, 3]));

    private static string Resize(TestGraph t, string x, string mode, string coordinates, string? rounding = null,
        string scales = "", string sizes = "", long[]? axes = null)
    {
        var attributes = new List<AttributeProto> { A.String("mode", mode), A.String("coordinate_transformation_mode", coordinates) };
        if (rounding is not null)
            attributes.Add(A.String("nearest_mode", rounding));
        if (axes is not null)
            attributes.Add(A.Ints("axes", axes));
        return t.Op("Resize", sizes == "" ? [x, "", scales] : [x, "", "", sizes], [.. attributes]);
    }

    /// <summary>y times random weights, so that the gradient differs from one copy of an input element to the next.</summary>
    private static string Weighted(TestGraph t, string y, long[] shape) => t.Op("Mul", [y, t.Random(shape)]);

    /// <summary>Raises the test graph to opset 13 the way model normalisation does.</summary>
    private static string Upgraded(TestGraph t, string target)
    {
        OpsetUpgrade.Apply(t.Model, t.Editor);
        return target;
    }

    private static string FloatScales(TestGraph t, params double[] scales) => t.Editor.AddConstant(DataType.Float, [scales.Length], scales, "scales");

    /// <summary>dims [start, end) of x's shape, computed at run time.</summary>
    private static string Dims(TestGraph t, string x, long start, long end) =>
        t.Op("Slice", [t.Op("Shape", [x]), t.Editor.Int64s(start), t.Editor.Int64s(end)]);

    private static string Dim(TestGraph t, long axis) => Dims(t, t.Input, axis, axis + 1);

    private static string Int32(TestGraph t, string x) => t.Op("Cast", [x], A.Int("to", (long)DataType.Int32));
}
