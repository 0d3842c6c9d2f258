using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using DeepDream.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Every backward rule against central finite differences on a small graph run by ONNX Runtime:
/// in float64 where ONNX Runtime's CPU kernels take doubles, else in float32.
/// </summary>
public sealed class GradientRuleTests(ITestOutputHelper output)
{
    private const double Float64Tolerance = 1e-6;
    private const double Float32Tolerance = 5e-3;

    /// <summary>
    /// One rule check: a graph on an input of the given shape whose output is the target, written at
    /// an opset, in the element type given or else in float64 where supported, its dream graph
    /// written for a kind of provider (rules may take another form in GPU graphs).
    /// </summary>
    public sealed record Case(string Name, long[] Shape, Func<TestGraph, string> Build, long Opset = 13, DataType? Type = null,
        GraphTarget Target = GraphTarget.Cpu)
    {
        public override string ToString() => Target == GraphTarget.Cpu ? Name : $"{Name} (GPU graph)";
    }

    internal static Case C(string name, long[] shape, Func<TestGraph, string> build, long opset = 13, DataType? type = null) =>
        new(name, shape, build, opset, type);

    private static string Conv(TestGraph t, string x, long cin, long cout, long k, long[] strides, long[] pads, long[] dilations, long group = 1) =>
        t.Op("Conv", [x, t.Random([cout, cin / group, k, k]), t.Random([cout])],
            A.Ints("strides", strides), A.Ints("pads", pads), A.Ints("dilations", dilations), A.Int("group", group), A.Ints("kernel_shape", k, k));

    /// <summary>The cases of every rule: those below and the families in RuleCases/.</summary>
    public static Case[] Cases => [.. ModelOpCases, .. ActivationCases.All, .. ReductionCases.All, .. ShapeCases.All];

