using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>HardSigmoid (y = max(0, min(1, alpha * x + beta))): g * alpha where 0 &lt; y &lt; 1, 0 elsewhere.</summary>
internal sealed class HardSigmoidGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["HardSigmoid"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var y = c.Output(0);
        var inside = g.Op("And", [g.Op("Greater", [y, g.Scalar(0)]), g.Op("Less", [y, g.Scalar(1)])]);
        c.SetInputGradient(0, g.Masked(inside, g.Op("Mul", [c.Gradient, g.Scalar(c.Node.GetFloat("alpha", 0.2f))])));
    }
}
