using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Add and Sub: g to the first input, ±g to the second, each summed over its broadcast axes.</summary>
internal sealed class AddSubGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Add", "Sub"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        if (c.NeedsGradient(0))
            c.SetInputGradient(0, g.Unbroadcast(c.Gradient, c.Input(0), c.Input(1)));
        if (c.NeedsGradient(1))
        {
            var grad = c.Node.OpType == "Sub" ? g.Op("Neg", [c.Gradient]) : c.Gradient;
            c.SetInputGradient(1, g.Unbroadcast(grad, c.Input(1), c.Input(0)));
        }
    }
}
