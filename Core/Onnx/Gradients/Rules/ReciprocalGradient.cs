using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Reciprocal: g * -y^2.</summary>
internal sealed class ReciprocalGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Reciprocal"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => g.Op("Neg", [g.Op("Mul", [y, y])]);
}
