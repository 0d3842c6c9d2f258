using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>MatMul (Y = A B) with a constant 2-D B: g B^T to A.</summary>
internal sealed class MatMulGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["MatMul"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        if (!c.NeedsGradient(0))
            return;
        if (c.Graph.Constant(c.Input(1)) is not { Dims.Count: 2 })
            throw c.Unsupported("only a constant 2-D second input is supported");
        var g = c.Graph;
        c.SetInputGradient(0, g.Op("MatMul", [c.Gradient, g.Op("Transpose", [c.Input(1)])]));
    }
}
