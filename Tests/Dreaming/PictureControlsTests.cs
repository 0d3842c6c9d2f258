using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Dreaming;

/// <summary>Keep colours, strength and pattern size, on the real ResNet18 and a real photo.</summary>
public sealed class PictureControlsTests(ITestOutputHelper output)
{
    private static DreamSettings Quick => new()
    {
        Objective = Objective.Layers(new Dictionary<string, double> { ["layer2.1"] = 0.5, ["layer3.1"] = 1 }),
        Octaves = 2,
        Iterations = 3,
        Device = ExecutionDevice.Cpu,
    };

    private static ByteImage Cat => TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, 160, 120));

    private static Dreamer Dreamer => new(TestData.ResNet18);

    [Fact]
    public void Keep_colors_changes_luminance_and_keeps_the_original_chroma_where_nothing_clipped()
    {
        var cat = Cat;
        var original = cat.ToRgb();
        var plain = YCbCr.Compare(original, Dreamer.Dream(cat, Quick));
        var kept = YCbCr.Compare(original, Dreamer.Dream(cat, Quick with { KeepColors = true }));
        output.WriteLine($"plain dream: {plain}; keep colours: {kept} (of {original.PlaneSize} pixels)");
        Assert.True(kept.Unclipped > original.PlaneSize * 9 / 10, $"{kept.Unclipped} unclipped pixels");
        Assert.True(kept.WorstChroma <= 1 / 255.0, $"chroma changed by {kept.WorstChroma}");
        Assert.True(plain.WorstChroma > 10 / 255.0, $"the plain dream changed chroma by only {plain.WorstChroma}");
        Assert.True(kept.MeanLuma > 0.01, $"mean luminance change {kept.MeanLuma}");
    }

    [Fact]
    public void Strength_0_returns_the_original_1_the_dream_and_the_blend_lies_on_the_line_between()
    {
        var cat = Cat;
        var original = cat.ToRgb();
        var reports = new ProgressLog();
        Assert.Equal(original.Rgb, Dreamer.Dream(cat, Quick with { Strength = 0 }, reports).Rgb);
        Assert.Empty(reports);

        var dream = Dreamer.Dream(cat, Quick);
        Assert.Equal(dream.Rgb, Dreamer.Dream(cat, Quick with { Strength = 1 }).Rgb);
        foreach (var strength in new[] { 0.5f, 2f })
        {
            var blend = Dreamer.Dream(cat, Quick with { Strength = strength });
            var expected = original.Rgb.Zip(dream.Rgb, (o, d) => Math.Clamp(o + strength * (d - o), 0f, 1f)).ToArray();
            Assert.Equal(expected, blend.Rgb);
        }
    }

    [Fact]
    public void Pattern_size_dreams_the_shrunk_image_and_reinjects_the_detail_at_full_size()
    {
        var cat = Cat;
        var settings = Quick with { Octaves = 1 };
        var reports = new ProgressLog();
        var result = Dreamer.Dream(cat, settings with { PatternSize = 0.5 }, reports);
        Assert.All(reports, r => Assert.Equal((80, 60), r.Size));

        var small = Dreamer.Dream(Bilinear.Resize(cat, 80, 60), settings);
        var expected = Bilinear.Resize(small, 160, 120);
        Bilinear.AddResized(cat, expected, 1f);
        Bilinear.AddResized(Bilinear.Resize(cat, 80, 60), expected, -1f);
        Assert.Equal(expected.Rgb.Select(v => Math.Clamp(v, 0f, 1f)), result.Rgb);
    }

    [Fact]
    public void A_pattern_size_that_shrinks_the_image_below_the_models_minimum_is_refused_clearly()
    {
        var e = Assert.Throws<DreamSettingsException>(() => Dreamer.Dream(Cat, Quick with { PatternSize = 0.1 }));
        output.WriteLine(e.Message);
        Assert.Contains("pattern size 0.1 (16x12) is too small", e.Message);
    }

    public static TheoryData<string, DreamSettings> BadSettings() => new()
    {
        { "strength must be between 0 and 2", Quick with { Strength = -0.1 } },
        { "strength must be between 0 and 2", Quick with { Strength = 2.5 } },
        { "strength must be between 0 and 2", Quick with { Strength = double.NaN } },
        { "pattern size must be above 0 and at most 1", Quick with { PatternSize = 0 } },
        { "pattern size must be above 0 and at most 1", Quick with { PatternSize = 1.5 } },
        { "pattern size must be above 0 and at most 1", Quick with { PatternSize = double.NaN } },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Picture_controls_out_of_range_are_refused_naming_the_setting(string message, DreamSettings settings)
    {
        var e = Assert.Throws<DreamSettingsException>(() => Dreamer.Dream(Cat, settings));
        Assert.Contains(message, e.Message);
    }
}
