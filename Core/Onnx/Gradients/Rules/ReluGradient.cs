using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Relu: the gradient passes where the output is positive.</summary>
internal sealed class ReluGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Relu"];

    public void Backward(GradientContext c)
    {
        // Sign(y) is the 0/1 mask itself, since y >= 0; a Mul by it is cheaper than a Where.
        c.SetInputGradient(0, c.Graph.Op("Mul", [c.Gradient, c.Graph.Op("Sign", [c.Output(0)])]));
    }
}
