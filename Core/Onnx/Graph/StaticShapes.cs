using Onnx;

namespace DeepDream.Core.Onnx.Graph;

/// <summary>
/// The shapes of a graph's tensors as far as they follow, without running it, from its inputs'
/// shapes (symbolic H and W included) through the ops of convolutional networks: convolutions,
/// pools, elementwise ops, Concat and Split. A dim is a number or an expression of the symbols,
/// written in one canonical way, so that two equal dims are equal at every image size; what
/// cannot be known is left unknown, and questions about it get the cautious answer.
/// </summary>
public sealed class StaticShapes
{
    private static readonly HashSet<string> ShapePreserving =
    [
        "Relu", "LeakyRelu", "PRelu", "Sigmoid", "Tanh", "HardSigmoid", "HardSwish", "Clip", "Elu", "Selu", "Celu",
        "Softplus", "Gelu", "Mish", "Erf", "Exp", "Log", "Abs", "Neg", "Sqrt", "Reciprocal", "Identity", "Dropout",
        "BatchNormalization", "InstanceNormalization", "LRN", "Softmax", "Cast",
    ];

    private static readonly HashSet<string> Broadcasting = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where"];

    private readonly Dictionary<string, Dim?[]> shapes = new();

    public static StaticShapes None { get; } = new();

    /// <summary>The shapes of the graph's inputs, initializers and of what its nodes compute from them.</summary>
    public static StaticShapes Infer(GraphEditor g)
    {
        var graph = g.Graph;
        var known = new StaticShapes();
        foreach (var input in graph.Input)
            if (input.Type?.TensorType?.Shape is { } shape)
                known.shapes[input.Name] = shape.Dim.Select(d => d.HasDimValue ? Dim.Number(d.DimValue) : d.DimParam.Length > 0 ? new Dim(d.DimParam, 0) : (Dim?)null).ToArray();
        foreach (var t in graph.Initializer)
            known.shapes[t.Name] = t.Dims.Select(d => (Dim?)Dim.Number(d)).ToArray();
        foreach (var node in graph.Node)
            known.Infer(node, g);
        return known;
    }

    /// <summary>
    /// True only when x certainly has the shape that x broadcast with the others has: then the
    /// gradient of an elementwise op needs no summing back to x's shape.
    /// </summary>
    public bool KeepsShape(string x, IReadOnlyCollection<string> others)
    {
        if (others.All(o => o == x))
            return true;
        if (!shapes.TryGetValue(x, out var own) || own.Any(d => d is null))
            return false;
        var all = new List<Dim?[]> { own };
        foreach (var o in others)
        {
            if (!shapes.TryGetValue(o, out var shape))
                return false;
            all.Add(shape);
        }
        return Broadcast(all) is { } result && result.SequenceEqual(own);
    }

    private void Infer(NodeProto node, GraphEditor g)
    {
        if (node.Output.Count == 0 || node.Input.Count == 0 || !shapes.TryGetValue(node.Input[0], out var x))
            return;
        var result = node.OpType switch
        {
            _ when ShapePreserving.Contains(node.OpType) => x,
            _ when Broadcasting.Contains(node.OpType) => Broadcast(node.Input.Select(i => shapes.GetValueOrDefault(i)).ToList()),
            "Conv" => shapes.GetValueOrDefault(node.Input[1]) is { } weights ? Window(node, x, weights) : null,
            "MaxPool" or "AveragePool" => Window(node, x, null),
            "GlobalAveragePool" or "GlobalMaxPool" => [.. x.Take(2), .. x.Skip(2).Select(_ => (Dim?)Dim.Number(1))],
            "Concat" => Concat(node),
            _ => null,
        };
        if (result is not null)
            shapes[node.Output[0]] = result;
        if (node.OpType == "Split")
            Split(node, x, g);
    }