    private static readonly Case[] ModelOpCases =
    [
        C("Conv odd size stride 1", [1, 2, 7, 7], t => Conv(t, t.Input, 2, 3, 3, [1, 1], [1, 1, 1, 1], [1, 1])),
        C("Conv even size stride 2 asymmetric pads", [1, 2, 8, 8], t => Conv(t, t.Input, 2, 3, 3, [2, 2], [1, 1, 0, 0], [1, 1])),
        C("Conv odd size stride 2 pads 3,3,2,2 k7", [1, 3, 11, 9], t => Conv(t, t.Input, 3, 2, 7, [2, 2], [3, 3, 2, 2], [1, 1])),
        C("Conv stride 3 k5 by phases", [1, 2, 13, 11], t => Conv(t, t.Input, 2, 3, 5, [3, 3], [2, 1, 1, 2], [1, 1])),
        C("Conv 1x1 stride 2 by phases", [1, 3, 7, 8], t => Conv(t, t.Input, 3, 4, 1, [2, 2], [0, 0, 0, 0], [1, 1])),
        C("Conv grouped stride 2 by phases", [1, 4, 9, 10], t => Conv(t, t.Input, 4, 6, 3, [2, 2], [1, 0, 1, 1], [1, 1], group: 2)),
        C("Conv stride 2 with many input channels, transposed", [1, 8, 9, 8], t => Conv(t, t.Input, 8, 3, 3, [2, 2], [1, 1, 0, 0], [1, 1])),
        C("Conv dilated grouped", [1, 4, 9, 8], t => Conv(t, t.Input, 4, 4, 3, [1, 1], [2, 1, 0, 2], [2, 2], group: 2)),
        C("Conv depthwise stride 2", [1, 3, 9, 9], t => Conv(t, t.Input, 3, 3, 3, [2, 2], [1, 1, 1, 1], [1, 1], group: 3)),
        C("ConvTranspose stride 2 grouped", [1, 4, 4, 5], t => t.Op("ConvTranspose", [t.Input, t.Random([4, 1, 3, 3])],
            A.Ints("strides", 2, 2), A.Ints("pads", 1, 0, 1, 1), A.Ints("output_padding", 1, 0), A.Int("group", 2))),
        C("Relu", [1, 2, 5, 4], t => t.Op("Relu", [t.Input])),
        C("LeakyRelu", [1, 2, 5, 4], t => t.Op("LeakyRelu", [t.Input], A.Float("alpha", 0.2f))),
        C("Clip", [1, 2, 5, 4], t => t.Op("Clip", [t.Input, t.Constant([], [-0.5]), t.Constant([], [0.6])])),
        C("Sigmoid", [1, 2, 5, 4], t => t.Op("Sigmoid", [t.Input])),
        C("Add broadcast constant", [1, 2, 4, 3], t => t.Op("Add", [t.Input, t.Random([2, 1, 1])])),
        C("Sub both on path with broadcast", [1, 2, 4, 3], t => t.Op("Sub", [t.Input, t.Op("GlobalAveragePool", [t.Op("Sigmoid", [t.Input])])])),
        C("Mul both on path with broadcast", [1, 2, 4, 3], t => t.Op("Mul", [t.Input, t.Op("GlobalAveragePool", [t.Input])])),
        C("Div both on path with broadcast", [1, 2, 4, 3], t => t.Op("Div", [t.Input, t.Op("Add", [t.Op("Sigmoid", [t.Op("GlobalAveragePool", [t.Input])]), t.Constant([], [0.5])])])),
        C("Div by constant", [1, 2, 4, 3], t => t.Op("Div", [t.Input, t.Random([1, 2, 1, 3], 0.5, 2)])),
        C("BatchNormalization", [1, 3, 4, 5], t => t.Op("BatchNormalization", [t.Input, t.Random([3]), t.Random([3]), t.Random([3]), t.Random([3], 0.2, 2)], A.Float("epsilon", 1e-3f))),
        C("MaxPool k3 s2 pads 1,1,0,0 odd", [1, 2, 9, 9], t => t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 0, 0))),
        C("MaxPool k3 s2 even ceil_mode", [1, 2, 8, 10], t => t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Int("ceil_mode", 1))),
        C("MaxPool k3 s1 overlapping pads", [1, 2, 6, 7], t => t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1))),
        C("MaxPool k2 s2 odd", [1, 2, 7, 7], t => t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 2, 2), A.Ints("strides", 2, 2))),
        C("Relu then MaxPool k3 s2 pads, pooled before the Relu", [1, 2, 9, 8], t => t.Op("MaxPool", [t.Op("Relu", [t.Input])], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 0, 0))),
        C("MaxPool dilated", [1, 2, 9, 8], t => t.Op("MaxPool", [t.Input], A.Ints("kernel_shape", 2, 2), A.Ints("dilations", 2, 2), A.Ints("strides", 1, 2))),
        C("AveragePool k3 s2 pads excluded", [1, 2, 9, 8], t => t.Op("AveragePool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 1, 0))),
        C("AveragePool k3 s2 pads included", [1, 2, 9, 8], t => t.Op("AveragePool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 1, 0), A.Int("count_include_pad", 1))),
        C("AveragePool k3 s2 ceil_mode", [1, 2, 8, 10], t => t.Op("AveragePool", [t.Input], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Int("ceil_mode", 1))),
        C("AveragePool k3 s1 overlapping", [1, 2, 6, 5], t => t.Op("AveragePool", [t.Input], A.Ints("kernel_shape", 3, 3))),
        C("GlobalAveragePool", [1, 3, 5, 4], t => t.Op("Mul", [t.Op("GlobalAveragePool", [t.Input]), t.Random([1, 3, 1, 1])])),
        C("Concat branches", [1, 2, 4, 5], t => t.Op("Concat", [t.Op("Relu", [t.Input]), t.Op("Sigmoid", [t.Input]), t.Input], A.Int("axis", 1))),
        C("Split unequal, one output unused", [1, 5, 4, 3], t => t.Op("Split", [t.Input, t.Editor.Int64s(2, 3)], 2, A.Int("axis", 1))[0]),
        C("Split used twice", [1, 4, 4, 3], t =>
        {
            var parts = t.Op("Split", [t.Input, t.Editor.Int64s(2, 2)], 2, A.Int("axis", 1));
            return t.Op("Mul", [parts[0], parts[1]]);
        }),
        C("Slice", [1, 3, 6, 7], t => t.Op("Slice", [t.Input, t.Editor.Int64s(1, 1, -5), t.Editor.Int64s(3, 100, -1), t.Editor.Int64s(1, 2, 3)])),
        C("Pad", [1, 2, 4, 3], t => t.Op("Pad", [t.Input, t.Editor.Int64s(0, 0, 1, 2, 0, 1, 0, 3), t.Constant([], [0.5])])),
        C("Reshape and Flatten", [1, 2, 4, 3], t => t.Op("Mul", [t.Op("Flatten", [t.Op("Reshape", [t.Input, t.Editor.Int64s(1, 4, 2, 3)])], A.Int("axis", 1)), t.Random([1, 24])])),
        C("Transpose", [1, 2, 4, 3], t => t.Op("Mul", [t.Op("Transpose", [t.Input], A.Ints("perm", 0, 3, 1, 2)), t.Random([1, 3, 2, 4])])),
        C("LRN odd size 3", [1, 6, 3, 4], t => t.Op("LRN", [t.Input], A.Int("size", 3), A.Float("alpha", 0.5f), A.Float("beta", 0.75f), A.Float("bias", 1.5f))),
        C("LRN size 5 GoogLeNet constants", [1, 7, 3, 3], t => t.Op("LRN", [t.Op("Mul", [t.Input, t.Constant([], [20])])], A.Int("size", 5), A.Float("alpha", 1e-4f), A.Float("beta", 0.75f), A.Float("bias", 1f))),
        C("LRN even size 4, expanded into standard ops", [1, 6, 3, 4], t => ExpandedLrn(t, 4)),
        C("LRN even size 2, expanded into standard ops", [1, 5, 3, 3], t => ExpandedLrn(t, 2)),
        C("Pow with a constant exponent", [1, 2, 3, 4], t => t.Op("Pow", [t.Op("Add", [t.Op("Sigmoid", [t.Input]), t.Constant([], [0.5])]), t.Constant([], [1.7])])),
        C("Identity and Dropout", [1, 2, 3, 3], t => t.Op("Dropout", [t.Op("Identity", [t.Input])])),
        C("Gemm transB", [1, 2, 3, 3], t => t.Op("Gemm", [t.Op("Flatten", [t.Input]), t.Random([5, 18]), t.Random([5])], A.Int("transB", 1), A.Float("alpha", 0.7f), A.Float("beta", 1.3f))),
        C("Gemm transA", [1, 2, 3, 3], t => t.Op("Gemm", [t.Op("Transpose", [t.Op("Flatten", [t.Input])]), t.Random([5, 18])], A.Int("transA", 1), A.Int("transB", 1))),
        C("MatMul", [1, 2, 3, 3], t => t.Op("MatMul", [t.Op("Flatten", [t.Input]), t.Random([18, 4])])),
        C("Softmax", [1, 2, 3, 3], t => t.Op("Mul", [t.Op("Softmax", [t.Op("Flatten", [t.Input])], A.Int("axis", 1)), t.Random([1, 18])])),
    ];

    private static string ExpandedLrn(TestGraph t, long size)
    {
        var y = t.Op("LRN", [t.Input], A.Int("size", size), A.Float("alpha", 0.5f), A.Float("beta", 0.75f), A.Float("bias", 1.5f));
        EvenLrnExpansion.Expand(t.Editor, t.Editor.Producer(y)!);
        return y;
    }

    /// <summary>Every case in the CPU graph and in the GPU graph.</summary>
    public static TheoryData<Case> AllCases() => new(Cases.SelectMany(c => new[] { c, c with { Target = GraphTarget.Gpu } }));

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Rule_gradient_matches_finite_differences(Case testCase)
    {
        var error = testCase.Type is { } type ? Check(testCase, type) : CheckInFloat64WhereSupported(testCase);
        output.WriteLine($"{testCase.Name}: {error.Type} max relative error {error.Relative:E2} (gradient scale {error.GradientScale:E2})");
        Assert.True(error.GradientScale > 0, "the gradient is zero everywhere: the test checks nothing");
        Assert.True(error.Relative < (error.Type == DataType.Double ? Float64Tolerance : Float32Tolerance),
            $"{testCase.Name}: relative error {error.Relative:E2} in {error.Type}");
    }

    internal static GradientError CheckInFloat64WhereSupported(Case testCase)
    {
        try
        {
            return Check(testCase, DataType.Double);
        }
        catch (OnnxRuntimeException e) when (e.Message.Contains("NotImplemented"))
        {
            return Check(testCase, DataType.Float);
        }
    }

    /// <summary>
    /// Inputs are distinct values spaced evenly over [-1, 1] in random order, and the step is a
    /// quarter of their spacing, so no finite difference crosses a tie in a max or a ReLU kink.
    /// </summary>
    private static GradientError Check(Case testCase, DataType type)
    {
        var graph = new TestGraph(type, testCase.Shape[1], testCase.Opset);
        var target = testCase.Build(graph);
        using var checker = new GradientChecker(graph.Model, [target], testCase.Shape, target: testCase.Target);
        var count = (int)testCase.Shape.Aggregate(1L, (a, d) => a * d);
        var spacing = 2.0 / count;
        var x = Enumerable.Range(0, count).Select(i => -1 + spacing * (i + 0.5)).ToArray();
        new Random(42).Shuffle(x);
        var epsilon = type == DataType.Double ? 1e-6 : Math.Min(1e-3, spacing / 4);
        return checker.Check(x, epsilon);
    }
}
