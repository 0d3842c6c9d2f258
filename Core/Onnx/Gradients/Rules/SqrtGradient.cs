using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Sqrt: g * 0.5 / y.</summary>
internal sealed class SqrtGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Sqrt"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => g.Op("Div", [g.Scalar(0.5), y]);
}
