using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Gather of an image-dependent tensor at constant or computed indices: the gradient contracted
/// with the one-hot matrix of the indices along the gathered axis, so that repeated indices add
/// up; negative indices count from the end.
/// </summary>
internal sealed class GatherGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Gather"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1);
        var g = c.Graph;
        var data = c.Input(0);
        var axis = c.Node.GetInt("axis", 0);
        var length = g.Op("Gather", [g.Shape(data), g.Int64Scalar(axis)]);
        var indices = g.Op("Reshape", [g.ToInt64(c.Input(1)), g.Int64s(-1)]);
        var resolved = g.Op("Where", [g.Op("Less", [indices, g.Int64Scalar(0)]), g.Op("Add", [indices, length]), indices]);
        var oneHot = g.Op("Equal", [g.Op("Reshape", [g.Range(length), g.Int64s(-1, 1)]), resolved]);
        // [prefix..., K, rest] -> [prefix..., D, rest]: MatMul broadcasts the [D, K] matrix over the prefix.
        var gathered = g.Op("Reshape", [c.Gradient, g.Op("Concat", [g.Dims(data, 0, axis), g.Op("Shape", [resolved]), g.Int64s(-1)], Attributes.Int("axis", 0))]);
        var scattered = g.Op("MatMul", [g.ToElementType(oneHot), gathered]);
        c.SetInputGradient(0, g.Op("Reshape", [scattered, g.Shape(data)]));
    }
}
