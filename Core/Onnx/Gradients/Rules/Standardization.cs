using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// The backward of xhat = (x - mean(x)) / sqrt(var(x) + epsilon), which the normalisation rules
/// share: given d = dL/dxhat, dx = (d - mean(d) - xhat * mean(d * xhat)) / sqrt(var(x) + epsilon).
/// The means are taken over the last axis of a folded shape that holds the elements normalised together.
/// </summary>
internal static class Standardization
{
    /// <summary>The first <paramref name="leadingDims"/> dims of x followed by -1.</summary>
    public static string FoldedShape(GraphEditor g, string x, long leadingDims) =>
        g.Op("Concat", [g.Dims(x, 0, leadingDims), g.Int64s(-1)], Attributes.Int("axis", 0));

    /// <summary>dx in the shape of x, from d in the shape of x or already folded.</summary>
    public static string InputGradient(GraphEditor g, string x, string d, string foldedShape, float epsilon)
    {
        string Fold(string t) => g.Op("Reshape", [t, foldedShape]);
        string Mean(string t) => g.Reduce("ReduceMean", t, [-1], keepDims: true);
        var (folded, gradient) = (Fold(x), Fold(d));
        var centred = g.Op("Sub", [folded, Mean(folded)]);
        var invStd = g.Op("Reciprocal", [g.Op("Sqrt", [g.Op("Add", [Mean(g.Op("Mul", [centred, centred])), g.Scalar(epsilon)])])]);
        var xhat = g.Op("Mul", [centred, invStd]);
        var projected = g.Op("Sub", [g.Op("Sub", [gradient, Mean(gradient)]), g.Op("Mul", [xhat, Mean(g.Op("Mul", [gradient, xhat]))])]);
        return g.Op("Reshape", [g.Op("Mul", [projected, invStd]), g.Shape(x)]);
    }
}
