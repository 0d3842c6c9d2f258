using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// LayerNormalization (y = xhat * scale + bias, xhat over the axes from axis on) with constant
/// scale and bias: the <see cref="Standardization"/> backward of g * scale.
/// </summary>
internal sealed class LayerNormalizationGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["LayerNormalization"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        if (c.OutputGradient(1) is not null || c.OutputGradient(2) is not null)
            throw c.Unsupported("only its first output may lead to a target, not Mean or InvStdDev");
        var g = c.Graph;
        var x = c.Input(0);
        var folded = Standardization.FoldedShape(g, x, c.Node.GetInt("axis", -1));
        c.SetInputGradient(0, Standardization.InputGradient(g, x, g.Op("Mul", [c.Gradient, c.Input(1)]), folded,
            c.Node.GetFloat("epsilon", 1e-5f)));
    }
}
