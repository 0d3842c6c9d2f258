using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// AveragePool: each window's gradient divided by the window's divisor and spread over the window.
/// The divisor is the kernel area, or, without count_include_pad or with ceil_mode, the number of
/// counted pixels in each window, computed by a Conv of ones over the counted region.
/// </summary>
internal sealed class AveragePoolGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["AveragePool"];

    public void Backward(GradientContext c)
    {
        var w = WindowAttributes.Read(c, kernelFromWeights: false);
        if (w.Dilations.Any(d => d != 1))
            throw c.Unsupported("dilated average pooling is not supported");
        var g = c.Graph;
        var (x, y) = (c.Input(0), c.Output(0));
        var area = w.Kernel.Aggregate(1L, (a, k) => a * k);
        var includePad = c.Node.GetInt("count_include_pad", 0) != 0;
        var ceil = c.Node.GetInt("ceil_mode", 0) != 0;
        var hasPads = w.PadsBegin.Concat(w.PadsEnd).Any(p => p != 0);

        var scaled = !ceil && (includePad || !hasPads)
            ? g.Op("Mul", [c.Gradient, g.Scalar(1.0 / area)])
            : g.Op("Div", [c.Gradient, Divisors(g, x, y, w, includePad)]);
        c.SetInputGradient(0, PoolScatter.Scatter(g, Enumerable.Repeat(scaled, (int)area).ToList(), x, y, w));
    }

    /// <summary>[1, 1, OH, OW]: how many pixels of the counted region (the input, or the padded input) each window covers.</summary>
    private static string Divisors(GraphEditor g, string x, string y, WindowAttributes w, bool includePad)
    {
        var rank = w.SpatialRank;
        var padTotals = w.PadsBegin.Zip(w.PadsEnd, (b, e) => includePad ? b + e : 0).ToArray();
        var regionSize = g.Op("Add", [g.Dims(x, 2, 2 + rank), g.Int64s(padTotals)]);
        var regionShape = g.Op("Concat", [g.Int64s(1, 1), regionSize], Attributes.Int("axis", 0));
        var region = g.Op("ConstantOfShape", [regionShape], Attributes.Tensor("value", Tensors.Create("one", g.ElementType, [1], [1])));
        var kernel = g.AddConstant(g.ElementType, [1, 1, .. w.Kernel], Enumerable.Repeat(1.0, (int)w.Kernel.Aggregate(1L, (a, k) => a * k)).ToArray(), "ones_kernel");
        var begin = includePad ? new long[rank] : w.PadsBegin;
        var end = w.PadsEnd.Select((p, i) => (includePad ? 0 : p) + w.Strides[i] - 1).ToArray();
        var counts = g.Op("Conv", [region, kernel], Attributes.Ints("strides", w.Strides), Attributes.Ints("pads", [.. begin, .. end]));
        return g.Op("Slice", [counts, g.Int64s(new long[rank]), g.Dims(y, 2, 2 + rank), g.Int64s(Enumerable.Range(2, rank).Select(a => (long)a).ToArray())]);
    }
}
