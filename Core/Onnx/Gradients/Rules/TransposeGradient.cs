using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Transpose: the inverse permutation (no perm means reversed axes, which is its own inverse).</summary>
internal sealed class TransposeGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Transpose"];

    public void Backward(GradientContext c)
    {
        var perm = c.Node.GetInts("perm");
        if (perm is null)
        {
            c.SetInputGradient(0, c.Graph.Op("Transpose", [c.Gradient]));
            return;
        }
        var inverse = new long[perm.Length];
        for (var i = 0; i < perm.Length; i++)
            inverse[perm[i]] = i;
        c.SetInputGradient(0, c.Graph.Op("Transpose", [c.Gradient], Attributes.Ints("perm", inverse)));
    }
}
