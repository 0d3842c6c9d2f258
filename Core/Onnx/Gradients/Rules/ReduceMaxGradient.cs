using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// ReduceMax, ReduceMin: g to the elements equal to the extremum. Tied elements share g evenly,
/// which keeps its total and is a subgradient; no element is preferred, unlike MaxPool's first index.
/// </summary>
internal sealed class ReduceMaxGradient : ReductionGradient
{
    public override IReadOnlyList<string> OpTypes => ["ReduceMax", "ReduceMin"];

    protected override string InputGradient(GradientContext c, ReductionAttributes reduction, string gradient)
    {
        var g = c.Graph;
        return SharedAmongTies(g, c.Input(0), reduction.Kept(g, c.Output(0)), gradient,
            tied => g.Reduce("ReduceSum", tied, reduction.Axes, keepDims: true));
    }

    /// <summary>gradient / (the number of ties) where x equals its extremum y, 0 elsewhere; y and gradient broadcast against x.</summary>
    /// <param name="countPerExtremum">Sums a 0/1 tensor shaped like x over each extremum's elements, to y's shape.</param>
    internal static string SharedAmongTies(GraphEditor g, string x, string y, string gradient, Func<string, string> countPerExtremum)
    {
        var tied = g.ToElementType(g.Op("Equal", [x, y]));
        return g.Op("Mul", [tied, g.Op("Div", [gradient, countPerExtremum(tied)])]);
    }
}
