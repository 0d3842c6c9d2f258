using DeepDream.Core.Onnx.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// Raises a model below opset 13 to opset 13 (<see cref="GraphEditor.MinimumOpset"/>), the version the backward graph is written in, by
/// rewriting the nodes whose signature changed on the way (attributes that became inputs,
/// attributes that were dropped). Other ops kept their meaning from opset 7 to 13.
/// </summary>
internal static class OpsetUpgrade
{
    public const long OldestOpset = 7;
    public const long NewestOpset = 21;

    private delegate void Rewrite(GraphEditor g, NodeProto node, long fromOpset);

    private static readonly Dictionary<string, Rewrite> Rewrites = new()
    {
        ["BatchNormalization"] = (_, n, _) => { n.Remove("spatial"); n.Remove("is_test"); n.Remove("consumed_inputs"); },
        ["Dropout"] = (_, n, _) => { n.OpType = "Identity"; n.Attribute.Clear(); TrimOutputs(n); },
        ["Clip"] = (g, n, from) => { if (from < 11) AttributesToInputs(g, n, ("min", float.MinValue), ("max", float.MaxValue)); },
        ["Pad"] = (g, n, from) => { if (from < 11) PadToInputs(g, n); },
        ["Slice"] = (g, n, from) => { if (from < 10) IntsToInputs(g, n, "starts", "ends", "axes"); },
        ["Split"] = (g, n, _) => IntsToInputs(g, n, "split"),
        ["Squeeze"] = (g, n, _) => IntsToInputs(g, n, "axes"),
        ["Unsqueeze"] = (g, n, _) => IntsToInputs(g, n, "axes"),
        ["ReduceSum"] = (g, n, _) => IntsToInputs(g, n, "axes"),
        ["Softmax"] = (g, n, _) => CoercedSoftmax(g, n),
        ["Upsample"] = (g, n, _) => ScalesToResize(g, n),
        ["Resize"] = (g, n, from) => { if (from < 11) ScalesToResize(g, n); },
    };

    public static void Apply(ModelProto model, GraphEditor g)
    {
        var version = GraphEditor.OpsetOf(model);
        if (version < OldestOpset || version > NewestOpset)
            throw new ModelException($"Model '{g.ModelName}' uses ONNX opset {version}; opsets {OldestOpset} to {NewestOpset} are supported.");
        g.Opset = Math.Max(version, GraphEditor.MinimumOpset);
        if (version >= GraphEditor.MinimumOpset)
            return;
        foreach (var node in g.Graph.Node.ToList())
            if (node.Domain is "" or "ai.onnx" && Rewrites.TryGetValue(node.OpType, out var rewrite))
                rewrite(g, node, version);
        model.OpsetImport.Single(o => o.Domain is "" or "ai.onnx").Version = GraphEditor.MinimumOpset;
        model.IrVersion = Math.Max(model.IrVersion, 7);
    }

    private static void TrimOutputs(NodeProto node)
    {
        while (node.Output.Count > 1) node.Output.RemoveAt(node.Output.Count - 1);
    }

    private static void AttributesToInputs(GraphEditor g, NodeProto n, params (string Name, float Fallback)[] attributes)
    {
        foreach (var (name, fallback) in attributes)
        {
            n.Input.Add(g.AddConstant(g.ElementType, [], [n.GetFloat(name, fallback)], name));
            n.Remove(name);
        }
    }

    private static void IntsToInputs(GraphEditor g, NodeProto n, params string[] names)
    {
        foreach (var name in names)
        {
            if (n.GetInts(name) is not { } values) break;
            n.Input.Add(g.Int64s(values));
            n.Remove(name);
        }
    }

    private static void PadToInputs(GraphEditor g, NodeProto n)
    {
        IntsToInputs(g, n, "pads");
        n.Input.Add(g.AddConstant(g.ElementType, [], [n.GetFloat("value", 0)], "pad_value"));
        n.Remove("value");
    }

    /// <summary>
    /// Upsample (opsets 7 to 9, scales an attribute before 9) and Resize 10 are Resize with
    /// asymmetric coordinates. ONNX Runtime rounds their nearest index down, or up along an axis
    /// whose scale is below 1, which only Resize 10 allows.
    /// </summary>
    private static void ScalesToResize(GraphEditor g, NodeProto n)
    {
        var attribute = n.Find("scales")?.Floats.Select(f => (double)f).ToArray();
        var scales = attribute is null ? n.Input[1] : g.AddConstant(DataType.Float, [attribute.Length], attribute, "scales");
        var x = n.Input[0];
        n.OpType = "Resize";
        n.Remove("scales");
        n.Input.Clear();
        n.Input.Add([x, "", scales]);
        n.Set(Attributes.String("coordinate_transformation_mode", "asymmetric"));
        if (n.GetString("mode", "nearest") == "nearest")
            n.Set(Attributes.String("nearest_mode", NearestRounding(g, n, scales)));
    }

    /// <summary>Computed scales are taken to upsample, as Upsample's must and Resize 10's nearly always do.</summary>
    private static string NearestRounding(GraphEditor g, NodeProto n, string scales)
    {
        var values = g.Constant(scales) is { } t ? Tensors.ReadDoubles(t) : [];
        if (values.Any(s => s < 1) && values.Any(s => s > 1))
            throw new ModelException($"Model '{g.ModelName}': {n.OpType} node '{n.Name}' both up- and downsamples in nearest mode, which cannot be upgraded to opset {GraphEditor.MinimumOpset}.");
        return values.Any(s => s < 1) ? "ceil" : "floor";
    }

    /// <summary>Before opset 13, Softmax flattened its input to 2-D at the axis (default 1) and normalised each row.</summary>
    private static void CoercedSoftmax(GraphEditor g, NodeProto n)
    {
        var axis = n.GetInt("axis", 1);
        var input = n.Input[0];
        var flat = g.Op("Flatten", [input], Attributes.Int("axis", axis));
        n.Input[0] = flat;
        n.Set(Attributes.Int("axis", 1));
        var output = n.Output[0];
        var rows = g.FreshName("softmax_rows");
        n.Output[0] = rows;
        g.Append(new NodeProto { OpType = "Reshape", Name = g.FreshName("Reshape"), Input = { rows, g.Shape(input) }, Output = { output } });
    }
}
