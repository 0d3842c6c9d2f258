using DeepDream.Core.Onnx;
using Onnx;

namespace DeepDream.Core.Objectives;

/// <summary>Finds the class scores of a classifier: its output, or the input of a final Softmax.</summary>
internal static class ClassifierHead
{
    /// <summary>Ops a classifier's head may end with after its fully connected layer.</summary>
    private static readonly HashSet<string> Passthrough = ["Flatten", "Reshape", "Squeeze", "Identity", "Add", "Dropout"];

    public static string Logits(ImageClassifier model)
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
