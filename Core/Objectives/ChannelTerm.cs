using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Objectives;

/// <summary>
/// The mean activation of some channels of a layer, border left out: what those channels draw.
/// Where the layer is a ReLU's output, the channels are read at the ReLU's input (the same
/// channels, as feature visualisations take them): a channel that is zero everywhere on the image
/// would have no gradient after the ReLU, and would not draw at all.
/// </summary>
public sealed record ChannelTerm : ObjectiveTerm
{
    public ChannelTerm(string layer, IReadOnlyList<int> channels)
    {
        if (channels.Count == 0)
            throw new ArgumentException("At least one channel is needed.", nameof(channels));
        Layer = layer;
        Reads = layer;
        Channels = channels.Distinct().Order().ToArray();
    }

    public string Layer { get; }
    public IReadOnlyList<int> Channels { get; }
    /// <summary>The tensor whose channels are averaged: the layer, or its ReLU's input once resolved.</summary>
    private string Reads { get; init; }
    public override string Tensor => Reads;
    public override string Key => $"channels {Reads}:{string.Join(',', Channels)}";
    public override string Describe() => $"{(Channels.Count == 1 ? "channel" : "channels")} {string.Join(',', Channels)} of layer {Layer}";
    public override int StrideOf(ImageClassifier model) => model.StrideOf(Layer);

    public override ObjectiveTerm Resolve(ImageClassifier model)
    {
        var tensor = model.ResolveLayer(Layer);
        var count = model.ChannelsOf(tensor);
        foreach (var c in Channels.Where(c => c < 0 || c >= count))
            throw new ModelException($"Layer {Layer} of model '{model.Name}' has channels 0 to {count - 1}; there is no channel {c}.");
        return new ChannelTerm(tensor, Channels) { Reads = BeforeRelu(model, tensor) };
    }

    private static string BeforeRelu(ImageClassifier model, string tensor) =>
        model.Model.Graph.Node.FirstOrDefault(n => n.Output.Contains(tensor)) is { OpType: "Relu" } relu ? relu.Input[0] : tensor;

    internal override string AddLoss(GraphEditor g, int border)
    {
        var indices = g.AddConstant(DataType.Int32, [Channels.Count], Channels.Select(c => (double)c).ToArray(), "channels");
        var chosen = g.Op("Gather", [FeatureCrop.Apply(g, Reads, border), indices], Attributes.Int("axis", 1));
        return g.Reduce("ReduceMean", chosen, [], keepDims: false);
    }
}
