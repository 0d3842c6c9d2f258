using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Graph;

/// <summary>
/// Small subgraphs that many gradient rules need. Shapes are read at run time (Shape, Slice)
/// so one graph serves every image size; ONNX Runtime folds them to constants when a session
/// fixes the size.
/// </summary>
public static class GraphOps
{
    public const long EndOfAxis = long.MaxValue;

    public static string Shape(this GraphEditor g, string x) => g.Op("Shape", [x]);

    /// <summary>
    /// The number of elements of x, an int64 scalar. The product of the shape rather than Size:
    /// ONNX Runtime folds Shape, not Size, once the image size is fixed.
    /// </summary>
    public static string ElementCount(this GraphEditor g, string x) =>
        g.Op("ReduceProd", [g.Shape(x)], Attributes.Int("keepdims", 0));

    /// <summary>The dims [start, end) of x's shape as a 1-D int64 tensor (end may be <see cref="EndOfAxis"/>).</summary>
    public static string Dims(this GraphEditor g, string x, long start, long end) =>
        g.Op("Slice", [g.Shape(x), g.Int64s(start), g.Int64s(end)]);

    /// <summary>t cropped to x's extent along the trailing spatial axes [2, 2+spatialRank), starting at 0.</summary>
    public static string CropSpatialTo(this GraphEditor g, string t, string x, int spatialRank)
    {
        var axes = Enumerable.Range(2, spatialRank).Select(a => (long)a).ToArray();
        return g.Op("Slice", [t, g.Int64s(new long[spatialRank]), g.Dims(x, 2, 2 + spatialRank), g.Int64s(axes)]);
    }

    /// <summary>A tensor of zeros with the shape of x, in the element type.</summary>
    public static string ZerosLike(this GraphEditor g, string x) =>
        g.Op("ConstantOfShape", [g.Shape(x)], Attributes.Tensor("value", Tensors.Create("zero", g.ElementType, [1], [0])));

    /// <summary>
    /// g where the mask holds, 0 elsewhere: g times the mask as 0 or 1, since ONNX Runtime's CPU
    /// kernels run Mul and Cast on every core and Where on one.
    /// </summary>
    public static string Masked(this GraphEditor g, string mask, string grad) =>
        g.Op("Mul", [grad, g.Op("Cast", [mask], Attributes.Int("to", (long)g.ElementType))]);

    public static string Sum(this GraphEditor g, IReadOnlyList<string> terms) =>
        terms.Count == 1 ? terms[0] : g.Op("Sum", terms.ToArray());

    /// <summary>The gradient of a broadcast operand x of an elementwise op whose other operands are others.</summary>
    public static string Unbroadcast(this GraphEditor g, string grad, string x, params string[] others) =>
        others.All(o => g.Constant(o) is { } c && c.Dims.Count <= 1 && Tensors.ElementCount(c) == 1)
            ? grad // scalar operands never change the other operand's shape
            : g.SumToShapeOf(grad, x);

    /// <summary>
    /// A gradient computed at a shape that x broadcasts to, summed back to x's shape: over the
    /// axes where x had size 1 (or did not exist), then reshaped to x's shape.
    /// </summary>
    public static string SumToShapeOf(this GraphEditor g, string grad, string x)
    {
        var gradShape = g.Shape(grad);
        var xShape = g.Shape(x);
        var missingRank = g.Op("Sub", [g.Op("Size", [gradShape]), g.Op("Size", [xShape])]);
        var leadingOnes = g.Op("ConstantOfShape", [g.Op("Reshape", [missingRank, g.Int64s(1)])],
            Attributes.Tensor("value", Tensors.Create("one", DataType.Int64, [1], [1])));
        var xShapeAligned = g.Op("Concat", [leadingOnes, xShape], Attributes.Int("axis", 0));
        var broadcastAxes = g.Op("Reshape", [g.Op("NonZero", [g.Op("Not", [g.Op("Equal", [xShapeAligned, gradShape])])]), g.Int64s(-1)]);
        var reduced = g.Op("ReduceSum", [grad, broadcastAxes], Attributes.Int("keepdims", 1), Attributes.Int("noop_with_empty_axes", 1));
        return g.Op("Reshape", [reduced, xShape]);
    }

    /// <summary>
    /// Interleaves an s x s grid of [N, C, h, w] phases into [N, C, h*s, w*s], phase (i, j) landing
    /// on rows i, i+s, ... and columns j, j+s, ... (DepthToSpace's CRD order). Written as
    /// concatenations along new innermost axes, which ONNX Runtime's CPU provider copies much
    /// faster than it runs DepthToSpace.
    /// </summary>
    public static string Interleave(this GraphEditor g, IReadOnlyList<IReadOnlyList<string>> phases)
    {
        var rows = phases.Select(row =>
        {
            var columns = g.Op("Concat", row.Select(p => g.Op("Unsqueeze", [p, g.Int64s(4)])).ToArray(), Attributes.Int("axis", 4));
            return g.Op("Reshape", [columns, g.Int64s(0, 0, 0, -1)]);
        }).ToArray();
        var stacked = g.Op("Concat", rows.Select(r => g.Op("Unsqueeze", [r, g.Int64s(3)])).ToArray(), Attributes.Int("axis", 3));
        var shape = g.Op("Concat", [g.Dims(rows[0], 0, 2), g.Int64s(-1), g.Dims(rows[0], 3, 4)], Attributes.Int("axis", 0));
        return g.Op("Reshape", [stacked, shape]);
    }

