using DeepDream.Tests.Support;
using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Elementwise and activation ops. The input has 40 values, odd multiples of 0.025, so none is 0
/// and the scaled inputs below stay clear of every kink.
/// </summary>
internal static class ActivationCases
{
    private static readonly long[] Shape = [1, 2, 4, 5];

    private static string Scaled(TestGraph t, double factor) => t.Op("Mul", [t.Input, t.Constant([], [factor])]);

    /// <summary>sigmoid(x) + 0.5, within [0.77, 1.23]: a positive input for Sqrt, Log and Reciprocal.</summary>
    private static string Positive(TestGraph t) => t.Op("Add", [t.Op("Sigmoid", [t.Input]), t.Constant([], [0.5])]);

    /// <summary>x^2 at the first pixel of each channel, [1, 2, 1, 1]: an image-dependent operand that broadcasts, in ops that take doubles.</summary>
    private static string CornerSquare(TestGraph t) =>
        t.Op("Slice", [t.Op("Mul", [t.Input, t.Input]), t.Editor.Int64s(0, 0), t.Editor.Int64s(1, 1), t.Editor.Int64s(2, 3)]);

    public static readonly Case[] All =
    [
        C("Sqrt", Shape, t => t.Op("Sqrt", [Positive(t)])),
        C("Reciprocal", Shape, t => t.Op("Reciprocal", [Positive(t)])),
        C("Exp", Shape, t => t.Op("Exp", [t.Input])),
        C("Log", Shape, t => t.Op("Log", [Positive(t)])),
        C("Tanh", Shape, t => t.Op("Tanh", [Scaled(t, 2)])),
        C("Erf", Shape, t => t.Op("Erf", [Scaled(t, 2)])),
        C("Abs", Shape, t => t.Op("Abs", [t.Input])),
        C("Neg", Shape, t => t.Op("Neg", [t.Input])),
        C("Softplus", Shape, t => t.Op("Softplus", [Scaled(t, 3)])),
        C("Elu default alpha", Shape, t => t.Op("Elu", [Scaled(t, 2)])),
        C("Elu alpha 0.5", Shape, t => t.Op("Elu", [Scaled(t, 2)], A.Float("alpha", 0.5f))),
        C("Selu default alpha and gamma", Shape, t => t.Op("Selu", [Scaled(t, 2)])),
        C("Selu alpha 1.2 gamma 0.9", Shape, t => t.Op("Selu", [Scaled(t, 2)], A.Float("alpha", 1.2f), A.Float("gamma", 0.9f))),
        // Celu is defined for float32 only.
        C("Celu default alpha", Shape, t => t.Op("Celu", [Scaled(t, 2)]), type: DataType.Float),
        C("Celu alpha 0.5", Shape, t => t.Op("Celu", [Scaled(t, 2)], A.Float("alpha", 0.5f)), type: DataType.Float),
        C("HardSigmoid default, both sides saturated", Shape, t => t.Op("HardSigmoid", [Scaled(t, 5)])),
        C("HardSigmoid alpha 0.3 beta 0.4", Shape, t => t.Op("HardSigmoid", [Scaled(t, 3)], A.Float("alpha", 0.3f), A.Float("beta", 0.4f))),
        C("HardSwish, all three pieces", Shape, t => t.Op("HardSwish", [Scaled(t, 4)]), opset: 14),
        C("Mish", Shape, t => t.Op("Mish", [Scaled(t, 3)]), opset: 18),
        C("Gelu exact", Shape, t => t.Op("Gelu", [Scaled(t, 3)]), opset: 20),
        C("Gelu tanh approximation", Shape, t => t.Op("Gelu", [Scaled(t, 3)], A.String("approximate", "tanh")), opset: 20),
        C("PRelu slope per channel [C,1,1]", Shape, t => t.Op("PRelu", [t.Input, t.Random([2, 1, 1], 0.1, 0.5)])),
        C("PRelu one slope [1]", Shape, t => t.Op("PRelu", [t.Input, t.Constant([1], [0.25])])),
        C("PRelu slope depending on the image", Shape, t => t.Op("PRelu", [t.Input, t.Op("GlobalAveragePool", [t.Op("Sigmoid", [t.Input])])])),
        C("ThresholdedRelu default alpha", Shape, t => t.Op("ThresholdedRelu", [Scaled(t, 2)])),
        C("ThresholdedRelu alpha 0.3", Shape, t => t.Op("ThresholdedRelu", [t.Input], A.Float("alpha", 0.3f))),
        C("Max of three, broadcast", Shape, t => t.Op("Max", [t.Input, CornerSquare(t), t.Random([1, 1, 5], -0.5, 0.5)])),
        C("Min of three, broadcast first", Shape, t => t.Op("Min", [t.Op("Neg", [CornerSquare(t)]), t.Random([1, 1, 5], -0.5, 0.5), t.Input])),
        C("Max of two", Shape, t => t.Op("Max", [t.Input, t.Op("Tanh", [Scaled(t, -2)])])),
        C("Sum of three, broadcast", Shape, t => t.Op("Sum", [t.Op("Tanh", [t.Input]), CornerSquare(t), t.Random([1, 1, 5])])),
        C("Mean of three, broadcast", Shape, t => t.Op("Mean", [t.Random([2, 1, 1]), t.Op("Sigmoid", [t.Input]), CornerSquare(t)])),
        // In float64 the round trip through float32 would swamp the finite differences.
        C("Cast to float64 and back", Shape, t =>
        {
            var wide = t.Op("Cast", [t.Input], A.Int("to", (long)DataType.Double));
            return t.Op("Cast", [t.Op("Mul", [wide, wide])], A.Int("to", (long)DataType.Float));
        }, type: DataType.Float),
        C("Where, Y broadcast", Shape, t => t.Op("Where", [t.Op("Greater", [t.Input, t.Constant([], [0.1])]), t.Op("Sigmoid", [t.Input]), CornerSquare(t)])),
        C("Where, X broadcast", Shape, t => t.Op("Where", [t.Op("Less", [t.Input, t.Random([1, 1, 5])]), CornerSquare(t), t.Op("Tanh", [t.Input])])),
    ];
}
