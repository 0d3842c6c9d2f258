using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients;

/// <summary>The sliding-window attributes shared by Conv, ConvTranspose and the pools, with ONNX defaults filled in.</summary>
public sealed record WindowAttributes(long[] Kernel, long[] Strides, long[] Dilations, long[] PadsBegin, long[] PadsEnd, long Group)
{
    public int SpatialRank => Strides.Length;

    public long[] DilatedKernel => Kernel.Select((k, i) => Dilations[i] * (k - 1) + 1).ToArray();

    public long[] PadsBeginThenZeros => [.. PadsBegin, .. new long[SpatialRank]];

    public long[] StridesMinusOne => Strides.Select(s => s - 1).ToArray();

    /// <summary>Reads the attributes; the kernel comes from kernel_shape or, for convolutions, from the constant weights.</summary>
    public static WindowAttributes Read(GradientContext c, bool kernelFromWeights)
    {
        if (c.Node.GetString("auto_pad", "NOTSET") is not ("NOTSET" or ""))
            throw c.Unsupported("auto_pad must be converted to explicit pads first");
        var kernel = c.Node.GetInts("kernel_shape");
        if (kernel is null && kernelFromWeights && c.Graph.Constant(c.Input(1)) is { } w)
            kernel = w.Dims.Skip(2).ToArray();
        if (kernel is null)
            throw c.Unsupported("the kernel shape is unknown (no kernel_shape attribute and no constant weights)");
        var rank = kernel.Length;
        var pads = c.Ints("pads", new long[2 * rank]);
        if (pads.Length != 2 * rank)
            throw c.Unsupported($"pads has {pads.Length} values for a {rank}-D kernel");
        if (pads.Any(p => p < 0))
            throw c.Unsupported("negative pads are not supported");
        return new WindowAttributes(
            kernel,
            c.Ints("strides", Enumerable.Repeat(1L, rank).ToArray()),
            c.Ints("dilations", Enumerable.Repeat(1L, rank).ToArray()),
            pads[..rank],
            pads[rank..],
            c.Node.GetInt("group", 1));
    }
}
