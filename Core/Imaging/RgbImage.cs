namespace DeepDream.Core.Imaging;

/// <summary>
/// A planar float image: RGB in [0, 1] as [3, H, W] (the layout the dream graph takes), and an
/// alpha plane that the engine carries through untouched.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, float[]? rgb = null, float[]? alpha = null)
    {
        if (width < 1 || height < 1)
            throw new ArgumentException($"An image needs at least one pixel; got {width}x{height}.");
        Width = width;
        Height = height;
        Rgb = rgb ?? new float[3L * width * height];
        if (Rgb.Length != 3L * width * height)
            throw new ArgumentException($"RGB planes hold {Rgb.Length} values, not 3 x {width} x {height}.");
        Alpha = alpha;
        if (alpha is not null && alpha.Length != (long)width * height)
            throw new ArgumentException($"The alpha plane holds {alpha.Length} values, not {width} x {height}.");
    }

    public int Width { get; }
    public int Height { get; }
    public int PlaneSize => Width * Height;
    public float[] Rgb { get; }
    public float[]? Alpha { get; }

    public Span<float> Plane(int channel) => Rgb.AsSpan(channel * PlaneSize, PlaneSize);

    public RgbImage Clone() => new(Width, Height, (float[])Rgb.Clone(), (float[]?)Alpha?.Clone());

    /// <summary>Straight-alpha 8-bit pixels in B, G, R, A byte order (Paint.NET's ColorBgra32), row by row with a stride.</summary>
    public static RgbImage FromBgra32(ReadOnlySpan<byte> pixels, int width, int height, int strideBytes) =>
        From8Bit(pixels, width, height, strideBytes, blue: 0, red: 2);

    /// <summary>Straight-alpha 8-bit pixels in R, G, B, A byte order, row by row with a stride.</summary>
    public static RgbImage FromRgba32(ReadOnlySpan<byte> pixels, int width, int height, int strideBytes) =>
        From8Bit(pixels, width, height, strideBytes, blue: 2, red: 0);

    public void ToRgba32(Span<byte> pixels, int strideBytes) => To8Bit(pixels, strideBytes, blue: 2, red: 0);

    private static RgbImage From8Bit(ReadOnlySpan<byte> pixels, int width, int height, int stride, int blue, int red)
    {
        var image = new RgbImage(width, height, alpha: new float[(long)width * height]);
        var n = image.PlaneSize;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, width * 4);
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                image.Rgb[i] = row[4 * x + red] / 255f;
                image.Rgb[n + i] = row[4 * x + 1] / 255f;
                image.Rgb[2 * n + i] = row[4 * x + blue] / 255f;
                image.Alpha![i] = row[4 * x + 3] / 255f;
            }
        }
        return image;
    }

    private void To8Bit(Span<byte> pixels, int stride, int blue, int red)
    {
        var n = PlaneSize;
        for (var y = 0; y < Height; y++)
        {
            var row = pixels.Slice(y * stride, Width * 4);
            for (var x = 0; x < Width; x++)
            {
                var i = y * Width + x;
                row[4 * x + red] = ToByte(Rgb[i]);
                row[4 * x + 1] = ToByte(Rgb[n + i]);
                row[4 * x + blue] = ToByte(Rgb[2 * n + i]);
                row[4 * x + 3] = Alpha is null ? (byte)255 : ToByte(Alpha[i]);
            }
        }
    }

    /// <summary>Rounds to the nearest 8-bit level; NaN becomes 0 so that no undefined value reaches a file.</summary>
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)Math.Clamp(MathF.Round(v * 255f), 0f, 255f);
}
