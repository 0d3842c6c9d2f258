using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Where(condition, X, Y): g where the condition holds to X, g elsewhere to Y, each summed over its broadcast axes; the condition has none.</summary>
internal sealed class WhereGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Where"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var condition = c.Input(0);
        if (c.NeedsGradient(1))
            c.SetInputGradient(1, g.Unbroadcast(g.Masked(condition, c.Gradient), c.Input(1), c.InputsOtherThan(1)));
        if (c.NeedsGradient(2))
            c.SetInputGradient(2, g.Unbroadcast(g.Op("Where", [condition, g.Scalar(0), c.Gradient]), c.Input(2), c.InputsOtherThan(2)));
    }
}
