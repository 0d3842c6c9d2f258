using System.Text;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Tests.Support;

/// <summary>
/// Where ONNX Runtime 1.23's DirectML execution provider would place each node of a dream graph
/// specialised to one image size, worked out from <see cref="DirectMLOperatorTable"/> by the
/// provider's rules (ExecutionProvider.cpp, GraphPartitioner.cpp and the framework's
/// fallback_cpu_capability.cc at the table's commit), as DirectML cannot run here:
/// <list type="bullet">
/// <item>a node gets a DirectML kernel only if one is registered for exactly the since-version its
/// op has at the model's opset, and the element types bound to each type constraint are allowed;</item>
/// <item>the kernel's support query can still turn it down (MaxPool storage_order, Slice inputs, ...);</item>
/// <item>every tensor it touches must be a type the device supports, except inputs read on the CPU:
/// int64 and double are device-dependent, so placement is worked out for a GPU with and without them;</item>
/// <item>a node whose inputs are all CPU tensors (outputs of Shape, Size or CPU nodes), small
/// initializers or graph inputs is moved to the CPU when it consumes a CPU tensor (GetCpuPreferredNodes);</item>
/// <item>a DirectML node joins the fused DirectML graph only if its registration allows it, the inputs
/// it reads on the CPU are initializers, its shapes are static and its input count fits.</item>
/// </list>
/// Element types and static shapes come from ONNX Runtime's own inference on the specialised graph;
/// which tensors scale with the image comes from running the graph, with every tensor an output, at
/// two small sizes and comparing element counts.
/// </summary>
public sealed class DirectMLPlacement
{
    public sealed record NodeReport(NodeProto Node, DirectMLOperatorTable.Registration? Kernel)
    {
        /// <summary>Whether ONNX Runtime's kernel lookup finds the DirectML kernel (op, since-version, type constraints).</summary>
        public bool Matched { get; set; }
        /// <summary>Why the node has no usable DirectML kernel (no registration, types, support query, device types), or null.</summary>
        public string? NoKernel { get; set; }
        /// <summary>Inputs that DirectML reads on the CPU but that a node computes (not initializers).</summary>
        public List<string> ComputedCpuInputs { get; } = [];
        /// <summary>int64 outputs whose size scales with the image.</summary>
        public List<string> Int64Activations { get; } = [];
        /// <summary>int64 (or double) tensors that are not read on the CPU: the node needs a GPU with 64-bit support.</summary>
        public List<string> SixtyFourBit { get; } = [];
        /// <summary>Why ONNX Runtime moves the node to the CPU although DirectML could run it, or null.</summary>
        public string? CpuPreferred { get; set; }
        /// <summary>Why the node runs on DirectML but outside the fused DirectML graph, or null.</summary>
        public string? NotFused { get; set; }

        public bool OnGpu => NoKernel is null && CpuPreferred is null;
        public bool OnGpuWithoutInt64 => OnGpu && SixtyFourBit.Count == 0;
        public string Name => $"'{Node.Name}' ({Node.OpType})";
    }

    private DirectMLPlacement(string label, IReadOnlyList<NodeReport> nodes, int scaling, int computed)
    {
        Label = label;
        Nodes = nodes;
        ScalingTensors = scaling;
        ComputedTensors = computed;
    }

    /// <summary>How many of the tensors that nodes compute scale with the image (as the probes show), of how many.</summary>
    public int ScalingTensors { get; }
    public int ComputedTensors { get; }

    public string Label { get; }
    public IReadOnlyList<NodeReport> Nodes { get; }

    /// <summary>
    /// Each offending node with the reason: (a) no DirectML kernel for its op, types or attributes;
    /// (b) an input DirectML reads on the CPU is computed by a node, not an initializer;
    /// (c) an int64 tensor whose size scales with the image; (d) ONNX Runtime moves it to the CPU.
    /// </summary>
    public IReadOnlyList<string> Problems =>
    [
        .. Nodes.Where(n => n.NoKernel is not null).Select(n => $"(a) {n.Name}: {n.NoKernel}"),
        .. Nodes.SelectMany(n => n.ComputedCpuInputs.Select(i => $"(b) {n.Name}: {i}")),
        .. Nodes.SelectMany(n => n.Int64Activations.Select(t => $"(c) {n.Name}: {t}")),
        .. Nodes.Where(n => n.NoKernel is null && n.CpuPreferred is not null).Select(n => $"(d) {n.Name}: {n.CpuPreferred}"),
    ];

