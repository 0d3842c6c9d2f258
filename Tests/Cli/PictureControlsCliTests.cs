using DeepDream.Cli.Files;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Cli;

/// <summary>deepdream dream's --keep-colors, --strength and --pattern-size reach the engine.</summary>
public sealed class PictureControlsCliTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-picture-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    private static readonly string[] Fast = ["--octaves", "1", "--iterations", "2"];

    private string Cat()
    {
        var path = Temp("cat.png");
        ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 150, 60, 160, 120)), path);
        return path;
    }

    private CliRunner.Result Run(params string[] args)
    {
        var result = CliRunner.Run(args);
        log.WriteLine($"deepdream {string.Join(' ', args)} -> {result.ExitCode}\n{result.Error}");
        return result;
    }

    [Fact]
    public void Strength_0_writes_the_input_unchanged_and_keep_colors_keeps_its_chroma()
    {
        var input = Cat();
        var unchanged = Temp("unchanged.png");
        Assert.Equal(0, Run(["dream", input, "-o", unchanged, "--strength", "0", .. Fast]).ExitCode);
        Assert.Equal(ImageFile.Read(input).Pixels, ImageFile.Read(unchanged).Pixels);

        var kept = Temp("kept.png");
        Assert.Equal(0, Run(["dream", input, "-o", kept, "--keep-colors", .. Fast]).ExitCode);
        var change = YCbCr.Compare(ImageFile.Read(input).ToRgb(), ImageFile.Read(kept).ToRgb());
        log.WriteLine(change.ToString());
        Assert.True(change.WorstChroma <= 1 / 255.0, $"chroma changed by {change.WorstChroma}");
        Assert.True(change.MeanLuma > 0.005, $"mean luminance change {change.MeanLuma}");
    }

    [Fact]
    public void Pattern_size_shrinks_the_dream()
    {
        var input = Cat();
        var (plain, half) = (Temp("plain.png"), Temp("half.png"));
        Assert.Equal(0, Run(["dream", input, "-o", plain, .. Fast]).ExitCode);
        Assert.Equal(0, Run(["dream", input, "-o", half, "--pattern-size", "0.5", .. Fast]).ExitCode);
        Assert.NotEqual(ImageFile.Read(plain).Pixels, ImageFile.Read(half).Pixels);

        var tooSmall = Run(["dream", input, "-o", Temp("never.png"), "--pattern-size", "0.1", .. Fast]);
        Assert.Equal(2, tooSmall.ExitCode);
        Assert.Contains("error: The image at pattern size 0.1 (16x12) is too small", tooSmall.Error);
        Assert.False(File.Exists(Temp("never.png")));
    }

    [Theory]
    [InlineData("--strength", "2.5", "strength must be between 0 and 2")]
    [InlineData("--strength", "-1", "strength must be between 0 and 2")]
    [InlineData("--pattern-size", "0", "pattern size must be above 0 and at most 1")]
    [InlineData("--pattern-size", "1.5", "pattern size must be above 0 and at most 1")]
    public void Values_out_of_range_get_the_settings_error(string option, string value, string expected)
    {
        var result = Run("dream", "-o", Temp("x.png"), option, value);
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains(expected, line);
    }
}
