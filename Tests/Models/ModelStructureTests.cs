using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Models;

/// <summary>
/// GoogLeNet and InceptionV3 cannot be downloaded here, so their catalog entries run on small
/// synthetic graphs with their structure and their input conventions: LRN, ceil-mode pools,
/// Inception branches joined by Concat, BGR 0-255 or RGB scaled to [-1, 1]; the target tensor
/// carries the catalog's name for it.
/// </summary>
public sealed class ModelStructureTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-structure-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("googlenet", "inception_4c")]
    [InlineData("inception-v3", "mixed5")]
    public void A_model_with_the_entrys_structure_dreams_and_its_gradient_is_exact(string id, string layer)
    {
        var spec = ModelCatalog.Default.Find(id)!;
        var path = Path.Combine(folder, spec.File);
        File.WriteAllBytes(path, Synthetic(spec, spec.Layers.Single(l => l.Name == layer).Tensor).ToByteArray());
        var model = ImageClassifier.Load(path, spec);

        var target = model.ResolveLayer(layer);
        using var checker = new GradientChecker(model.Model, [target], [1, 3, 37, 41], border: 1);
        var count = 3 * 37 * 41;
        var x = Enumerable.Range(0, count).Select(i => (i * 7919 % count + 0.5) / count).ToArray();
        // Per-element differences in float32 drown in rounding and ReLU kinks on a network this
        // deep, so the check is the directional derivative along the gradient itself.
        var error = checker.CheckAlongGradient(x, 1e-3);
        output.WriteLine($"{id}: float32 relative error of the directional derivative {error:E2}");
        Assert.True(error < 2e-2, $"{error:E2}");

        var photo = TestData.Crop(TestData.Photo("chelsea.png"), 100, 50, 120, 96);
        var settings = new DreamSettings { Objective = Objective.Layers(new Dictionary<string, double> { [layer] = 1 }), Octaves = 2, Iterations = 2, Device = ExecutionDevice.Cpu };
        var dreamed = new Dreamer(model).Dream(photo, settings);
        Assert.NotEqual(photo.Rgb, dreamed.Rgb);
    }

    /// <summary>Stem conv, ceil-mode max pool, LRN, then an Inception block (1x1, 3x3, 5x5 and pool branches) joined by Concat.</summary>
    internal static ModelProto Synthetic(ModelSpec spec, string outputName)
    {
        var model = new ModelProto { IrVersion = 7, Graph = new GraphProto { Name = spec.Id } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 12 });
        var g = new Core.Onnx.Graph.GraphEditor(model.Graph, spec.Id);
        var input = Core.Onnx.Normalization.ModelNormalizer.ImageValueInfo(DataType.Float);
        input.Name = spec.Input.Name;
        model.Graph.Input.Add(input);
        var random = new Random(11);
        string W(params long[] dims) => g.AddConstant(DataType.Float, dims,
            Enumerable.Range(0, (int)dims.Aggregate(1L, (a, d) => a * d)).Select(_ => (random.NextDouble() - 0.5) * 0.2).ToArray());
        string Conv(string x, long cin, long cout, long k, long stride = 1) =>
            g.Op("Relu", [g.Op("Conv", [x, W(cout, cin, k, k), W(cout)], A.Ints("kernel_shape", k, k), A.Ints("strides", stride, stride), A.Ints("pads", k / 2, k / 2, k / 2, k / 2))]);

        var stem = Conv(spec.Input.Name!, 3, 8, 7, 2);
        var pooled = g.Op("MaxPool", [stem], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Int("ceil_mode", 1));
        var normalised = g.Op("LRN", [pooled], A.Int("size", 5), A.Float("alpha", 1e-4f), A.Float("beta", 0.75f), A.Float("bias", 1f));
        var branches = new[]
        {
            Conv(normalised, 8, 4, 1),
            Conv(Conv(normalised, 8, 4, 1), 4, 6, 3),
            Conv(Conv(normalised, 8, 2, 1), 2, 3, 5),
            Conv(g.Op("AveragePool", [normalised], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1)), 8, 3, 1),
        };
        var concat = g.Op("Concat", branches, A.Int("axis", 1));
        model.Graph.Node.Last().Output[0] = outputName;
        model.Graph.Node.Add(new NodeProto { OpType = "Relu", Name = "head", Input = { outputName }, Output = { "prob_1" } });
        model.Graph.Output.Add(new ValueInfoProto { Name = "prob_1" });
        return model;
    }
}
