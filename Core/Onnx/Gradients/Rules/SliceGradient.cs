using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Slice with constant starts, ends and axes and unit steps: the gradient is put back in place by
/// concatenating zero blocks before and after it along each sliced axis.
/// </summary>
internal sealed class SliceGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Slice"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3, 4);
        var starts = Tensors.ReadInt64s(c.RequireConstantValue(1));
        var ends = Tensors.ReadInt64s(c.RequireConstantValue(2));
        var axes = c.HasInput(3) ? Tensors.ReadInt64s(c.RequireConstantValue(3)) : Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        if (c.HasInput(4) && Tensors.ReadInt64s(c.RequireConstantValue(4)).Any(s => s != 1))
            throw c.Unsupported("only unit steps are supported");

        var g = c.Graph;
        var x = c.Input(0);
        var grad = c.Gradient;
        for (var i = 0; i < axes.Length; i++)
        {
            var length = g.Op("Gather", [g.Shape(x), g.Int64s(axes[i])]);
            var begin = Clamp(g, starts[i], length);
            var end = g.Op("Max", [Clamp(g, ends[i], length), begin]);
            var after = g.Op("Sub", [length, end]);
            grad = g.Op("Concat", [Zeros(g, grad, axes[i], begin), grad, Zeros(g, grad, axes[i], after)], Attributes.Int("axis", axes[i]));
        }
        c.SetInputGradient(0, grad);
    }

    /// <summary>A Slice bound resolved against the axis length the way ONNX does: negative counts from the end, clamped to [0, length].</summary>
    private static string Clamp(GraphEditor g, long bound, string length)
    {
        if (bound >= 0)
            return g.Op("Min", [g.Int64s(bound), length]);
        var fromEnd = g.Op("Add", [length, g.Int64s(bound)]);
        return g.Op("Max", [fromEnd, g.Int64s(0)]);
    }

    private static string Zeros(GraphEditor g, string like, long axis, string count)
    {
        var shape = g.Op("ScatterElements", [g.Shape(like), g.Int64s(axis), count]);
        return g.Op("ConstantOfShape", [shape], Attributes.Tensor("value", Tensors.Create("zero", g.ElementType, [1], [0])));
    }
}
