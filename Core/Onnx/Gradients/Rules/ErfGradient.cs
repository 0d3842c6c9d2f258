using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Erf: g * 2 / sqrt(pi) * exp(-x^2).</summary>
internal sealed class ErfGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Erf"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) =>
        g.Op("Mul", [g.Op("Exp", [g.Op("Neg", [g.Op("Mul", [x, x])])]), g.Scalar(2 / Math.Sqrt(Math.PI))]);
}
