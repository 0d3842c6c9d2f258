using System.Diagnostics;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>The dreaming engine on the real ResNet18 and real photos.</summary>
public sealed class DreamerTests(ITestOutputHelper output)
{
    private static DreamSettings Quick => new()
    {
        Objective = Objective.Layers(new Dictionary<string, double> { ["layer2.1"] = 0.5, ["layer3.1"] = 1 }),
        Octaves = 2,
        Iterations = 3,
        Device = ExecutionDevice.Cpu,
    };

    private static RgbImage Cat(int width = 160, int height = 120) => TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, width, height);

    private static Dreamer Dreamer => new(TestData.ResNet18);

    [Fact]
    public void Same_seed_gives_bit_identical_output_and_another_seed_does_not()
    {
        var a = Dreamer.Dream(Cat(), Quick);
        var b = Dreamer.Dream(Cat(), Quick);
        var c = Dreamer.Dream(Cat(), Quick with { Seed = 99 });
        Assert.Equal(a.Rgb, b.Rgb);
        Assert.NotEqual(a.Rgb, c.Rgb);
    }

    [Fact]
    public void The_image_changes_the_loss_rises_and_progress_is_reported()
    {
        var reports = new List<DreamProgress>();
        var input = Cat();
        var result = Dreamer.Dream(input, Quick with { Iterations = 6 }, new Collect(reports));
        Assert.Equal(2 * 6, reports.Count);
        Assert.All(reports, r => Assert.Equal(2, r.OctaveCount));
        var last = reports.Where(r => r.Octave == 2).ToList();
        output.WriteLine($"last octave loss {last[0].Loss} -> {last[^1].Loss}");
        Assert.True(last[^1].Loss > last[0].Loss * 1.2f);
        var change = result.Rgb.Zip(input.Rgb, (x, y) => Math.Abs(x - y)).Average();
        output.WriteLine($"mean absolute change {change}");
        Assert.True(change > 0.01, $"mean change {change}");
        Assert.All(result.Rgb, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void An_octave_stops_at_max_loss()
    {
        var reports = new List<DreamProgress>();
        Dreamer.Dream(Cat(), Quick with { Octaves = 1, Iterations = 10, MaxLoss = 0.001 }, new Collect(reports));
        Assert.Single(reports);
    }

    [Fact]
    public void Raw_tensor_names_work_like_catalog_names()
    {
        var byName = Dreamer.Dream(Cat(), Quick with { Objective = Objective.Layers(new Dictionary<string, double> { ["layer3.1"] = 1 }) });
        var byTensor = Dreamer.Dream(Cat(), Quick with { Objective = Objective.Layers(new Dictionary<string, double> { ["ReLU347_Output_0"] = 1 }) });
        Assert.Equal(byName.Rgb, byTensor.Rgb);
    }

    [Theory]
    [InlineData(ChannelOrder.Rgba)]
    [InlineData(ChannelOrder.Bgra)]
    public void An_8_bit_original_dreams_exactly_like_its_float_copy(ChannelOrder order)
    {
        var cat = TestData.Bytes(Cat(96, 64));
        var bytes = order == ChannelOrder.Rgba ? cat : new ByteImage(cat.Width, cat.Height, order, Swap(cat.Pixels));
        Assert.Equal(Dreamer.Dream(cat.ToRgb(), Quick).Rgb, Dreamer.Dream(bytes, Quick).Rgb);

        static byte[] Swap(byte[] rgba) => rgba.Select((v, i) => (i % 4) switch { 0 => rgba[i + 2], 2 => rgba[i - 2], _ => v }).ToArray();
    }

    [Theory]
    [InlineData(333, 221)]
    [InlineData(40, 40)]
    [InlineData(700, 33)]
    public void Sizes_the_model_cannot_take_are_padded_and_cropped_back(int width, int height)
    {
        var photo = Bilinear.Resize(TestData.Photo("chelsea.png"), width, height);
        var reports = new List<DreamProgress>();
        var result = Dreamer.Dream(photo, Quick with { Iterations = 1, Octaves = 3 }, new Collect(reports));
        Assert.Equal((width, height), (result.Width, result.Height));
        output.WriteLine($"{width}x{height}: {reports[0].OctaveCount} of 3 octaves dreamed");
        Assert.InRange(reports[0].OctaveCount, 1, 3);
    }

    [Fact]
    public void An_image_smaller_than_the_model_can_take_is_refused_clearly()
    {
        var e = Assert.Throws<DreamSettingsException>(() => Dreamer.Dream(Cat(20, 20), Quick));
        Assert.Contains("too small", e.Message);
    }

    [Fact]
    public void Cancellation_stops_a_dream_promptly_and_returns_nothing()
    {
        var big = Bilinear.Resize(TestData.Photo("astronaut.png"), 1024, 1024);
        using var cancel = new CancellationTokenSource();
        var started = new ManualResetEventSlim();
        var clock = new Stopwatch();
        var task = Task.Run(() => Dreamer.Dream(big, Quick with { Octaves = 1, Iterations = 50, TileSize = 1024 },
            new Callback(_ => started.Set()), cancel.Token));
        Assert.True(started.Wait(TimeSpan.FromSeconds(60)));
        Thread.Sleep(200); // inside a Run of the next step
        clock.Start();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => task.GetAwaiter().GetResult());
        output.WriteLine($"cancelled after {clock.ElapsedMilliseconds} ms");
        Assert.True(clock.ElapsedMilliseconds < 1000, $"cancel took {clock.ElapsedMilliseconds} ms");
    }

    public static TheoryData<string, DreamSettings> BadSettings() => new()
    {
        { "octaves", Quick with { Octaves = 0 } },
        { "octave scale", Quick with { OctaveScale = 0.5 } },
        { "iterations", Quick with { Iterations = 0 } },
        { "step", Quick with { Step = double.NaN } },
        { "jitter", Quick with { Jitter = -1 } },
        { "tile size", Quick with { TileSize = 10 } },
        { "max loss", Quick with { MaxLoss = -3 } },
        { "weight of layer layer3.1", Quick with { Objective = Objective.Layers(new Dictionary<string, double> { ["layer3.1"] = double.PositiveInfinity }) } },
        { "all weights are zero", Quick with { Objective = Objective.Layers(new Dictionary<string, double> { ["layer3.1"] = 0 }) } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Settings_out_of_range_are_refused_naming_the_setting(string name, DreamSettings settings)
    {
        var e = Assert.Throws<DreamSettingsException>(() => Dreamer.Dream(Cat(), settings));
        Assert.Contains(name, e.Message);
    }

    private sealed class Collect(List<DreamProgress> into) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => into.Add(value);
    }

    private sealed class Callback(Action<DreamProgress> action) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value) => action(value);
    }
}
