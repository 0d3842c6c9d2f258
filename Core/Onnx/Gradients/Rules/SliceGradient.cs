using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Slice with any starts, ends and axes (constants or computed from shapes) and constant steps:
/// the gradient is padded with zeros back to the input's extent, the pads computed at run time
/// from the starts resolved as ONNX resolves them. Non-unit steps first spread the gradient to
/// every step-th position; negative steps first reverse it.
/// </summary>
internal sealed class SliceGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Slice"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3, 4);
        var g = c.Graph;
        var x = c.Input(0);
        var grad = c.Gradient;
        var starts = g.ToInt64(c.Input(1));
        var axes = c.HasInput(3) ? g.ToInt64(c.Input(3)) : g.Range(g.Op("Size", [starts]));
        var lengths = g.Op("Gather", [g.Shape(x), axes]);
        var zero = g.Int64s(0);
        var resolved = g.Op("Where", [g.Op("Less", [starts, zero]), g.Op("Add", [starts, lengths]), starts]);
        var begin = g.Op("Min", [g.Op("Max", [resolved, zero]), lengths]);

        var steps = c.HasInput(4) ? Tensors.ReadInt64s(c.RequireConstantValue(4)) : [];
        if (steps.Any(s => s != 1))
        {
            var stepAxes = c.HasInput(3) ? Tensors.ReadInt64s(c.RequireConstantValue(3)) : Enumerable.Range(0, steps.Length).Select(a => (long)a).ToArray();
            if (steps.Any(s => s < 0))
            {
                // Backwards, out[k] = x[first + k * step] with first clamped to [0, length - 1]: the
                // reversed gradient starts at first + (count - 1) * step.
                var first = g.Op("Min", [begin, g.Op("Sub", [lengths, g.Int64s(steps.Select(s => s < 0 ? 1L : 0L).ToArray())])]);
                var lastOffsets = g.Op("Mul", [g.Op("Sub", [g.Op("Gather", [g.Shape(grad), axes]), g.Int64s(1)]), g.Int64s(steps.Select(s => Math.Min(s, 0)).ToArray())]);
                begin = g.Op("Add", [first, lastOffsets]);
            }
            for (var i = 0; i < steps.Length; i++)
            {
                if (steps[i] < 0)
                    grad = g.Op("Slice", [grad, g.Int64s(-1), g.Int64s(long.MinValue), g.Int64s(stepAxes[i]), g.Int64s(-1)]);
                if (Math.Abs(steps[i]) > 1)
                {
                    var room = g.Op("Sub", [g.Op("Gather", [lengths, g.Int64s(i)]), g.Op("Gather", [begin, g.Int64s(i)])]);
                    grad = Spread(g, grad, stepAxes[i], Math.Abs(steps[i]), room);
                }
            }
        }
        var after = g.Op("Sub", [lengths, g.Op("Add", [begin, g.Op("Gather", [g.Shape(grad), axes])])]);
        c.SetInputGradient(0, g.PadAlong(grad, axes, begin, after));
    }

    /// <summary>t with step - 1 zeros after each element along the axis, cut to at most room elements.</summary>
    private static string Spread(GraphEditor g, string t, long axis, long step, string room)
    {
        // A new axis right after the sliced one (for a negative axis, Unsqueeze at the same index
        // lands there), padded to the step and merged back.
        var split = g.Int64s(axis >= 0 ? axis + 1 : axis);
        var padded = g.PadAlong(g.Op("Unsqueeze", [t, split]), split, g.Int64s(0), g.Int64s(step - 1));
        var merged = g.Op("Reshape", [padded, g.Op("ScatterElements", [g.Shape(t), g.Int64s(axis), g.Int64s(-1)])]);
        return g.Op("Slice", [merged, g.Int64s(0), room, g.Int64s(axis)]);
    }
}
