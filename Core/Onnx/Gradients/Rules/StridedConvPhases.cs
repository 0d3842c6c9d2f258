using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// The input gradient of a strided convolution computed phase by phase, then interleaved
/// (<see cref="GraphOps.Interleave"/>): input pixel u = s*A + r (padded coordinates) receives
/// sum over m of g[A - m] * W[s*m + r], a stride-1 correlation of g with the kernel taps that land
/// on phase r. With few input channels, such as the convolution that reads the image, one Conv
/// computes every phase, each a block of its output channels (phases with fewer taps get zero
/// taps); with many, each phase is a Conv of its own taps only, so no multiply is wasted. Both
/// replace ONNX Runtime's ConvTranspose, whose CPU kernel runs a strided convolution's gradient
/// several times slower than a Conv of the same work.
/// </summary>
internal static class StridedConvPhases
{
    private const long FewInputChannels = 4;

    /// <summary>
    /// Equal strides, no dilation, and either few input channels or a kernel at least as large as
    /// the stride (so that every phase has taps: a 1x1 stride-2 kernel is left to ConvTranspose).
    /// </summary>
    public static bool Suits(WindowAttributes w, TensorProto weights) =>
        w.SpatialRank == 2 && w.Strides[0] > 1 && w.Strides[0] == w.Strides[1] && w.Dilations.All(d => d == 1)
        && (weights.Dims[1] <= FewInputChannels || w.Kernel.All(k => k >= w.Strides[0]));

    public static string InputGradient(GraphEditor g, string gradient, string x, TensorProto weights, WindowAttributes w)
    {
        var s = w.Strides[0];
        var (mh, mw) = (Taps(w.Kernel[0], s, 0), Taps(w.Kernel[1], s, 0));
        var byPhase = weights.Dims[1] <= FewInputChannels
            ? AllPhasesInOneConv(g, gradient, weights, w, s, mh, mw)
            : Enumerable.Range(0, (int)(s * s)).Select(p => OnePhase(g, gradient, weights, w, s, p / s, p % s, mh, mw)).ToArray();
        var interleaved = g.Interleave(byPhase.Chunk((int)s).ToArray());
        var begin = g.Int64s(w.PadsBegin);
        return g.Op("Slice", [interleaved, begin, g.Op("Add", [g.Dims(x, 2, 4), begin]), g.Int64s(2, 3)]);
    }

    /// <summary>The number of taps of a k-tap kernel that land on phase r of stride s.</summary>
    private static long Taps(long k, long s, long r) => (k - r + s - 1) / s;

    /// <summary>
    /// Every phase from one Conv: its output channel ((group*s + rh)*s + rw)*Cin/g + c holds phase
    /// (rh, rw) of input channel c of the group, with mh x mw taps (each group's channels stay
    /// together, as a grouped Conv needs). The padding gives one more row and column at the end so
    /// that the phases always cover the input.
    /// </summary>
    private static string[] AllPhasesInOneConv(GraphEditor g, string gradient, TensorProto weights, WindowAttributes w, long s, long mh, long mw)
    {
        var (groups, phaseCount, perGroup) = (w.Group, s * s, weights.Dims[1]);
        var kernel = PhaseWeights(g, weights, w.Group, s, [.. Enumerable.Range(0, (int)phaseCount).Select(p => (p / s, p % s))], mh, mw);
        var phases = g.Op("Conv", [gradient, kernel], Attributes.Int("group", groups), Attributes.Ints("pads", mh - 1, mw - 1, mh, mw));
        var blocks = g.Op("Split", [phases, g.Int64s(Enumerable.Repeat(perGroup, (int)(groups * phaseCount)).ToArray())],
            (int)(groups * phaseCount), Attributes.Int("axis", 1));
        return Enumerable.Range(0, (int)phaseCount)
            .Select(p => groups == 1 ? blocks[p] : g.Op("Concat", Enumerable.Range(0, (int)groups).Select(gi => blocks[gi * phaseCount + p]).ToArray(), Attributes.Int("axis", 1)))
            .ToArray();
    }

    /// <summary>
    /// Phase (rh, rw) from a Conv of its own taps, aligned with the other phases: its fewer taps
    /// sit at the end of the mh x mw window, so it is padded by that many fewer at the start.
    /// </summary>
    private static string OnePhase(GraphEditor g, string gradient, TensorProto weights, WindowAttributes w, long s, long rh, long rw, long mh, long mw)
    {
        var (th, tw) = (Taps(w.Kernel[0], s, rh), Taps(w.Kernel[1], s, rw));
        return g.Op("Conv", [gradient, PhaseWeights(g, weights, w.Group, s, [(rh, rw)], th, tw)],
            Attributes.Int("group", w.Group), Attributes.Ints("pads", th - 1, tw - 1, mh, mw));
    }

    /// <summary>
    /// W [Cout, Cin/g, kh, kw] -> W' [Cin*P, Cout/g, th, tw] for P phases: output channel
    /// ((group*P + p)*Cin/g + c holds, reversed, the taps of the group's input channel c at rows
    /// s*t + rh and columns s*u + rw of phase p = (rh, rw), the last th x tw taps of a window that
    /// has fewer than that on this phase being zero.
    /// </summary>
    private static string PhaseWeights(GraphEditor g, TensorProto weights, long groups, long s, (long Rh, long Rw)[] phases, long th, long tw)
    {
        var values = Tensors.ReadDoubles(weights);
        var (cout, cinPerGroup, kh, kw) = (weights.Dims[0], weights.Dims[1], weights.Dims[2], weights.Dims[3]);
        var coutPerGroup = cout / groups;
        var count = phases.Length;
        var result = new double[cinPerGroup * groups * count * coutPerGroup * th * tw];
        for (long o = 0; o < cout; o++)
        for (long ci = 0; ci < cinPerGroup; ci++)
        for (var p = 0; p < count; p++)
        for (long a = 0; a < th; a++)
        for (long b = 0; b < tw; b++)
        {
            var (i, j) = (s * (th - 1 - a) + phases[p].Rh, s * (tw - 1 - b) + phases[p].Rw);
            if (i >= kh || j >= kw)
                continue;
            var channel = (o / coutPerGroup * count + p) * cinPerGroup + ci;
            result[((channel * coutPerGroup + o % coutPerGroup) * th + a) * tw + b] = values[((o * cinPerGroup + ci) * kh + i) * kw + j];
        }
        return g.AddConstant((TensorProto.Types.DataType)weights.DataType, [cinPerGroup * groups * count, coutPerGroup, th, tw], result, "conv_phase_weights");
    }
}
