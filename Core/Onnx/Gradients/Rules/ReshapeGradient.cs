namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Reshape, Flatten, Squeeze, Unsqueeze: the gradient takes the input's shape back.</summary>
internal sealed class ReshapeGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Reshape", "Flatten", "Squeeze", "Unsqueeze"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        c.SetInputGradient(0, c.Graph.Op("Reshape", [c.Gradient, c.Graph.Op("Shape", [c.Input(0)])]));
    }
}
