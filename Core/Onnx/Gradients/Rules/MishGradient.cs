using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Mish (y = x * tanh(softplus(x))): g * (t + x * (1 - t^2) * sigmoid(x)) with t = tanh(softplus(x)).</summary>
internal sealed class MishGradient : UnaryGradient
{
    public override IReadOnlyList<string> OpTypes => ["Mish"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y)
    {
        var t = g.Op("Tanh", [g.Op("Softplus", [x])]);
        var dt = g.Op("Mul", [g.Op("Sub", [g.Scalar(1), g.Op("Mul", [t, t])]), g.Op("Sigmoid", [x])]);
        return g.Op("Add", [t, g.Op("Mul", [x, dt])]);
    }
}