    /// <summary>The number of elements in one channel of x [N, C, ...], in the element type.</summary>
    public static string SpatialSize(this GraphEditor g, string x) =>
        g.ToElementType(g.Op("ReduceProd", [g.Dims(x, 2, EndOfAxis)], Attributes.Int("keepdims", 0)));

    /// <summary>A [C] vector reshaped to [C, 1, ..., 1] so that it broadcasts along axis 1 of x.</summary>
    public static string AlongChannels(this GraphEditor g, string vector, string x)
    {
        var spatialRank = g.Op("Sub", [g.Op("Size", [g.Shape(x)]), g.AddConstant(DataType.Int64, [], [2])]);
        var ones = g.Op("ConstantOfShape", [g.Op("Reshape", [spatialRank, g.Int64s(1)])],
            Attributes.Tensor("value", Tensors.Create("one", DataType.Int64, [1], [1])));
        return g.Op("Reshape", [vector, g.Op("Concat", [g.Int64s(-1), ones], Attributes.Int("axis", 0))]);
    }

    /// <summary>For each channel c of t [N, C, ...], the sum of t over the channels [c - before, c + after] that exist.</summary>
    public static string ChannelBandSum(this GraphEditor g, string t, long before, long after)
    {
        var folded = g.Op("Reshape", [t, g.Op("Concat", [g.Dims(t, 0, 1), g.Int64s(1), g.Dims(t, 1, 2), g.Int64s(-1)], Attributes.Int("axis", 0))]);
        var size = before + after + 1;
        var ones = g.AddConstant(g.ElementType, [1, 1, size, 1], Enumerable.Repeat(1.0, (int)size).ToArray(), "band");
        var summed = g.Op("Conv", [folded, ones], Attributes.Ints("pads", before, 0, after, 0));
        return g.Op("Reshape", [summed, g.Shape(t)]);
    }

    /// <summary>
    /// A Reduce* op over constant axes (all axes when empty), in the form of the graph's opset:
    /// ReduceSum takes its axes as an input from opset 13, the other reductions from opset 18.
    /// </summary>
    public static string Reduce(this GraphEditor g, string opType, string x, long[] axes, bool keepDims)
    {
        var keep = Attributes.Int("keepdims", keepDims ? 1 : 0);
        if (axes.Length == 0)
            return g.Op(opType, [x], keep);
        return AxesAreInput(opType, g.Opset)
            ? g.Op(opType, [x, g.Int64s(axes)], keep)
            : g.Op(opType, [x], keep, Attributes.Ints("axes", axes));
    }

    /// <summary>Whether a Reduce* op of this opset takes its axes as an input rather than an attribute.</summary>
    public static bool AxesAreInput(string reduceOp, long opset) => opset >= (reduceOp == "ReduceSum" ? 13 : 18);

    /// <summary>0, step, 2 step, ... below limit (an int64 scalar), as a 1-D int64 tensor.</summary>
    public static string Range(this GraphEditor g, string limit, long step = 1) =>
        g.Op("Range", [g.Int64Scalar(0), limit, g.Int64Scalar(step)]);

    /// <summary>An index tensor (int32 or int64) as int64.</summary>
    public static string ToInt64(this GraphEditor g, string x) =>
        g.Op("Cast", [x], Attributes.Int("to", (long)DataType.Int64));

    /// <summary>
    /// t padded with zeros along some of its axes: axes, before and after are 1-D int64 tensors of
    /// equal length (axes may be negative), known only at run time if need be.
    /// </summary>
    public static string PadAlong(this GraphEditor g, string t, string axes, string before, string after)
    {
        var zeros = g.Op("ConstantOfShape", [g.Shape(g.Shape(t))], Attributes.Tensor("value", Tensors.Create("zero", DataType.Int64, [1], [0])));
        var pads = g.Op("Concat", [g.Op("ScatterElements", [zeros, axes, before]), g.Op("ScatterElements", [zeros, axes, after])], Attributes.Int("axis", 0));
        return g.Op("Pad", [t, pads]);
    }

    /// <summary>Casts an int64 scalar or vector to the element type.</summary>
    public static string ToElementType(this GraphEditor g, string x) =>
        g.Op("Cast", [x], Attributes.Int("to", (long)g.ElementType));
}
