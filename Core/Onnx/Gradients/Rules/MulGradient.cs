using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Mul: g * B to A and g * A to B, each summed over its broadcast axes.</summary>
internal sealed class MulGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Mul"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        for (var i = 0; i < 2; i++)
        {
            if (!c.NeedsGradient(i)) continue;
            var other = c.Input(1 - i);
            c.SetInputGradient(i, g.Unbroadcast(g.Op("Mul", [c.Gradient, other]), c.Input(i), other));
        }
    }
}
