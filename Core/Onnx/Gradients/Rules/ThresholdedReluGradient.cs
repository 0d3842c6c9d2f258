using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>ThresholdedRelu (y = x for x > alpha, else 0): g where x > alpha, 0 elsewhere.</summary>
internal sealed class ThresholdedReluGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["ThresholdedRelu"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var above = g.Op("Greater", [c.Input(0), g.Scalar(c.Node.GetFloat("alpha", 1f))]);
        c.SetInputGradient(0, g.Masked(above, c.Gradient));
    }
}
