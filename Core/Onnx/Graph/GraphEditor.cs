using DeepDream.Core.Onnx.DreamGraph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Graph;

/// <summary>
/// A view over a <see cref="GraphProto"/> that finds producers and constants, and appends new
/// nodes and constants under fresh names. <see cref="ElementType"/> is the floating-point type of
/// the image path (float32 for real models; tests also build float64 graphs). <see cref="Opset"/>
/// is the ai.onnx opset the graph is written in, which decides the form of the ops it appends.
/// </summary>
public sealed class GraphEditor
{
    private readonly Dictionary<string, TensorProto> initializers;
    private readonly Dictionary<string, NodeProto> producers = new();
    private readonly HashSet<string> names = new();
    private int counter;

    public GraphEditor(GraphProto graph, string modelName, DataType elementType = DataType.Float, long opset = MinimumOpset)
    {
        Graph = graph;
        ModelName = modelName;
        ElementType = elementType;
        Opset = opset;
        initializers = graph.Initializer.ToDictionary(t => t.Name);
        foreach (var n in graph.Node)
            Index(n);
        foreach (var i in graph.Input)
            names.Add(i.Name);
        foreach (var t in graph.Initializer)
            names.Add(t.Name);
    }

    /// <summary>The oldest opset a dream graph is written in; older models are upgraded to it.</summary>
    public const long MinimumOpset = 13;

    /// <summary>The model's ai.onnx opset (1 when it imports none).</summary>
    public static long OpsetOf(ModelProto model) =>
        model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 1;

    public GraphProto Graph { get; }
    public long Opset { get; set; }

    /// <summary>The kind of provider the graph is written for: rules may choose their form by it.</summary>
    public GraphTarget Target { get; init; } = GraphTarget.Gpu;
    public string ModelName { get; }
    public DataType ElementType { get; }

    public NodeProto? Producer(string tensor) => producers.GetValueOrDefault(tensor);

    /// <summary>The value of a tensor that is an initializer or the output of a Constant node; null otherwise.</summary>
    public TensorProto? Constant(string tensor)
    {
        if (initializers.TryGetValue(tensor, out var t))
            return t;
        if (Producer(tensor) is { OpType: "Constant" } c && c.Find("value") is { T: { } value })
            return value;
        return null;
    }

    public bool Exists(string tensor) => names.Contains(tensor);

    public string FreshName(string stem)
    {
        string name;
        do name = $"dd_{stem}_{counter++}";
        while (names.Contains(name));
        names.Add(name);
        return name;
    }

    /// <summary>Appends a node with one output and returns the output's name.</summary>
    public string Op(string opType, string[] inputs, params AttributeProto[] attributes) =>
        Op(opType, inputs, 1, attributes)[0];

    public string[] Op(string opType, string[] inputs, int outputCount, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = FreshName(opType) };
        node.Input.AddRange(inputs);
        for (var i = 0; i < outputCount; i++)
            node.Output.Add(FreshName(opType.ToLowerInvariant()));
        node.Attribute.AddRange(attributes);
        Append(node);
        return node.Output.ToArray();
    }

    public void Append(NodeProto node)
    {
        Graph.Node.Add(node);
        Index(node);
    }

    /// <summary>Takes a node out of the graph; its outputs then have no producer until another node claims them.</summary>
    public void Remove(NodeProto node)
    {
        Graph.Node.Remove(node);
        foreach (var o in node.Output)
            if (producers.GetValueOrDefault(o) == node)
                producers.Remove(o);
    }

    /// <summary>Records a node's outputs again after they were renamed.</summary>
    public void Reindex(NodeProto node)
    {
        foreach (var stale in producers.Where(p => p.Value == node && !node.Output.Contains(p.Key)).Select(p => p.Key).ToList())
            producers.Remove(stale);
        Index(node);
    }

    /// <summary>Drops the initializers that no node and no graph output reads any more.</summary>
    public void RemoveUnusedInitializers()
    {
        var used = Graph.Node.SelectMany(n => n.Input).Concat(Graph.Output.Select(o => o.Name)).ToHashSet();
        foreach (var t in Graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
        {
            Graph.Initializer.Remove(t);
            initializers.Remove(t.Name);
        }
    }

    /// <summary>Adds an initializer and returns its name.</summary>
    public string AddConstant(DataType type, long[] dims, double[] values, string stem = "const")
    {
        var t = Tensors.Create(FreshName(stem), type, dims, values);
        Graph.Initializer.Add(t);
        initializers[t.Name] = t;
        return t.Name;
    }

    /// <summary>A rank-0 constant of the element type.</summary>
    public string Scalar(double value) => AddConstant(ElementType, [], [value], "scalar");

    /// <summary>A rank-0 int64 constant (an index, a Range bound).</summary>
    public string Int64Scalar(long value) => AddConstant(DataType.Int64, [], [value], "int");

    /// <summary>A 1-D int64 constant (shapes, axes, pads).</summary>
    public string Int64s(params long[] values) => AddConstant(DataType.Int64, [values.Length], values.Select(v => (double)v).ToArray(), "ints");

    private void Index(NodeProto node)
    {
        names.Add(node.Name);
        foreach (var o in node.Output)
        {
            if (o.Length == 0) continue;
            producers[o] = node;
            names.Add(o);
        }
    }
}
