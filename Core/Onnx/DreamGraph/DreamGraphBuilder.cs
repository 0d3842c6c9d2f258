using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx.Gradients;
using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// Writes the dream graph of a normalised classifier: the forward nodes the objective's terms
/// read, each term's value times its weight, and the backward pass of that whole loss built from
/// <see cref="GradientRules"/>. Inputs: image [1,3,H,W] and objective_weights [terms]; outputs:
/// loss (scalar) and gradient [1,3,H,W], dLoss/dImage.
/// </summary>
public static class DreamGraphBuilder
{
    public const string WeightsInput = "objective_weights";
    public const string LossOutput = "loss";
    public const string GradientOutput = "gradient";
    public const int DefaultBorder = 2;

    /// <summary>CPU graphs are written in opset 16 or later, where ScatterElements can add (MaxPool's gradient uses it).</summary>
    private const long CpuMinimumOpset = 16;

    /// <summary>Ops whose outputs carry no gradient (shapes, comparisons, indices).</summary>
    private static readonly HashSet<string> NonDifferentiable =
        ["Shape", "Size", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Not", "And", "Or", "ArgMax", "ArgMin", "NonZero", "ConstantOfShape"];

    /// <param name="objective">Resolved: its terms name tensors of the model (<see cref="Objective.Resolve"/>).</param>
    /// <param name="target">The kind of provider that will run the graph.</param>
    public static ModelProto Build(ModelProto normalized, string modelName, Objective objective, GraphTarget target,
        int border = DefaultBorder, GradientRules? rules = null)
    {
        var terms = objective.Terms;
        if (terms.Count == 0)
            throw new ModelException($"No objective was given for model '{modelName}'.");
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        rules ??= GradientRules.Standard;

        var source = normalized.Graph;
        var tensors = terms.Select(t => t.Term.Tensor).Distinct().ToList();
        var kept = ForwardGraph.NodesFor(source, tensors, modelName);
        var graph = new GraphProto { Name = "dream" };
        // Copies: the dream graph may rewrite its forward nodes without touching the model.
        var forward = kept.Select(n => n.Clone()).ToList();
        graph.Node.AddRange(forward);
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        graph.Initializer.AddRange(source.Initializer.Where(t => used.Contains(t.Name)));
        var image = source.Input.Single(i => i.Name == ModelNormalizer.ImageInput);
        var elementType = (DataType)image.Type.TensorType.ElemType;
        graph.Input.Add(image.Clone());
        graph.Input.Add(WeightsValueInfo(elementType, terms.Count));

        // The model's nodes mean the same from opset 13 to 16 (only RoiAlign, which no rule
        // differentiates, changed its defaults), so a CPU graph may raise the opset.
        var opset = GraphEditor.OpsetOf(normalized);
        if (target == GraphTarget.Cpu)
            opset = Math.Max(opset, CpuMinimumOpset);
        var g = new GraphEditor(graph, modelName, elementType, opset) { Target = target };
        PoolBeforeRelu.Apply(g, forward, tensors);
        var loss = g.Sum(terms.Select((t, i) => g.Op("Mul", [t.Term.AddLoss(g, border), Weight(g, i)])).ToList());

        var nodes = graph.Node.ToList();
        var backward = new BackwardPass(g, rules, TensorsDependingOnImage(nodes));
        backward.AddGradient(loss, g.Scalar(1));
        foreach (var node in nodes.AsEnumerable().Reverse())
            if (!NonDifferentiable.Contains(node.OpType))
                backward.Differentiate(node);
        var imageGradient = backward.GradientOf(ModelNormalizer.ImageInput)
            ?? throw new ModelException($"The objective ({objective}) of model '{modelName}' does not depend on the image.");
        Connect(g, loss, LossOutput);
        Connect(g, imageGradient, GradientOutput);

        graph.Output.Add(new ValueInfoProto { Name = LossOutput, Type = TensorType(elementType, []) });
        graph.Output.Add(new ValueInfoProto { Name = GradientOutput, Type = image.Type.Clone() });

        var model = new ModelProto
        {
            IrVersion = normalized.IrVersion,
            ProducerName = "DeepDream",
            Graph = graph,
        };
        foreach (var import in normalized.OpsetImport)
            model.OpsetImport.Add(import.Domain is "" or "ai.onnx" ? new OperatorSetIdProto { Domain = import.Domain, Version = opset } : import.Clone());
        return model;
    }

    /// <summary>Term i's weight, objective_weights[i]; an int32 index, since GPUs without int64 support would run an int64 Gather on the CPU.</summary>
    private static string Weight(GraphEditor g, int i) =>
        g.Op("Gather", [WeightsInput, g.AddConstant(DataType.Int32, [], [i], "term_index")]);

    private static HashSet<string> TensorsDependingOnImage(List<NodeProto> ordered)
    {
        var depending = new HashSet<string> { ModelNormalizer.ImageInput };
        foreach (var node in ordered)
            if (!NonDifferentiable.Contains(node.OpType) && node.Input.Any(depending.Contains))
                foreach (var o in node.Output)
                    depending.Add(o);
        return depending;
    }

    private static void Connect(GraphEditor g, string tensor, string output) =>
        g.Append(new NodeProto { OpType = "Identity", Name = g.FreshName(output), Input = { tensor }, Output = { output } });

    private static ValueInfoProto WeightsValueInfo(DataType elementType, int count) =>
        new() { Name = WeightsInput, Type = TensorType(elementType, [count]) };

    private static TypeProto TensorType(DataType elementType, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } };
    }
}
