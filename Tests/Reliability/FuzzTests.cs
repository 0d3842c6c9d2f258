using DeepDream.Cli.Files;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Onnx;
using Xunit.Abstractions;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Reliability;

/// <summary>
/// Randomly damaged models and images, a bounded number of each: loading, building the dream
/// graph and starting a session either work or fail with the project's own clear exception;
/// nothing else escapes, nothing hangs.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-fuzz-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] SmallModel()
    {
        var graph = new TestGraph(DataType.Float);
        var g = graph.Editor;
        var conv = g.Op("Conv", [graph.Input, graph.Random([4, 3, 3, 3]), graph.Random([4])], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1));
        var pool = g.Op("MaxPool", [g.Op("Relu", [conv])], A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2), A.Int("ceil_mode", 1));
        var lrn = g.Op("LRN", [pool], A.Int("size", 3));
        var concat = g.Op("Concat", [lrn, g.Op("Sigmoid", [lrn])], A.Int("axis", 1));
        graph.Model.Graph.Output.Add(new ValueInfoProto { Name = concat });
        return graph.Model.ToByteArray();
    }

    /// <summary>Load, build the dream graph of the last node's output, and start a CPU session.</summary>
    private (int Worked, int Refused) Exercise(byte[] bytes, string name, DreamSessionCache cache)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, bytes);
        try
        {
            var model = ImageClassifier.Load(path);
            var target = model.Model.Graph.Node.Last().Output.FirstOrDefault(o => o.Length > 0) ?? "none";
            cache.Get(model, Objective.Layer(target), 0, ExecutionDevice.Cpu, 32, 32);
            return (1, 0);
        }
        catch (ModelException e)
        {
            Assert.Contains(name, e.Message);
            return (0, 1);
        }
    }

    [Fact]
    public void Byte_level_damage_to_a_small_model()
    {
        var original = SmallModel();
        var random = new Random(2024);
        using var cache = new DreamSessionCache(threads: 1);
        var (worked, refused) = (0, 0);
        for (var i = 0; i < 150; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0)
                bytes = bytes[..random.Next(1, bytes.Length)];
            var (w, r) = Exercise(bytes, $"mutant{i}.onnx", cache);
            (worked, refused) = (worked + w, refused + r);
        }
        output.WriteLine($"150 damaged small models: {worked} still worked, {refused} refused with a clear error");
    }

    [Fact]
    public void Structural_damage_to_a_small_model()
    {
        var random = new Random(7);
        using var cache = new DreamSessionCache(threads: 1);
        var (worked, refused) = (0, 0);
        for (var i = 0; i < 120; i++)
        {
            var model = ModelProto.Parser.ParseFrom(SmallModel());
            var nodes = model.Graph.Node;
            var node = nodes[random.Next(nodes.Count)];
            switch (random.Next(6))
            {
                case 0: node.OpType = new[] { "Sin", "Conv", "MaxPool", "Concat", "Relu", "Gemm", "Split" }[random.Next(7)]; break;
                case 1: if (node.Input.Count > 0) node.Input[random.Next(node.Input.Count)] = "missing_tensor"; break;
                case 2: if (node.Attribute.Count > 0) node.Attribute.RemoveAt(random.Next(node.Attribute.Count)); break;
                case 3: if (node.Attribute.Count > 0) { var a = node.Attribute[random.Next(node.Attribute.Count)]; a.I = random.Next(-3, 9); a.Ints.Clear(); a.Ints.Add(random.Next(-2, 6)); } break;
                case 4: nodes.Remove(node); break;
                case 5: model.Graph.Initializer[random.Next(model.Graph.Initializer.Count)].Dims.Add(random.Next(0, 4)); break;
            }
            var (w, r) = Exercise(model.ToByteArray(), $"structure{i}.onnx", cache);
            (worked, refused) = (worked + w, refused + r);
        }
        output.WriteLine($"120 structurally damaged small models: {worked} still worked, {refused} refused with a clear error");
    }

    [Fact]
    public void Damage_to_resnet18()
    {
        var original = File.ReadAllBytes(ModelCatalog.Default.PathOf(ModelCatalog.Default.Find("resnet18")!));
        var random = new Random(99);
        using var cache = new DreamSessionCache();
        var (worked, refused) = (0, 0);
        for (var i = 0; i < 6; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = 0; flips < 8; flips++)
                bytes[random.Next(i % 2 == 0 ? 200_000 : bytes.Length)] = (byte)random.Next(256);
            var (w, r) = Exercise(bytes, $"resnet-mutant{i}.onnx", cache);
            (worked, refused) = (worked + w, refused + r);
        }
        output.WriteLine($"6 damaged ResNet18 files: {worked} still worked, {refused} refused with a clear error");
    }

    [Theory]
    [InlineData("chelsea.png")]
    [InlineData("camera.png")]
    public void Damaged_images_are_read_or_refused_clearly(string file)
    {
        var original = File.ReadAllBytes(TestData.Path(file));
        var random = new Random(5);
        var (read, refused) = (0, 0);
        for (var i = 0; i < 60; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
                bytes[random.Next(Math.Min(bytes.Length, 4096))] = (byte)random.Next(256);
            if (i % 3 == 0)
                bytes = bytes[..random.Next(1, bytes.Length)];
            var path = Path.Combine(folder, $"damaged{i}.png");
            File.WriteAllBytes(path, bytes);
            try
            {
                var image = ImageFile.Read(path);
                Assert.Equal(4L * image.Width * image.Height, image.Pixels.Length);
                read++;
            }
            catch (ImageFileException e)
            {
                Assert.Contains(path, e.Message);
                refused++;
            }
        }
        output.WriteLine($"60 damaged copies of {file}: {read} read, {refused} refused with a clear error");
    }
}
