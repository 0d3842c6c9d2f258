using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Clip (Relu6 and friends): the gradient passes where the input lies within [min, max].</summary>
internal sealed class ClipGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Clip"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        var g = c.Graph;
        string? mask = null;
        if (c.HasInput(1))
            mask = g.Op("GreaterOrEqual", [c.Input(0), c.Input(1)]);
        if (c.HasInput(2))
        {
            var belowMax = g.Op("LessOrEqual", [c.Input(0), c.Input(2)]);
            mask = mask is null ? belowMax : g.Op("And", [mask, belowMax]);
        }
        c.SetInputGradient(0, mask is null ? c.Gradient : g.Masked(mask, c.Gradient));
    }
}
