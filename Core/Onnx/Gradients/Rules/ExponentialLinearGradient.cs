using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Elu, Selu and Celu: y = s * x for x > 0, else s * a * (e^(x/d) - 1), so the slope is s, else
/// (y + s * a) / d. Elu: s = d = 1; Selu: s = gamma, d = 1; Celu: s = 1, d = a.
/// </summary>
internal sealed class ExponentialLinearGradient : UnaryGradient
{
    private const float SeluAlpha = 1.67326319217681884765625f;
    private const float SeluGamma = 1.05070102214813232421875f;

    public override IReadOnlyList<string> OpTypes => ["Elu", "Selu", "Celu"];

    protected override string Slope(GraphEditor g, NodeProto node, string x, string y)
    {
        double a = node.GetFloat("alpha", node.OpType == "Selu" ? SeluAlpha : 1f);
        var (s, d) = node.OpType switch
        {
            "Selu" => (node.GetFloat("gamma", SeluGamma), 1.0),
            "Celu" => (1.0, a),
            _ => (1.0, 1.0),
        };
        var negative = g.Op("Add", [y, g.Scalar(s * a)]);
        if (d != 1)
            negative = g.Op("Mul", [negative, g.Scalar(1 / d)]);
        return g.Op("Where", [g.Op("Greater", [x, g.Scalar(0)]), g.Scalar(s), negative]);
    }
}
