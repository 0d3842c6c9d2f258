using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Sum and Mean of n broadcast inputs: g (Sum) or g / n (Mean) to every input, summed over its broadcast axes.</summary>
internal sealed class SumMeanGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Sum", "Mean"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var count = c.Node.Input.Count;
        var grad = c.Node.OpType == "Mean" ? g.Op("Mul", [c.Gradient, g.Scalar(1.0 / count)]) : c.Gradient;
        for (var i = 0; i < count; i++)
            if (c.NeedsGradient(i))
                c.SetInputGradient(i, g.Unbroadcast(grad, c.Input(i), c.InputsOtherThan(i)));
    }
}
