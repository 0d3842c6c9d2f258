using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Tile, with constant or computed repeats: the gradient viewed as [r0, d0, r1, d1, ...] and
/// summed over the repeat axes.
/// </summary>
internal sealed class TileGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Tile"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        var g = c.Graph;
        var shape = g.Shape(c.Input(0));
        var column = g.Int64s(-1, 1);
        var pairs = g.Op("Concat", [g.Op("Reshape", [c.Input(1), column]), g.Op("Reshape", [shape, column])], Attributes.Int("axis", 1));
        var interleaved = g.Op("Reshape", [c.Gradient, g.Op("Reshape", [pairs, g.Int64s(-1)])]);
        var repeatAxes = g.Range(g.Op("Mul", [g.Op("Size", [shape]), g.Int64Scalar(2)]), step: 2);
        c.SetInputGradient(0, g.Op("ReduceSum", [interleaved, repeatAxes], Attributes.Int("keepdims", 0)));
    }
}
