namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Sigmoid: g * y * (1 - y).</summary>
internal sealed class SigmoidGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Sigmoid"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var y = c.Output(0);
        var slope = g.Op("Mul", [y, g.Op("Sub", [g.Scalar(1), y])]);
        c.SetInputGradient(0, g.Op("Mul", [c.Gradient, slope]));
    }
}
