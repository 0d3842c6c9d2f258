namespace DeepDream.Core.Imaging;

/// <summary>The byte order of a pixel: Paint.NET's ColorBgra32 is B, G, R, A; codecs usually hand out R, G, B, A.</summary>
public enum ChannelOrder
{
    Rgba,
    Bgra,
}

/// <summary>
/// 8-bit straight-alpha pixels, four bytes each, rows packed: the form in which codecs and
/// Paint.NET hold pixels, a quarter of the size of the float form. A dream reads its original
/// from here row by row and its colour is written back here, with the alpha left as it was.
/// </summary>
public sealed class ByteImage : IRgbSource
{
    public ByteImage(int width, int height, ChannelOrder order, byte[]? pixels = null)
    {
        if (width < 1 || height < 1)
            throw new ArgumentException($"An image needs at least one pixel; got {width}x{height}.");
        if (!CanHold(width, height))
            throw new ArgumentException($"An image of {width}x{height} pixels is larger than this program can hold.");
        Width = width;
        Height = height;
        Order = order;
        Pixels = pixels ?? Opaque(width * height);
        if (Pixels.Length != Stride * height)
            throw new ArgumentException($"The pixel buffer holds {Pixels.Length} bytes, not 4 x {width} x {height}.");
    }

    /// <summary>Whether an image of this size fits in one byte array (about 536 million pixels).</summary>
    public static bool CanHold(int width, int height) => (long)width * height <= int.MaxValue / 4;

    public int Width { get; }
    public int Height { get; }
    public ChannelOrder Order { get; }
    public byte[] Pixels { get; }
    public int Stride => 4 * Width;

    public ReadOnlySpan<float> Row(int channel, int y, Span<float> scratch)
    {
        var offset = OffsetOf(channel);
        var row = Pixels.AsSpan(y * Stride, Stride);
        var values = scratch[..Width];
        for (var x = 0; x < values.Length; x++)
            values[x] = row[4 * x + offset] / 255f;
        return values;
    }

    public RgbImage ToRgb() => RgbImage.CopyOf(this);

    /// <summary>Replaces the colour of every pixel with <paramref name="image"/>'s, rounded to 8 bits; alpha stays.</summary>
    public void SetRgb(RgbImage image)
    {
        if ((image.Width, image.Height) != (Width, Height))
            throw new ArgumentException($"The colour is {image.Width}x{image.Height}, the image {Width}x{Height}.");
        for (var c = 0; c < 3; c++)
        {
            var offset = OffsetOf(c);
            var plane = image.Plane(c);
            for (var i = 0; i < plane.Length; i++)
                Pixels[4 * i + offset] = ToByte(plane[i]);
        }
    }

    /// <summary>Rounds to the nearest 8-bit level; NaN becomes 0 so that no undefined value reaches a file.</summary>
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);

    private int OffsetOf(int channel) => channel switch
    {
        0 => Order == ChannelOrder.Rgba ? 0 : 2,
        1 => 1,
        2 => Order == ChannelOrder.Rgba ? 2 : 0,
        _ => throw new ArgumentOutOfRangeException(nameof(channel)),
    };

    private static byte[] Opaque(int pixelCount)
    {
        var pixels = new byte[4 * pixelCount];
        for (var i = 3; i < pixels.Length; i += 4)
            pixels[i] = 255;
        return pixels;
    }
}
