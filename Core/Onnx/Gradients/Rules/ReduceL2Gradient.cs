using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>ReduceL2 (y = sqrt(sum x^2)): g * x / y, and 0 where y = 0.</summary>
internal sealed class ReduceL2Gradient : ReductionGradient
{
    public override IReadOnlyList<string> OpTypes => ["ReduceL2"];

    protected override string InputGradient(GradientContext c, ReductionAttributes reduction, string gradient)
    {
        var g = c.Graph;
        var y = reduction.Kept(g, c.Output(0));
        // Where y = 0 every x it covers is 0, so dividing by 1 there gives the 0 gradient without a NaN.
        var divisor = g.Op("Where", [g.Op("Equal", [y, g.Scalar(0)]), g.Scalar(1), y]);
        return g.Op("Mul", [c.Input(0), g.Op("Div", [gradient, divisor])]);
    }
}
