using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Conv: the input's gradient is the transposed convolution of the output gradient with the same
/// weights, aligned by the leading pads, with output_padding = stride - 1 so that it always
/// covers the input, then cropped to the input.
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
        var full = c.Graph.Op("ConvTranspose", [c.Gradient, c.Input(1)],
            Attributes.Ints("strides", w.Strides),
            Attributes.Ints("dilations", w.Dilations),
            Attributes.Int("group", w.Group),
            Attributes.Ints("pads", w.PadsBeginThenZeros),
            Attributes.Ints("output_padding", w.StridesMinusOne));
        c.SetInputGradient(0, c.Graph.CropSpatialTo(full, c.Input(0), w.SpatialRank));
    }
}
