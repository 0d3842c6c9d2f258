using DeepDream.Cli.Atlas;
using DeepDream.Cli.Commands;
using DeepDream.Cli.Files;
using DeepDream.Core.Imaging;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Cli;

/// <summary>deepdream atlas: the sheet's layout and labels, and the command run as a process on the real ResNet18.</summary>
public sealed class AtlasTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-atlas-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    private CliRunner.Result Run(params string[] args)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CliRunner.Run(args);
        log.WriteLine($"deepdream {string.Join(' ', args)} -> {result.ExitCode} in {clock.Elapsed.TotalSeconds:F1} s\n{result.Error}");
        return result;
    }

    [Fact]
    public void The_sheet_is_a_near_square_grid_with_each_number_beneath_its_cell()
    {
        var sheet = new AtlasSheet([10, 11, 12, 13, 14], 64);
        Assert.Equal((3, 2), (sheet.Columns, sheet.Rows));
        Assert.Equal((sheet.Gap + 3 * (64 + sheet.Gap), sheet.Gap + 2 * (64 + sheet.LabelHeight + sheet.Gap)), (sheet.Image.Width, sheet.Image.Height));
        var areas = Enumerable.Range(0, 5).SelectMany(i => new[] { sheet.Cell(i), sheet.Label(i) }).ToList();
        foreach (var a in areas)
            Assert.True(a.X >= 0 && a.Y >= 0 && a.X + a.Width <= sheet.Image.Width && a.Y + a.Height <= sheet.Image.Height, $"{a} is outside the sheet");
        Assert.All(areas.SelectMany((a, i) => areas.Skip(i + 1), (a, b) => (a, b)), p => Assert.False(Overlap(p.a, p.b), $"{p.a} overlaps {p.b}"));
        Assert.Equal(sheet.Cell(3).Y, sheet.Cell(4).Y);
        Assert.True(sheet.Cell(3).Y > sheet.Label(0).Y);

        var red = new RgbImage(64, 64);
        red.Plane(0).Fill(1);
        sheet.Place(4, red);
        Assert.Equal((255, 0, 0), Pixel(sheet.Image, sheet.Cell(4).X + 10, sheet.Cell(4).Y + 63));
        Assert.Equal(AtlasSheet.Background, Pixel(sheet.Image, sheet.Cell(2).X + 10, sheet.Cell(2).Y + 10));
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Count(sheet.Image, sheet.Label(i), AtlasSheet.LabelColour) >= 20, $"label {i} has too little ink");
            Assert.Equal(0, Count(sheet.Image, sheet.Cell(i), AtlasSheet.LabelColour));
        }
        Assert.NotEqual(Crop(sheet.Image, sheet.Label(0)), Crop(sheet.Image, sheet.Label(1)));
        Assert.Throws<ArgumentException>(() => sheet.Place(0, new RgbImage(32, 32)));
    }

    [Fact]
    public void Atlas_of_four_channels_has_a_labelled_cell_per_channel_each_its_own_dream()
    {
        var output = Temp("atlas.png");
        Assert.Equal(0, Run("atlas", "--layer", "layer3.1", "--channels", "0-3", "--size", "64", "--iterations", "10", "-o", output).ExitCode);
        var image = ImageFile.Read(output);
        var expected = new AtlasSheet([0, 1, 2, 3], 64);
        Assert.Equal((expected.Image.Width, expected.Image.Height), (image.Width, image.Height));

        var start = Crop(TestData.Bytes(AtlasCommand.StartImage("gray", 64, seed: 0)), (0, 0, 64, 64));
        var cells = Enumerable.Range(0, 4).Select(i => Crop(image, expected.Cell(i))).ToList();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Crop(expected.Image, expected.Label(i)), Crop(image, expected.Label(i)));
            Assert.True(Count(image, expected.Label(i), AtlasSheet.LabelColour) > 0);
            var fromStart = MeanDifference(cells[i], start);
            log.WriteLine($"channel {i}: mean difference from the start {fromStart:F3}");
            Assert.True(fromStart > 0.02, $"channel {i} barely moved from the start ({fromStart:F3})");
            for (var j = 0; j < i; j++)
            {
                var between = MeanDifference(cells[i], cells[j]);
                log.WriteLine($"channels {j} and {i}: mean difference {between:F3}");
                Assert.True(between > 0.02, $"channels {j} and {i} drew nearly the same ({between:F3})");
            }
        }
    }

    public static TheoryData<string[], string> Mistakes() => new()
    {
        { ["atlas", "--layer", "layer9", "-o", "x.png"], "no layer 'layer9'" },
        { ["atlas", "--layer", "layer3.1", "--channels", "0-9999", "-o", "x.png"], "channels 0 to 255" },
        { ["atlas", "--layer", "layer3.1", "--channels", "9-2", "-o", "x.png"], "runs backwards" },
        { ["atlas", "--layer", "layer3.1", "--channels", "three", "-o", "x.png"], "is not A-B or N" },
        { ["atlas", "--layer", "layer3.1", "--size", "16", "-o", "x.png"], "--size must be between 32 and 1024" },
        { ["atlas", "--layer", "layer3.1", "--start", "blue", "-o", "x.png"], "Unknown start 'blue'" },
        { ["atlas", "--layer", "layer4.1", "--channels", "0-511", "--size", "1024", "-o", "x.png"], "more than one picture can hold" },
        { ["atlas", "--layer", "layer3.1"], "--output" },
        { ["atlas", "-o", "x.png"], "--layer" },
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
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "x.png")));
    }

    [Fact]
    public void Ctrl_c_cancels_the_atlas_and_writes_nothing()
    {
        var output = Temp("interrupted.png");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = CliRunner.Run(["atlas", "--layer", "layer3.1", "--channels", "0-1", "--iterations", "1000", "-o", output], interruptAfter: TimeSpan.FromSeconds(4));
        log.WriteLine($"exit {result.ExitCode} after {clock.ElapsedMilliseconds} ms\n{result.Error}");
        Assert.Equal(130, result.ExitCode);
        Assert.Contains("cancelled: nothing was written.", result.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    private static bool Overlap((int X, int Y, int Width, int Height) a, (int X, int Y, int Width, int Height) b) =>
        a.X < b.X + b.Width && b.X < a.X + a.Width && a.Y < b.Y + b.Height && b.Y < a.Y + a.Height;

    private static (byte, byte, byte) Pixel(ByteImage image, int x, int y)
    {
        var i = y * image.Stride + 4 * x;
        return (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2]);
    }

    private static int Count(ByteImage image, (int X, int Y, int Width, int Height) area, (byte R, byte G, byte B) colour) =>
        Enumerable.Range(area.Y, area.Height).Sum(y => Enumerable.Range(area.X, area.Width).Count(x => Pixel(image, x, y) == colour));

    /// <summary>The area's RGB bytes, row by row.</summary>
    private static byte[] Crop(ByteImage image, (int X, int Y, int Width, int Height) area) =>
        Enumerable.Range(area.Y, area.Height)
            .SelectMany(y => Enumerable.Range(area.X, area.Width).SelectMany(x => { var (r, g, b) = Pixel(image, x, y); return new[] { r, g, b }; }))
            .ToArray();

    private static double MeanDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y) / 255.0).Average();
}
