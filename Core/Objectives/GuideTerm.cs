using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Objectives;

/// <summary>
/// Dreaming toward a guide image (google/deepdream's notebook): each position's feature vector x
/// at the layer is matched with the guide's feature vector y that it resembles most (largest
/// x . y), and the term is the mean of those best dot products. Its gradient at each position is
/// the matched guide feature, which pulls the dream toward what the guide shows. The guide's
/// features are computed once per model, guide image and layer, by a forward pass, and kept in
/// the graph as a constant: a guide image must not change once it has been used.
/// </summary>
public sealed record GuideTerm(string Layer, IRgbSource Image) : ObjectiveTerm
{
    /// <summary>The longest side the guide is shrunk to: its features are compared with every position of every tile.</summary>
    public const int MaxGuideSide = 384;

    /// <summary>The guide's features [C, M], once resolved.</summary>
    public float[]? Features { get; private init; }
    public int FeatureChannels { get; private init; }
    /// <summary>The SHA-256 of the features, once resolved: sessions are looked up by the key on every tile.</summary>
    private string? featuresHash;

    /// <summary>
    /// Resolved guides by model, guide image (the same instance) and layer: the plugin resolves
    /// its objective on every render, and a forward pass of the model each time would slow every
    /// preview.
    /// </summary>
    private static readonly ConditionalWeakTable<ImageClassifier, ConditionalWeakTable<IRgbSource, ConcurrentDictionary<string, GuideTerm>>> Resolved = new();

    public override string Tensor => Layer;
    public override string Key => featuresHash is null
        ? $"guide {Layer} image {RuntimeHelpers.GetHashCode(Image)}"
        : $"guide {Layer} {featuresHash}";
    public override string Describe() => $"guide image at layer {Layer}";

    public override ObjectiveTerm Resolve(ImageClassifier model) =>
        Features is not null ? this : Resolved.GetValue(model, _ => new()).GetValue(Image, _ => new()).GetOrAdd(Layer, _ => WithFeatures(model));

    private GuideTerm WithFeatures(ImageClassifier model)
    {
        var tensor = model.ResolveLayer(Layer);
        var stride = model.StrideOf(tensor);
        var (width, height) = GuideSize(model, stride);
        var (values, shape) = LayerProbe.Run(model, tensor, Bilinear.Resize(Image, width, height));
        var features = Planar(values, shape);
        return this with
        {
            Layer = tensor,
            Features = features,
            FeatureChannels = (int)shape[1],
            featuresHash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(features.AsSpan()))),
        };
    }

    internal override string AddLoss(GraphEditor g, int border)
    {
        var channels = FeatureChannels;
        var positions = Features!.Length / channels;
        var guide = g.AddConstant(g.ElementType, [channels, positions], Array.ConvertAll(Features, v => (double)v), "guide_features");
        var x = g.Op("Transpose", [g.Op("Reshape", [FeatureCrop.Apply(g, Layer, border), g.Int64s(channels, -1)])], Attributes.Ints("perm", [1, 0]));
        var best = g.Reduce("ReduceMax", g.Op("MatMul", [x, guide]), [1], keepDims: false);
        return g.Reduce("ReduceMean", best, [], keepDims: false);
    }

    /// <summary>The guide's size: at most <see cref="MaxGuideSide"/> on its longer side, aspect kept, each side one the model takes.</summary>
    private (int Width, int Height) GuideSize(ImageClassifier model, int stride)
    {
        var scale = Math.Min(1.0, (double)MaxGuideSide / Math.Max(Image.Width, Image.Height));
        int Side(int size)
        {
            var target = Math.Max((int)Math.Round(size * scale), model.ValidSize.MinimumSize(stride));
            return model.ValidSize.IsValid(target, stride) ? target : model.ValidSize.NextValid(target, stride);
        }
        return (Side(Image.Width), Side(Image.Height));
    }

    /// <summary>[1, C, H, W] as [C, H x W]: the same values in the same order.</summary>
    private static float[] Planar(float[] values, long[] shape) =>
        shape is [1, _, _, _] ? values : throw new ModelException($"A guide layer must be a 4-D feature map [1, C, H, W]; got [{string.Join(", ", shape)}].");
}