    public string Summary()
    {
        var total = Nodes.Count;
        var text = new StringBuilder();
        text.AppendLine($"{Label}: {Nodes.Count(n => n.OnGpu)}/{total} nodes on DirectML on a GPU with int64 support " +
            $"({Nodes.Count(n => n.OnGpu && n.NotFused is null)} in the fused DirectML graph), " +
            $"{Nodes.Count(n => n.OnGpuWithoutInt64)}/{total} on a GPU without it.");
        text.AppendLine($"  {ScalingTensors} of the {ComputedTensors} computed tensors scale with the image.");
        var ops = Nodes.GroupBy(n => n.Node.OpType).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}");
        text.AppendLine($"  ops: {string.Join(", ", ops)}");
        void Section(string title, IEnumerable<string> lines)
        {
            var list = lines.ToList();
            if (list.Count == 0)
                return;
            text.AppendLine($"  {title} ({list.Count}):");
            foreach (var line in list)
                text.AppendLine($"    {line}");
        }
        Section("on the CPU", Nodes.Where(n => !n.OnGpu).Select(n => $"{n.Name}: {n.NoKernel ?? n.CpuPreferred}"));
        Section("on DirectML, reading a computed tensor on the CPU", Nodes.Where(n => n.ComputedCpuInputs.Count > 0)
            .Select(n => $"{n.Name}: {string.Join("; ", n.ComputedCpuInputs)}"));
        Section("on DirectML outside the fused graph", Nodes.Where(n => n.OnGpu && n.NotFused is not null).Select(n => $"{n.Name}: {n.NotFused}"));
        Section("int64 tensors that scale with the image", Nodes.Where(n => n.Int64Activations.Count > 0)
            .Select(n => $"{n.Name}: {string.Join("; ", n.Int64Activations)}"));
        Section("also on the CPU on a GPU without int64 support", Nodes.Where(n => n.OnGpu && !n.OnGpuWithoutInt64)
            .Select(n => $"{n.Name}: {string.Join("; ", n.SixtyFourBit)}"));
        return text.ToString();
    }

    /// <summary>
    /// Specialises the dream graph to height x width with <see cref="FixedSizeGraph"/> (the form meant for GPU sessions)
    /// and places its nodes. The probe sizes, small and valid for the model, tell which tensors scale with the image.
    /// </summary>
    public static DirectMLPlacement Analyse(string label, byte[] dreamGraph, int height, int width, DirectMLOperatorTable table,
        (int Height, int Width) probeA, (int Height, int Width) probeB)
    {
        var model = ModelProto.Parser.ParseFrom(FixedSizeGraph.Specialise(dreamGraph, height, width));
        var inferred = InferredTypes(model, height, width);
        var countsA = RunAllTensors(FixedSizeGraph.Specialise(dreamGraph, probeA.Height, probeA.Width), probeA);
        var countsB = RunAllTensors(FixedSizeGraph.Specialise(dreamGraph, probeB.Height, probeB.Width), probeB);
        var (nodes, scaling) = Place(model, inferred, countsA, countsB, table);
        return new DirectMLPlacement(label, nodes, scaling.Count(t => inferred.ContainsKey(t) && !model.Graph.Input.Any(i => i.Name == t)),
            model.Graph.Node.Sum(n => n.Output.Count(o => o.Length > 0)));
    }

    private sealed record Facts(int ElementType, int[] Dims);

    private static (List<NodeReport> Nodes, HashSet<string> Scaling) Place(ModelProto model, Dictionary<string, Facts> inferred,
        Dictionary<string, long[]> probeA, Dictionary<string, long[]> probeB, DirectMLOperatorTable table)
    {
        var graph = model.Graph;
        var opset = GraphEditor.OpsetOf(model);
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var graphInputs = graph.Input.Select(i => i.Name).Where(n => !initializers.ContainsKey(n)).ToHashSet();
        var nodes = TopologicalOrder(graph);
        var producers = nodes.SelectMany(n => n.Output.Where(o => o.Length > 0).Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var consumers = nodes.SelectMany(n => n.Input.Where(i => i.Length > 0).Distinct().Select(i => (i, n))).ToLookup(p => p.i, p => p.n);

        int TypeOf(string tensor) =>
            initializers.TryGetValue(tensor, out var t) ? t.DataType
            : inferred.TryGetValue(tensor, out var f) ? f.ElementType
            : throw new InvalidOperationException($"No element type is known for tensor '{tensor}'.");

        // A tensor scales with the image if its element count differs between the probe sizes; one
        // that a probe does not show is taken to scale if an input of its producer does.
        var scales = new HashSet<string>(graphInputs);
        scales.Remove(DeepDream.Core.Onnx.DreamGraph.DreamGraphBuilder.WeightsInput);
        foreach (var node in nodes)
            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                var scaling = probeA.TryGetValue(output, out var a) && probeB.TryGetValue(output, out var b)
                    ? Count(a) != Count(b)
                    : node.Input.Any(scales.Contains);
                if (scaling)
                    scales.Add(output);
            }

        bool IsStatic(string tensor)
        {
            if (initializers.ContainsKey(tensor) || graphInputs.Contains(tensor))
                return true;
            if (!inferred.TryGetValue(tensor, out var f) || f.Dims.Any(d => d < 0))
                return false;
            // ONNX Runtime reports no dims both for a scalar and for a shape it could not infer.
            return f.Dims.Length > 0 || probeA.TryGetValue(tensor, out var shape) && shape.Length == 0;
        }

        var reports = new List<NodeReport>();
        foreach (var node in nodes)
        {
            var domain = node.Domain is "" or "ai.onnx" ? "ai.onnx" : node.Domain;
            var since = domain == "ai.onnx" ? table.SinceVersion(node.OpType, opset) : null;
            var kernel = since is { } s ? table.Find(node.OpType, domain, s) : null;
            var report = new NodeReport(node, kernel);
            reports.Add(report);
            if (domain != "ai.onnx")
            {
                report.NoKernel = $"ops of domain '{domain}' are not checked";
                continue;
            }
            if (since is null)
            {
                report.NoKernel = $"ONNX has no op {node.OpType}";
                continue;
            }
            if (kernel is null)
            {
                var registered = table.For(node.OpType).Select(r => r.Since.ToString()).ToList();
                report.NoKernel = $"DirectML registers no kernel for {node.OpType}-{since} (the op at opset {opset})" +
                    (registered.Count > 0 ? $"; it has {node.OpType}-{string.Join(", -", registered)}" : "; it has none for this op");
                continue;
            }
            report.NoKernel = TypeMismatch(node, kernel, TypeOf);
            report.Matched = report.NoKernel is null;
            report.NoKernel ??= Query(node, kernel, TypeOf) ?? UnsupportedType(node, kernel, TypeOf);
            if (report.NoKernel is not null)
                continue;

            for (var i = 0; i < node.Input.Count; i++)
            {
                var input = node.Input[i];
                if (input.Length == 0)
                    continue;
                if (kernel.CpuInputs.Contains(i))
                {
                    if (!initializers.ContainsKey(input))
                        report.ComputedCpuInputs.Add($"input #{i} '{input}' is read on the CPU by DirectML's {kernel} " +
                            $"but is {(producers.TryGetValue(input, out var p) ? $"computed by {p.OpType} '{p.Name}'" : "a graph input")}, not an initializer");
                    continue;
                }
                if (TypeOf(input) is (int)TensorProto.Types.DataType.Int64 or (int)TensorProto.Types.DataType.Uint64 or (int)TensorProto.Types.DataType.Double)
                    report.SixtyFourBit.Add($"input #{i} '{input}' is {TypeName(TypeOf(input))}");
            }
            foreach (var output in node.Output.Where(o => o.Length > 0))
                if (TypeOf(output) is (int)TensorProto.Types.DataType.Int64 or (int)TensorProto.Types.DataType.Uint64 or (int)TensorProto.Types.DataType.Double)
                    report.SixtyFourBit.Add($"output '{output}' is {TypeName(TypeOf(output))}");
        }

        foreach (var report in reports)
            foreach (var output in report.Node.Output.Where(o => o.Length > 0))
                if (TypeOf(output) == (int)TensorProto.Types.DataType.Int64 && scales.Contains(output))
                    report.Int64Activations.Add($"output '{output}' is int64 and scales with the image ({Describe(output, probeA, probeB)})");

        MarkCpuPreferred(reports, consumers, initializers, graphInputs, TypeOf);

        foreach (var report in reports.Where(r => r.OnGpu))
        {
            var node = report.Node;
            var kernel = report.Kernel!;
            report.NotFused =
                !kernel.Graph ? $"DirectML's {kernel} never joins the fused graph"
                : report.ComputedCpuInputs.Count > 0 ? "an input it reads on the CPU is computed"
                : node.Input.Concat(node.Output).Where(t => t.Length > 0).FirstOrDefault(t => !IsStatic(t)) is { } dynamic
                    ? $"the shape of '{dynamic}' is known only at run time"
                : kernel.GraphInputCount is { } count && count != node.Input.Count
                    ? $"DirectML's {kernel} joins the fused graph only with {count} inputs, it has {node.Input.Count}"
                : null;
        }
        return (reports, scales);
    }

    /// <summary>ONNX Runtime's kernel lookup: the first tensor bound to each type constraint must have an allowed type.</summary>
    private static string? TypeMismatch(NodeProto node, DirectMLOperatorTable.Registration kernel, Func<string, int> typeOf)
    {
        if (kernel.Inputs is null || kernel.Outputs is null)
            return null;
        foreach (var (label, allowed) in kernel.Types)
        {
            var bound = Bind(node.Input, kernel.Inputs, label, "input").Concat(Bind(node.Output, kernel.Outputs, label, "output")).FirstOrDefault();
            if (bound.Tensor is null)
                continue;
            var type = TypeName(typeOf(bound.Tensor));
            if (!allowed.Contains(type))
                return $"DirectML's {kernel} takes {label} in [{string.Join(", ", allowed)}], but {bound.Role} '{bound.Tensor}' is {type}";
        }
        return null;
    }

    private static IEnumerable<(string? Tensor, string Role)> Bind(IList<string> actual, IReadOnlyList<string> formal, string label, string role)
    {
        for (var i = 0; i < formal.Count; i++)
            if (formal[i].TrimEnd('?', '*') == label && i < actual.Count && actual[i].Length > 0)
                yield return (actual[i], $"{role} #{i}");
    }

    /// <summary>The kernel's support query, for the queries of the ops dream graphs use; others are reported.</summary>
    private static string? Query(NodeProto node, DirectMLOperatorTable.Registration kernel, Func<string, int> typeOf) => kernel.Query switch
    {
        null => null,
        "QueryMaxPool" => node.GetInt("storage_order", 0) != 0 ? "DirectML's MaxPool does not support storage_order 1" : null,
        "QuerySlice" => node.Input.Count > 5 ? "DirectML's Slice takes at most 5 inputs" : null,
        "QueryPad" => node.GetInts("pads") is { } pads && pads.Any(p => p < 0) ? "DirectML's Pad-2 does not support negative pads" : null,
        "QueryBatchNormalization" =>
            node.GetInt("training_mode", 0) != 0 ? "DirectML's BatchNormalization does not support training_mode"
            : node.Input.Count < 5 || node.Input.Take(5).Select(typeOf).Distinct().Count() != 1 ? "DirectML's BatchNormalization needs 5 inputs of one type"
            : null,
        "QueryResize" =>
            node.GetString("mode", "nearest") == "cubic" ? "DirectML's Resize does not support cubic"
            : node.GetInt("exclude_outside", 0) != 0 ? "DirectML's Resize does not support exclude_outside"
            : node.GetFloat("extrapolation_value", 0) != 0 ? "DirectML's Resize does not support extrapolation_value" : null,
        "QueryScatter" => node.GetString("reduction", "none") != "none" ? "DirectML's scatter does not support reduction" : null,
        "cpu-kernel" => null,
        var other => $"DirectML's {kernel} has a support query ({other}) that this check does not model",
    };

    /// <summary>Element types DirectML has no tensor type for at all (bool runs as uint8).</summary>
    private static string? UnsupportedType(NodeProto node, DirectMLOperatorTable.Registration kernel, Func<string, int> typeOf)
    {
        string[] supported = ["float", "float16", "double", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool", "int4", "uint4"];
        for (var i = 0; i < node.Input.Count; i++)
            if (node.Input[i].Length > 0 && !kernel.CpuInputs.Contains(i) && !supported.Contains(TypeName(typeOf(node.Input[i]))))
                return $"input #{i} '{node.Input[i]}' is {TypeName(typeOf(node.Input[i]))}, which DirectML has no tensor type for";
        foreach (var output in node.Output.Where(o => o.Length > 0))
            if (!supported.Contains(TypeName(typeOf(output))))
                return $"output '{output}' is {TypeName(typeOf(output))}, which DirectML has no tensor type for";
        return null;
    }

    /// <summary>
    /// GetCpuPreferredNodes: starting from the consumers of tensors DirectML leaves on the CPU (the
    /// outputs of Shape and Size), a node goes to the CPU when every input is a CPU tensor that it
    /// does not itself read on the CPU, a small initializer (at most 100 elements) or a graph input,
    /// and no input is float16; its consumers are examined in turn.
    /// </summary>
    private static void MarkCpuPreferred(List<NodeReport> reports, ILookup<string, NodeProto> consumers,
        Dictionary<string, TensorProto> initializers, HashSet<string> graphInputs, Func<string, int> typeOf)
    {
        var byNode = reports.ToDictionary(r => r.Node);
        var order = reports.Select((r, i) => (r.Node, i)).ToDictionary(p => p.Node, p => p.i);
        var cpuTensors = new HashSet<string>();
        var candidates = new PriorityQueue<NodeProto, int>();
        foreach (var report in reports.Where(r => r.Matched))
            if (report.Node.OpType is "Shape" or "Size")
                foreach (var output in report.Node.Output.Where(o => o.Length > 0))
                {
                    cpuTensors.Add(output);
                    foreach (var consumer in consumers[output])
                        candidates.Enqueue(consumer, order[consumer]);
                }

        var visited = new HashSet<NodeProto>();
        while (candidates.TryDequeue(out var node, out _))
        {
            if (!visited.Add(node))
                continue;
            var report = byNode[node];
            if (!report.Matched)
            {
                // No DirectML kernel: the CPU runs it, so its outputs are CPU tensors too.
                foreach (var output in node.Output.Where(o => o.Length > 0))
                {
                    cpuTensors.Add(output);
                    foreach (var consumer in consumers[output])
                        candidates.Enqueue(consumer, order[consumer]);
                }
                continue;
            }
            string? gpuInput = null;
            for (var i = 0; i < node.Input.Count && gpuInput is null; i++)
            {
                var input = node.Input[i];
                if (input.Length == 0)
                    continue;
                if (typeOf(input) == (int)TensorProto.Types.DataType.Float16)
                    gpuInput = input;
                else if (initializers.TryGetValue(input, out var t) && Tensors.ElementCount(t) <= 100 || graphInputs.Contains(input))
                    continue;
                else if (!cpuTensors.Contains(input) || report.Kernel!.CpuInputs.Contains(i))
                    gpuInput = input;
            }
            if (gpuInput is not null)
                continue;
            var cpuInputs = node.Input.Where(cpuTensors.Contains).Select(i => $"'{i}'");
            report.CpuPreferred = $"ONNX Runtime moves it to the CPU (GetCpuPreferredNodes): it reads the CPU tensor {string.Join(", ", cpuInputs)} " +
                "and otherwise only small initializers or graph inputs";
            foreach (var output in node.Output.Where(o => o.Length > 0))
            {
                cpuTensors.Add(output);
                foreach (var consumer in consumers[output])
                    candidates.Enqueue(consumer, order[consumer]);
            }
        }
    }

    private static List<NodeProto> TopologicalOrder(GraphProto graph)
    {
        var available = graph.Input.Select(i => i.Name).Concat(graph.Initializer.Select(t => t.Name)).Append("").ToHashSet();
        var pending = graph.Node.ToList();
        var ordered = new List<NodeProto>();
        while (pending.Count > 0)
        {
            var ready = pending.Where(n => n.Input.All(available.Contains)).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException($"The graph has a cycle or reads tensors nothing produces: {string.Join(", ", pending.SelectMany(n => n.Input).Where(i => !available.Contains(i)).Distinct().Take(5))}");
            foreach (var node in ready)
            {
                ordered.Add(node);
                pending.Remove(node);
                foreach (var output in node.Output)
                    available.Add(output);
            }
        }
        return ordered;
    }

    /// <summary>Element types and dims of every tensor, as ONNX Runtime infers them for the graph (nothing is run).</summary>
    private static Dictionary<string, Facts> InferredTypes(ModelProto model, int height, int width)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        options.AddFreeDimensionOverrideByName(ModelNormalizer.HeightParam, height);
        options.AddFreeDimensionOverrideByName(ModelNormalizer.WidthParam, width);
        using var session = new InferenceSession(WithEveryTensorAsOutput(model), options);
        return session.OutputMetadata.Concat(session.InputMetadata)
            .ToDictionary(p => p.Key, p => new Facts((int)p.Value.ElementDataType, p.Value.Dimensions));
    }

    /// <summary>Runs the graph on the CPU with every tensor an output and returns each tensor's shape.</summary>
    private static Dictionary<string, long[]> RunAllTensors(byte[] specialised, (int Height, int Width) size)
    {
        var model = ModelProto.Parser.ParseFrom(specialised);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        options.AddFreeDimensionOverrideByName(ModelNormalizer.HeightParam, size.Height);
        options.AddFreeDimensionOverrideByName(ModelNormalizer.WidthParam, size.Width);
        using var session = new InferenceSession(WithEveryTensorAsOutput(model), options);
        var weightsCount = session.InputMetadata[DeepDream.Core.Onnx.DreamGraph.DreamGraphBuilder.WeightsInput].Dimensions[0];
        var random = new Random(5);
        var image = Enumerable.Range(0, 3 * size.Height * size.Width).Select(_ => (float)random.NextDouble()).ToArray();
        using var imageValue = OrtValue.CreateTensorValueFromMemory(image, [1, 3, size.Height, size.Width]);
        using var weightsValue = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1f, weightsCount).ToArray(), [weightsCount]);
        var names = session.OutputMetadata.Keys.ToList();
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [ModelNormalizer.ImageInput, DeepDream.Core.Onnx.DreamGraph.DreamGraphBuilder.WeightsInput],
            [imageValue, weightsValue], names);
        return names.Zip(outputs).ToDictionary(p => p.First, p => p.Second.GetTensorTypeAndShape().Shape);
    }

    private static byte[] WithEveryTensorAsOutput(ModelProto model)
    {
        var copy = model.Clone();
        var outputs = copy.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var node in copy.Graph.Node)
            foreach (var output in node.Output.Where(o => o.Length > 0 && outputs.Add(o)))
                copy.Graph.Output.Add(new ValueInfoProto { Name = output });
        return copy.ToByteArray();
    }

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, d) => a * d);

    private static string Describe(string tensor, Dictionary<string, long[]> a, Dictionary<string, long[]> b) =>
        a.TryGetValue(tensor, out var sa) && b.TryGetValue(tensor, out var sb)
            ? $"[{string.Join(",", sa)}] and [{string.Join(",", sb)}] at the two probe sizes"
            : "computed from tensors that do";

    /// <summary>ONNX's name for an element type (TensorProto.DataType), as the table writes it.</summary>
    public static string TypeName(int type) => (TensorProto.Types.DataType)type switch
    {
        TensorProto.Types.DataType.Float => "float",
        TensorProto.Types.DataType.Float16 => "float16",
        TensorProto.Types.DataType.Double => "double",
        TensorProto.Types.DataType.Bfloat16 => "bfloat16",
        TensorProto.Types.DataType.Bool => "bool",
        TensorProto.Types.DataType.String => "string",
        var t => t.ToString().ToLowerInvariant(),
    };
}
