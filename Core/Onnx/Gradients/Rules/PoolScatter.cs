using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Adds per-window values back onto a pool's input: window (oh, ow) at kernel position (i, j)
/// lands on padded input pixel (s*oh + i, s*ow + j).
/// With equal strides and no dilation this is done without a scatter: positions that share a
/// phase (i mod s, j mod s) are shifted at the output's resolution and summed, and the s*s
/// phases are interleaved into full resolution (<see cref="GraphOps.Interleave"/>). Otherwise one
/// ConvTranspose with [K, 1, kh, kw] weights does it, with channels folded into the batch so
/// that the weights do not depend on the channel count.
/// </summary>
internal static class PoolScatter
{
    /// <param name="perPosition">One [N, C, OH, OW] tensor per kernel position, row-major.</param>
    public static string Scatter(GraphEditor g, IReadOnlyList<string> perPosition, string x, string y, WindowAttributes w)
    {
        if (w.SpatialRank != 2)
            throw new ArgumentException("Only 2-D pools are supported.");
        return w.Strides[0] == w.Strides[1] && w.Dilations.All(d => d == 1)
            ? ByPhases(g, perPosition, x, w)
            : ByConvTranspose(g, perPosition, x, y, w);
    }

    private static string ByPhases(GraphEditor g, IReadOnlyList<string> perPosition, string x, WindowAttributes w)
    {
        var s = w.Strides[0];
        var (kh, kw) = (w.Kernel[0], w.Kernel[1]);
        var (maxShiftH, maxShiftW) = ((kh - 1) / s, (kw - 1) / s);
        // Extra rows and columns at the end so the interleaved result always covers the input.
        var (extraH, extraW) = ((kh + s - 1) / s, (kw + s - 1) / s);
        var phases = new List<string>();
        for (long pi = 0; pi < s; pi++)
        for (long pj = 0; pj < s; pj++)
        {
            var terms = new List<string>();
            for (var i = pi; i < kh; i += s)
            for (var j = pj; j < kw; j += s)
            {
                var (a, b) = (i / s, j / s);
                long[] pads = [0, 0, a, b, 0, 0, maxShiftH - a + extraH, maxShiftW - b + extraW];
                terms.Add(g.Op("Pad", [perPosition[(int)(i * kw + j)], g.Int64s(pads)]));
            }
            phases.Add(terms.Count > 0 ? g.Sum(terms) : "");
        }
        var someTerm = phases.First(p => p.Length > 0);
        var grid = phases.Select(p => p.Length > 0 ? p : g.ZerosLike(someTerm)).Chunk((int)s).ToArray();
        var interleaved = g.Interleave(grid);
        var begin = g.Int64s(w.PadsBegin);
        return g.Op("Slice", [interleaved, begin, g.Op("Add", [g.Dims(x, 2, 4), begin]), g.Int64s(2, 3)]);
    }

    private static string ByConvTranspose(GraphEditor g, IReadOnlyList<string> perPosition, string x, string y, WindowAttributes w)
    {
        var positions = perPosition.Count;
        var oneHot = new double[positions * positions];
        for (var p = 0; p < positions; p++)
            oneHot[p * positions + p] = 1;
        var weights = g.AddConstant(g.ElementType, [positions, 1, .. w.Kernel], oneHot, "pool_scatter");
        var windows = g.Op("Concat", perPosition.Select(t => g.Op("Unsqueeze", [t, g.Int64s(2)])).ToArray(), Attributes.Int("axis", 2));
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
