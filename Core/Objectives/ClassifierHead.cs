using System.Runtime.CompilerServices;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using Onnx;

namespace DeepDream.Core.Objectives;

/// <summary>
/// A classifier's class scores: its output, or the input of a final Softmax; how many classes it
/// has, and the stride of its deepest feature map, through which the scores see the image. Measured
/// once per model (two forward runs), not once per dream.
/// </summary>
internal sealed record ClassifierHead(string Logits, int ClassCount, int Stride)
{
    private static readonly ConditionalWeakTable<ImageClassifier, ClassifierHead> Measured = new();

    /// <summary>The head of a model that ends in a classifier; a featurizer throws a <see cref="ModelException"/> (not remembered).</summary>
    public static ClassifierHead Of(ImageClassifier model) => Measured.GetValue(model, m =>
    {
        var logits = FindLogits(m);
        return new ClassifierHead(logits, LayerProbe.Run(m, logits).Values.Length, LayerProbe.List(m).Max(l => l.Stride));
    });

    /// <summary>Ops a classifier's head may end with after its fully connected layer.</summary>
    private static readonly HashSet<string> Passthrough = ["Flatten", "Reshape", "Squeeze", "Identity", "Add", "Dropout"];

    private static string FindLogits(ImageClassifier model)
    {
        var graph = model.Model.Graph;
        var producers = new Dictionary<string, NodeProto>();
        foreach (var n in graph.Node)
            foreach (var o in n.Output)
                producers[o] = n;
        var output = graph.Output[0].Name;
        var logits = producers.GetValueOrDefault(output) is { OpType: "Softmax" or "LogSoftmax" } softmax ? softmax.Input[0] : output;
        if (model.Spec?.Classes is null && !EndsInFullyConnected(logits, producers))
        {
            var last = producers.GetValueOrDefault(output)?.OpType ?? "an input";
            throw new ModelException($"Model '{model.Name}' ends at {last} '{output}', which gives image features, not class scores, " +
                "so it cannot dream toward a class. Choose a model with a classifier head, or dream with layers or channels.");
        }
        return logits;
    }

    private static bool EndsInFullyConnected(string tensor, Dictionary<string, NodeProto> producers)
    {
        while (producers.GetValueOrDefault(tensor) is { } node)
        {
            if (node.OpType is "Gemm" or "MatMul")
                return true;
            if (!Passthrough.Contains(node.OpType))
                return false;
            tensor = node.Input[0];
        }
        return false;
    }
}
