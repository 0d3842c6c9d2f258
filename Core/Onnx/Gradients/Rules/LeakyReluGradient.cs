using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>LeakyRelu: g where the input is positive, alpha * g elsewhere.</summary>
internal sealed class LeakyReluGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["LeakyRelu"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var alpha = c.Node.GetFloat("alpha", 0.01f);
        var positive = g.Op("Greater", [c.Input(0), g.Scalar(0)]);
        c.SetInputGradient(0, g.Op("Where", [positive, c.Gradient, g.Op("Mul", [c.Gradient, g.Scalar(alpha)])]));
    }
}
