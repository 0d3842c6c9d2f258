using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// LRN (y = x * s^-beta, s = bias + alpha/n * band sum of x^2 over a window of n channels):
/// dx = g * s^-beta - (2 alpha beta / n) * x * band sum of (g y / s) over the mirrored window.
/// Band sums run as a Conv along the channel axis with channels folded into a spatial axis, so
/// the graph does not need to know the channel count.
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

        var squares = BandSum(g, g.Op("Mul", [x, x]), size, below, above);
        var s = g.Op("Add", [g.Op("Mul", [squares, g.Scalar(alpha / size)]), g.Scalar(bias)]);
        var direct = g.Op("Mul", [grad, g.Op("Pow", [s, g.Scalar(-beta)])]);
        var spread = BandSum(g, g.Op("Div", [g.Op("Mul", [grad, y]), s]), size, above, below);
        var cross = g.Op("Mul", [g.Op("Mul", [x, spread]), g.Scalar(2.0 * alpha * beta / size)]);
        c.SetInputGradient(0, g.Op("Sub", [direct, cross]));
    }

    /// <summary>For each channel c, the sum of t over channels [c - before, c + after] that exist.</summary>
    private static string BandSum(GraphEditor g, string t, long size, long before, long after)
    {
        var folded = g.Op("Reshape", [t, g.Op("Concat", [g.Dims(t, 0, 1), g.Int64s(1), g.Dims(t, 1, 2), g.Int64s(-1)], Attributes.Int("axis", 0))]);
        var ones = g.AddConstant(g.ElementType, [1, 1, size, 1], Enumerable.Repeat(1.0, (int)size).ToArray(), "band");
        var summed = g.Op("Conv", [folded, ones], Attributes.Ints("pads", before, 0, after, 0));
        return g.Op("Reshape", [summed, g.Shape(t)]);
    }
}
