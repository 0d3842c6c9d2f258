using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// PRelu (y = x for x > 0, else slope * x, the slope broadcast to x): g where x > 0, else g * slope,
/// to x; g * x where x &lt;= 0, summed over the slope's broadcast axes, to a slope that depends on the image.
/// </summary>
internal sealed class PReluGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["PRelu"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var (x, slope, grad) = (c.Input(0), c.Input(1), c.Gradient);
        var positive = g.Op("Greater", [x, g.Scalar(0)]);
        if (c.NeedsGradient(0))
            c.SetInputGradient(0, g.Op("Where", [positive, grad, g.Op("Mul", [grad, slope])]));
        if (c.NeedsGradient(1))
            c.SetInputGradient(1, g.Unbroadcast(g.Op("Where", [positive, g.Scalar(0), g.Op("Mul", [grad, x])]), slope, x));
    }
}
