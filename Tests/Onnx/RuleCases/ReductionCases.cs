using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;

namespace DeepDream.Tests.Onnx;

internal static class ReductionCases
{
    public static readonly Case[] All =
    [
    ];
}
