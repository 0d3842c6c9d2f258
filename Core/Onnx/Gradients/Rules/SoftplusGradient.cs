using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Softplus (y = ln(1 + e^x)): g * sigmoid(x).</summary>
internal sealed class SoftplusGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Softplus"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => g.Op("Sigmoid", [x]);
}
