using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Objectives;

/// <summary>DeepDream's classic term: the mean squared activation of a layer, border left out.</summary>
public sealed record LayerTerm(string Layer) : ObjectiveTerm
{
    public override string Tensor => Layer;
    public override string Key => $"layer {Layer}";
    public override string Describe() => $"layer {Layer}";
    public override ObjectiveTerm Resolve(ImageClassifier model) => new LayerTerm(model.ResolveLayer(Layer));

    internal override string AddLoss(GraphEditor g, int border)
    {
        var cropped = FeatureCrop.Apply(g, Layer, border);
        return g.Reduce("ReduceMean", g.Op("Mul", [cropped, cropped]), [], keepDims: false);
    }
}
