using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// MaxPool, exact for overlapping windows, pads and ceil_mode: for each kernel position, the
/// strided view of the padded input is compared with the output; the first position that holds
/// the maximum takes the window's gradient; the per-position gradients are added back onto the
/// input (<see cref="PoolScatter"/>). No scatter-with-reduction op is needed, so every
/// execution provider runs it.
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

        // Padding the end by stride - 1 more makes room for ceil_mode's last, partial window.
        long[] pads = [0, 0, w.PadsBegin[0], w.PadsBegin[1], 0, 0, w.PadsEnd[0] + w.Strides[0] - 1, w.PadsEnd[1] + w.Strides[1] - 1];
        var padded = g.Op("Pad", [x, g.Int64s(pads), g.Scalar(-float.MaxValue)]);
        var outputSize = g.Dims(y, 2, 4);
        var strides = g.Int64s(w.Strides);
        var stridedOutputSize = g.Op("Mul", [outputSize, strides]);

        var perPosition = new List<string>();
        string? taken = null;
        for (long i = 0; i < w.Kernel[0]; i++)
        for (long j = 0; j < w.Kernel[1]; j++)
        {
            long[] start = [i * w.Dilations[0], j * w.Dilations[1]];
            var end = g.Op("Add", [stridedOutputSize, g.Int64s(start[0] - w.Strides[0] + 1, start[1] - w.Strides[1] + 1)]);
            var view = g.Op("Slice", [padded, g.Int64s(start), end, g.Int64s(2, 3), strides]);
            var isMax = g.Op("Equal", [view, y]);
            var wins = taken is null ? isMax : g.Op("And", [isMax, g.Op("Not", [taken])]);
            taken = taken is null ? isMax : g.Op("Or", [taken, isMax]);
            perPosition.Add(g.Masked(wins, grad));
        }

        c.SetInputGradient(0, PoolScatter.Scatter(g, perPosition, x, y, w));
    }
}
