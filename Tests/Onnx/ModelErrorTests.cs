using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;
using Google.Protobuf;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>Bad models and bad layer names get a clear <see cref="ModelException"/> that names the problem.</summary>
public sealed class ModelErrorTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-models-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string ResNetPath => ModelCatalog.Default.PathOf(ModelCatalog.Default.Find("resnet18")!);

    [Fact]
    public void An_op_without_a_backward_rule_is_named_with_its_node_and_model()
    {
        var graph = new TestGraph(DataType.Float);
        var hidden = graph.Op("Sin", [graph.Op("Relu", [graph.Input])]);
        var target = graph.Op("Relu", [hidden]);
        var e = Assert.Throws<ModelException>(() => DreamGraphBuilder.Build(graph.Model, "sin-model.onnx", Objective.Layer(target), GraphTarget.Cpu));
        Assert.Contains("Sin", e.Message);
        Assert.Contains("dd_Sin_", e.Message);
        Assert.Contains("sin-model.onnx", e.Message);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(0.001)]
    public void A_truncated_model_file_is_refused_when_loading(double fraction)
    {
        var bytes = File.ReadAllBytes(ResNetPath);
        var path = Path.Combine(folder, "truncated.onnx");
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(path));
        Assert.Contains("truncated.onnx", e.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_refused()
    {
        var path = Path.Combine(folder, "photo.onnx");
        File.Copy(TestData.Path("astronaut.png"), path);
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(path));
        Assert.Contains("photo.onnx", e.Message);
        Assert.Contains("not a valid ONNX model", e.Message);
    }

    [Fact]
    public void An_empty_or_missing_file_is_refused()
    {
        var empty = Path.Combine(folder, "empty.onnx");
        File.WriteAllBytes(empty, []);
        Assert.Contains("is empty", Assert.Throws<ModelException>(() => ImageClassifier.Load(empty)).Message);
        Assert.Contains("cannot be read", Assert.Throws<ModelException>(() => ImageClassifier.Load(Path.Combine(folder, "absent.onnx"))).Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_bytes_are_refused(int seed)
    {
        var path = Path.Combine(folder, $"random{seed}.onnx");
        var bytes = new byte[4096 * seed];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(path));
        Assert.Contains($"random{seed}.onnx", e.Message);
    }

    [Fact]
    public void A_model_whose_input_is_not_an_image_is_refused()
    {
        var graph = new TestGraph(DataType.Float);
        graph.Model.Graph.Input[0].Type.TensorType.Shape.Dim.RemoveAt(3);
        graph.Op("Relu", [graph.Input]);
        var path = Path.Combine(folder, "rank3.onnx");
        File.WriteAllBytes(path, graph.Model.ToByteArray());
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(path));
        Assert.Contains("rank 3", e.Message);
        Assert.Contains("rank3.onnx", e.Message);
    }

    [Fact]
    public void A_catalog_file_that_does_not_match_its_sha256_is_refused()
    {
        var catalogFolder = Path.Combine(folder, "catalog");
        Directory.CreateDirectory(catalogFolder);
        var spec = ModelCatalog.Default.Find("resnet18")!;
        var bytes = File.ReadAllBytes(ResNetPath);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(catalogFolder, spec.File), bytes);
        File.Copy(Path.Combine(ModelCatalog.Default.Directory, ModelCatalog.FileName), Path.Combine(catalogFolder, ModelCatalog.FileName));
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(ModelCatalog.Load(catalogFolder), "resnet18"));
        Assert.Contains("SHA-256", e.Message);
        Assert.Contains(spec.File, e.Message);
    }

    [Fact]
    public void A_graph_that_fails_to_build_leaves_no_session_in_the_cache()
    {
        var graph = new TestGraph(DataType.Float);
        var target = graph.Op("Relu", [graph.Op("Sin", [graph.Input])]);
        var path = Path.Combine(folder, "sin.onnx");
        File.WriteAllBytes(path, graph.Model.ToByteArray());
        var model = ImageClassifier.Load(path);
        using var cache = new DreamSessionCache();
        Assert.Throws<ModelException>(() => cache.Get(model, Objective.Layer(target), 0, ExecutionDevice.Cpu, 32, 32));
        Assert.Equal(0, cache.Count);
        Assert.Throws<ModelException>(() => cache.Get(model, Objective.Layer(target), 0, ExecutionDevice.Cpu, 32, 32));
    }

    [Fact]
    public void A_layer_that_does_not_exist_is_refused_with_the_named_layers()
    {
        var e = Assert.Throws<ModelException>(() => TestData.ResNet18.ResolveLayer("layer9.9"));
        Assert.Contains("layer9.9", e.Message);
        Assert.Contains("layer3.1", e.Message);
    }

    [Fact]
    public void A_model_that_is_not_an_image_classifier_is_refused()
    {
        var graph = new TestGraph(DataType.Float, channels: 5);
        graph.Op("Relu", [graph.Input]);
        var path = Path.Combine(folder, "five-channels.onnx");
        File.WriteAllBytes(path, graph.Model.ToByteArray());
        var e = Assert.Throws<ModelException>(() => ImageClassifier.Load(path));
        Assert.Contains("5 channels", e.Message);
    }

    [Fact]
    public void Layers_are_listed_with_channels_and_strides()
    {
        var layers = LayerProbe.List(TestData.ResNet18);
        var layer3 = Assert.Single(layers, l => l.Name == "layer3.1");
        Assert.Equal(("ReLU347_Output_0", 256, 16), (layer3.Tensor, layer3.Channels, layer3.Stride));
        Assert.Contains(layers, l => l is { Op: "MaxPool", Stride: 4, Channels: 64 });
        foreach (var named in TestData.ResNet18.Spec!.Layers)
            Assert.Contains(layers, l => l.Tensor == named.Tensor && l.Stride == named.Stride && l.Channels == named.Channels);
    }
}
