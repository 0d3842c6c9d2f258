using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients;

/// <summary>The axes (empty: all) and keepdims of a Reduce* node, from its attribute or constant input, with ONNX defaults filled in.</summary>
public sealed record ReductionAttributes(long[] Axes, bool KeepDims)
{
    /// <summary>Reads the node's reduction; null when it reduces nothing (empty axes with noop_with_empty_axes set).</summary>
    public static ReductionAttributes? Read(GradientContext c)
    {
        long[] axes = !GraphOps.AxesAreInput(c.Node.OpType, c.Graph.Opset) ? c.Ints("axes", [])
            : c.HasInput(1) ? Tensors.ReadInt64s(c.RequireConstantValue(1))
            : [];
        if (axes.Length == 0 && c.Node.GetInt("noop_with_empty_axes", 0) != 0)
            return null;
        return new ReductionAttributes(axes, c.Node.GetInt("keepdims", 1) != 0);
    }

    /// <summary>
    /// An output-shaped tensor with the reduced axes put back as size 1, so that it broadcasts
    /// against the input (a reduction over all axes without keepdims gives a scalar, which does).
    /// </summary>
    public string Kept(GraphEditor g, string t) =>
        KeepDims || Axes.Length == 0 ? t : g.Op("Unsqueeze", [t, g.Int64s(Axes)]);
}
