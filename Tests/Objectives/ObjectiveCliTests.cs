using DeepDream.Cli.Files;
using DeepDream.Tests.Cli;
using DeepDream.Tests.Support;
using Xunit.Abstractions;
using static DeepDream.Tests.Objectives.ObjectiveTestModels;

namespace DeepDream.Tests.Objectives;

/// <summary>The objective options of deepdream dream and gradient, run as a process on real files.</summary>
public sealed class ObjectiveCliTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-objectives-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    private static readonly string Tiny = TinyPath(TinyFile);

    /// <summary>A crop of a test photo written as PNG, for the CLI to read.</summary>
    private string Photo(string file, int left, int top, int size)
    {
        var path = Temp($"{Path.GetFileNameWithoutExtension(file)}-{size}.png");
        if (!File.Exists(path))
            ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo(file), left, top, size, size)), path);
        return path;
    }

    private string Cat(int size = 128) => Photo("chelsea.png", 120, 40, size);
    private string Astronaut(int size = 128) => Photo("astronaut.png", 150, 40, size);

    private CliRunner.Result Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        log.WriteLine($"deepdream {string.Join(' ', args)} -> {result.ExitCode}\n{result.Error}");
        return result;
    }

    public static TheoryData<string, string[]> Dreams() => new()
    {
        { "channels", ["--channel", "layer3.1:42,7"] },
        { "class", ["--model", Tiny, "--class", "jellyfish", "--jitter", "0"] },
        { "guide", ["--guide", "astronaut", "--guide-layer", "layer2.1"] },
        { "layers + channels + guide", ["--layers", "layer2.1=0.5", "--channel", "layer3.1:42", "--channel", "ReLU315_Output_0:3", "--guide", "astronaut"] },
    };

    [Theory]
    [MemberData(nameof(Dreams))]
    public void Dream_takes_each_objective(string name, string[] objective)
    {
        var input = Cat();
        var output = Temp($"{name}.png");
        var args = objective.Select(a => a == "astronaut" ? Astronaut() : a).ToArray();
        var result = Run(["dream", input, "-o", output, "--octaves", "1", "--iterations", "3", .. args]);
        Assert.Equal(0, result.ExitCode);
        var (before, after) = (ImageFile.Read(input), ImageFile.Read(output));
        var changed = before.Pixels.Zip(after.Pixels, (a, b) => a != b).Count(d => d);
        log.WriteLine($"{name}: {changed} of {before.Pixels.Length} bytes changed");
        Assert.True(changed > before.Pixels.Length / 4, $"{changed} bytes changed");
    }

    public static TheoryData<string, string[]> Gradients() => new()
    {
        { "channels", ["--channel", "layer3.1:42"] },
        { "class", ["--model", Tiny, "--class", "107"] },
        { "guide", ["--guide", "astronaut", "--guide-layer", "layer3.1"] },
        { "class + channels + guide", ["--model", Tiny, "--class", "jellyfish", "--channel", $"{TinyFeatures}:3,5", "--guide", "astronaut", "--guide-layer", TinyFeatures] },
    };

    [Theory]
    [MemberData(nameof(Gradients))]
    public void Gradient_takes_each_objective(string name, string[] objective)
    {
        var output = Temp($"{name}.npy");
        var args = objective.Select(a => a == "astronaut" ? Astronaut() : a).ToArray();
        var result = Run(["gradient", Cat(), "-o", output, .. args]);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^loss -?\d", result.Error.Trim());
        var (gradient, shape) = NpyReader.Read(output);
        Assert.Equal([3L, 128, 128], shape);
        Assert.All(gradient, v => Assert.True(double.IsFinite(v)));
        Assert.True(gradient.Count(v => v != 0) > gradient.Length / 2);
    }

    public static TheoryData<string, string[], string> Mistakes() => new()
    {
        { "dream", ["--channel", "layer9:1"], "no layer 'layer9'" },
        { "gradient", ["--channel", "layer3.1:256"], "Layer layer3.1 of model 'ResNet18.onnx' has channels 0 to 255; there is no channel 256." },
        { "dream", ["--channel", "layer3.1:256"], "there is no channel 256" },
        { "dream", ["--channel", "layer3.1"], "--channel: 'layer3.1' is not LAYER:N[,N...], e.g. layer3.1:42." },
        { "gradient", ["--channel", "layer3.1:seven"], "--channel: 'seven' is not a channel number (in 'layer3.1:seven')." },
        { "dream", ["--channel", "layer3.1:-1"], "'-1' is not a channel number" },
        { "dream", ["--channel", ":4"], "':4' is not LAYER:N" },
        { "dream", ["--class", "jellyfish"], "Model 'ResNet18.onnx' ends at AveragePool" },
        { "gradient", ["--class", "jellyfish"], "cannot dream toward a class" },
        { "dream", ["--class", "unicorn"], "no class is called 'unicorn'" },
        { "dream", ["--class", "terrier"], "'terrier' matches several classes" },
        { "gradient", ["--model", Tiny, "--class", "1000"], "Model 'tiny-classifier.onnx' has classes 0 to 999; there is no class 1000." },
        { "dream", ["--guide-layer", "layer3.1"], "--guide-layer needs --guide." },
        { "gradient", ["--guide", "missing.png"], "does not exist" },
        { "dream", ["--guide", "chelsea", "--guide-layer", "layer9"], "no layer 'layer9'" },
        { "dream", ["--model", Tiny, "--guide", "chelsea"], "choose the guide's layer with --guide-layer" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Objective_mistakes_get_one_clear_line_and_a_non_zero_exit(string command, string[] objective, string expected)
    {
        var args = objective.Select(a => a == "chelsea" ? Cat() : a).ToArray();
        var output = Temp(command == "dream" ? "never.png" : "never.npy");
        var result = Run([command, Cat(64), "-o", output, .. args]);
        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines, l => l.StartsWith("error:"));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(File.Exists(output));
    }
}
