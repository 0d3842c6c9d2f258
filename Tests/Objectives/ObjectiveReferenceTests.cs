using System.Globalization;
using System.Text.Json;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Objectives;

/// <summary>
/// `deepdream gradient` of each objective on the tiny classifier against PyTorch's float64
/// autograd of the same loss (Tests/Data/Classifier, made by tools/export_objective_references.py).
/// </summary>
public sealed class ObjectiveReferenceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-references-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static string Data(string file) => TestData.Path(Path.Combine("Classifier", file));

    private static IEnumerable<JsonElement> Manifest() =>
        JsonDocument.Parse(File.ReadAllText(Data("objectives.json"))).RootElement.EnumerateArray();

    public static TheoryData<string> Cases() => new(Manifest().Select(e => e.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_pytorch_autograd(string name)
    {
        var entry = Manifest().Single(e => e.GetProperty("name").GetString() == name);
        // File names in the options are those of the data folder.
        var options = entry.GetProperty("args").EnumerateArray().Select(a => a.GetString()!)
            .Select(a => File.Exists(Data(a)) ? Data(a) : a).ToArray();
        var file = Path.Combine(folder, name + ".npy");
        var result = CliRunner.Run(["gradient", Data(entry.GetProperty("image").GetString()!), "-o", file, .. options]);
        output.WriteLine($"deepdream gradient ... {string.Join(' ', options)} -> {result.ExitCode}\n{result.Error}");
        Assert.Equal(0, result.ExitCode);

        var loss = double.Parse(result.Error.Trim().Split(' ', ';')[1], CultureInfo.InvariantCulture);
        var expectedLoss = entry.GetProperty("loss").GetDouble();
        var (gradient, shape) = NpyReader.Read(file);
        var (expected, expectedShape) = NpyReader.Read(Data(entry.GetProperty("gradient").GetString()!));
        Assert.Equal(expectedShape, shape);

        var dot = gradient.Zip(expected, (a, b) => a * b).Sum();
        var cosine = dot / Math.Sqrt(gradient.Sum(v => v * v) * expected.Sum(v => v * v));
        var relativeL2 = Math.Sqrt(gradient.Zip(expected, (a, b) => (a - b) * (a - b)).Sum() / expected.Sum(v => v * v));
        output.WriteLine($"{name}: loss {loss:E6} (PyTorch {expectedLoss:E6}), cosine 1 - {1 - cosine:E1}, relative L2 {relativeL2:E2}");
        Assert.True(Math.Abs(loss - expectedLoss) <= 1e-5 * Math.Abs(expectedLoss), $"loss {loss} vs {expectedLoss}");
        Assert.True(relativeL2 < 1e-5, $"relative L2 {relativeL2:E2}, cosine {cosine:F8}");
    }
}
