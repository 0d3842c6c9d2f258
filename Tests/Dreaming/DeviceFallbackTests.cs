using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>
/// A GPU provider that this ONNX Runtime build lacks (here: the CPU-only package), or one that
/// fails in the middle of a dream, falls back to the CPU, says why through the progress channel,
/// and gives the CPU's result.
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
    public void A_missing_gpu_provider_falls_back_to_the_cpu_with_a_reason(ExecutionDevice device)
    {
        using var sessions = new DreamSessionCache();
        AssertFallsBackToTheCpu(sessions, device, "could not start");
    }

    /// <summary>
    /// The stand-in GPU session is a real ONNX Runtime session of the graph it is given, with its
    /// image input renamed, so that every run fails inside ONNX Runtime, as a GPU that loses its
    /// device or memory would.
    /// </summary>
    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.DirectML)]
    public void A_gpu_failing_while_dreaming_hands_over_to_the_cpu_with_a_reason(ExecutionDevice device)
    {
        var started = 0;
        using var sessions = new DreamSessionCache
        {
            StartGpuSession = (graph, _, _) =>
            {
                Interlocked.Increment(ref started);
                var model = global::Onnx.ModelProto.Parser.ParseFrom(graph);
                var image = model.Graph.Input.Single(i => i.Name == ModelNormalizer.ImageInput);
                image.Name = "unreachable_image";
                foreach (var node in model.Graph.Node)
                    for (var i = 0; i < node.Input.Count; i++)
                        if (node.Input[i] == ModelNormalizer.ImageInput) node.Input[i] = image.Name;
                using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0);
                return new InferenceSession(model.ToByteArray(), options);
            },
        };
        AssertFallsBackToTheCpu(sessions, device, "failed while dreaming");
        Assert.Equal(1, started);
    }

    private void AssertFallsBackToTheCpu(DreamSessionCache sessions, ExecutionDevice device, string reason)
    {
        var notes = new List<string>();
        var onGpu = new Dreamer(TestData.ResNet18, sessions).Dream(Image, Settings with { Device = device }, new Notes(notes));
        var onCpu = new Dreamer(TestData.ResNet18, sessions).Dream(Image, Settings);
        output.WriteLine(string.Join("\n", notes));
        Assert.Single(notes);
        Assert.Contains(device.ToString(), notes[0]);
        Assert.Contains(reason, notes[0]);
        Assert.Contains("CPU", notes[0]);
        Assert.Equal(onCpu.Rgb, onGpu.Rgb);
    }

    private sealed class Notes(List<string> into) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value)
        {
            if (value.Note is not null) into.Add(value.Note);
        }
    }
}
