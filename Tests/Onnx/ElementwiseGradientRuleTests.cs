using DeepDream.Tests.Support;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Elementwise rules checked against known gradients where finite differences cannot check them:
/// ties of Min and Max, and casts through 16-bit floats. The loss is mean(y^2), so the gradient
/// that reaches y is 2y / n.
/// </summary>
public sealed class ElementwiseGradientRuleTests
{
    private static readonly long[] Shape = [1, 1, 2, 4];
    private static readonly double[] X = [-0.7, -0.2, 0.3, 0.8, -0.6, -0.1, 0.4, 0.9];

    private static double[] ImageGradient(DataType type, Func<TestGraph, string> build)
    {
        var t = new TestGraph(type, channels: 1);
        using var checker = new GradientChecker(t.Model, [build(t)], Shape);
        return checker.Evaluate(X).Gradient;
    }

    [Theory]
    [InlineData("Max")]
    [InlineData("Min")]
    public void An_input_tied_with_itself_gets_the_gradient_once(string op)
    {
        var gradient = ImageGradient(DataType.Double, t =>
        {
            var same = t.Op("Mul", [t.Input, t.Constant([], [1])]);
            return t.Op(op, [t.Input, same, same]);
        });
        Assert.Equal(X.Select(x => 2 * x / X.Length), gradient);
    }

    [Theory]
    [InlineData("Max", true)]
    [InlineData("Max", false)]
    [InlineData("Min", true)]
    [InlineData("Min", false)]
    public void On_a_tie_the_last_equal_input_gets_the_gradient(string op, bool imageFirst)
    {
        // The constant ties the image in the first row and loses to it in the second.
        var loser = op == "Max" ? -0.5 : 0.5;
        var constant = X.Select((x, i) => i < 4 ? x : x + loser).ToArray();
        var gradient = ImageGradient(DataType.Double, t =>
        {
            var c = t.Constant(Shape, constant);
            return t.Op(op, imageFirst ? [t.Input, c] : [c, t.Input]);
        });
        Assert.Equal(X.Select((x, i) => imageFirst && i < 4 ? 0 : 2 * x / X.Length), gradient);
    }

    [Theory]
    [InlineData(DataType.Float, DataType.Float16, 10)]
    [InlineData(DataType.Double, DataType.Float16, 10)]
    [InlineData(DataType.Float, DataType.Bfloat16, 7)]
    public void A_cast_through_a_narrow_float_casts_the_gradient_back(DataType type, DataType narrow, int mantissaBits)
    {
        var gradient = ImageGradient(type, t =>
            t.Op("Cast", [t.Op("Cast", [t.Input], A.Int("to", (long)narrow))], A.Int("to", (long)type)));
        // Rounded twice to the narrow type: the image on the way forward, the gradient on the way back.
        var tolerance = 2 * Math.Pow(2, -mantissaBits);
        for (var i = 0; i < X.Length; i++)
        {
            var expected = 2 * X[i] / X.Length;
            Assert.True(Math.Abs(gradient[i] - expected) <= tolerance * Math.Abs(expected), $"element {i}: {gradient[i]} for {expected}");
        }
    }
}
