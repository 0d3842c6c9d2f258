using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Gelu. Exact (y = x * Phi(x)): g * (Phi(x) + x * phi(x)). Tanh approximation
/// (y = x / 2 * (1 + t), t = tanh(k * (x + c * x^3))): g * ((1 + t) + x * (1 - t^2) * k * (1 + 3c * x^2)) / 2.
/// </summary>
internal sealed class GeluGradient : UnaryGradient
{
    private const double C = 0.044715;

    public override IReadOnlyList<string> OpTypes => ["Gelu"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) =>
        node.GetString("approximate", "none") == "tanh" ? TanhSlope(g, x) : ExactSlope(g, x);

    private static string ExactSlope(GraphEditor g, string x)
    {
        var cdf = g.Op("Mul", [g.Op("Add", [g.Op("Erf", [g.Op("Mul", [x, g.Scalar(1 / Math.Sqrt(2))])]), g.Scalar(1)]), g.Scalar(0.5)]);
        var pdf = g.Op("Mul", [g.Op("Exp", [g.Op("Mul", [g.Op("Mul", [x, x]), g.Scalar(-0.5)])]), g.Scalar(1 / Math.Sqrt(2 * Math.PI))]);
        return g.Op("Add", [cdf, g.Op("Mul", [x, pdf])]);
    }

    private static string TanhSlope(GraphEditor g, string x)
    {
        var k = Math.Sqrt(2 / Math.PI);
        var square = g.Op("Mul", [x, x]);
        var t = g.Op("Tanh", [g.Op("Mul", [x, g.Op("Add", [g.Op("Mul", [square, g.Scalar(k * C)]), g.Scalar(k)])])]);
        var du = g.Op("Add", [g.Op("Mul", [square, g.Scalar(3 * k * C)]), g.Scalar(k)]);
        var dt = g.Op("Mul", [g.Op("Mul", [x, g.Op("Sub", [g.Scalar(1), g.Op("Mul", [t, t])])]), du]);
        return g.Op("Mul", [g.Op("Add", [g.Op("Add", [t, g.Scalar(1)]), dt]), g.Scalar(0.5)]);
    }
}
