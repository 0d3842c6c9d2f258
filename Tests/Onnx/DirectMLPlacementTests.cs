using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Models;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Xunit.Abstractions;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// The Paint.NET plugin runs dream graphs through ONNX Runtime's DirectML provider, which cannot
/// run here; so each graph, specialised to a fixed size by FixedSizeGraph (the form meant for GPU
/// sessions), is checked against the kernels DirectML registers (<see cref="DirectMLOperatorTable"/>)
/// by the provider's placement rules (<see cref="DirectMLPlacement"/>): every node must have a
/// DirectML kernel for its op, opset and element types, read on the CPU only initializers, keep
/// int64 off image-sized tensors and stay off the CPU.
/// </summary>
public sealed class DirectMLPlacementTests(ITestOutputHelper output)
{
    private const int Size = 512;

    [Fact]
    public void The_table_is_read_and_registers_the_core_ops_for_float()
    {
        var table = DirectMLOperatorTable.Default;
        output.WriteLine(table.Origin);
        output.WriteLine(table.OnnxOrigin);
        Assert.Contains("microsoft/onnxruntime@", table.Origin);
        Assert.Contains("OperatorRegistration.cpp", table.Origin);
        Assert.True(table.Registrations.Count > 300, $"{table.Registrations.Count} registrations");
        Assert.True(table.OnnxVersions.Count > 150, $"{table.OnnxVersions.Count} ONNX ops");
        Assert.Equal([1, 6, 13, 14], table.OnnxVersions["Relu"]);

        foreach (var op in new[] { "Conv", "ConvTranspose", "Relu", "MaxPool", "AveragePool", "Add", "Mul", "Sum", "Concat", "Reshape", "Slice", "Pad", "Where", "LRN", "Split", "SpaceToDepth", "DepthToSpace" })
        {
            var since = table.SinceVersion(op, 13) ?? throw new Xunit.Sdk.XunitException($"ONNX has no {op} at opset 13");
            var kernel = table.Find(op, "ai.onnx", since);
            Assert.True(kernel is not null, $"no DirectML kernel for {op}-{since}");
            // The constraint of the data (Where's first one is its bool condition).
            var data = kernel.Types.GetValueOrDefault("T") ?? kernel.Types.Values.First();
            Assert.True(data.Contains("float") && data.Contains("float16"), $"{kernel}: {string.Join(",", data)}");
        }
        var maxPool = table.Find("MaxPool", "ai.onnx", 12)!;
        Assert.Equal(["int64"], maxPool.Types["I"]);
        Assert.Equal([1], table.Find("Reshape", "ai.onnx", 13)!.CpuInputs);
        Assert.Equal([1, 2, 3, 4], table.Find("Slice", "ai.onnx", 13)!.CpuInputs);
        Assert.Equal([1], table.Find("ReduceSum", "ai.onnx", 13)!.CpuInputs);
        Assert.Equal(2, table.Find("Sum", "ai.onnx", 13)!.GraphInputCount);
        Assert.False(table.Find("Shape", "ai.onnx", 15)!.Graph);
        Assert.DoesNotContain("int64", table.Find("NonZero", "ai.onnx", 13)!.Types["T"]);
        Assert.Contains("bool", table.Find("Where", "ai.onnx", 16)!.Types["B"]);
        Assert.Contains("int32", table.Find("Relu", "ai.onnx", 14)!.Types["T"]);
        Assert.Null(table.Find("Relu", "ai.onnx", 1));
    }

    [Fact]
    public void ResNet18_default_layers_place_every_node_on_DirectML()
    {
        var model = TestData.ResNet18;
        Check($"resnet18 {string.Join("+", model.Spec!.DefaultWeights.Keys)} at {Size}x{Size}", model, model.Spec.DefaultWeights.Keys);
    }

    [Fact]
    public void ResNet18_all_named_layers_place_every_node_on_DirectML()
    {
        var model = TestData.ResNet18;
        Check($"resnet18 all named layers at {Size}x{Size}", model, model.Spec!.Layers.Select(l => l.Name));
    }

    [Theory]
    [InlineData("googlenet", "inception_4c")]
    [InlineData("inception-v3", "mixed5")]
    public void Synthetic_models_with_the_catalog_structures_place_every_node_on_DirectML(string id, string layer)
    {
        var spec = ModelCatalog.Default.Find(id)!;
        var folder = Directory.CreateTempSubdirectory("deepdream-dml-").FullName;
        try
        {
            var path = Path.Combine(folder, spec.File);
            File.WriteAllBytes(path, ModelStructureTests.Synthetic(spec, spec.Layers.Single(l => l.Name == layer).Tensor).ToByteArray());
            Check($"synthetic {id} {layer} at {Size}x{Size}", ImageClassifier.Load(path, spec), [layer]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void Check(string label, ImageClassifier model, IEnumerable<string> layers)
    {
        var targets = layers.Select(model.ResolveLayer).ToList();
        var graph = DreamGraphBuilder.Build(model.Model, model.Name, Objective.Layers(targets), GraphTarget.Gpu).ToByteArray();
        // Two small sizes that every catalog model accepts (multiples of 32), to learn which tensors scale with the image.
        var placement = DirectMLPlacement.Analyse(label, graph, Size, Size, DirectMLOperatorTable.Default, (192, 192), (224, 224));
        output.WriteLine(placement.Summary());
        var problems = placement.Problems;
        Assert.True(problems.Count == 0,
            $"{label}: {problems.Count} node problem(s) for DirectML:\n{string.Join("\n", problems)}");
    }
}
