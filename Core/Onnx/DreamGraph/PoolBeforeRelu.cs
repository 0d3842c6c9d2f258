using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// MaxPool(Relu(z)) equals Relu(MaxPool(z)) exactly, since max and relu commute. Where a Relu
/// feeds only a MaxPool and is no target, the dream graph pools first: the Relu and its backward
/// mask then run on the pooled map, a fraction of the size, and the pool's backward already
/// sends nothing to windows whose maximum the Relu cut.
/// </summary>
internal static class PoolBeforeRelu
{
    /// <summary>Rewrites the forward nodes in place, keeping <paramref name="forward"/> and the graph in a topological order.</summary>
    public static void Apply(GraphEditor g, List<NodeProto> forward, IReadOnlyCollection<string> targets)
    {
        var consumers = forward.SelectMany(n => n.Input).GroupBy(i => i).ToDictionary(i => i.Key, i => i.Count());
        foreach (var pool in forward.Where(n => n.OpType == "MaxPool").ToList())
        {
            if (pool.Output.Count(o => o.Length > 0) != 1 || g.Producer(pool.Input[0]) is not { OpType: "Relu" } relu)
                continue;
            var activated = relu.Output[0];
            if (consumers[activated] != 1 || targets.Contains(activated))
                continue;
            var (z, y, pooled) = (relu.Input[0], pool.Output[0], g.FreshName("pooled"));
            (pool.Input[0], pool.Output[0]) = (z, pooled);
            (relu.Input[0], relu.Output[0]) = (pooled, y);
            g.Reindex(pool);
            g.Reindex(relu);
            MoveAfter(forward, relu, pool);
            MoveAfter(g.Graph.Node, relu, pool);
        }
    }

    private static void MoveAfter(IList<NodeProto> nodes, NodeProto moved, NodeProto anchor)
    {
        nodes.Remove(moved);
        nodes.Insert(nodes.IndexOf(anchor) + 1, moved);
    }
}
