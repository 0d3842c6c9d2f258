using DeepDream.Core.Onnx.Gradients;
using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// Writes the dream graph of a normalised classifier: the forward nodes needed for the target
/// layers, the loss of <see cref="DreamLoss"/>, and the backward pass built from
/// <see cref="GradientRules"/>. Inputs: image [1,3,H,W] and layer_weights [k]; outputs: loss
/// (scalar) and gradient [1,3,H,W], dLoss/dImage.
/// </summary>
public static class DreamGraphBuilder
{
    public const string LayerWeightsInput = "layer_weights";
    public const string LossOutput = "loss";
    public const string GradientOutput = "gradient";
    public const int DefaultBorder = 2;

    /// <summary>Ops whose outputs carry no gradient (shapes, comparisons, indices).</summary>
    private static readonly HashSet<string> NonDifferentiable =
        ["Shape", "Size", "Equal", "Greater", "GreaterOrEqual", "Less", "LessOrEqual", "Not", "And", "Or", "ArgMax", "ArgMin", "NonZero", "ConstantOfShape"];

    public static ModelProto Build(ModelProto normalized, string modelName, IReadOnlyList<string> targets,
        int border = DefaultBorder, GradientRules? rules = null)
    {
        if (targets.Count == 0)
            throw new ModelException($"No target layer was given for model '{modelName}'.");
        if (targets.Distinct().Count() != targets.Count)
            throw new ModelException($"A target layer of model '{modelName}' is listed twice.");
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        rules ??= GradientRules.Standard;

        var source = normalized.Graph;
        var kept = ForwardGraph.NodesFor(source, targets, modelName);
        var graph = new GraphProto { Name = "dream" };
        // Copies: the dream graph may rewrite its forward nodes without touching the model.
        var forward = kept.Select(n => n.Clone()).ToList();
        graph.Node.AddRange(forward);
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        graph.Initializer.AddRange(source.Initializer.Where(t => used.Contains(t.Name)));
        var image = source.Input.Single(i => i.Name == ModelNormalizer.ImageInput);
        var elementType = (DataType)image.Type.TensorType.ElemType;
        graph.Input.Add(image.Clone());
        graph.Input.Add(WeightsValueInfo(elementType, targets.Count));

        var g = new GraphEditor(graph, modelName, elementType, GraphEditor.OpsetOf(normalized));
        PoolBeforeRelu.Apply(g, forward, targets);
        var differentiable = TensorsDependingOnImage(graph.Node.ToList());
        var backward = new BackwardPass(g, rules, differentiable);

        var lossTerms = new List<string>();
        for (var i = 0; i < targets.Count; i++)
        {
            // An int32 index: GPUs without int64 support would run an int64 Gather on the CPU.
            var weight = g.Op("Gather", [LayerWeightsInput, g.AddConstant(DataType.Int32, [], [i], "target_index")]);
            var (term, seed) = DreamLoss.Add(g, targets[i], weight, border);
            lossTerms.Add(term);
            backward.AddGradient(targets[i], seed);
        }
        Connect(g, g.Sum(lossTerms), LossOutput);

        foreach (var node in forward.AsEnumerable().Reverse())
            if (!NonDifferentiable.Contains(node.OpType))
                backward.Differentiate(node);
        var imageGradient = backward.GradientOf(ModelNormalizer.ImageInput)
            ?? throw new ModelException($"The target layers of model '{modelName}' do not depend on the image.");
        Connect(g, imageGradient, GradientOutput);

        graph.Output.Add(new ValueInfoProto { Name = LossOutput, Type = TensorType(elementType, []) });
        graph.Output.Add(new ValueInfoProto { Name = GradientOutput, Type = image.Type.Clone() });

        var model = new ModelProto
        {
            IrVersion = normalized.IrVersion,
            ProducerName = "DeepDream",
            Graph = graph,
        };
        model.OpsetImport.AddRange(normalized.OpsetImport);
        return model;
    }

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
        new() { Name = LayerWeightsInput, Type = TensorType(elementType, [count]) };

    private static TypeProto TensorType(DataType elementType, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } };
    }
}
