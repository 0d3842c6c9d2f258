using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// MaxPool, exact for overlapping windows, pads, dilations and ceil_mode. The forward node is
/// asked for its Indices output (the flat input index of each window's maximum, the first one
/// in scan order on ties); from it, the kernel position of each window's maximum is computed,
/// and each position's share of the gradient is added back onto the input
/// (<see cref="PoolScatter"/>). No scatter op is needed, so every execution provider runs it.
/// </summary>
internal sealed class MaxPoolGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["MaxPool"];

    public void Backward(GradientContext c)
    {
        var w = WindowAttributes.Read(c, kernelFromWeights: false);
        if (w.SpatialRank != 2)
            throw c.Unsupported("only 2-D pooling is supported");
        if (c.Node.GetInt("storage_order", 0) != 0)
            throw c.Unsupported("storage_order 1 is not supported");
        var g = c.Graph;
        var (x, y, grad) = (c.Input(0), c.Output(0), c.Gradient);
        var position = KernelPositionOfMaximum(g, c.Node, x, y, w);
        var perPosition = new List<string>();
        for (long k = 0; k < w.Kernel[0] * w.Kernel[1]; k++)
            perPosition.Add(g.Masked(g.Op("Equal", [position, g.AddConstant(DataType.Int64, [], [k], "kernel_position")]), grad));
        c.SetInputGradient(0, PoolScatter.Scatter(g, perPosition, x, y, w));
    }

    /// <summary>[N, C, OH, OW] int64: i * kw + j for the kernel position (i, j) that holds each window's maximum.</summary>
    private static string KernelPositionOfMaximum(GraphEditor g, global::Onnx.NodeProto node, string x, string y, WindowAttributes w)
    {
        if (node.Output.Count < 2 || node.Output[1].Length == 0)
        {
            while (node.Output.Count < 2) node.Output.Add("");
            node.Output[1] = g.FreshName("maxpool_indices");
        }
        var indices = node.Output[1];
        var inputSize = g.Dims(x, 2, 4);
        var height = g.Op("Slice", [inputSize, g.Int64s(0), g.Int64s(1)]);
        var width = g.Op("Slice", [inputSize, g.Int64s(1), g.Int64s(2)]);
        var withinPlane = g.Op("Mod", [indices, g.Op("Mul", [height, width])]);
        var row = g.Op("Div", [withinPlane, width]);
        var column = g.Op("Mod", [withinPlane, width]);
        var i = g.Op("Div", [g.Op("Sub", [row, WindowStarts(g, y, 2, w.Strides[0], w.PadsBegin[0], [1, 1, -1, 1])]), g.Int64s(w.Dilations[0])]);
        var j = g.Op("Div", [g.Op("Sub", [column, WindowStarts(g, y, 3, w.Strides[1], w.PadsBegin[1], [1, 1, 1, -1])]), g.Int64s(w.Dilations[1])]);
        return g.Op("Add", [g.Op("Mul", [i, g.Int64s(w.Kernel[1])]), j]);
    }

    /// <summary>Where each window starts along an axis, o * stride - pad, shaped to broadcast along that axis.</summary>
    private static string WindowStarts(GraphEditor g, string y, int axis, long stride, long pad, long[] shape)
    {
        var count = g.Op("Squeeze", [g.Dims(y, axis, axis + 1), g.Int64s(0)]);
        var outputIndex = g.Op("Range", [g.AddConstant(DataType.Int64, [], [0], "zero"), count, g.AddConstant(DataType.Int64, [], [1], "one")]);
        var starts = g.Op("Sub", [g.Op("Mul", [outputIndex, g.Int64s(stride)]), g.Int64s(pad)]);
        return g.Op("Reshape", [starts, g.Int64s(shape)]);
    }
}
