using Onnx;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>The forward part of a normalised model that the target layers need, in an order that runs.</summary>
public static class ForwardGraph
{
    /// <summary>The nodes the targets depend on, in topological order.</summary>
    public static List<NodeProto> NodesFor(GraphProto graph, IReadOnlyList<string> targets, string modelName)
    {
        var producers = new Dictionary<string, NodeProto>();
        foreach (var n in graph.Node)
            foreach (var o in n.Output)
                producers[o] = n;
        foreach (var t in targets)
            if (!producers.ContainsKey(t))
                throw new ModelException($"Model '{modelName}' has no layer output '{t}'.");
        return TopologicalOrder(NodesNeededFor(targets, producers), producers);
    }

    /// <summary>The model cut after the targets, which become its outputs: the plain forward pass a dream step is measured against.</summary>
    public static ModelProto Cut(ModelProto normalized, IReadOnlyList<string> targets, string modelName)
    {
        var nodes = NodesFor(normalized.Graph, targets, modelName);
        var used = nodes.SelectMany(n => n.Input).ToHashSet();
        var graph = new GraphProto { Name = "forward" };
        graph.Node.AddRange(nodes.Select(n => n.Clone()));
        graph.Initializer.AddRange(normalized.Graph.Initializer.Where(t => used.Contains(t.Name)));
        graph.Input.AddRange(normalized.Graph.Input.Select(i => i.Clone()));
        graph.Output.AddRange(targets.Select(t => new ValueInfoProto { Name = t }));
        var model = new ModelProto { IrVersion = normalized.IrVersion, ProducerName = "DeepDream", Graph = graph };
        model.OpsetImport.AddRange(normalized.OpsetImport);
        return model;
    }

    private static HashSet<NodeProto> NodesNeededFor(IEnumerable<string> targets, Dictionary<string, NodeProto> producers)
    {
        var needed = new HashSet<NodeProto>();
        var pending = new Stack<string>(targets);
        while (pending.TryPop(out var tensor))
            if (producers.TryGetValue(tensor, out var node) && needed.Add(node))
                foreach (var input in node.Input)
                    pending.Push(input);
        return needed;
    }

    private static List<NodeProto> TopologicalOrder(HashSet<NodeProto> nodes, Dictionary<string, NodeProto> producers)
    {
        var order = new List<NodeProto>();
        var state = new Dictionary<NodeProto, bool>(); // false: in progress, true: done
        foreach (var root in nodes)
        {
            var stack = new Stack<(NodeProto Node, int Next)>();
            if (!state.ContainsKey(root)) { state[root] = false; stack.Push((root, 0)); }
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Input.Count)
                {
                    stack.Push((node, next + 1));
                    if (producers.TryGetValue(node.Input[next], out var p) && nodes.Contains(p))
                    {
                        if (!state.TryGetValue(p, out var done)) { state[p] = false; stack.Push((p, 0)); }
                        else if (!done) throw new ModelException($"The graph has a cycle through node '{p.Name}'.");
                    }
                }
                else
                {
                    state[node] = true;
                    order.Add(node);
                }
            }
        }
        return order;
    }
}
