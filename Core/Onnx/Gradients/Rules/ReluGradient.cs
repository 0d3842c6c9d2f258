using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Relu: the gradient passes where the output is positive.</summary>
internal sealed class ReluGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Relu"];

    public void Backward(GradientContext c)
    {
        var positive = c.Graph.Op("Greater", [c.Output(0), c.Graph.Scalar(0)]);
        c.SetInputGradient(0, c.Graph.Masked(positive, c.Gradient));
    }
}
