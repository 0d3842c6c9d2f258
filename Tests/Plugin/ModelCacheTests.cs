using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Plugin.Dialog;
using DeepDream.Plugin.Rendering;
using DeepDream.Tests.Support;
using Google.Protobuf;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;
using static DeepDream.Tests.Plugin.PluginHost;

namespace DeepDream.Tests.Plugin;

/// <summary>
/// Over a long Paint.NET session the plugin holds few models, lets go of them when unused, starts
/// a model's sessions afresh before they pile up, and never remembers a failed load; its sessions
/// are configured for a host application.
/// </summary>
public sealed class ModelCacheTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-models-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static RgbImage Photo => TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, 96, 80);

    [Fact]
    public void A_model_that_failed_to_load_is_loaded_once_it_is_repaired()
    {
        File.Copy(Path.Combine(ModelCatalog.Default.Directory, ModelCatalog.FileName), Path.Combine(folder, ModelCatalog.FileName));
        var model = Path.Combine(folder, "ResNet18.onnx");
        File.WriteAllText(model, "damaged");
        using var models = new ModelCache(capacity: 1, idleTime: TimeSpan.FromMinutes(5));
        var notes = new DialogNotes();
        using var layer = Layer(Photo);
        using var host = Host(layer, notes: notes, models: models, modelsFolder: folder);
        var properties = QuickSettings(host, iterations: 1, octaves: 1);
        host.SetToken(properties);
        Assert.Equal(layer.Pixels.ToArray(), host.Render()!);
        Assert.Contains("damaged", notes.Problem);
        Assert.Equal(0, models.Count);

        File.Copy(Path.Combine(ModelCatalog.Default.Directory, "ResNet18.onnx"), model, overwrite: true);
        host.SetToken(properties);
        var repaired = host.Render()!;
        Assert.Null(notes.Problem);
        Assert.NotEqual(layer.Pixels.ToArray(), repaired);
        Assert.Equal(1, models.Count);
    }

    [Fact]
    public void The_plugin_dreams_with_sessions_made_for_a_host_application()
    {
        using var models = new ModelCache(capacity: 1, idleTime: TimeSpan.FromMinutes(5));
        using var layer = Layer(Photo);
        using (var host = Host(layer, models: models))
        {
            host.SetToken(QuickSettings(host, iterations: 1, octaves: 1));
            host.Render();
        }
        using var lease = models.Acquire(ModelCatalog.Default, "resnet18");
        Assert.Equal(HostProfile.Embedded, lease.Sessions.Profile);
        Assert.True(lease.Sessions.Count > 0);
    }

    [Fact]
    public void Only_the_most_recently_used_model_is_kept_unless_a_dream_holds_another()
    {
        var (first, second) = (TinyModel("first.onnx"), TinyModel("second.onnx"));
        var catalog = ModelCatalog.Empty(folder);
        using var models = new ModelCache(capacity: 1, idleTime: TimeSpan.FromMinutes(5));
        var held = models.Acquire(catalog, first);
        var firstModel = held.Model;
        using (models.Acquire(catalog, second))
            Assert.Equal(2, models.Count);
        Assert.Equal(2, models.Count);
        held.Dispose();
        Assert.Equal(1, models.Count);
        using (var again = models.Acquire(catalog, first))
            Assert.NotSame(firstModel, again.Model);
        Assert.Equal(1, models.Count);
    }

    [Fact]
    public void A_model_unused_for_a_while_is_released_with_its_sessions()
    {
        var path = TinyModel("idle.onnx");
        using var models = new ModelCache(capacity: 1, idleTime: TimeSpan.FromMilliseconds(200));
        DreamSessionCache sessions;
        using (var lease = models.Acquire(ModelCatalog.Empty(folder), path))
        {
            sessions = lease.Sessions;
            sessions.Get(lease.Model, Objective.Layer(Target(lease.Model)), 0, ExecutionDevice.Cpu, 32, 32);
        }
        Assert.Equal(1, models.Count);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (models.Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(50);
        Assert.Equal(0, models.Count);
        Assert.Equal(0, sessions.Count);
    }

    [Fact]
    public void A_model_whose_sessions_pile_up_starts_them_afresh_between_dreams()
    {
        var path = TinyModel("many.onnx");
        var catalog = ModelCatalog.Empty(folder);
        using var models = new ModelCache(capacity: 1, idleTime: TimeSpan.FromMinutes(5), maxSessions: 1);
        DreamSessionCache crowded;
        using (var lease = models.Acquire(catalog, path))
        {
            crowded = lease.Sessions;
            var relu = lease.Model.Model.Graph.Node.Last(n => n.OpType == "Relu");
            foreach (var target in new[] { relu.Input[0], relu.Output[0] })
                crowded.Get(lease.Model, Objective.Layer(target), 0, ExecutionDevice.Cpu, 32, 32);
            Assert.Equal(2, crowded.Count);
        }
        Assert.Equal(0, crowded.Count);
        using (var next = models.Acquire(catalog, path))
        {
            Assert.NotSame(crowded, next.Sessions);
            Assert.Equal(HostProfile.Embedded, next.Sessions.Profile);
        }
    }

    /// <summary>A two-layer model file (a convolution and its ReLU), quick to load.</summary>
    private string TinyModel(string name)
    {
        var graph = new TestGraph(DataType.Float);
        var conv = graph.Op("Conv", [graph.Input, graph.Random([4, 3, 3, 3]), graph.Random([4])], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1));
        graph.Op("Relu", [conv]);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, graph.Model.ToByteArray());
        return path;
    }

    private static string Target(Core.Onnx.ImageClassifier model) => model.Model.Graph.Node[^1].Output[0];
}
