using DeepDream.Tests.Support;
using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;

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
    ];
}
