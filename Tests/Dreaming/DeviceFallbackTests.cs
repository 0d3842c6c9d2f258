using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>
/// A GPU provider that this ONNX Runtime build lacks (here: the CPU-only package) falls back to
/// the CPU, says why through the progress channel, and gives the CPU's result.
/// </summary>
public sealed class DeviceFallbackTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ExecutionDevice.Cuda)]
    [InlineData(ExecutionDevice.DirectML)]
    public void A_missing_gpu_provider_falls_back_to_the_cpu_with_a_reason(ExecutionDevice device)
    {
        var settings = new DreamSettings
        {
            LayerWeights = new Dictionary<string, double> { ["layer2.1"] = 1 },
            Octaves = 1,
            Iterations = 2,
            Device = ExecutionDevice.Cpu,
        };
        var image = TestData.Crop(TestData.Photo("chelsea.png"), 100, 50, 96, 96);
        var notes = new List<string>();
        using var sessions = new DreamSessionCache();
        var onGpu = new Dreamer(TestData.ResNet18, sessions).Dream(image, settings with { Device = device }, new Notes(notes));
        var onCpu = new Dreamer(TestData.ResNet18, sessions).Dream(image, settings);
        output.WriteLine(string.Join("\n", notes));
        Assert.Contains(notes, n => n.Contains(device.ToString()) && n.Contains("CPU"));
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
