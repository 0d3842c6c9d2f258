using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Conv. With stride 1 and constant weights the input's gradient is a Conv of the output gradient
/// with the weights flipped and their in/out channels swapped, padded so that it lands exactly on
/// the input (ONNX Runtime's Conv is much faster than its ConvTranspose). A strided convolution
/// that reads few channels, such as the image, gets its gradient phase by phase
/// (<see cref="StridedConvPhases"/>). Otherwise it is the transposed convolution with the same weights, aligned by the leading pads, with
/// output_padding = stride - 1 so that it always covers the input, then cropped to it.
/// </summary>
internal sealed class ConvGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Conv"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        if (!c.NeedsGradient(0))
            return;
        var w = WindowAttributes.Read(c, kernelFromWeights: true);
        var dilated = w.DilatedKernel;
        var transposedPads = w.PadsBegin.Concat(w.PadsEnd).Select((p, i) => dilated[i % w.SpatialRank] - 1 - p).ToArray();
        if (w.Strides.All(s => s == 1) && transposedPads.All(p => p >= 0) && c.Graph.Constant(c.Input(1)) is { } weights)
        {
            c.SetInputGradient(0, c.Graph.Op("Conv", [c.Gradient, FlippedTransposed(c.Graph, weights, w.Group)],
                Attributes.Ints("dilations", w.Dilations),
                Attributes.Int("group", w.Group),
                Attributes.Ints("pads", transposedPads)));
            return;
        }
        if (c.Graph.Constant(c.Input(1)) is { } strided && StridedConvPhases.Suits(w, strided))
        {
            c.SetInputGradient(0, StridedConvPhases.InputGradient(c.Graph, c.Gradient, c.Input(0), strided, w));
            return;
        }
        var full = c.Graph.Op("ConvTranspose", [c.Gradient, c.Input(1)],
            Attributes.Ints("strides", w.Strides),
            Attributes.Ints("dilations", w.Dilations),
            Attributes.Int("group", w.Group),
            Attributes.Ints("pads", w.PadsBeginThenZeros),
            Attributes.Ints("output_padding", w.StridesMinusOne));
        c.SetInputGradient(0, c.Graph.CropSpatialTo(full, c.Input(0), w.SpatialRank));
    }

    /// <summary>W [Cout, Cin/g, k...] -> W' [Cin, Cout/g, k...] with every kernel reversed in all spatial axes.</summary>
    private static string FlippedTransposed(GraphEditor g, TensorProto weights, long groups)
    {
        var dims = weights.Dims.ToArray();
        var values = Tensors.ReadDoubles(weights);
        var (cout, cinPerGroup) = (dims[0], dims[1]);
        var coutPerGroup = cout / groups;
        var kernel = (int)dims.Skip(2).Aggregate(1L, (a, d) => a * d);
        var flipped = new double[values.Length];
        for (long o = 0; o < cout; o++)
        {
            var group = o / coutPerGroup;
            for (long i = 0; i < cinPerGroup; i++)
            {
                var from = values.AsSpan((int)((o * cinPerGroup + i) * kernel), kernel);
                var to = flipped.AsSpan((int)(((group * cinPerGroup + i) * coutPerGroup + o % coutPerGroup) * kernel), kernel);
                from.CopyTo(to);
                to.Reverse();
            }
        }
        return g.AddConstant((TensorProto.Types.DataType)weights.DataType, [groups * cinPerGroup, coutPerGroup, .. dims.Skip(2)], flipped, "conv_backward_weights");
    }
}
