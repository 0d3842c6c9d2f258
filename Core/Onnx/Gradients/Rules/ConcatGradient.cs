using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Concat: the gradient split back into the inputs' extents along the axis.</summary>
internal sealed class ConcatGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Concat"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var axis = c.Node.GetInt("axis", 1);
        var count = c.Node.Input.Count;
        var sizes = Enumerable.Range(0, count)
            .Select(i => g.Op("Gather", [g.Shape(c.Input(i)), g.Int64s(axis)]))
            .ToArray();
        var parts = g.Op("Split", [c.Gradient, g.Op("Concat", sizes, Attributes.Int("axis", 0))], count, Attributes.Int("axis", axis));
        for (var i = 0; i < count; i++)
            if (c.NeedsGradient(i))
                c.SetInputGradient(i, parts[i]);
    }
}
