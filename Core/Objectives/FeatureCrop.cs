using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Objectives;

/// <summary>
/// A feature map [N, C, H, W] without a border of b pixels, which tiles' padding and the
/// convolutions' zero padding distort; the border is kept when H or W is at most 2b, so small
/// octaves still have a loss.
/// </summary>
internal static class FeatureCrop
{
    public static string Apply(GraphEditor g, string activation, int border)
    {
        if (border == 0)
            return activation;
        var size = g.Dims(activation, 2, 4);
        var large = g.Op("Cast", [g.Op("Greater", [size, g.Int64s(2L * border)])], Attributes.Int("to", (long)DataType.Int64));
        var both = g.Op("Mul", [g.Op("Slice", [large, g.Int64s(0), g.Int64s(1)]), g.Op("Slice", [large, g.Int64s(1), g.Int64s(2)])]);
        var begin = g.Op("Mul", [both, g.Int64s(border, border)]);
        var end = g.Op("Sub", [size, begin]);
        return g.Op("Slice", [activation, begin, end, g.Int64s(2, 3)]);
    }
}
