using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>GlobalAveragePool: g spread evenly over the spatial extent of the input.</summary>
internal sealed class GlobalAveragePoolGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["GlobalAveragePool"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var x = c.Input(0);
        c.SetInputGradient(0, g.Op("Div", [g.Op("Expand", [c.Gradient, g.Shape(x)]), g.SpatialSize(x)]));
    }
}
