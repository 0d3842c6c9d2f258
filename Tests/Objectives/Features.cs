using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;

namespace DeepDream.Tests.Objectives;

/// <summary>A feature map [1, C, H, W] of an image, read by a forward run (<see cref="LayerProbe.Run"/>).</summary>
internal sealed class Features
{
    private Features(float[] values, int channels)
    {
        Values = values;
        Channels = channels;
        Positions = values.Length / channels;
    }

    public float[] Values { get; }
    public int Channels { get; }
    public int Positions { get; }

    public static Features Of(ImageClassifier model, string tensor, RgbImage image)
    {
        var (values, shape) = LayerProbe.Run(model, tensor, image);
        Assert.Equal(4, shape.Length);
        return new Features(values, (int)shape[1]);
    }

    public float At(int channel, int position) => Values[channel * Positions + position];

    public double[] ChannelMeans() =>
        Enumerable.Range(0, Channels).Select(c => Values.AsSpan(c * Positions, Positions).ToArray().Average(v => (double)v)).ToArray();

    /// <summary>
    /// For each position, the largest cosine similarity with any position of <paramref name="guide"/>,
    /// averaged: the guide objective's match without its preference for large activations.
    /// </summary>
    public double MeanBestCosine(Features guide)
    {
        var (x, y) = (UnitVectors(), guide.UnitVectors());
        return x.Average(v => y.Max(u => (double)System.Numerics.Tensors.TensorPrimitives.Dot<float>(v, u)));
    }

    /// <summary>Each position's feature vector, scaled to length 1 (zero vectors stay zero).</summary>
    private float[][] UnitVectors() => Enumerable.Range(0, Positions).Select(p =>
    {
        var v = Enumerable.Range(0, Channels).Select(c => At(c, p)).ToArray();
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm<float>(v);
        if (norm > 0)
            System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
        return v;
    }).ToArray();
}
