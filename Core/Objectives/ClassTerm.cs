using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Graph;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Objectives;

/// <summary>
/// The score (logit) of one output class of a classifier: the dream draws what the network takes
/// for that class. A model whose graph ends in a Softmax is read before it, since probabilities
/// saturate. Featurizers, whose graph ends at a pooling layer, have no classes.
/// </summary>
public sealed record ClassTerm(int Index) : ObjectiveTerm
{
    /// <summary>The class scores tensor, once resolved.</summary>
    public string Logits { get; private init; } = "";

    public override string Tensor => Logits;
    public override string Key => $"class {Index} of {Logits}";
    public override string Describe() => $"class {Index}";

    /// <summary>The deepest feature map's stride: the scores see the whole image through it.</summary>
    public override int StrideOf(ImageClassifier model) => ClassifierHead.Of(model).Stride;

    public override ObjectiveTerm Resolve(ImageClassifier model)
    {
        var head = ClassifierHead.Of(model);
        if (Index < 0 || Index >= head.ClassCount)
            throw new ModelException($"Model '{model.Name}' has classes 0 to {head.ClassCount - 1}; there is no class {Index}.");
        return this with { Logits = head.Logits };
    }

    internal override string AddLoss(GraphEditor g, int border)
    {
        var scores = g.Op("Flatten", [Logits], Attributes.Int("axis", 1));
        var score = g.Op("Gather", [scores, g.AddConstant(DataType.Int32, [], [Index], "class")], Attributes.Int("axis", 1));
        return g.Reduce("ReduceSum", score, [], keepDims: false);
    }
}
