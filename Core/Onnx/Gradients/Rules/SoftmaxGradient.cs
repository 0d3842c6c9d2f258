using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Softmax (opset 13 semantics, one axis): y * (g - sum(g * y, axis)).</summary>
internal sealed class SoftmaxGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Softmax"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var y = c.Output(0);
        var axis = c.Node.GetInt("axis", -1);
        var dot = g.Op("ReduceSum", [g.Op("Mul", [c.Gradient, y]), g.Int64s(axis)], Attributes.Int("keepdims", 1));
        c.SetInputGradient(0, g.Op("Mul", [y, g.Op("Sub", [c.Gradient, dot])]));
    }
}
