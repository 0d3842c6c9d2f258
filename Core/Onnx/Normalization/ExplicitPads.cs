using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// Replaces auto_pad with explicit pads on convolutions and pools. SAME padding depends on the
/// input size for strides above 1; it is resolved for sizes that are multiples of the stride,
/// which is what the valid-size rule of such models asks for anyway.
/// </summary>
internal static class ExplicitPads
{
    private static readonly HashSet<string> Windowed = ["Conv", "MaxPool", "AveragePool", "LpPool"];

    public static void Apply(GraphEditor g)
    {
        foreach (var node in g.Graph.Node.Where(n => Windowed.Contains(n.OpType)))
        {
            var mode = node.GetString("auto_pad", "NOTSET");
            if (mode is "NOTSET" or "")
                continue;
            var kernel = node.GetInts("kernel_shape")
                ?? g.Constant(node.Input[1])?.Dims.Skip(2).ToArray()
                ?? throw new ModelException($"{node.OpType} node '{node.Name}' in model '{g.ModelName}' uses auto_pad but its kernel size is unknown.");
            var rank = kernel.Length;
            var strides = node.GetInts("strides") ?? Enumerable.Repeat(1L, rank).ToArray();
            var dilations = node.GetInts("dilations") ?? Enumerable.Repeat(1L, rank).ToArray();
            var pads = new long[2 * rank];
            if (mode is "SAME_UPPER" or "SAME_LOWER")
                for (var i = 0; i < rank; i++)
                {
                    var total = Math.Max(dilations[i] * (kernel[i] - 1) + 1 - strides[i], 0);
                    var small = total / 2;
                    (pads[i], pads[i + rank]) = mode == "SAME_UPPER" ? (small, total - small) : (total - small, small);
                }
            node.Remove("auto_pad");
            node.Set(Attributes.Ints("pads", pads));
        }
    }
}
