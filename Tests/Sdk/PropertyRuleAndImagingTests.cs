using System.Runtime.InteropServices;
using DeepDream.Cli.Files;
using DeepDream.Tests.Support;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace DeepDream.Tests.Sdk;

/// <summary>
/// The Sdk's read-only rules, as Paint.NET's samples use them (RandomNoiseEffect: a blend mode
/// read-only unless blending is ticked, i.e. inverse = true), and the emulated imaging factory:
/// decoders that give what WIC's give, and conversion to BGRA32.
/// </summary>
public sealed class PropertyRuleAndImagingTests
{
    [Fact]
    public void A_boolean_rule_makes_its_target_read_only_while_the_source_is_ticked_or_with_inverse_while_it_is_not()
    {
        var properties = new PropertyCollection(
            [new BooleanProperty("Source", false), new Int32Property("Plain", 1, 0, 9), new Int32Property("Inverse", 1, 0, 9)],
            [new ReadOnlyBoundToBooleanRule("Plain", "Source", false), new ReadOnlyBoundToBooleanRule("Inverse", "Source", true)]);
        Assert.Equal((false, true), (properties["Plain"]!.ReadOnly, properties["Inverse"]!.ReadOnly));
        properties["Source"]!.Value = true;
        Assert.Equal((true, false), (properties["Plain"]!.ReadOnly, properties["Inverse"]!.ReadOnly));
        Assert.Throws<InvalidOperationException>(() => properties["Plain"]!.Value = 2);
    }

    [Fact]
    public void A_value_rule_makes_its_target_read_only_while_the_source_holds_one_of_its_values()
    {
        var properties = new PropertyCollection(
            [new StaticListChoiceProperty("Source", ["a", "b", "c"], 0), new StringProperty("Target", "x")],
            [new ReadOnlyBoundToValueRule<object, StaticListChoiceProperty>("Target", "Source", new object[] { "a", "c" })]);
        Assert.True(properties["Target"]!.ReadOnly);
        properties["Source"]!.Value = "b";
        Assert.False(properties["Target"]!.ReadOnly);
        properties["Target"]!.Value = "kept";
        properties["Source"]!.Value = "c";

        var clone = properties.Clone();
        Assert.Equal((true, "kept"), (clone["Target"]!.ReadOnly, clone["Target"]!.Value));
        clone["Source"]!.Value = "b";
        Assert.False(clone["Target"]!.ReadOnly);
        Assert.True(properties["Target"]!.ReadOnly);
    }

    [Fact]
    public void A_string_property_keeps_to_its_length()
    {
        var property = new StringProperty("Name", "ab", 4);
        property.Value = "abcdef";
        Assert.Equal("abcd", property.Value);
        Assert.Equal(4, property.MaxLength);
    }

    [Theory]
    [InlineData(".jpg", false)]
    [InlineData(".png", true)]
    public unsafe void Decoded_frames_come_in_wics_formats_and_convert_to_the_files_pixels(string extension, bool hasAlpha)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("deepdream-decode-").FullName, "image" + extension);
        ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 40, 30), hasAlpha ? i => (byte)(i * 7) : null), file);
        var expected = ImageFile.Read(file);
        using IImagingFactory factory = new EmulatedImagingFactory();
        using var decoder = factory.CreateDecoderFromStream(new MemoryStream(File.ReadAllBytes(file)));
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        var frame = Assert.Single(decoder.Frames);
        Assert.Equal(hasAlpha ? PixelFormats.Bgra32 : PixelFormats.Bgr24, frame.PixelFormat);

        using var bgra = factory.CreateFormatConvertedBitmap(frame, PixelFormats.Bgra32, BitmapDitherType.None, null, 0, BitmapPaletteType.Custom);
        Assert.Equal(PixelFormats.Bgra32, bgra.PixelFormat);
        var pixels = new byte[4 * expected.Width * expected.Height];
        fixed (byte* p = pixels)
            bgra.CopyPixels(p, 4 * expected.Width, (uint)pixels.Length, null);
        for (var i = 0; i < pixels.Length; i += 4)
            Assert.Equal((expected.Pixels[i], expected.Pixels[i + 1], expected.Pixels[i + 2], expected.Pixels[i + 3]), (pixels[i + 2], pixels[i + 1], pixels[i], pixels[i + 3]));

        var corner = new byte[4 * 2 * 3];
        fixed (byte* p = corner)
        {
            bgra.CopyPixels(p, 8, (uint)corner.Length, new RectInt32(1, 2, 2, 3));
            var address = (nint)p;
            Assert.Throws<ArgumentException>(() => bgra.CopyPixels((void*)address, 8, (uint)corner.Length - 1, new RectInt32(1, 2, 2, 3)));
        }
        Assert.Equal(pixels.AsSpan(4 * (2 * expected.Width + 1), 8).ToArray(), corner[..8]);
    }

    [Fact]
    public void A_stream_no_decoder_takes_throws_wics_error()
    {
        using IImagingFactory factory = new EmulatedImagingFactory();
        var e = Assert.Throws<COMException>(() => factory.CreateDecoderFromStream(new MemoryStream("not an image"u8.ToArray())));
        Assert.Equal(unchecked((int)0x88982F50), e.HResult);
    }
}
