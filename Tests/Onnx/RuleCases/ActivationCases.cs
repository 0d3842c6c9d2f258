using static DeepDream.Tests.Onnx.GradientRuleTests;
using A = DeepDream.Core.Onnx.Graph.Attributes;

namespace DeepDream.Tests.Onnx;

internal static class ActivationCases
{
    public static readonly Case[] All =
    [
    ];
}
