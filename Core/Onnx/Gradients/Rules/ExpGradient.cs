using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Exp: g * y.</summary>
internal sealed class ExpGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Exp"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => y;
}
