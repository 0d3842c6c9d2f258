using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Resize in nearest or linear mode, with scales or sizes constant or computed from shapes. It is
/// linear along each resized axis, out = A · x with A [out length, in length] the interpolation
/// matrix, so the gradient is Aᵀ · g along each axis. A is built at run time from the lengths
/// with ONNX Runtime's coordinate arithmetic, in float32 as its kernels do. The resized axes are
/// those whose constant scale is not 1, those of the axes attribute, or else the axes after batch
/// and channels (the last two when the rank is not known).
/// </summary>
internal sealed class ResizeGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Resize"];

    private static readonly string[] CoordinateModes =
        ["half_pixel", "pytorch_half_pixel", "half_pixel_symmetric", "tf_half_pixel_for_nn", "asymmetric", "align_corners"];

    private static readonly string[] NearestModes = ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"];

    public void Backward(GradientContext c)
    {
        c.RequireConstant(1, 2, 3);
        var n = c.Node;
        var mode = n.GetString("mode", "nearest");
        var coordinates = n.GetString("coordinate_transformation_mode", "half_pixel");
        var nearest = n.GetString("nearest_mode", "round_prefer_floor");
        if (mode is not ("nearest" or "linear"))
            throw c.Unsupported($"mode '{mode}' is not supported (nearest and linear are)");
        if (!CoordinateModes.Contains(coordinates))
            throw c.Unsupported($"coordinate_transformation_mode '{coordinates}' is not supported");
        if (mode == "nearest" && !NearestModes.Contains(nearest))
            throw c.Unsupported($"nearest_mode '{nearest}' is not supported");
        if (n.GetInt("antialias", 0) != 0)
            throw c.Unsupported("antialias is not supported");
        if (n.GetString("keep_aspect_ratio_policy", "stretch") != "stretch")
            throw c.Unsupported("keep_aspect_ratio_policy other than 'stretch' is not supported");

        var g = c.Graph;
        var (x, y) = (c.Input(0), c.Output(0));
        var grad = c.Gradient;
        foreach (var (axis, scaleIndex) in ResizedAxes(c))
        {
            var lengthIn = g.Op("Gather", [g.Shape(x), g.Int64Scalar(axis)]);
            var lengthOut = g.Op("Gather", [g.Shape(y), g.Int64Scalar(axis)]);
            var (floatIn, floatOut) = (Float(g, lengthIn), Float(g, lengthOut));
            var scale = c.HasInput(3) ? g.Op("Div", [floatOut, floatIn]) : g.Op("Gather", [c.Input(2), g.Int64Scalar(scaleIndex)]);
            var original = Original(g, coordinates, Float(g, g.Range(lengthOut)), scale, floatOut, floatIn);
            var matrix = g.ToElementType(Interpolation(g, mode, nearest, original, lengthIn, floatIn));
            grad = axis == -1
                ? g.Op("MatMul", [grad, matrix])
                : g.Op("MatMul", [g.Op("Transpose", [matrix]), g.Op("Reshape", [grad,
                    g.Op("Concat", [g.Dims(y, 0, axis), g.Op("Reshape", [lengthOut, g.Int64s(1)]), g.Int64s(-1)], Attributes.Int("axis", 0))])]);
        }
        c.SetInputGradient(0, g.Op("Reshape", [grad, g.Shape(x)]));
    }

    /// <summary>
    /// (axis, index into scales) of each resized axis, last axis first: each step then views the
    /// gradient as [output dims before the axis..., length, rest] and leaves those leading dims intact.
    /// </summary>
    private static IEnumerable<(long Axis, long ScaleIndex)> ResizedAxes(GradientContext c)
    {
        var bySizes = c.HasInput(3);
        if (!bySizes && !c.HasInput(2))
            throw c.Unsupported("neither scales nor sizes is given");
        var known = c.Graph.Constant(c.Input(bySizes ? 3 : 2));
        var scales = bySizes || known is null ? null : Tensors.ReadDoubles(known);
        IEnumerable<(long Axis, long ScaleIndex)> axes;
        if (c.Node.GetInts("axes") is { } listed)
        {
            if (listed.Any(a => a < 0) && listed.Any(a => a >= 0))
                throw c.Unsupported("axes mixing negative and non-negative values are not supported");
            axes = listed.Select((a, i) => (a, (long)i));
        }
        else if (known is not null)
        {
            var rank = Tensors.ElementCount(known);
            axes = Enumerable.Range(bySizes ? 2 : 0, (int)rank - (bySizes ? 2 : 0)).Select(i => (i - rank, (long)i));
        }
        else
            axes = [(-2, -2), (-1, -1)];
        return axes.Where(a => scales is null || scales[a.ScaleIndex] != 1).OrderByDescending(a => a.Axis);
    }

    /// <summary>The input coordinate of each output index o, as ONNX Runtime computes it; an axis of scale 1 is copied unchanged.</summary>
    private static string Original(GraphEditor g, string mode, string o, string scale, string lengthOut, string lengthIn)
    {
        string Op(string op, params string[] inputs) => g.Op(op, inputs);
        string F(double v) => Float(g, v);
        string HalfPixel() => Op("Div", Op("Add", o, F(0.5)), scale);
        var original = mode switch
        {
            "half_pixel" => Op("Sub", HalfPixel(), F(0.5)),
            "pytorch_half_pixel" => Op("Where", Op("Greater", lengthOut, F(1)), Op("Sub", HalfPixel(), F(0.5)), F(0)),
            "half_pixel_symmetric" => Op("Sub", Op("Add", SymmetricOffset(g, scale, lengthOut, lengthIn), HalfPixel()), F(0.5)),
            "tf_half_pixel_for_nn" => HalfPixel(),
            "asymmetric" => Op("Div", o, scale),
            _ => Op("Where", Op("Equal", lengthOut, F(1)), F(0), Op("Div", Op("Mul", o, Op("Sub", lengthIn, F(1))), Op("Sub", lengthOut, F(1)))),
        };
        return Op("Where", Op("Equal", scale, F(1)), o, original);
    }

    /// <summary>half_pixel_symmetric's shift: (in / 2) · (1 - out / (scale · in)).</summary>
    private static string SymmetricOffset(GraphEditor g, string scale, string lengthOut, string lengthIn)
    {
        var adjustment = g.Op("Div", [lengthOut, g.Op("Mul", [scale, lengthIn])]);
        return g.Op("Mul", [g.Op("Div", [lengthIn, Float(g, 2)]), g.Op("Sub", [Float(g, 1), adjustment])]);
    }

    /// <summary>A [out length, in length]: one-hot rows at the nearest input index, or linear interpolation weights.</summary>
    private static string Interpolation(GraphEditor g, string mode, string nearest, string original, string lengthIn, string floatIn)
    {
        var last = g.Op("Sub", [floatIn, Float(g, 1)]);
        var columns = Float(g, g.Range(lengthIn));
        if (mode == "linear")
        {
            var clamped = g.Op("Reshape", [g.Op("Clip", [original, Float(g, 0), last]), g.Int64s(-1, 1)]);
            return g.Op("Relu", [g.Op("Sub", [Float(g, 1), g.Op("Abs", [g.Op("Sub", [clamped, columns])])])]);
        }
        var index = g.Op("Clip", [Round(g, nearest, original), Float(g, 0), last]);
        return Float(g, g.Op("Equal", [g.Op("Reshape", [index, g.Int64s(-1, 1)]), columns]));
    }

    /// <summary>
    /// The nearest-mode rounding, exact in float32: a half-way fraction goes down for
    /// round_prefer_floor and up for round_prefer_ceil (std::round, as ONNX Runtime uses).
    /// Negative coordinates are clamped to 0 afterwards, so only x ≥ 0 needs to be right.
    /// </summary>
    private static string Round(GraphEditor g, string nearest, string x)
    {
        if (nearest is "floor" or "ceil")
            return g.Op(nearest == "floor" ? "Floor" : "Ceil", [x]);
        var floor = g.Op("Floor", [x]);
        var up = g.Op(nearest == "round_prefer_floor" ? "Greater" : "GreaterOrEqual", [g.Op("Sub", [x, floor]), Float(g, 0.5)]);
        return g.Op("Add", [floor, Float(g, up)]);
    }

    private static string Float(GraphEditor g, string x) => g.Op("Cast", [x], Attributes.Int("to", (long)DataType.Float));

    private static string Float(GraphEditor g, double value) => g.AddConstant(DataType.Float, [], [value], "float");
}
