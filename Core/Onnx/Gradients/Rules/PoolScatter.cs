using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Scatters per-window values [N, C*K, OH, OW] (K = kernel positions) back onto a pool's input
/// with one ConvTranspose. Channels are folded into the batch first, so the weights, [K, 1, kh, kw],
/// do not depend on the channel count, which a graph with symbolic shapes does not know.
/// </summary>
internal static class PoolScatter
{
    /// <param name="windows">[N, C, K, OH, OW] values, one per kernel position, positions in row-major order.</param>
    /// <param name="kernelWeights">K x kh x kw weights, usually one-hot per position.</param>
    public static string Scatter(GraphEditor g, string windows, string x, string y, WindowAttributes w, double[] kernelWeights)
    {
        var positions = kernelWeights.Length / w.Kernel.Aggregate(1L, (a, k) => a * k);
        var weights = g.AddConstant(g.ElementType, [positions, 1, .. w.Kernel], kernelWeights, "pool_scatter");
        var batched = g.Op("Reshape", [windows, g.Op("Concat", [g.Int64s(-1, positions), g.Dims(y, 2, GraphOps.EndOfAxis)], Attributes.Int("axis", 0))]);
        var scattered = g.Op("ConvTranspose", [batched, weights],
            Attributes.Ints("strides", w.Strides),
            Attributes.Ints("dilations", w.Dilations),
            Attributes.Ints("pads", w.PadsBeginThenZeros),
            Attributes.Ints("output_padding", w.StridesMinusOne));
        var unbatched = g.Op("Reshape", [scattered, g.Op("Concat", [g.Dims(x, 0, 2), g.Dims(scattered, 2, GraphOps.EndOfAxis)], Attributes.Int("axis", 0))]);
        return g.CropSpatialTo(unbatched, x, w.SpatialRank);
    }
}
