using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// ConvTranspose: the input's gradient is a Conv of the output gradient with the same weights
/// (their [Cin, Cout/group] layout is what Conv expects for Cin outputs), padded at the start by
/// the leading pads and at the end enough to cover the input, then cropped to it.
/// </summary>
internal sealed class ConvTransposeGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["ConvTranspose"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2);
        if (!c.NeedsGradient(0))
            return;
        if (c.Node.Find("output_shape") is not null)
            throw c.Unsupported("the output_shape attribute is not supported; give explicit pads instead");
        var w = WindowAttributes.Read(c, kernelFromWeights: true);
        var outputPadding = c.Ints("output_padding", new long[w.SpatialRank]);
        var endPads = w.PadsEnd.Select((pe, i) => Math.Max(0, pe - outputPadding[i])).ToArray();
        var full = c.Graph.Op("Conv", [c.Gradient, c.Input(1)],
            Attributes.Ints("strides", w.Strides),
            Attributes.Ints("dilations", w.Dilations),
            Attributes.Int("group", w.Group),
            Attributes.Ints("pads", [.. w.PadsBegin, .. endPads]));
        c.SetInputGradient(0, c.Graph.CropSpatialTo(full, c.Input(0), w.SpatialRank));
    }
}
