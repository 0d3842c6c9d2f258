namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Identity, and Dropout at inference: the gradient passes unchanged.</summary>
internal sealed class IdentityGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Identity", "Dropout"];

    public void Backward(GradientContext c) => c.SetInputGradient(0, c.Gradient);
}
