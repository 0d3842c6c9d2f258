namespace DeepDream.Core.Imaging;

/// <summary>
/// A planar float image: RGB in [0, 1] as [3, H, W], the layout the dream graph takes and the
/// form in which the engine works on an image. Alpha is not the engine's business: callers keep
/// it with their 8-bit pixels (<see cref="ByteImage"/>).
/// </summary>
public sealed class RgbImage : IRgbSource
{
    public RgbImage(int width, int height, float[]? rgb = null)
    {
        if (width < 1 || height < 1)
            throw new ArgumentException($"An image needs at least one pixel; got {width}x{height}.");
        if (3L * width * height > Array.MaxLength)
            throw new ArgumentException($"An image of {width}x{height} pixels is larger than this program can hold.");
        Width = width;
        Height = height;
        Rgb = rgb ?? new float[3 * width * height];
        if (Rgb.Length != 3L * width * height)
            throw new ArgumentException($"RGB planes hold {Rgb.Length} values, not 3 x {width} x {height}.");
    }

    public int Width { get; }
    public int Height { get; }
    public int PlaneSize => Width * Height;
    public float[] Rgb { get; }

    /// <summary>A float copy of any image's pixels.</summary>
    public static RgbImage CopyOf(IRgbSource source)
    {
        var image = new RgbImage(source.Width, source.Height);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < image.Height; y++)
            {
                var row = image.Plane(c).Slice(y * image.Width, image.Width);
                source.Row(c, y, row).CopyTo(row);
            }
        return image;
    }

    public Span<float> Plane(int channel) => Rgb.AsSpan(channel * PlaneSize, PlaneSize);

    public ReadOnlySpan<float> Row(int channel, int y, Span<float> scratch) => Rgb.AsSpan(channel * PlaneSize + y * Width, Width);
}
