namespace DeepDream.Core.Imaging;

/// <summary>
/// Bilinear resampling with pixel centres aligned (half-pixel offsets), row by row, so that a
/// resized image can be written, or added, into an existing buffer without a temporary copy,
/// from any <see cref="IRgbSource"/> (an 8-bit original is never widened whole).
/// </summary>
public static class Bilinear
{
    public static RgbImage Resize(IRgbSource source, int width, int height, CancellationToken cancel = default)
    {
        var target = new RgbImage(width, height);
        Accumulate(source, target, 1f, overwrite: true, cancel);
        return target;
    }

    /// <summary>target += factor * resize(source, target's size).</summary>
    public static void AddResized(IRgbSource source, RgbImage target, float factor, CancellationToken cancel = default) =>
        Accumulate(source, target, factor, overwrite: false, cancel);

    private static void Accumulate(IRgbSource source, RgbImage target, float factor, bool overwrite, CancellationToken cancel)
    {
        var (sw, sh, tw, th) = (source.Width, source.Height, target.Width, target.Height);
        var columns = Taps(sw, tw);
        var rows = Taps(sh, th);
        var row = new float[tw];
        var (upperScratch, lowerScratch) = (new float[sw], new float[sw]);
        for (var c = 0; c < 3; c++)
        {
            var dst = target.Plane(c);
            for (var y = 0; y < th; y++)
            {
                if ((y & 63) == 0)
                    cancel.ThrowIfCancellationRequested();
                var (y0, y1, wy) = rows[y];
                var upper = source.Row(c, y0, upperScratch);
                var lower = source.Row(c, y1, lowerScratch);
                for (var x = 0; x < tw; x++)
                {
                    var (x0, x1, wx) = columns[x];
                    var top = upper[x0] + (upper[x1] - upper[x0]) * wx;
                    var bottom = lower[x0] + (lower[x1] - lower[x0]) * wx;
                    row[x] = top + (bottom - top) * wy;
                }
                var output = dst.Slice(y * tw, tw);
                if (overwrite)
                    row.CopyTo(output);
                else
                    System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(row, factor, output, output);
            }
        }
    }

    private static (int Low, int High, float Weight)[] Taps(int from, int to)
    {
        var taps = new (int, int, float)[to];
        var scale = (double)from / to;
        for (var i = 0; i < to; i++)
        {
            var position = Math.Clamp((i + 0.5) * scale - 0.5, 0, from - 1);
            var low = (int)Math.Floor(position);
            var high = Math.Min(low + 1, from - 1);
            taps[i] = (low, high, (float)(position - low));
        }
        return taps;
    }
}
