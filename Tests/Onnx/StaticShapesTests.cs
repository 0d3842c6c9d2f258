using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Graph;
using DeepDream.Tests.Support;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Shapes known before a graph runs: an elementwise op's gradient skips summing back to an
/// operand's shape only where that shape is certain at every image size.
/// </summary>
public sealed class StaticShapesTests
{
    private static string Conv(TestGraph t, string x, long cin, long cout, long k, long stride, long[] pads) =>
        t.Op("Conv", [x, t.Random([cout, cin, k, k])], A.Ints("strides", stride, stride), A.Ints("pads", pads), A.Ints("kernel_shape", k, k));

    [Fact]
    public void A_residual_block_keeps_its_shape_and_a_per_channel_constant_broadcasts()
    {
        var t = new TestGraph(DataType.Float, channels: 4);
        var stem = Conv(t, t.Input, 4, 8, 3, 2, [1, 1, 1, 1]);
        var pooled = t.Op("MaxPool", [t.Op("Relu", [stem])], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Ints("pads", 1, 1, 1, 1));
        var branch = Conv(t, t.Op("Relu", [Conv(t, pooled, 8, 8, 3, 1, [1, 1, 1, 1])]), 8, 8, 3, 1, [1, 1, 1, 1]);
        var scale = t.Random([1, 8, 1, 1]);
        var wide = t.Random([1, 8, 5, 1]);
        var shapes = StaticShapes.Infer(t.Editor);

        Assert.True(shapes.KeepsShape(branch, [pooled]));
        Assert.True(shapes.KeepsShape(pooled, [branch]));
        Assert.True(shapes.KeepsShape(branch, [scale]));
        Assert.False(shapes.KeepsShape(scale, [branch]));
        Assert.False(shapes.KeepsShape(branch, [wide]), "the height is not known to be 5");
        Assert.True(shapes.KeepsShape(stem, [stem]), "x * x");
    }

    [Fact]
    public void Different_paddings_of_a_strided_map_are_not_taken_for_the_same_shape()
    {
        var t = new TestGraph(DataType.Float, channels: 4);
        // Equal on even sizes, one apart on odd ones.
        var symmetric = Conv(t, t.Input, 4, 8, 3, 2, [1, 1, 1, 1]);
        var endOnly = Conv(t, t.Input, 4, 8, 3, 2, [0, 0, 1, 1]);
        var ceil = t.Op("MaxPool", [symmetric], A.Ints("kernel_shape", 2, 2), A.Ints("strides", 2, 2), A.Int("ceil_mode", 1));
        var shapes = StaticShapes.Infer(t.Editor);

        Assert.False(shapes.KeepsShape(symmetric, [endOnly]));
        Assert.False(shapes.KeepsShape(ceil, [ceil, symmetric]));
        Assert.False(shapes.KeepsShape("no such tensor", [symmetric]));
    }

    [Fact]
    public void Split_and_Concat_along_channels_keep_the_spatial_symbols()
    {
        var t = new TestGraph(DataType.Float, channels: 3);
        var parts = t.Op("Split", [t.Input, t.Editor.Int64s(1, 2)], 2, A.Int("axis", 1));
        var joined = t.Op("Concat", [parts[1], parts[0]], A.Int("axis", 1));
        var perChannel = t.Random([1, 2, 1, 1]);
        var shapes = StaticShapes.Infer(t.Editor);

        Assert.True(shapes.KeepsShape(joined, [t.Input]));
        Assert.True(shapes.KeepsShape(parts[1], [perChannel]));
        Assert.False(shapes.KeepsShape(parts[0], [parts[1]]), "1 channel against 2");
    }

    [Fact]
    public void The_dream_graph_of_a_residual_block_sums_no_gradient_back_to_its_operands()
    {
        var t = new TestGraph(DataType.Float, channels: 4);
        var first = t.Op("Relu", [Conv(t, t.Input, 4, 8, 3, 1, [1, 1, 1, 1])]);
        var block = t.Op("Relu", [t.Op("Add", [Conv(t, first, 8, 8, 3, 1, [1, 1, 1, 1]), first])]);
        var dream = DreamGraphBuilder.Build(t.Model, "test", Objective.Layer(block), GraphTarget.Cpu, border: 0);

        // Each sum back to an operand's shape finds its axes with one NonZero: the only one left
        // is the loss's, whose scalar shapes come from ops the inference does not follow.
        Assert.Single(dream.Graph.Node, n => n.OpType == "NonZero");
    }
}
