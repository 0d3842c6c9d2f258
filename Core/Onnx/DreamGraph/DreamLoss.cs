using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// One target's share of the DeepDream loss, w * mean(A[:, :, b:H-b, b:W-b]^2), and its gradient
/// seed, 2w/n * A inside the crop and 0 on the border. The border is dropped when H or W is at
/// most 2b, so small octaves still have a loss.
/// </summary>
internal static class DreamLoss
{
    public static (string Term, string Seed) Add(GraphEditor g, string activation, string weight, int border)
    {
        var (cropped, begin) = border > 0 ? Crop(g, activation, border) : (activation, null);
        // The product of the shape rather than Size: ONNX Runtime folds Shape once the image size is fixed.
        var count = g.ToElementType(g.Op("ReduceProd", [g.Shape(cropped)], Attributes.Int("keepdims", 0)));
        var mean = g.Op("Div", [g.Op("ReduceSum", [g.Op("Mul", [cropped, cropped])], Attributes.Int("keepdims", 0)), count]);
        var term = g.Op("Mul", [mean, weight]);

        var scale = g.Op("Div", [g.Op("Mul", [weight, g.Scalar(2)]), count]);
        var seed = g.Op("Mul", [cropped, scale]);
        if (begin is not null)
        {
            var pads = g.Op("Concat", [g.Int64s(0, 0), begin, g.Int64s(0, 0), begin], Attributes.Int("axis", 0));
            seed = g.Op("Pad", [seed, pads]);
        }
        return (term, seed);
    }

    /// <summary>The activation without a border of b pixels when both H and W exceed 2b; begin = [b, b] or [0, 0].</summary>
    private static (string Cropped, string Begin) Crop(GraphEditor g, string activation, int border)
    {
        var size = g.Dims(activation, 2, 4);
        var large = g.Op("Cast", [g.Op("Greater", [size, g.Int64s(2L * border)])], Attributes.Int("to", (long)DataType.Int64));
        var both = g.Op("Mul", [g.Op("Slice", [large, g.Int64s(0), g.Int64s(1)]), g.Op("Slice", [large, g.Int64s(1), g.Int64s(2)])]);
        var begin = g.Op("Mul", [both, g.Int64s(border, border)]);
        var end = g.Op("Sub", [size, begin]);
        return (g.Op("Slice", [activation, begin, end, g.Int64s(2, 3)]), begin);
    }
}
