using System.Diagnostics.Tracing;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Dreaming;

/// <summary>
/// A dream embedded in another application (the Paint.NET plugin) leaves a core to the host's UI,
/// lets ONNX Runtime's idle threads sleep, and never freezes the host with a forced collection.
/// </summary>
public sealed class HostProfileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-profile-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Embedded_sessions_leave_a_core_to_the_host_and_their_threads_do_not_spin()
    {
        var embedded = Math.Max(1, Environment.ProcessorCount - 1);
        Assert.Equal(embedded, ExecutionProviders.Threads(HostProfile.Embedded, 0));
        Assert.Equal(Environment.ProcessorCount, ExecutionProviders.Threads(HostProfile.Standalone, 0));
        Assert.Equal(3, ExecutionProviders.Threads(HostProfile.Embedded, 3));
        var entries = ExecutionProviders.ConfigEntries(HostProfile.Embedded);
        Assert.Equal("0", entries["session.intra_op.allow_spinning"]);
        Assert.Equal("0", entries["session.inter_op.allow_spinning"]);
        Assert.Empty(ExecutionProviders.ConfigEntries(HostProfile.Standalone));

        using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0, HostProfile.Embedded);
        Assert.Equal(embedded, options.IntraOpNumThreads);
        using var session = new InferenceSession(TinyModel().Model.ToByteArray(), options);
    }

    /// <summary>The image is large enough for a standalone dream to collect before each octave.</summary>
    [Theory]
    [InlineData(HostProfile.Standalone, true)]
    [InlineData(HostProfile.Embedded, false)]
    public void Only_a_standalone_dream_forces_a_blocking_collection(HostProfile profile, bool collects)
    {
        var graph = TinyModel();
        var path = Path.Combine(folder, "tiny.onnx");
        File.WriteAllBytes(path, graph.Model.ToByteArray());
        var model = ImageClassifier.Load(path);
        using var sessions = new DreamSessionCache { Profile = profile };
        var image = new RgbImage(2400, 2400);
        image.Rgb.AsSpan().Fill(0.5f);
        var settings = new DreamSettings
        {
            Objective = Objective.Layers(new Dictionary<string, double> { [graph.Model.Graph.Node[^1].Output[0]] = 1 }),
            Octaves = 1,
            Iterations = 1,
            Device = ExecutionDevice.Cpu,
        };

        using var induced = new InducedCollections();
        new Dreamer(model, sessions).Dream(image, settings);
        // The runtime hands its events to listeners a moment later.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (induced.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(3))
            Thread.Sleep(50);
        Assert.Equal(collects, induced.Count > 0);
    }

    /// <summary>Counts the collections the runtime reports as induced (GC.Collect), which the runtime never starts on its own.</summary>
    private sealed class InducedCollections : EventListener
    {
        private static readonly HashSet<uint> InducedReasons = [1, 7, 10, 17];
        private int count;

        public int Count => Volatile.Read(ref count);

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
                EnableEvents(source, EventLevel.Informational, (EventKeywords)1);
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName?.StartsWith("GCStart", StringComparison.Ordinal) == true && e.PayloadNames?.IndexOf("Reason") is >= 0 and var i
                && InducedReasons.Contains(Convert.ToUInt32(e.Payload![i])))
                Interlocked.Increment(ref count);
        }
    }

    private static TestGraph TinyModel()
    {
        var graph = new TestGraph(DataType.Float);
        var conv = graph.Op("Conv", [graph.Input, graph.Random([4, 3, 3, 3]), graph.Random([4])], A.Ints("kernel_shape", 3, 3), A.Ints("pads", 1, 1, 1, 1));
        graph.Op("Relu", [conv]);
        return graph;
    }
}
