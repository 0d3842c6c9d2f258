using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// MaxPool, exact for overlapping windows, pads, dilations and ceil_mode: each window's gradient
/// goes to the first position in scan order that holds its maximum, the position ONNX Runtime's
/// Indices output names. In CPU graphs the forward MaxPool gives that Indices output and the
/// gradients are scattered onto it (ScatterElements adding where windows share a maximum). In GPU
/// graphs, which hold no int64 maps, the input values seen at each kernel position by every window
/// are compared with the window's maximum, and each position's share is added back onto the
/// input (<see cref="PoolScatter"/>).
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
        if (c.Graph.Target == GraphTarget.Cpu)
            c.SetInputGradient(0, ThroughIndices(c));
        else
            c.SetInputGradient(0, ThroughComparisons(c, w));
    }

    /// <summary>
    /// Each window's gradient added at the flat input index of its maximum. The Indices output is
    /// the model's own when it has one, else added to the forward node.
    /// </summary>
    private static string ThroughIndices(GradientContext c)
    {
        var g = c.Graph;
        var (x, grad) = (c.Input(0), c.Gradient);
        if (c.Node.Output.Count < 2 || c.Node.Output[1].Length == 0)
        {
            var added = g.FreshName("maxpool_indices");
            if (c.Node.Output.Count < 2)
                c.Node.Output.Add(added);
            else
                c.Node.Output[1] = added;
        }
        var indices = c.Output(1);
        var everything = g.Int64s(-1);
        var zeros = g.Op("Reshape", [g.ZerosLike(x), everything]);
        var scattered = g.Op("ScatterElements", [zeros, g.Op("Reshape", [indices, everything]), g.Op("Reshape", [grad, everything])],
            Attributes.Int("axis", 0), Attributes.String("reduction", "add"));
        return g.Op("Reshape", [scattered, g.Shape(x)]);
    }

    private static string ThroughComparisons(GradientContext c, WindowAttributes w)
    {
        var g = c.Graph;
        var (x, y, grad) = (c.Input(0), c.Output(0), c.Gradient);
        var seen = w.Strides[0] == w.Strides[1] && w.Dilations.All(d => d == 1)
            ? SeenThroughPhases(g, x, y, w)
            : SeenThroughStridedSlices(g, x, y, w);

        // What a window has not yet given to an earlier position: once the first maximum takes
        // it, nothing is left for a tied one, in exact arithmetic (r - r*1 = 0, r - r*0 = r).
        var views = seen.ToList();
        var perPosition = new List<string>();
        var remaining = grad;
        foreach (var values in views)
        {
            var share = g.Masked(g.Op("Equal", [values, y]), remaining);
            perPosition.Add(share);
            if (perPosition.Count < views.Count)
                remaining = g.Op("Sub", [remaining, share]);
        }
        return PoolScatter.Scatter(g, perPosition, x, y, w);
    }

    /// <summary>
    /// For each kernel position, row-major, the [N, C, OH, OW] values that the windows see there.
    /// The input is padded with -infinity, split into its s x s stride phases by one
    /// SpaceToDepth, and each position is a plain block of its phase: contiguous copies, where
    /// strided slices would gather element by element.
    /// </summary>
    private static IEnumerable<string> SeenThroughPhases(GraphEditor g, string x, string y, WindowAttributes w)
    {
        var s = w.Strides[0];
        // The end padding covers a ceil_mode window's overhang and rounds the size up to a multiple of s.
        var reach = g.Op("Add", [g.Dims(x, 2, 4), g.Int64s(w.PadsBegin[0] + w.PadsEnd[0] + s, w.PadsBegin[1] + w.PadsEnd[1] + s)]);
        var roundUp = g.Op("Mod", [g.Op("Sub", [g.Int64s(s, s), g.Op("Mod", [reach, g.Int64s(s, s)])]), g.Int64s(s, s)]);
        var end = g.Op("Add", [g.Int64s(w.PadsEnd[0] + s, w.PadsEnd[1] + s), roundUp]);
        var pads = g.Op("Concat", [g.Int64s(0, 0, w.PadsBegin[0], w.PadsBegin[1], 0, 0), end], Attributes.Int("axis", 0));
        var padded = g.Op("Pad", [x, pads, g.Scalar(double.NegativeInfinity)]);
        var phases = s == 1 ? padded : g.Op("SpaceToDepth", [padded], Attributes.Int("blocksize", s));
        var channels = g.Dims(x, 1, 2);
        var windowCount = g.Dims(y, 2, 4);
        for (long i = 0; i < w.Kernel[0]; i++)
        for (long j = 0; j < w.Kernel[1]; j++)
        {
            var phase = g.Op("Mul", [channels, g.Int64s(i % s * s + j % s)]);
            var starts = g.Op("Concat", [phase, g.Int64s(i / s, j / s)], Attributes.Int("axis", 0));
            var ends = g.Op("Concat", [g.Op("Add", [phase, channels]), g.Op("Add", [windowCount, g.Int64s(i / s, j / s)])], Attributes.Int("axis", 0));
            yield return g.Op("Slice", [phases, starts, ends, g.Int64s(1, 2, 3)]);
        }
    }

    /// <summary>The same values for unequal strides or dilations: one strided slice of the padded input per position.</summary>
    private static IEnumerable<string> SeenThroughStridedSlices(GraphEditor g, string x, string y, WindowAttributes w)
    {
        // A ceil_mode window may reach up to a stride past the end padding; it sees nothing there.
        long[] pads = [0, 0, w.PadsBegin[0], w.PadsBegin[1], 0, 0, w.PadsEnd[0] + w.Strides[0], w.PadsEnd[1] + w.Strides[1]];
        var padded = g.Op("Pad", [x, g.Int64s(pads), g.Scalar(double.NegativeInfinity)]);
        var span = g.Op("Mul", [g.Dims(y, 2, 4), g.Int64s(w.Strides)]);
        for (long i = 0; i < w.Kernel[0]; i++)
        for (long j = 0; j < w.Kernel[1]; j++)
        {
            long[] first = [i * w.Dilations[0], j * w.Dilations[1]];
            var ends = g.Op("Add", [span, g.Int64s(first[0] + 1 - w.Strides[0], first[1] + 1 - w.Strides[1])]);
            yield return g.Op("Slice", [padded, g.Int64s(first), ends, g.Int64s(2, 3), g.Int64s(w.Strides)]);
        }
    }
}
