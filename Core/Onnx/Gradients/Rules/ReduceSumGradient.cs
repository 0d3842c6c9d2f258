using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>ReduceSum: g spread over the reduced elements; ReduceMean: g / (their count) spread over them.</summary>
internal sealed class ReduceSumGradient : ReductionGradient
{
    public override IReadOnlyList<string> OpTypes => ["ReduceSum", "ReduceMean"];

    protected override string InputGradient(GradientContext c, ReductionAttributes reduction, string gradient)
    {
        var g = c.Graph;
        var x = c.Input(0);
        if (c.Node.OpType == "ReduceMean")
            gradient = g.Op("Div", [gradient, g.ToElementType(g.Op("Div", [g.ElementCount(x), g.ElementCount(c.Output(0))]))]);
        return g.Op("Expand", [gradient, g.Shape(x)]);
    }
}
