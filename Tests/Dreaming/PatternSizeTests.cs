using System.Diagnostics;
using System.Numerics.Tensors;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    /// <summary>Tests that time themselves run after the others, alone.</summary>
    public const string Name = "alone";
}

/// <summary>
/// Pattern size 0.5 against 1 on a 2048x2048 photo: the work the model does, the time, and the
/// size of the patterns. The speed-up is asserted on the pixels of the tiles the model is given
/// (from the sizes that progress reports, laid out as the engine tiles them), which no other
/// program on the machine can change; the time is the process's CPU time, which others change
/// far less than the wall-clock time, and its bound is loose.
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class PatternSizeTests(ITestOutputHelper output)
{
    private static readonly DreamSettings Settings = new()
    {
        Objective = Objective.Layers(new Dictionary<string, double> { ["layer3.1"] = 1 }),
        Octaves = 1,
        Iterations = 1,
        Device = ExecutionDevice.Cpu,
    };

    [Fact]
    public void Half_pattern_size_dreams_a_2048_image_with_far_less_work_and_larger_patterns()
    {
        var photo = Bilinear.Resize(TestData.Photo("astronaut.png"), 2048, 2048);
        var dreamer = new Dreamer(TestData.ResNet18);
        dreamer.Dream(Bilinear.Resize(photo, 512, 512), Settings);

        var full = Dream(dreamer, photo, 1);
        var half = Dream(dreamer, photo, 0.5);
        var work = (double)full.TilePixels / half.TilePixels;
        var speed = full.Cpu / half.Cpu;
        output.WriteLine($"pattern size 1: {full.TilePixels / 1e6:F1} M tile pixels in {full.Time.TotalSeconds:F1} s ({full.Cpu.TotalSeconds:F1} s CPU), " +
            $"pattern period {full.Period:F2} px; pattern size 0.5: {half.TilePixels / 1e6:F1} M in {half.Time.TotalSeconds:F1} s ({half.Cpu.TotalSeconds:F1} s CPU), " +
            $"{half.Period:F2} px; work ratio {work:F2}, speed ratio {full.Time / half.Time:F2} (CPU {speed:F2}), period ratio {half.Period / full.Period:F2}");

        Assert.True(work >= 2.5, $"work ratio {work}");
        Assert.True(speed >= 1.5, $"CPU time ratio {speed}");
        Assert.True(half.Period > 1.5 * full.Period, $"pattern periods {full.Period} and {half.Period}");
    }

    private static (long TilePixels, TimeSpan Time, TimeSpan Cpu, double Period) Dream(Dreamer dreamer, RgbImage photo, double patternSize)
    {
        var reports = new ProgressLog();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = dreamer.Dream(photo, Settings with { PatternSize = patternSize }, reports);
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var centre = TestData.Crop(result, 768, 768, 512, 512);
        return (reports.Sum(r => TilePixels(dreamer.Model, r.Size)), clock.Elapsed, cpu,
            Spectrum.MeanPeriod(Luma(centre, TestData.Crop(photo, 768, 768, 512, 512)), 512));
    }

    /// <summary>The pixels the model is given for one step at this size: the tiles, with their overlap and padding.</summary>
    private static long TilePixels(Core.Onnx.ImageClassifier model, (int Width, int Height) size)
    {
        var stride = model.StrideOf(model.ResolveLayer("layer3.1"));
        var tile = TileLayout.ValidTileSize(Settings.TileSize, model.ValidSize, stride);
        long Along(int length) => TileLayout.Spans(length, tile, model.ValidSize, stride).Sum(s => (long)s.ModelSize);
        return Along(size.Width) * Along(size.Height);
    }

    /// <summary>The dream's change of luminance.</summary>
    private static float[] Luma(RgbImage after, RgbImage before)
    {
        var (change, difference) = (new float[after.PlaneSize], new float[after.PlaneSize]);
        float[] weights = [0.299f, 0.587f, 0.114f];
        for (var c = 0; c < 3; c++)
        {
            TensorPrimitives.Subtract(after.Plane(c), before.Plane(c), difference);
            TensorPrimitives.MultiplyAdd(difference, weights[c], change, change);
        }
        return change;
    }
}
