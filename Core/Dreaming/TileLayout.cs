using DeepDream.Core.Models;

namespace DeepDream.Core.Dreaming;

/// <summary>One tile's span along an axis: where it starts, how many image pixels it covers, and the (valid) size the model sees.</summary>
public readonly record struct TileSpan(int Start, int Extent, int ModelSize, bool HasPrevious, bool HasNext);

/// <summary>
/// Splits an axis into tiles: one tile padded up to the next size the model takes when the axis
/// fits, else tiles of a fixed valid size that overlap by <see cref="Overlap"/> pixels, the last
/// one flush with the end.
/// </summary>
public static class TileLayout
{
    public const int Overlap = 64;

    public static IReadOnlyList<TileSpan> Spans(int length, int tileSize, ValidSizeRule rule, int stride)
    {
        if (length <= tileSize)
            return [new TileSpan(0, length, rule.NextValid(length, stride), false, false)];
        var step = tileSize - Overlap;
        var count = (int)Math.Ceiling((double)(length - tileSize) / step) + 1;
        var spans = new TileSpan[count];
        for (var i = 0; i < count; i++)
        {
            var start = Math.Min(i * step, length - tileSize);
            spans[i] = new TileSpan(start, tileSize, tileSize, i > 0, i < count - 1);
        }
        return spans;
    }

    /// <summary>The tile size actually used: the requested one, snapped down to a size the model takes.</summary>
    public static int ValidTileSize(int requested, ValidSizeRule rule, int stride) =>
        rule.PreviousValid(requested, stride) ?? rule.NextValid(requested, stride);

    /// <summary>Blend weight of pixel i of a tile: ramps up over the overlap after a previous tile and down before a next one.</summary>
    public static float Weight(TileSpan span, int i)
    {
        var weight = 1f;
        if (span.HasPrevious && i < Overlap)
            weight = Math.Min(weight, (i + 0.5f) / Overlap);
        if (span.HasNext && span.Extent - 1 - i < Overlap)
            weight = Math.Min(weight, (span.Extent - i - 0.5f) / Overlap);
        return weight;
    }
}