    /// <summary>ONNX broadcasting of the shapes, right-aligned; null when a shape or a dim that decides it is unknown.</summary>
    private static Dim?[]? Broadcast(IReadOnlyList<Dim?[]?> all)
    {
        if (all.Any(s => s is null))
            return null;
        var rank = all.Max(s => s!.Length);
        var result = new Dim?[rank];
        for (var axis = 0; axis < rank; axis++)
        {
            var dims = all.Where(s => s!.Length >= rank - axis).Select(s => s![s.Length - rank + axis]).ToList();
            if (dims.Any(d => d is null))
                return null;
            var wide = dims.Where(d => d != Dim.Number(1)).Distinct().ToList();
            if (wide.Count > 1)
                return null;
            result[axis] = wide.Count == 1 ? wide[0] : Dim.Number(1);
        }
        return result;
    }

    /// <summary>Conv (weights [Cout, Cin/g, k...]) and pools with explicit pads and floor rounding.</summary>
    private static Dim?[]? Window(NodeProto node, Dim?[] x, Dim?[]? weights)
    {
        if (node.GetInt("ceil_mode", 0) != 0 || node.GetString("auto_pad", "NOTSET") != "NOTSET")
            return null;
        var spatial = x.Length - 2;
        var kernel = weights is null ? node.GetInts("kernel_shape") : weights.Skip(2).Select(d => d is { IsNumber: true } k ? k.Offset : -1).ToArray();
        if (spatial < 1 || kernel is null || kernel.Length != spatial || kernel.Any(k => k < 1))
            return null;
        var strides = node.GetInts("strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var dilations = node.GetInts("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
        var pads = node.GetInts("pads") ?? new long[2 * spatial];
        var result = new Dim?[x.Length];
        result[0] = x[0];
        result[1] = weights is null ? x[1] : weights[0];
        for (var i = 0; i < spatial; i++)
            result[2 + i] = x[2 + i] is { } d
                ? d.Plus(pads[i] + pads[spatial + i] - dilations[i] * (kernel[i] - 1) - 1).FloorDivide(strides[i]).Plus(1)
                : null;
        return result;
    }

    private Dim?[]? Concat(NodeProto node)
    {
        var inputs = node.Input.Select(i => shapes.GetValueOrDefault(i)).ToList();
        if (inputs.Any(s => s is null) || inputs.Select(s => s!.Length).Distinct().Count() != 1)
            return null;
        var first = inputs[0]!;
        var axis = (int)node.GetInt("axis", 0);
        axis = axis < 0 ? axis + first.Length : axis;
        var result = first.ToArray();
        var along = inputs.Select(s => s![axis]).ToList();
        result[axis] = along.All(d => d is { IsNumber: true }) ? Dim.Number(along.Sum(d => d!.Value.Offset)) : null;
        for (var a = 0; a < first.Length; a++)
            if (a != axis && inputs.Any(s => s![a] != first[a]))
                result[a] = null;
        return result;
    }

    /// <summary>Split into sizes given as a constant input (opset 13 on) or attribute (before).</summary>
    private void Split(NodeProto node, Dim?[] x, GraphEditor g)
    {
        var sizes = node.Input.Count > 1 && node.Input[1].Length > 0
            ? g.Constant(node.Input[1]) is { } constant ? Tensors.ReadInt64s(constant) : null
            : node.GetInts("split");
        var axis = (int)node.GetInt("axis", 0);
        axis = axis < 0 ? axis + x.Length : axis;
        if (sizes is null || sizes.Length != node.Output.Count || axis < 0 || axis >= x.Length)
            return;
        for (var i = 0; i < sizes.Length; i++)
        {
            var part = x.ToArray();
            part[axis] = Dim.Number(sizes[i]);
            shapes[node.Output[i]] = part;
        }
    }

    /// <summary>A dim: a number (empty base), or base + offset where base is an expression of the symbols.</summary>
    private readonly record struct Dim(string Base, long Offset)
    {
        public static Dim Number(long value) => new("", value);

        public bool IsNumber => Base.Length == 0;

        public Dim Plus(long c) => this with { Offset = Offset + c };

        public Dim FloorDivide(long s) => s == 1 ? this
            : IsNumber ? Number((long)Math.Floor(Offset / (double)s))
            : new Dim($"floor(({this})/{s})", 0);

        public override string ToString() => IsNumber ? $"{Offset}" : Offset == 0 ? Base : $"{Base}{Offset:+0;-0}";
    }
}
