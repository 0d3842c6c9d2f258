using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// LRN (y = x * s^-beta, s = bias + alpha/n * band sum of x^2 over a window of n channels):
/// dx = g * s^-beta - (2 alpha beta / n) * x * band sum of (g y / s) over the mirrored window.
/// Band sums are <see cref="GraphOps.ChannelBandSum"/>, which needs no channel count.
/// </summary>
internal sealed class LrnGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["LRN"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var size = c.Node.GetInt("size", 0);
        if (size < 1)
            throw c.Unsupported("the size attribute is missing");
        var alpha = c.Node.GetFloat("alpha", 1e-4f);
        var beta = c.Node.GetFloat("beta", 0.75f);
        var bias = c.Node.GetFloat("bias", 1f);
        var below = (size - 1) / 2;
        var above = size - 1 - below;
        var (x, y, grad) = (c.Input(0), c.Output(0), c.Gradient);

        var squares = g.ChannelBandSum(g.Op("Mul", [x, x]), below, above);
        var s = g.Op("Add", [g.Op("Mul", [squares, g.Scalar(alpha / size)]), g.Scalar(bias)]);
        var direct = g.Op("Mul", [grad, g.Op("Pow", [s, g.Scalar(-beta)])]);
        var spread = g.ChannelBandSum(g.Op("Div", [g.Op("Mul", [grad, y]), s]), above, below);
        var cross = g.Op("Mul", [g.Op("Mul", [x, spread]), g.Scalar(2.0 * alpha * beta / size)]);
        c.SetInputGradient(0, g.Op("Sub", [direct, cross]));
    }
}
