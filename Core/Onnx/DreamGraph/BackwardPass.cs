using DeepDream.Core.Onnx.Gradients;
using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// Accumulates gradients per tensor while the forward nodes are visited in reverse order; a
/// tensor that feeds several consumers receives the sum of their gradients.
/// </summary>
internal sealed class BackwardPass(GraphEditor graph, GradientRules rules, HashSet<string> differentiable)
{
    private readonly Dictionary<string, List<string>> contributions = new();
    private readonly Dictionary<string, string> sums = new();

    public void AddGradient(string tensor, string gradient)
    {
        if (sums.ContainsKey(tensor))
            throw new InvalidOperationException($"The gradient of '{tensor}' was already summed.");
        if (!contributions.TryGetValue(tensor, out var list))
            contributions[tensor] = list = [];
        list.Add(gradient);
    }

    public string? GradientOf(string tensor)
    {
        if (sums.TryGetValue(tensor, out var sum))
            return sum;
        if (!contributions.TryGetValue(tensor, out var list))
            return null;
        return sums[tensor] = graph.Sum(list);
    }

    public void Differentiate(NodeProto node)
    {
        if (!node.Output.Any(contributions.ContainsKey))
            return;
        var rule = rules.For(node, graph.ModelName);
        rule.Backward(new GradientContext(graph, node, GradientOf, differentiable.Contains, AddGradient));
    }
}
