using DeepDream.Core.Imaging;

namespace DeepDream.Core.Dreaming.Picture;

/// <summary>
/// Keeps the original's colours: the dream's luminance with the original's chroma, in YCbCr as
/// JPEG defines it (BT.601, full range). Cb and Cr weigh R, G and B with weights that add up to
/// 0, so adding the same amount to all three channels changes Y alone: each pixel becomes the
/// original plus the dream's change of Y.
/// </summary>
internal static class KeepColors
{
    public static void Apply(IRgbSource original, RgbImage image, CancellationToken cancel)
    {
        var width = image.Width;
        var scratch = new[] { new float[width], new float[width], new float[width] };
        for (var y = 0; y < image.Height; y++)
        {
            if ((y & 63) == 0)
                cancel.ThrowIfCancellationRequested();
            var r = original.Row(0, y, scratch[0]);
            var g = original.Row(1, y, scratch[1]);
            var b = original.Row(2, y, scratch[2]);
            var dr = Row(image, 0, y);
            var dg = Row(image, 1, y);
            var db = Row(image, 2, y);
            for (var x = 0; x < width; x++)
            {
                var change = Luma(dr[x], dg[x], db[x]) - Luma(r[x], g[x], b[x]);
                (dr[x], dg[x], db[x]) = (r[x] + change, g[x] + change, b[x] + change);
            }
        }
    }

    private static float Luma(float r, float g, float b) => 0.299f * r + 0.587f * g + 0.114f * b;

    private static Span<float> Row(RgbImage image, int channel, int y) => image.Plane(channel).Slice(y * image.Width, image.Width);
}
