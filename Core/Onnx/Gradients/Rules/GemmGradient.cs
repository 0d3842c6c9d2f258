using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Gemm (Y = alpha * A' B' + beta * C): each operand's gradient is itself a Gemm with the transpositions flipped.</summary>
internal sealed class GemmGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Gemm"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var alpha = c.Node.GetFloat("alpha", 1f);
        var beta = c.Node.GetFloat("beta", 1f);
        var transA = c.Node.GetInt("transA", 0) != 0;
        var transB = c.Node.GetInt("transB", 0) != 0;
        var (a, b, grad) = (c.Input(0), c.Input(1), c.Gradient);

        if (c.NeedsGradient(0))
            c.SetInputGradient(0, transA
                ? Gemm(g, b, grad, alpha, transB, true)
                : Gemm(g, grad, b, alpha, false, !transB));
        if (c.NeedsGradient(1))
            c.SetInputGradient(1, transB
                ? Gemm(g, grad, a, alpha, true, transA)
                : Gemm(g, a, grad, alpha, !transA, false));
        if (c.NeedsGradient(2))
            c.SetInputGradient(2, g.Unbroadcast(g.Op("Mul", [grad, g.Scalar(beta)]), c.Input(2), c.Output(0)));
    }

    private static string Gemm(GraphEditor g, string left, string right, float alpha, bool transLeft, bool transRight) =>
        g.Op("Gemm", [left, right],
            Attributes.Float("alpha", alpha),
            Attributes.Int("transA", transLeft ? 1 : 0),
            Attributes.Int("transB", transRight ? 1 : 0));
}
