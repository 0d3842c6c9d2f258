using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Expand, to a constant or computed shape: the gradient summed over the broadcast axes back to the input's shape.</summary>
internal sealed class ExpandGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Expand"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        c.SetInputGradient(0, c.Graph.SumToShapeOf(c.Gradient, c.Input(0)));
    }
}
