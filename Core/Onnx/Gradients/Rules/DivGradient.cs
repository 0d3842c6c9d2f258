using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Div (Y = A / B): g / B to A and -g * Y / B to B, each summed over its broadcast axes.</summary>
internal sealed class DivGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Div"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var (a, b) = (c.Input(0), c.Input(1));
        var gOverB = g.Op("Div", [c.Gradient, b]);
        if (c.NeedsGradient(0))
            c.SetInputGradient(0, g.Unbroadcast(gOverB, a, b));
        if (c.NeedsGradient(1))
            c.SetInputGradient(1, g.Unbroadcast(g.Op("Neg", [g.Op("Mul", [gOverB, c.Output(0)])]), b, a));
    }
}
