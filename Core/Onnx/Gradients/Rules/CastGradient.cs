using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>Cast between floating-point types (float16, bfloat16, float, double): g cast back to the input's type.</summary>
internal sealed class CastGradient : IGradientRule
{
    private static readonly HashSet<DataType> FloatTypes = [DataType.Float16, DataType.Bfloat16, DataType.Float, DataType.Double];

    public IReadOnlyList<string> OpTypes => ["Cast"];

    public void Backward(GradientContext c)
    {
        var from = ElementTypeOf(c, c.Input(0));
        var to = (DataType)c.Node.GetInt("to", 0);
        if (!FloatTypes.Contains(from) || !FloatTypes.Contains(to))
            throw c.Unsupported($"only a cast between floating-point types has a gradient, not one from {from} to {to}");
        c.SetInputGradient(0, c.Graph.Op("Cast", [c.Gradient], Attributes.Int("to", (long)from)));
    }

    /// <summary>
    /// The element type of a tensor on the image path, whose ops keep the type of their data input
    /// (the first; Where's and CastLike's second): found at the Cast, constant or graph input it comes from.
    /// </summary>
    private static DataType ElementTypeOf(GradientContext c, string tensor)
    {
        var g = c.Graph;
        while (true)
        {
            if (g.Constant(tensor) is { } constant)
                return (DataType)constant.DataType;
            if (g.Graph.Input.FirstOrDefault(i => i.Name == tensor) is { } input)
                return (DataType)input.Type.TensorType.ElemType;
            var node = g.Producer(tensor) ?? throw c.Unsupported($"the type of its input '{tensor}' is unknown");
            if (node.OpType == "Cast")
                return (DataType)node.GetInt("to", 0);
            tensor = node.Input[node.OpType is "Where" or "CastLike" ? 1 : 0];
        }
    }
}
