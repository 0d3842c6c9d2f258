using DeepDream.Core.Imaging;

namespace DeepDream.Tests.Support;

/// <summary>How one image's colours differ from another's in JPEG's YCbCr (BT.601, full range).</summary>
public static class YCbCr
{
    /// <param name="Unclipped">Pixels where no channel of the second image is 0 or 1.</param>
    /// <param name="WorstChroma">The largest change of Cb or Cr over those pixels.</param>
    /// <param name="MeanLuma">The mean absolute change of Y over all pixels.</param>
    public sealed record Change(int Unclipped, double WorstChroma, double MeanLuma);

    public static Change Compare(RgbImage before, RgbImage after)
    {
        double worstChroma = 0, luma = 0;
        var unclipped = 0;
        for (var i = 0; i < before.PlaneSize; i++)
        {
            var (y0, cb0, cr0) = Of(before, i);
            var (y1, cb1, cr1) = Of(after, i);
            luma += Math.Abs(y1 - y0);
            if (Enumerable.Range(0, 3).Any(c => after.Rgb[c * after.PlaneSize + i] is 0f or 1f))
                continue;
            unclipped++;
            worstChroma = Math.Max(worstChroma, Math.Max(Math.Abs(cb1 - cb0), Math.Abs(cr1 - cr0)));
        }
        return new Change(unclipped, worstChroma, luma / before.PlaneSize);
    }

    private static (double Y, double Cb, double Cr) Of(RgbImage image, int i)
    {
        double r = image.Rgb[i], g = image.Rgb[image.PlaneSize + i], b = image.Rgb[2 * image.PlaneSize + i];
        return (0.299 * r + 0.587 * g + 0.114 * b,
            0.5 - 0.168736 * r - 0.331264 * g + 0.5 * b,
            0.5 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
}
