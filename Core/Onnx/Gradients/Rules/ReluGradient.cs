using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Relu: the gradient passes where the output is positive.</summary>
internal sealed class ReluGradient : IGradientRule
{
    /// <summary>2^126: times any normal positive float it reaches 1, so HardSigmoid clamps it to exactly 1.</summary>
    private const float MaskSlope = 8.507059e37f;

    public IReadOnlyList<string> OpTypes => ["Relu"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        // The 0/1 mask of y >= 0, multiplied in (cheaper than a Where). In float32, as
        // HardSigmoid(y) = clamp(2^126 y, 0, 1), which ONNX Runtime's CPU kernel runs on every core
        // while Sign runs on one; only subnormal outputs, below 2^-126, would get a mask under 1.
        var mask = g.ElementType == DataType.Float
            ? g.Op("HardSigmoid", [c.Output(0)], Attributes.Float("alpha", MaskSlope), Attributes.Float("beta", 0))
            : g.Op("Sign", [c.Output(0)]);
        c.SetInputGradient(0, g.Op("Mul", [c.Gradient, mask]));
    }
}
