using DeepDream.Core.Imaging;

namespace DeepDream.Core.Dreaming.Picture;

/// <summary>
/// Dreams at a fraction of the image's resolution, so that patterns keep their size in pixels of
/// the model whatever the photo's resolution, then brings the dream to full size the way the
/// octave loop moves from one octave to the next: enlarged, with the detail that shrinking the
/// original lost added back. The shrunk original is a view computed row by row, never a copy.
/// </summary>
internal static class PatternSize
{
    public static RgbImage Dream(IRgbSource original, double fraction, Func<IRgbSource, RgbImage> dream, CancellationToken cancel)
    {
        var size = SizeOf(original.Width, original.Height, fraction);
        if (size == (original.Width, original.Height))
            return dream(original);
        var small = dream(Bilinear.ResizedView(original, size.Width, size.Height));
        var image = Bilinear.Resize(small, original.Width, original.Height, cancel);
        Dreamer.ReinjectDetail(original, image, size, cancel);
        return image;
    }

    public static (int Width, int Height) SizeOf(int width, int height, double fraction) =>
        (Math.Max(1, (int)Math.Round(width * fraction)), Math.Max(1, (int)Math.Round(height * fraction)));

    /// <summary>How an image that is too small is named: with the pattern size that shrank it.</summary>
    public static string Describe(IRgbSource dreamed, double fraction) => fraction < 1
        ? $"image at pattern size {fraction} ({dreamed.Width}x{dreamed.Height})"
        : $"image ({dreamed.Width}x{dreamed.Height})";
}
