using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// GroupNormalization (y = xhat * scale + bias, xhat over each group of C / num_groups channels
/// and the spatial axes) with constant scale and bias, per group [G] before opset 21 and per
/// channel [C] from it: the <see cref="Standardization"/> backward of g * scale, with x folded to [N, G, -1].
/// </summary>
internal sealed class GroupNormalizationGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["GroupNormalization"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        var groups = c.Node.GetInt("num_groups", 0);
        if (groups < 1)
            throw c.Unsupported("the num_groups attribute is missing");
        var g = c.Graph;
        var (x, scale) = (c.Input(0), c.Input(1));
        var grouped = g.Op("Concat", [g.Dims(x, 0, 1), g.Int64s(groups, -1)], Attributes.Int("axis", 0));
        var scaled = g.Opset >= 21
            ? g.Op("Mul", [c.Gradient, g.AlongChannels(scale, x)])
            : g.Op("Mul", [g.Op("Reshape", [c.Gradient, grouped]), g.Op("Reshape", [scale, g.Int64s(-1, 1)])]);
        c.SetInputGradient(0, Standardization.InputGradient(g, x, scaled, grouped, c.Node.GetFloat("epsilon", 1e-5f)));
    }
}
