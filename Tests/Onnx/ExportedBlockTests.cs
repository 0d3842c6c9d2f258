using System.Text.Json;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Xunit.Abstractions;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Blocks of today's CNN families (ConvNeXt, MobileNetV3, ShuffleNetV2, FPN, normalisation
/// layers) as PyTorch's exporter writes them (Tests/Data/Blocks, made by tools/export_blocks.py):
/// our gradient of mean(y^2) matches PyTorch's float64 autograd of the same weights.
/// </summary>
public sealed class ExportedBlockTests(ITestOutputHelper output)
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Manifest())
            data.Add(entry.GetProperty("file").GetString()!);
        return data;
    }

    private static IEnumerable<JsonElement> Manifest() =>
        JsonDocument.Parse(File.ReadAllText(TestData.Path("Blocks/blocks.json"))).RootElement.EnumerateArray();

    /// <summary>The block's input is the network's input itself: no preprocessing folded in front.</summary>
    private static readonly InputSpec Identity = new() { Name = "x" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Gradient_matches_pytorch_autograd(string file)
    {
        var entry = Manifest().Single(e => e.GetProperty("file").GetString() == file);
        var (x, shape) = NpyReader.Read(TestData.Path("Blocks/" + entry.GetProperty("input").GetString()));
        var (expected, _) = NpyReader.Read(TestData.Path("Blocks/" + entry.GetProperty("gradient").GetString()));
        var expectedLoss = entry.GetProperty("loss").GetDouble();

        using var session = Session(file, entry.GetProperty("output").GetString()!);
        var (loss, gradient) = Run(session, x, shape);

        var dot = gradient.Zip(expected, (a, b) => a * b).Sum();
        var cosine = dot / Math.Sqrt(gradient.Sum(v => v * v) * expected.Sum(v => v * v));
        var relativeL2 = Math.Sqrt(gradient.Zip(expected, (a, b) => (a - b) * (a - b)).Sum() / expected.Sum(v => v * v));
        output.WriteLine($"{file}: loss {loss:E6} (PyTorch {expectedLoss:E6}), cosine {cosine:F8}, relative L2 {relativeL2:E2}");
        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-4 * Math.Abs(expectedLoss), $"loss {loss} vs {expectedLoss}");
        Assert.True(relativeL2 < 1e-5, $"relative L2 {relativeL2:E2}, cosine {cosine:F8}");
    }

    /// <summary>The exports have symbolic H and W, so shapes are computed at run time: another size must work too.</summary>
    [Theory]
    [MemberData(nameof(Files))]
    public void Dream_graph_runs_at_another_size(string file)
    {
        var entry = Manifest().Single(e => e.GetProperty("file").GetString() == file);
        using var session = Session(file, entry.GetProperty("output").GetString()!);
        long[] shape = [1, 3, 48, 64];
        var x = Enumerable.Range(0, 3 * 48 * 64).Select(i => (Math.Sin(i * 0.05) + 1) / 2).ToArray();
        var (loss, gradient) = Run(session, x, shape);
        Assert.True(double.IsFinite(loss) && loss > 0, $"loss {loss}");
        Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
        Assert.Contains(gradient, g => g != 0);
    }

    private static InferenceSession Session(string file, string target)
    {
        var model = OnnxModelFile.Read(TestData.Path("Blocks/" + file));
        var normalized = ModelNormalizer.Normalize(model, Identity, file);
        var dream = DreamGraphBuilder.Build(normalized, file, Objective.Layer(target), GraphTarget.Cpu, border: 0);
        using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
        return new InferenceSession(dream.ToByteArray(), options);
    }

    private static (double Loss, double[] Gradient) Run(InferenceSession session, double[] x, long[] shape)
    {
        using var image = OrtValue.CreateTensorValueFromMemory(x.Select(v => (float)v).ToArray(), shape);
        using var weights = OrtValue.CreateTensorValueFromMemory(new[] { 1f }, [1]);
        using var results = session.Run(new RunOptions(), [ModelNormalizer.ImageInput, DreamGraphBuilder.WeightsInput], [image, weights],
            [DreamGraphBuilder.LossOutput, DreamGraphBuilder.GradientOutput]);
        return (results[0].GetTensorDataAsSpan<float>()[0], results[1].GetTensorDataAsSpan<float>().ToArray().Select(v => (double)v).ToArray());
    }
}
