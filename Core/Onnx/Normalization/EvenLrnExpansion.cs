using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// ONNX Runtime's CPU kernel for LRN refuses even sizes, although ONNX defines them; such nodes are
/// rewritten as the standard ops of the definition: y = x / (bias + alpha/n * band sum of x^2)^beta,
/// the band sum over channels [c - floor((n-1)/2), c + ceil((n-1)/2)] (<see cref="GraphOps.ChannelBandSum"/>).
/// </summary>
internal static class EvenLrnExpansion
{
    public static void Apply(GraphEditor g)
    {
        foreach (var node in g.Graph.Node.Where(n => n.OpType == "LRN" && n.GetInt("size", 1) % 2 == 0).ToList())
            Expand(g, node);
    }

    /// <summary>Rewrites one LRN node in place (any size; the tests check it against ONNX Runtime's LRN on odd sizes).</summary>
    public static void Expand(GraphEditor g, NodeProto node)
    {
        var size = node.GetInt("size", 0);
        var (x, y) = (node.Input[0], node.Output[0]);
        var below = (size - 1) / 2;
        var sums = g.ChannelBandSum(g.Op("Mul", [x, x]), below, size - 1 - below);
        var scale = g.Op("Add", [g.Op("Mul", [sums, g.Scalar(node.GetFloat("alpha", 1e-4f) / size)]), g.Scalar(node.GetFloat("bias", 1f))]);
        var divisor = g.Op("Pow", [scale, g.Scalar(node.GetFloat("beta", 0.75f))]);
        node.OpType = "Div";
        node.Attribute.Clear();
        node.Input.Clear();
        node.Input.AddRange([x, divisor]);
        node.Output.Clear();
        node.Output.Add(y);
    }
}
