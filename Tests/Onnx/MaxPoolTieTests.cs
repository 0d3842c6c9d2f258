using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>Where a window's maximum is tied, the whole gradient goes to the first position in scan order, as ONNX Runtime's Indices name it.</summary>
public sealed class MaxPoolTieTests
{
    [Theory]
    [InlineData(GraphTarget.Cpu)]
    [InlineData(GraphTarget.Gpu)]
    public void A_flat_image_sends_each_window_gradient_to_its_first_pixel(GraphTarget target)
    {
        var graph = new TestGraph(DataType.Float, channels: 1);
        var y = graph.Op("MaxPool", [graph.Input], A.Ints("kernel_shape", 2, 2), A.Ints("strides", 1, 1), A.Ints("pads", 1, 0, 0, 1));
        using var checker = new GradientChecker(graph.Model, [y], [1, 1, 4, 4], target: target);
        var (_, gradient) = checker.Evaluate(Enumerable.Repeat(0.5, 16).ToArray());

        // Windows are 4x4 (one padded row on top, one padded column on the right); each one's
        // first real pixel is (max(oh - 1, 0), ow), and the seed of mean(y^2) is 2 * 0.5 / 16 per window.
        var expected = new double[16];
        for (var oh = 0; oh < 4; oh++)
            for (var ow = 0; ow < 4; ow++)
                expected[Math.Max(oh - 1, 0) * 4 + ow] += 1.0 / 16;
        Assert.Equal(expected, gradient.Select(v => Math.Round(v, 6)));
    }
}
