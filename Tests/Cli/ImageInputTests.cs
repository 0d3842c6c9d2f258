using DeepDream.Cli.Files;
using DeepDream.Core.Imaging;
using DeepDream.Tests.Support;
using SkiaSharp;
using Xunit.Abstractions;

namespace DeepDream.Tests.Cli;

/// <summary>Awkward image files through the CLI: each either dreams correctly or fails with one clear line, writing nothing.</summary>
public sealed class ImageInputTests(ITestOutputHelper log) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-images-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Temp(string name) => Path.Combine(folder, name);

    private static readonly string[] Fast = ["--octaves", "1", "--iterations", "1"];

    private CliRunner.Result Dream(string input, string output, params string[] extra)
    {
        var result = CliRunner.Run(["dream", input, "-o", output, .. Fast, .. extra]);
        log.WriteLine($"{Path.GetFileName(input)} -> {result.ExitCode}\n{result.Error}");
        return result;
    }

    private static void AssertOneClearError(CliRunner.Result result, string expected)
    {
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("error:"));
        Assert.Contains(expected, line);
        Assert.DoesNotContain("   at ", result.Error);
    }

    private string Encode(string name, SKImageInfo info, Action<SKCanvas> draw, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var surface = SKSurface.Create(info);
        draw(surface.Canvas);
        using var image = surface.Snapshot();
        using var data = image.Encode(format, 90);
        var path = Temp(name);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    [Fact]
    public void A_zero_byte_file_and_a_folder_are_refused()
    {
        var empty = Temp("empty.png");
        File.WriteAllBytes(empty, []);
        AssertOneClearError(Dream(empty, Temp("a.png")), "is empty");
        AssertOneClearError(Dream(folder, Temp("b.png")), "does not exist");
    }

    [Fact]
    public void A_truncated_jpeg_is_refused()
    {
        var jpeg = Encode("photo.jpg", new SKImageInfo(200, 150), c => c.Clear(SKColors.Teal), SKEncodedImageFormat.Jpeg);
        var bytes = File.ReadAllBytes(jpeg);
        File.WriteAllBytes(jpeg, bytes[..(bytes.Length / 2)]);
        AssertOneClearError(Dream(jpeg, Temp("out.png")), "damaged or truncated");
        Assert.False(File.Exists(Temp("out.png")));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 300)]
    [InlineData(20000, 16)]
    public void Images_too_small_for_the_layers_are_refused_clearly(int width, int height)
    {
        var input = Encode($"{width}x{height}.png", new SKImageInfo(width, height), c => c.Clear(SKColors.Orange));
        AssertOneClearError(Dream(input, Temp("out.png")), "too small");
    }

    [Fact]
    public void A_very_wide_image_dreams_with_a_shallow_layer()
    {
        var input = Encode("wide.png", new SKImageInfo(4000, 40), c => c.DrawColor(SKColors.Purple));
        var output = Temp("wide-out.png");
        Assert.Equal(0, Dream(input, output, "--layers", "layer1.1").ExitCode);
        var result = ImageFile.Read(output);
        Assert.Equal((4000, 40), (result.Width, result.Height));
    }

    [Fact]
    public void A_16_bit_png_a_transparent_png_and_a_non_srgb_png_dream()
    {
        var photo = TestData.Photo("chelsea.png");
        using var bitmap = new SKBitmap(new SKImageInfo(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        TestData.Bytes(photo).Pixels.CopyTo(bitmap.GetPixelSpan());
        var sixteen = Temp("sixteen.png");
        File.WriteAllBytes(sixteen, SixteenBitPng(photo));
        Assert.Equal(16, BitDepth(sixteen));

        var transparent = Temp("transparent.png");
        ImageFile.Write(TestData.Bytes(photo, _ => 0), transparent);

        var adobe = Temp("adobe.png");
        using (var surface = SKSurface.Create(new SKImageInfo(photo.Width, photo.Height, SKColorType.Rgba8888, SKAlphaType.Premul,
            SKColorSpace.CreateRgb(SKColorSpaceTransferFn.TwoDotTwo, SKColorSpaceXyz.AdobeRgb))))
        {
            surface.Canvas.DrawBitmap(bitmap, 0, 0);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(adobe, data.ToArray());
        }

        foreach (var input in new[] { sixteen, transparent, adobe })
        {
            var output = Temp("out-" + Path.GetFileName(input));
            Assert.Equal(0, Dream(input, output).ExitCode);
            var source = ImageFile.Read(input);
            var dreamed = ImageFile.Read(output);
            Assert.Equal((source.Width, source.Height), (dreamed.Width, dreamed.Height));
            Assert.Equal(TestData.Alpha(source), TestData.Alpha(dreamed));
        }
    }

    /// <summary>A small file whose header claims 3.6 billion pixels: refused before any pixel memory is taken.</summary>
    [Fact]
    public void An_image_too_large_to_hold_is_refused_before_decoding()
    {
        var bomb = Temp("bomb.png");
        File.WriteAllBytes(bomb, Png(60000, 60000, bitDepth: 8, new byte[1 + 3 * 60000]));
        AssertOneClearError(Dream(bomb, Temp("out.png")), "60000x60000: larger than this program can dream");
        Assert.False(File.Exists(Temp("out.png")));
    }

    [Fact]
    public void Writing_over_the_input_replaces_it_only_once_the_dream_succeeded()
    {
        var input = Temp("same.png");
        File.Copy(TestData.Path("chelsea.png"), input);
        var original = File.ReadAllBytes(input);

        AssertOneClearError(Dream(input, input, "--step", "7"), "step");
        Assert.Equal(original, File.ReadAllBytes(input));

        Assert.Equal(0, Dream(input, input).ExitCode);
        Assert.NotEqual(original, File.ReadAllBytes(input));
        Assert.Equal((451, 300), (ImageFile.Read(input).Width, ImageFile.Read(input).Height));
        Assert.Single(Directory.GetFiles(folder));
    }

    /// <summary>
    /// A 16-bit RGB PNG of the image (Skia decodes 16-bit PNGs but does not write them; this is a
    /// test fixture, not a codec of the product).
    /// </summary>
    private static byte[] SixteenBitPng(RgbImage image)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < image.Height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < image.Width; x++)
                for (var c = 0; c < 3; c++)
                {
                    var v = (ushort)Math.Round(image.Rgb[c * image.PlaneSize + y * image.Width + x] * 65535);
                    raw.WriteByte((byte)(v >> 8));
                    raw.WriteByte((byte)v);
                }
        }
        return Png(image.Width, image.Height, bitDepth: 16, raw.ToArray());
    }

    /// <summary>An RGB PNG with the given header and (filtered, uncompressed) pixel rows.</summary>
    private static byte[] Png(int width, int height, byte bitDepth, byte[] rows)
    {
        var compressed = new MemoryStream();
        using (var zlib = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            zlib.Write(rows);
        var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (bitDepth, 2);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = 0xFFFFFFFFu;
        foreach (var b in typed)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        var sum = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(sum, ~crc);
        png.Write(sum);
    }

    /// <summary>The bit depth byte of a PNG's IHDR chunk.</summary>
    private static int BitDepth(string png) => File.ReadAllBytes(png)[24];
}
