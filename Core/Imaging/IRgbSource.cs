namespace DeepDream.Core.Imaging;

/// <summary>
/// An image the engine can read one row of one colour channel at a time, as floats in [0, 1]:
/// a float image hands out its own rows, an 8-bit one converts each row into a scratch buffer.
/// Resampling reads its source this way, so a dream's original never has to exist as floats.
/// </summary>
public interface IRgbSource
{
    int Width { get; }
    int Height { get; }

    /// <summary>Row <paramref name="y"/> of channel 0 (red), 1 (green) or 2 (blue); <paramref name="scratch"/> holds at least Width values.</summary>
    ReadOnlySpan<float> Row(int channel, int y, Span<float> scratch);
}
