using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Tanh: g * (1 - y^2).</summary>
internal sealed class TanhGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Tanh"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => g.Op("Sub", [g.Scalar(1), g.Op("Mul", [y, y])]);
}
