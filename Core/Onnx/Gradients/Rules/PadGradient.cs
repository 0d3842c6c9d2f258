using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Pad. Constant mode, with pads and axes constant or computed from shapes: the gradient cropped
/// back to the input's extent (and padded with zeros where negative pads cropped the input).
/// Edge, reflect and wrap modes, with constant pads: the padded borders' gradients are also
/// added back onto the input elements they copied, one axis at a time.
/// </summary>
internal sealed class PadGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Pad"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3);
        var mode = c.Node.GetString("mode", "constant");
        if (mode == "constant")
            c.SetInputGradient(0, Crop(c));
        else if (mode is "edge" or "reflect" or "wrap")
            c.SetInputGradient(0, Fold(c, mode));
        else
            throw c.Unsupported($"mode '{mode}' is not supported");
    }

    private static string Crop(GradientContext c)
    {
        var g = c.Graph;
        var pads = g.Op("Reshape", [c.Input(1), g.Int64s(2, -1)]);
        var (before, after) = (g.Op("Gather", [pads, g.Int64Scalar(0)]), g.Op("Gather", [pads, g.Int64Scalar(1)]));
        var axes = c.HasInput(3) ? g.ToInt64(c.Input(3)) : g.Range(g.Op("Size", [before]));
        var zero = g.Int64s(0);
        var end = g.Op("Sub", [g.Op("Gather", [g.Shape(c.Gradient), axes]), g.Op("Max", [after, zero])]);
        var cropped = g.Op("Slice", [c.Gradient, g.Op("Max", [before, zero]), end, axes]);
        if (g.Constant(c.Input(1)) is { } constant && Tensors.ReadInt64s(constant).All(p => p >= 0))
            return cropped;
        return g.PadAlong(cropped, axes, g.Op("Max", [g.Op("Neg", [before]), zero]), g.Op("Max", [g.Op("Neg", [after]), zero]));
    }

    private static string Fold(GradientContext c, string mode)
    {
        var pads = Tensors.ReadInt64s(c.RequireConstantValue(1));
        if (pads.Any(p => p < 0))
            throw c.Unsupported($"negative pads are not supported in mode '{mode}'");
        var rank = pads.Length / 2;
        var axes = c.HasInput(3) ? Tensors.ReadInt64s(c.RequireConstantValue(3)) : Enumerable.Range(0, rank).Select(a => (long)a).ToArray();
        var g = c.Graph;
        var grad = c.Gradient;
        for (var i = 0; i < rank; i++)
        {
            var (before, after, axis) = (pads[i], pads[rank + i], axes[i]);
            if (before == 0 && after == 0)
                continue;
            var length = g.Op("Gather", [g.Shape(c.Input(0)), g.Int64s(axis)]);
            var along = g.Int64s(axis);
            var parts = new List<string> { g.Op("Slice", [grad, g.Int64s(before), g.Int64s(after > 0 ? -after : GraphOps.EndOfAxis), along]) };
            if (before > 0)
                parts.Add(Border(g, mode, g.Op("Slice", [grad, g.Int64s(0), g.Int64s(before), along]), axis, length, before, leading: true));
            if (after > 0)
                parts.Add(Border(g, mode, g.Op("Slice", [grad, g.Int64s(-after), g.Int64s(GraphOps.EndOfAxis), along]), axis, length, after, leading: false));
            grad = g.Sum(parts);
        }
        return grad;
    }

    /// <summary>
    /// The gradient of a padded border of count elements, laid over the input's length along the
    /// axis: edge copies the first (last) element, reflect mirrors the elements next to it, wrap
    /// copies the elements at the other end.
    /// </summary>
    private static string Border(GraphEditor g, string mode, string border, long axis, string length, long count, bool leading)
    {
        var along = g.Int64s(axis);
        string Rest(long used) => g.Op("Sub", [length, g.Int64s(used)]);
        var (placed, offset, rest) = mode switch
        {
            "edge" => (g.Reduce("ReduceSum", border, [axis], keepDims: true), leading ? g.Int64s(0) : Rest(1), leading ? Rest(1) : g.Int64s(0)),
            "reflect" => (g.Op("Slice", [border, g.Int64s(-1), g.Int64s(long.MinValue), along, g.Int64s(-1)]), leading ? g.Int64s(1) : Rest(count + 1), leading ? Rest(count + 1) : g.Int64s(1)),
            _ => (border, leading ? Rest(count) : g.Int64s(0), leading ? g.Int64s(0) : Rest(count)),
        };
        return g.PadAlong(placed, along, offset, rest);
    }
}
