using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// The input gradient of a strided convolution as one stride-1 Conv that computes all s x s
/// phases of the input at once: input pixel u = s*A + r (padded coordinates) receives
/// sum over m of g[A - m] * W[s*m + r], a correlation of g with the kernel taps that land on phase
/// r, so each phase's taps become one output channel group, and DepthToSpace interleaves the
/// phases. ONNX Runtime's ConvTranspose, the direct way, is slow when each group produces few
/// channels, as the convolution that reads the image does.
/// </summary>
internal static class StridedConvPhases
{
    private const long FewInputChannels = 4;

    public static bool Suits(WindowAttributes w, TensorProto weights) =>
        w.SpatialRank == 2 && w.Strides[0] > 1 && w.Strides[0] == w.Strides[1]
        && w.Dilations.All(d => d == 1) && weights.Dims[1] <= FewInputChannels;

    public static string InputGradient(GraphEditor g, string gradient, string x, TensorProto weights, WindowAttributes w)
    {
        var s = w.Strides[0];
        var (kh, kw) = (w.Kernel[0], w.Kernel[1]);
        var (mh, mw) = ((kh + s - 1) / s, (kw + s - 1) / s);
        var phases = g.Op("Conv", [gradient, PhaseWeights(g, weights, w.Group, s, mh, mw)],
            Attributes.Int("group", w.Group),
            // One more row and column at the end so that the phases always cover the input.
            Attributes.Ints("pads", mh - 1, mw - 1, mh, mw));
        var interleaved = g.Op("DepthToSpace", [phases], Attributes.Int("blocksize", s), Attributes.String("mode", "CRD"));
        var begin = g.Int64s(w.PadsBegin);
        return g.Op("Slice", [interleaved, begin, g.Op("Add", [g.Dims(x, 2, 4), begin]), g.Int64s(2, 3)]);
    }

    /// <summary>
    /// W [Cout, Cin/g, kh, kw] -> W' [Cin*s*s, Cout/g, mh, mw]: output channel c*s*s + rh*s + rw
    /// holds, reversed, the taps of input channel c at rows s*t + rh and columns s*u + rw.
    /// </summary>
    private static string PhaseWeights(GraphEditor g, TensorProto weights, long groups, long s, long mh, long mw)
    {
        var values = Tensors.ReadDoubles(weights);
        var (cout, cinPerGroup, kh, kw) = (weights.Dims[0], weights.Dims[1], weights.Dims[2], weights.Dims[3]);
        var coutPerGroup = cout / groups;
        var phase = new double[cinPerGroup * groups * s * s * coutPerGroup * mh * mw];
        for (long o = 0; o < cout; o++)
        for (long ci = 0; ci < cinPerGroup; ci++)
        for (long rh = 0; rh < s; rh++)
        for (long rw = 0; rw < s; rw++)
        for (long th = 0; th < mh; th++)
        for (long tw = 0; tw < mw; tw++)
        {
            var (i, j) = (s * (mh - 1 - th) + rh, s * (mw - 1 - tw) + rw);
            if (i >= kh || j >= kw)
                continue;
            var channel = ((o / coutPerGroup * cinPerGroup + ci) * s + rh) * s + rw;
            phase[((channel * coutPerGroup + o % coutPerGroup) * mh + th) * mw + tw] = values[((o * cinPerGroup + ci) * kh + i) * kw + j];
        }
        return g.AddConstant((TensorProto.Types.DataType)weights.DataType, [cinPerGroup * groups * s * s, coutPerGroup, mh, mw], phase, "conv_phase_weights");
    }
}
