using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Pad in constant mode: the gradient cropped back to the input's extent.</summary>
internal sealed class PadGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Pad"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3);
        if (c.Node.GetString("mode", "constant") != "constant")
            throw c.Unsupported("only constant padding is supported");
        if (c.HasInput(3))
            throw c.Unsupported("the axes input is not supported");
        var pads = c.Node.GetInts("pads") ?? Tensors.ReadInt64s(c.RequireConstantValue(1));
        if (pads.Any(p => p < 0))
            throw c.Unsupported("negative pads are not supported");
        var g = c.Graph;
        var rank = pads.Length / 2;
        var begin = g.Int64s(pads[..rank]);
        var end = g.Op("Add", [begin, g.Shape(c.Input(0))]);
        c.SetInputGradient(0, g.Op("Slice", [c.Gradient, begin, end]));
    }
}
