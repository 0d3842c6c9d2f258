using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// MaxPool, exact for overlapping windows, pads, dilations and ceil_mode. For each kernel
/// position, the input values seen at that position by every window (a strided slice of the
/// padded input) are compared with the window's maximum; the first position in scan order that
/// holds it, as ONNX Runtime's Indices output would name it, receives the window's gradient,
/// and each position's share is added back onto the input (<see cref="PoolScatter"/>). The
/// forward MaxPool keeps its single output, and no index arithmetic is needed.
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
        // A ceil_mode window may reach up to a stride past the end padding; it sees nothing there.
        long[] pads = [0, 0, w.PadsBegin[0], w.PadsBegin[1], 0, 0, w.PadsEnd[0] + w.Strides[0], w.PadsEnd[1] + w.Strides[1]];
        var padded = g.Op("Pad", [x, g.Int64s(pads), g.Scalar(double.NegativeInfinity)]);
        var windowCount = g.Dims(y, 2, 4);
        var span = g.Op("Mul", [windowCount, g.Int64s(w.Strides)]);

        var perPosition = new List<string>();
        string? taken = null;
        for (long i = 0; i < w.Kernel[0]; i++)
        for (long j = 0; j < w.Kernel[1]; j++)
        {
            long[] first = [i * w.Dilations[0], j * w.Dilations[1]];
            var ends = g.Op("Add", [span, g.Int64s(first[0] + 1 - w.Strides[0], first[1] + 1 - w.Strides[1])]);
            var seen = g.Op("Slice", [padded, g.Int64s(first), ends, g.Int64s(2, 3), g.Int64s(w.Strides)]);
            var isMaximum = g.Op("Equal", [seen, y]);
            var firstMaximum = taken is null ? isMaximum : g.Op("And", [isMaximum, g.Op("Not", [taken])]);
            taken = taken is null ? isMaximum : g.Op("Or", [taken, isMaximum]);
            perPosition.Add(g.Masked(firstMaximum, grad));
        }
        c.SetInputGradient(0, PoolScatter.Scatter(g, perPosition, x, y, w));
    }
}
