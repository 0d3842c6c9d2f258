using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Abs: g * sign(x), so 0 where x is 0.</summary>
internal sealed class AbsGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Abs"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y) => g.Op("Sign", [x]);
}
