using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Log: g / x.</summary>
internal sealed class LogGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Log"];

    public void Backward(GradientContext c) => c.SetInputGradient(0, c.Graph.Op("Div", [c.Gradient, c.Input(0)]));
}
