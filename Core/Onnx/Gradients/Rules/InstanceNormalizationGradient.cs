using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// InstanceNormalization (y = xhat * scale + bias, xhat per sample and channel over the spatial
/// axes) with constant scale and bias: the <see cref="Standardization"/> backward of g * scale.
/// </summary>
internal sealed class InstanceNormalizationGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["InstanceNormalization"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        var g = c.Graph;
        var x = c.Input(0);
        var scaled = g.Op("Mul", [c.Gradient, g.AlongChannels(c.Input(1), x)]);
        c.SetInputGradient(0, Standardization.InputGradient(g, x, scaled, Standardization.FoldedShape(g, x, 2),
            c.Node.GetFloat("epsilon", 1e-5f)));
    }
}
