using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// DepthToSpace and SpaceToDepth move elements without changing them, so the gradient is the
/// inverse move: SpaceToDepth and DepthToSpace in DCR mode invert each other, and DepthToSpace in
/// CRD mode, which has no inverse op, is undone by Reshape, Transpose and Reshape.
/// </summary>
internal sealed class DepthToSpaceGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["DepthToSpace", "SpaceToDepth"];

    public void Backward(GradientContext c)
    {
        var block = c.Node.GetInt("blocksize", 0);
        if (block < 1)
            throw c.Unsupported("the blocksize attribute is missing");
        var g = c.Graph;
        var blocksize = Attributes.Int("blocksize", block);
        c.SetInputGradient(0, (c.Node.OpType, c.Node.GetString("mode", "DCR")) switch
        {
            ("SpaceToDepth", _) => g.Op("DepthToSpace", [c.Gradient], blocksize, Attributes.String("mode", "DCR")),
            (_, "DCR") => g.Op("SpaceToDepth", [c.Gradient], blocksize),
            (_, "CRD") => UndoCrd(g, c.Input(0), c.Gradient, block),
            (_, var mode) => throw c.Unsupported($"mode '{mode}' is not supported"),
        });
    }

    /// <summary>
    /// CRD moves x[n, c * b * b + i * b + j, h, w] to y[n, c, h * b + i, w * b + j]: y is read as
    /// [N * C, H, b, W, b] and its axes put back in the order [N * C, b, b, H, W].
    /// </summary>
    private static string UndoCrd(GraphEditor g, string x, string gradient, long block)
    {
        var blocks = g.Op("Concat", [g.Int64s(-1), g.Dims(x, 2, 3), g.Int64s(block), g.Dims(x, 3, 4), g.Int64s(block)], Attributes.Int("axis", 0));
        var reordered = g.Op("Transpose", [g.Op("Reshape", [gradient, blocks])], Attributes.Ints("perm", 0, 2, 4, 1, 3));
        return g.Op("Reshape", [reordered, g.Shape(x)]);
    }
}
