using System.Collections.Concurrent;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>
/// A GPU provider that this ONNX Runtime build lacks (here: the CPU-only package), or one that
/// fails in the middle of a dream, falls back to the CPU, reports a <see cref="DeviceFallback"/>
/// through the progress channel (its message as the note), and gives the CPU's result.
/// </summary>
public sealed class DeviceFallbackTests(ITestOutputHelper output)
{
    private static readonly DreamSettings Settings = new()
    {
        Objective = Objective.Layers(new Dictionary<string, double> { ["layer2.1"] = 1 }),
        Octaves = 2,
        Iterations = 2,
        Device = ExecutionDevice.Cpu,
    };

    private static RgbImage Image => TestData.Crop(TestData.Photo("chelsea.png"), 100, 50, 128, 128);

    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.DirectML)]
    public void A_missing_gpu_provider_falls_back_to_the_cpu_at_start_up(ExecutionDevice device)
    {
        using var sessions = new DreamSessionCache();
        AssertFallsBackToTheCpu(sessions, device, FallbackStage.StartUp, "could not start, so the CPU is used: ");
    }

    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.DirectML)]
    public void A_gpu_failing_while_dreaming_hands_over_to_the_cpu(ExecutionDevice device)
    {
        var started = 0;
        using var sessions = new DreamSessionCache
        {
            StartGpuSession = (graph, _, _, _) =>
            {
                Interlocked.Increment(ref started);
                return FailingSession(graph);
            },
        };
        AssertFallsBackToTheCpu(sessions, device, FallbackStage.WhileDreaming, "failed while dreaming, so the CPU is used from now on: ");
        Assert.Equal(1, started);
    }

    /// <summary>The cache keeps the CPU session it started in the GPU's place; the next dream that gets it is told too, as the dialog's note is per dream.</summary>
    [Fact]
    public void Every_dream_on_a_gpu_that_could_not_start_reports_it()
    {
        using var sessions = new DreamSessionCache();
        var settings = Settings with { Device = ExecutionDevice.DirectML, Octaves = 1, Iterations = 1 };
        var first = Fallbacks(sessions, settings);
        var second = Fallbacks(sessions, settings);
        Assert.Equal(Assert.Single(first), Assert.Single(second));
    }

    /// <summary>DirectML runs on the dream's adapter, one session per adapter; CUDA runs on its device 0 whatever the adapter.</summary>
    [Fact]
    public void A_directml_session_starts_on_the_dreams_adapter()
    {
        var started = new ConcurrentQueue<(ExecutionDevice, int)>();
        using var sessions = new DreamSessionCache
        {
            StartGpuSession = (graph, device, adapter, _) =>
            {
                started.Enqueue((device, adapter));
                using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0);
                return new InferenceSession(graph, options);
            },
        };
        var model = TestData.ResNet18;
        var objective = Settings.Objective.Active.Resolve(model);
        DreamSession Get(ExecutionDevice device, int adapter) =>
            sessions.Get(model, objective, DreamGraphBuilder.DefaultBorder, device, 64, 64, adapter: new GpuAdapter(adapter, true));
        var onThree = Get(ExecutionDevice.DirectML, 3);
        Assert.Same(onThree, Get(ExecutionDevice.DirectML, 3));
        Assert.NotSame(onThree, Get(ExecutionDevice.DirectML, 1));
        Get(ExecutionDevice.Cuda, 3);
        Assert.Equal([(ExecutionDevice.DirectML, 3), (ExecutionDevice.DirectML, 1), (ExecutionDevice.Cuda, 0)], started);
    }

    private void AssertFallsBackToTheCpu(DreamSessionCache sessions, ExecutionDevice device, FallbackStage stage, string message)
    {
        var progress = new List<DreamProgress>();
        var onGpu = new Dreamer(TestData.ResNet18, sessions).Dream(Image, Settings with { Device = device }, new Collect(progress));
        var onCpu = new Dreamer(TestData.ResNet18, sessions).Dream(Image, Settings);
        var reported = progress.Where(p => p.Fallback is not null).ToList();
        output.WriteLine(string.Join("\n", reported.Select(p => p.Note)));
        var fallback = Assert.Single(reported).Fallback!;
        Assert.Equal((device, ExecutionDevice.Cpu, stage), (fallback.From, fallback.To, fallback.Stage));
        Assert.StartsWith($"{device} {message}", fallback.Message);
        Assert.Equal(fallback.Message, reported[0].Note);
        Assert.DoesNotContain(progress, p => p.Fallback is null && p.Note is not null);
        Assert.Equal(onCpu.Rgb, onGpu.Rgb);
    }

    private static List<DeviceFallback> Fallbacks(DreamSessionCache sessions, DreamSettings settings)
    {
        var progress = new List<DreamProgress>();
        new Dreamer(TestData.ResNet18, sessions).Dream(Image, settings, new Collect(progress));
        return progress.Select(p => p.Fallback).OfType<DeviceFallback>().ToList();
    }

    /// <summary>
    /// The stand-in GPU session: a real ONNX Runtime session of the graph it is given, with its
    /// image input renamed, so that every run fails inside ONNX Runtime, as a GPU that loses its
    /// device or memory would.
    /// </summary>
    private static InferenceSession FailingSession(byte[] graph)
    {
        var model = global::Onnx.ModelProto.Parser.ParseFrom(graph);
        var image = model.Graph.Input.Single(i => i.Name == ModelNormalizer.ImageInput);
        image.Name = "unreachable_image";
        foreach (var node in model.Graph.Node)
            for (var i = 0; i < node.Input.Count; i++)
                if (node.Input[i] == ModelNormalizer.ImageInput) node.Input[i] = image.Name;
        using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0);
        return new InferenceSession(model.ToByteArray(), options);
    }

    private sealed class Collect(List<DreamProgress> into) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => into.Add(value);
    }
}
