using DeepDream.Core.Models;
using DeepDream.Core.Onnx.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// Puts a classifier into the one shape the dream-graph builder expects: opset 13 or later,
/// explicit pads, LRN that ONNX Runtime can run, batch normalisation folded into the convolution before it, initializers that are not graph inputs, and a single input
/// <see cref="ImageInput"/>, float [1, 3, H, W] RGB in [0, 1] with symbolic H and W, with the
/// model's own preprocessing (channel order, scale, mean, std) folded in front of the network.
/// </summary>
public static class ModelNormalizer
{
    public const string ImageInput = "image";
    public const string HeightParam = "H";
    public const string WidthParam = "W";

    public static ModelProto Normalize(ModelProto model, InputSpec input, string modelName, ICollection<string>? notes = null)
    {
        var graph = model.Graph;
        var initializerNames = graph.Initializer.Select(t => t.Name).ToHashSet();
        RemoveInitializersFromInputs(graph, initializerNames);
        var raw = FindImageInput(graph, input, modelName);
        var halfInput = raw.Type.TensorType.ElemType is (int)DataType.Float16 or (int)DataType.Bfloat16;
        if (HalfToFloat.Apply(graph) > 0 || halfInput)
            notes?.Add($"Model '{modelName}' is stored in half precision; it was converted to float32 to dream.");
        var elementType = (DataType)raw.Type.TensorType.ElemType;
        if (elementType is not (DataType.Float or DataType.Double))
            throw new ModelException($"Model '{modelName}' takes {elementType} input '{raw.Name}'; a floating-point image input is required.");

        var editor = new GraphEditor(graph, modelName, elementType);
        OpsetUpgrade.Apply(model, editor);
        ExplicitPads.Apply(editor);
        EvenLrnExpansion.Apply(editor);
        BatchNormFolding.Apply(editor);
        graph.ValueInfo.Clear();
        foreach (var output in graph.Output)
            output.Type?.TensorType?.Shape?.Dim.Clear();
        FoldPreprocessing(editor, raw, input);
        return model;
    }

    private static void RemoveInitializersFromInputs(GraphProto graph, HashSet<string> initializerNames)
    {
        foreach (var i in graph.Input.Where(i => initializerNames.Contains(i.Name)).ToList())
            graph.Input.Remove(i);
    }

    private static ValueInfoProto FindImageInput(GraphProto graph, InputSpec input, string modelName)
    {
        if (graph.Input.Count != 1)
            throw new ModelException($"Model '{modelName}' has {graph.Input.Count} inputs ({string.Join(", ", graph.Input.Select(i => i.Name))}); an image classifier has one.");
        var raw = graph.Input[0];
        if (input.Name is not null && input.Name != raw.Name)
            throw new ModelException($"Model '{modelName}' has no input named '{input.Name}' (its input is '{raw.Name}').");
        var dims = raw.Type?.TensorType?.Shape?.Dim;
        if (dims is null || dims.Count != 4)
            throw new ModelException($"Model '{modelName}' is not an image classifier: its input '{raw.Name}' has rank {dims?.Count.ToString() ?? "unknown"}, not 4 (NCHW).");
        if (dims[1].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[1].DimValue != 3)
            throw new ModelException($"Model '{modelName}' is not an RGB image classifier: its input '{raw.Name}' has {dims[1].DimValue} channels, not 3.");
        if (input.Layout != "NCHW")
            throw new ModelException($"Model '{modelName}': layout {input.Layout} is not supported; NCHW is.");
        return raw;
    }

    /// <summary>image [1,3,H,W] -> channel order -> * scale/std -> - mean/std -> the network's old input.</summary>
    private static void FoldPreprocessing(GraphEditor g, ValueInfoProto raw, InputSpec input)
    {
        var graph = g.Graph;
        var networkInput = raw.Name;
        if (networkInput == ImageInput)
        {
            networkInput = g.FreshName("network_input");
            foreach (var node in graph.Node)
                for (var i = 0; i < node.Input.Count; i++)
                    if (node.Input[i] == ImageInput) node.Input[i] = networkInput;
        }
        else if (g.Exists(ImageInput))
            throw new ModelException($"Model '{g.ModelName}' already has a tensor named '{ImageInput}'.");

        var reversed = input.ChannelOrder.ToUpperInvariant() switch
        {
            "RGB" => false,
            "BGR" => true,
            var other => throw new ModelException($"Model '{g.ModelName}': channel order '{other}' is not supported (RGB or BGR)."),
        };
        // Elementwise ops rather than a 1x1 Conv: ONNX Runtime would reorder a 3-channel Conv's
        // layout, which costs more than the arithmetic.
        var preprocessing = new List<NodeProto>();
        var channels = ImageInput;
        if (reversed)
        {
            var split = Node(g, "Split", [ImageInput, g.Int64s(1, 1, 1)], 3, Attributes.Int("axis", 1));
            var concat = Node(g, "Concat", [split.Output[2], split.Output[1], split.Output[0]], 1, Attributes.Int("axis", 1));
            preprocessing.AddRange([split, concat]);
            channels = concat.Output[0];
        }
        var scale = g.AddConstant(g.ElementType, [1, 3, 1, 1], input.Std.Select(s => input.Scale / s).ToArray(), "preprocess_scale");
        var offset = g.AddConstant(g.ElementType, [1, 3, 1, 1], input.Mean.Zip(input.Std, (m, s) => -m / s).ToArray(), "preprocess_offset");
        var scaled = Node(g, "Mul", [channels, scale], 1);
        var shifted = Node(g, "Add", [scaled.Output[0], offset], 1);
        shifted.Output[0] = networkInput;
        preprocessing.AddRange([scaled, shifted]);
        for (var i = 0; i < preprocessing.Count; i++)
            graph.Node.Insert(i, preprocessing[i]);

        graph.Input.Remove(raw);
        graph.Input.Add(ImageValueInfo(g.ElementType));
    }

    private static NodeProto Node(GraphEditor g, string opType, string[] inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = g.FreshName("preprocess_" + opType) };
        node.Input.AddRange(inputs);
        for (var i = 0; i < outputs; i++)
            node.Output.Add(g.FreshName("preprocessed"));
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static ValueInfoProto ImageValueInfo(DataType elementType, long channels = 3)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = channels });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = HeightParam });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = WidthParam });
        return new ValueInfoProto
        {
            Name = ImageInput,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = shape } },
        };
    }
}
