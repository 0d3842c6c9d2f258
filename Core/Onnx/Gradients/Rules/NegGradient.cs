using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Neg: -g.</summary>
internal sealed class NegGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Neg"];

    public void Backward(GradientContext c) => c.SetInputGradient(0, c.Graph.Op("Neg", [c.Gradient]));
}
