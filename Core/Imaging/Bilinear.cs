using System.Numerics.Tensors;

namespace DeepDream.Core.Imaging;

/// <summary>
/// Bilinear resampling with pixel centres aligned (half-pixel offsets), row by row, from any
/// <see cref="IRgbSource"/>: a resized image is written, or added, into a buffer without a
/// temporary copy, and a resized view computes its rows only when they are read, so neither an
/// 8-bit original nor a resize of a resize ever exists whole as floats.
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

    /// <summary>The source resized, each row computed when it is read (by one thread at a time).</summary>
    public static IRgbSource ResizedView(IRgbSource source, int width, int height) => new Resampled(source, width, height);

    private static void Accumulate(IRgbSource source, RgbImage target, float factor, bool overwrite, CancellationToken cancel)
    {
        var resampled = new Resampled(source, target.Width, target.Height);
        var row = new float[target.Width];
        for (var c = 0; c < 3; c++)
        {
            var plane = target.Plane(c);
            for (var y = 0; y < target.Height; y++)
            {
                if ((y & 63) == 0)
                    cancel.ThrowIfCancellationRequested();
                var values = resampled.Row(c, y, row);
                var output = plane.Slice(y * target.Width, target.Width);
                if (overwrite)
                    values.CopyTo(output);
                else
                    TensorPrimitives.MultiplyAdd(values, factor, output, output);
            }
        }
    }

    private sealed class Resampled : IRgbSource
    {
        private readonly IRgbSource source;
        private readonly (int Low, int High, float Weight)[] columns;
        private readonly (int Low, int High, float Weight)[] rows;
        private readonly float[] upperScratch;
        private readonly float[] lowerScratch;

        public Resampled(IRgbSource source, int width, int height)
        {
            this.source = source;
            Width = width;
            Height = height;
            columns = Taps(source.Width, width);
            rows = Taps(source.Height, height);
            (upperScratch, lowerScratch) = (new float[source.Width], new float[source.Width]);
        }

        public int Width { get; }
        public int Height { get; }

        public ReadOnlySpan<float> Row(int channel, int y, Span<float> scratch)
        {
            var (y0, y1, wy) = rows[y];
            var upper = source.Row(channel, y0, upperScratch);
            var lower = source.Row(channel, y1, lowerScratch);
            var values = scratch[..Width];
            for (var x = 0; x < values.Length; x++)
            {
                var (x0, x1, wx) = columns[x];
                var top = upper[x0] + (upper[x1] - upper[x0]) * wx;
                var bottom = lower[x0] + (lower[x1] - lower[x0]) * wx;
                values[x] = top + (bottom - top) * wy;
            }
            return values;
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
