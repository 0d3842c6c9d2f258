using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Pow with a constant exponent p: g * p * x^(p-1).</summary>
internal sealed class PowGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Pow"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        var g = c.Graph;
        var exponent = c.Input(1);
        var slope = g.Op("Mul", [g.Op("Pow", [c.Input(0), g.Op("Sub", [exponent, g.Scalar(1)])]), exponent]);
        c.SetInputGradient(0, g.Unbroadcast(g.Op("Mul", [c.Gradient, slope]), c.Input(0), exponent));
    }
}
