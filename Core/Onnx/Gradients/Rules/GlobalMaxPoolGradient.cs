using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>GlobalMaxPool: g to each channel's maximum, shared evenly among ties as in <see cref="ReduceMaxGradient"/>.</summary>
internal sealed class GlobalMaxPoolGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["GlobalMaxPool"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var x = c.Input(0);
        c.SetInputGradient(0, ReduceMaxGradient.SharedAmongTies(g, x, c.Output(0), c.Gradient,
            tied => g.Op("Mul", [g.Op("GlobalAveragePool", [tied]), g.SpatialSize(x)])));
    }
}
