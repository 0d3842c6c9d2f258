using DeepDream.Cli.Files;
using DeepDream.Core.Imaging;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Cli;

/// <summary>The deepdream command line, run as a process on real files.</summary>
public sealed class CliTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-cli-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    private static readonly string[] Fast = ["--octaves", "1", "--iterations", "2"];

    private CliRunner.Result Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        log.WriteLine($"deepdream {string.Join(' ', args)} -> {result.ExitCode}\n{result.Error}");
        return result;
    }

    [Fact]
    public void Dream_without_input_dreams_the_sample_photo()
    {
        var output = Temp("sample.png");
        var result = Run(["dream", "-o", output, .. Fast]);
        Assert.Equal(0, result.ExitCode);
        var image = ImageFile.Read(output);
        Assert.Equal((512, 512), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("chelsea.png", ".jpg")]
    [InlineData("camera.png", ".png")]
    [InlineData("green_palette.png", ".webp")]
    public void Dream_reads_rgb_grayscale_and_palette_images_and_writes_each_format(string input, string extension)
    {
        var output = Temp("out" + extension);
        var result = Run(["dream", TestData.Path(input), "-o", output, "--layers", "layer2.1=1", .. Fast]);
        Assert.Equal(0, result.ExitCode);
        var source = ImageFile.Read(TestData.Path(input));
        var dreamed = ImageFile.Read(output);
        Assert.Equal((source.Width, source.Height), (dreamed.Width, dreamed.Height));
        Assert.NotEqual(source.Pixels, dreamed.Pixels);
    }

    [Fact]
    public void Transparency_is_kept_exactly()
    {
        var cat = TestData.Crop(TestData.Photo("chelsea.png"), 100, 50, 128, 96);
        var input = Temp("transparent.png");
        ImageFile.Write(TestData.Bytes(cat, i => (byte)(i % 97 == 0 ? 0 : i % 256)), input);
        var output = Temp("transparent-out.png");
        Assert.Equal(0, Run(["dream", input, "-o", output, .. Fast]).ExitCode);
        Assert.Equal(TestData.Alpha(ImageFile.Read(input)), TestData.Alpha(ImageFile.Read(output)));
    }

    [Fact]
    public void Gradient_writes_a_float32_npy_array_of_the_image_size()
    {
        var input = Temp("crop.png");
        ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 448, 288)), input);
        var output = Temp("grad.npy");
        Assert.Equal(0, Run("gradient", input, "-o", output, "--layers", "layer3.1").ExitCode);
        var bytes = File.ReadAllBytes(output);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = System.Text.Encoding.ASCII.GetString(bytes, 10, headerLength);
        Assert.Contains("'descr': '<f4'", header);
        Assert.Contains("'shape': (3, 288, 448)", header);
        Assert.Equal(0, (10 + headerLength) % 64);
        var values = new float[3 * 288 * 448];
        Buffer.BlockCopy(bytes, 10 + headerLength, values, 0, values.Length * 4);
        Assert.Equal(bytes.Length, 10 + headerLength + values.Length * 4);
        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(values, v => v != 0);
    }

    [Fact]
    public void Gradient_names_the_nearest_valid_sizes_for_a_size_the_model_cannot_take()
    {
        var result = Run("gradient", TestData.Path("chelsea.png"), "-o", Temp("g.npy"), "--layers", "layer3.1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("height of 300", result.Error);
        Assert.Contains("291 and 304", result.Error);
        Assert.False(File.Exists(Temp("g.npy")));
    }

    [Fact]
    public void Layers_and_models_list_what_can_be_chosen()
    {
        var layers = Run("layers");
        Assert.Equal(0, layers.ExitCode);
        Assert.Contains("layer3.1", layers.Output);
        Assert.Contains("ReLU347_Output_0", layers.Output);
        var models = Run("models");
        Assert.Equal(0, models.ExitCode);
        Assert.Contains("resnet18", models.Output);
        Assert.Contains("installed", models.Output);
    }

    public static TheoryData<string[], string> Mistakes() => new()
    {
        { ["dream", "missing.png", "-o", "x.png"], "does not exist" },
        { ["dream", "-o", "x.png", "--model", "alexnet"], "Unknown model 'alexnet'" },
        { ["dream", "-o", "x.png", "--layers", "layer9"], "no layer 'layer9'" },
        { ["dream", "-o", "x.png", "--layers", "layer3.1=abc"], "'abc' is not a number" },
        { ["dream", "-o", "x.png", "--device", "tpu"], "Unknown device 'tpu'" },
        { ["dream", "-o", "x.png", "--octaves", "0"], "octaves must be between 1 and 12" },
        { ["dream", "-o", "x.png", "--step", "5"], "step must be between" },
        { ["dream", "-o", "x.png", "--layers", "layer3.1=0"], "all weights are zero" },
        { ["dream", "-o", "/no/such/folder/x.png", .. Fast], "Cannot write" },
        { ["dream", "-o", "x.bmp", .. Fast], "unknown image format" },
        { ["dream"], "--output" },
        { ["frobnicate"], "frobnicate" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistakes_get_one_clear_line_and_a_non_zero_exit(string[] args, string expected)
    {
        var result = Run(args);
        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines, l => l.StartsWith("error:"));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void Ctrl_c_cancels_the_dream_and_writes_nothing()
    {
        var output = Temp("interrupted.png");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CliRunner.Run(["dream", "-o", output, "--iterations", "200"], interruptAfter: TimeSpan.FromSeconds(4));
        log.WriteLine($"exit {result.ExitCode} after {clock.ElapsedMilliseconds} ms\n{result.Error}");
        Assert.Equal(130, result.ExitCode);
        Assert.Contains("cancelled: nothing was written.", result.Error);
        Assert.False(File.Exists(output));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_damaged_image_is_refused_and_nothing_is_written()
    {
        var bytes = File.ReadAllBytes(TestData.Path("chelsea.png"));
        var damaged = Temp("damaged.png");
        File.WriteAllBytes(damaged, bytes[..(bytes.Length / 3)]);
        var output = Temp("never.png");
        var result = Run("dream", damaged, "-o", output);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("damaged or truncated", result.Error);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Graph_writes_the_dream_graph_and_its_fixed_size_version()
    {
        var cpu = Temp("dream.onnx");
        var symbolic = Temp("dream-gpu.onnx");
        var fixedSize = Temp("dream-gpu-320x256.onnx");
        Assert.Equal(0, Run(["graph", "-o", cpu, "--layers", "layer3.1"]).ExitCode);
        Assert.Equal(0, Run(["graph", "-o", symbolic, "--layers", "layer3.1", "--target", "gpu"]).ExitCode);
        Assert.Equal(0, Run(["graph", "-o", fixedSize, "--layers", "layer3.1", "--target", "gpu", "--size", "320x256"]).ExitCode);

        var graph = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(symbolic)).Graph;
        Assert.Equal(["image", "objective_weights"], graph.Input.Select(i => i.Name));
        Assert.Equal(["loss", "gradient"], graph.Output.Select(o => o.Name));
        var specialised = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(fixedSize)).Graph;
        Assert.Equal([1L, 3, 256, 320], specialised.Input.Single(i => i.Name == "image").Type.TensorType.Shape.Dim.Select(d => d.DimValue));
        Assert.DoesNotContain(specialised.Node, n => n.OpType is "Shape" or "Size" or "NonZero" or "ConstantOfShape" or "Range");
        Assert.True(specialised.Node.Count < graph.Node.Count / 2, $"{specialised.Node.Count} nodes left of {graph.Node.Count}");
        // MaxPool's gradient: scattered through its Indices on the CPU, by comparisons on GPUs.
        var cpuGraph = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(cpu)).Graph;
        static bool ScattersThroughIndices(global::Onnx.NodeProto n) =>
            n.OpType == "MaxPool" && n.Output.Count > 1 || n.OpType == "ScatterElements" && n.Attribute.Any(a => a.Name == "reduction");
        Assert.Equal(2, cpuGraph.Node.Count(ScattersThroughIndices));
        Assert.DoesNotContain(graph.Node.Concat(specialised.Node), ScattersThroughIndices);

        var bad = Run(["graph", "-o", Temp("x.onnx"), "--size", "320by256"]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("WxH", bad.Error);
    }

    [Fact]
    public void Bench_runs_two_dream_graphs_in_turn_and_compares_their_steps()
    {
        var tiny = Objectives.ObjectiveTestModels.TinyPath(Objectives.ObjectiveTestModels.TinyFile);
        var cpu = Temp("cpu.onnx");
        var gpu = Temp("gpu.onnx");
        Assert.Equal(0, Run(["graph", "-o", cpu, "--model", tiny, "--layers", Objectives.ObjectiveTestModels.TinyFeatures]).ExitCode);
        Assert.Equal(0, Run(["graph", "-o", gpu, "--model", tiny, "--layers", Objectives.ObjectiveTestModels.TinyFeatures, "--target", "gpu"]).ExitCode);

        var result = Run(["bench", "--compare", cpu, gpu]);
        Assert.Equal(0, result.ExitCode);
        var rows = result.Output.Split('\n').Where(l => l.Contains("x") && char.IsDigit(l[0])).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["224x224", "512x512", "1024x1024"], rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.InRange(double.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture), 0.2, 5));

        // A graph written for one size is timed at that size only.
        var fixedSize = Temp("gpu-64.onnx");
        Assert.Equal(0, Run(["graph", "-o", fixedSize, "--model", tiny, "--layers", Objectives.ObjectiveTestModels.TinyFeatures, "--target", "gpu", "--size", "64x64"]).ExitCode);
        var one = Run(["bench", "--compare", cpu, fixedSize]);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal(["64x64"], one.Output.Split('\n').Where(l => l.Length > 0 && char.IsDigit(l[0])).Select(l => l.Split(' ')[0]));

        var missing = Run(["bench", "--compare", cpu, Temp("none.onnx")]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No dream graph", missing.Error);
        var notAGraph = Run(["bench", "--compare", cpu, tiny]);
        Assert.Equal(2, notAGraph.ExitCode);
        Assert.Contains("is not a dream graph", notAGraph.Error);
    }
}
