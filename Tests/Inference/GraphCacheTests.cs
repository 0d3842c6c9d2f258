using DeepDream.Core.Caching;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Onnx;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Inference;

/// <summary>
/// Dream graphs kept on disk between runs: a model loaded again is not parsed, its graph is read
/// back and gives exactly the gradient of a fresh build; damaged entries are rebuilt; every input
/// of the graph has its own entry.
/// </summary>
public sealed class GraphCacheTests : IDisposable
{
    private const int Size = 96;
    private static readonly string[] Layers = ["layer2.1", "layer3.1"];

    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-graphs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private DiskCache Cache => new(Path.Combine(folder, "cache"));

    private static ImageClassifier LoadResNet18(DiskCache? cache) => ImageClassifier.Load(ModelCatalog.Default, "resnet18", cache);

    /// <summary>Builds (or reads) the dream graph in a session cache of its own, as a new process would, and runs it on a window of the photo.</summary>
    private static (float Loss, float[] Gradient, bool FromCache) Step(ImageClassifier model, string[] layers, int border = 2, string photo = "astronaut.png")
    {
        using var sessions = new DreamSessionCache(threads: 1);
        var session = sessions.Get(model, Objective.Layers(layers).Resolve(model), border, ExecutionDevice.Cpu, Size, Size);
        var image = TestData.Crop(TestData.Photo(photo), 150, 40, Size, Size).Rgb;
        var gradient = new float[image.Length];
        var loss = session.Run(image, Size, Size, new[] { 0.5f, 1f }[..layers.Length], gradient);
        return (loss, gradient, sessions.GraphFromCache);
    }

    [Fact]
    public void A_model_loaded_again_is_not_parsed_and_its_cached_graph_gives_the_same_gradient()
    {
        var fresh = Step(LoadResNet18(cache: null), Layers);

        var first = LoadResNet18(Cache);
        Assert.True(first.IsParsed);
        var built = Step(first, Layers);
        Assert.False(built.FromCache);

        var second = LoadResNet18(Cache);
        Assert.False(second.IsParsed);
        var cached = Step(second, Layers);
        Assert.True(cached.FromCache);
        Assert.False(second.IsParsed);

        Assert.Equal(fresh.Loss, built.Loss);
        Assert.Equal(fresh.Gradient, built.Gradient);
        Assert.Equal(fresh.Loss, cached.Loss);
        Assert.Equal(fresh.Gradient, cached.Gradient);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped byte")]
    [InlineData("empty")]
    [InlineData("not an entry")]
    public void A_damaged_entry_is_rebuilt(string damage)
    {
        var cache = Cache;
        var fresh = Step(LoadResNet18(cache), Layers);
        foreach (var entry in Directory.GetFiles(cache.Directory))
        {
            var bytes = File.ReadAllBytes(entry);
            File.WriteAllBytes(entry, damage switch
            {
                "truncated" => bytes[..(bytes.Length * 2 / 3)],
                "flipped byte" => bytes.Select((b, i) => i == bytes.Length * 3 / 4 ? (byte)(b ^ 0x10) : b).ToArray(),
                "empty" => [],
                _ => "DeepDreamCache1\n not a cache entry"u8.ToArray(),
            });
        }

        var reloaded = LoadResNet18(cache);
        Assert.True(reloaded.IsParsed);
        var rebuilt = Step(reloaded, Layers);
        Assert.False(rebuilt.FromCache);
        Assert.Equal(fresh.Gradient, rebuilt.Gradient);

        var again = Step(LoadResNet18(cache), Layers);
        Assert.True(again.FromCache);
        Assert.Equal(fresh.Gradient, again.Gradient);
    }

    [Fact]
    public void Other_targets_border_model_or_input_convention_make_other_entries()
    {
        var cache = Cache;
        var resnet = LoadResNet18(cache);
        var small = SmallModelFile("small.onnx");
        var smallSpec = new ModelSpec { Id = "small", DisplayName = "small", File = "small.onnx", Input = new InputSpec { Scale = 255 } };
        var smallTarget = ImageClassifier.Load(small, null, cache).Model.Graph.Node.Last().Output[0];
        var variants = new List<Func<bool>>
        {
            () => Step(resnet, Layers).FromCache,
            () => Step(resnet, ["layer2.1"]).FromCache,
            () => Step(resnet, Layers, border: 1).FromCache,
            () => GraphFromCache(ImageClassifier.Load(small, null, cache), smallTarget),
            () => GraphFromCache(ImageClassifier.Load(small, smallSpec, cache), smallTarget),
        };
        // Each variant builds its graph the first time round, so no two share an entry.
        foreach (var variant in variants)
            Assert.False(variant());
        foreach (var variant in variants)
            Assert.True(variant());

        // The same bytes in another file share the entries.
        var copy = Path.Combine(folder, "copy.onnx");
        File.Copy(small, copy);
        File.SetLastWriteTimeUtc(copy, DateTime.UtcNow.AddMinutes(-1));
        Assert.True(GraphFromCache(ImageClassifier.Load(copy, null, cache), smallTarget));
    }

    [Fact]
    public void A_model_file_written_moments_ago_is_not_cached()
    {
        var cache = Cache;
        var path = SmallModelFile("fresh.onnx");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        var model = ImageClassifier.Load(path, null, cache);
        Assert.Null(model.Cache);
        Assert.False(GraphFromCache(model, model.Model.Graph.Node.Last().Output[0]));
        Assert.False(Directory.Exists(cache.Directory));
    }

    [Fact]
    public void A_model_file_changed_after_a_lazy_load_is_refused_not_mixed_up()
    {
        var cache = Cache;
        var path = SmallModelFile("changing.onnx");
        ImageClassifier.Load(path, null, cache);
        var lazy = ImageClassifier.Load(path, null, cache);
        Assert.False(lazy.IsParsed);
        File.WriteAllBytes(path, SmallModel(channels: 6));
        var e = Assert.Throws<ModelException>(() => lazy.Model);
        Assert.Contains("changed after it was loaded", e.Message);
    }

    private static bool GraphFromCache(ImageClassifier model, string target)
    {
        using var sessions = new DreamSessionCache(threads: 1);
        sessions.Get(model, Objective.Layer(target), 0, ExecutionDevice.Cpu, 32, 32);
        return sessions.GraphFromCache;
    }

    /// <summary>A small classifier file, dated a minute ago so that it may be cached.</summary>
    private string SmallModelFile(string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, SmallModel(channels: 4));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(-1));
        return path;
    }

    private static byte[] SmallModel(int channels)
    {
        var graph = new TestGraph(DataType.Float);
        var g = graph.Editor;
        var conv = g.Op("Conv", [graph.Input, graph.Random([channels, 3, 3, 3]), graph.Random([channels])], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1));
        var relu = g.Op("Relu", [conv]);
        graph.Model.Graph.Output.Add(new ValueInfoProto { Name = relu });
        return graph.Model.ToByteArray();
    }
}
