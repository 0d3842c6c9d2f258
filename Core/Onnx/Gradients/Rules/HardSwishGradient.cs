using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>HardSwish (y = x * max(0, min(1, x / 6 + 0.5))): g * 0 below -3, g * 1 above 3, g * (x / 3 + 0.5) between.</summary>
internal sealed class HardSwishGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["HardSwish"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y)
    {
        var between = g.Op("Add", [g.Op("Mul", [x, g.Scalar(1.0 / 3)]), g.Scalar(0.5)]);
        var aboveBelow = g.Op("Where", [g.Op("Greater", [x, g.Scalar(3)]), g.Scalar(1), between]);
        return g.Op("Where", [g.Op("Less", [x, g.Scalar(-3)]), g.Scalar(0), aboveBelow]);
    }
}
