using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Split: the outputs' gradients (zeros for unused outputs) concatenated along the axis.</summary>
internal sealed class SplitGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Split"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        var parts = Enumerable.Range(0, c.Node.Output.Count).Select(c.OutputGradientOrZeros).ToArray();
        c.SetInputGradient(0, c.Graph.Op("Concat", parts, Attributes.Int("axis", c.Node.GetInt("axis", 0))));
    }
}
