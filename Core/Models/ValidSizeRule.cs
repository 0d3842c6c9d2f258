namespace DeepDream.Core.Models;

/// <summary>
/// Which image sizes (height or width) a model can take when dreaming to a layer of a given stride.
/// From <see cref="FromStride"/> on, the size modulo the stride must be one of <see cref="Remainders"/>;
/// every layer needs at least two pixels at its own stride, and the network <see cref="Minimum"/>.
/// </summary>
public sealed record ValidSizeRule
{
    public static ValidSizeRule Any { get; } = new();

    public string Rule { get; init; } = "";
    public int FromStride { get; init; } = int.MaxValue;
    public int[] Remainders { get; init; } = [];
    public int Nominal { get; init; } = 224;
    /// <summary>The smallest side the network takes at all (unpadded convolutions and pools).</summary>
    public int Minimum { get; init; } = 16;

    public int MinimumSize(int stride) => Math.Max(2 * stride, Minimum);

    public bool IsValid(int size, int stride) =>
        size >= MinimumSize(stride) && (stride < FromStride || Remainders.Contains(size % stride));

    /// <summary>The smallest valid size that is at least <paramref name="size"/>.</summary>
    public int NextValid(int size, int stride)
    {
        var s = Math.Max(size, MinimumSize(stride));
        while (!IsValid(s, stride)) s++;
        return s;
    }

    /// <summary>The largest valid size that is at most <paramref name="size"/>, or null if there is none.</summary>
    public int? PreviousValid(int size, int stride)
    {
        for (var s = size; s >= MinimumSize(stride); s--)
            if (IsValid(s, stride)) return s;
        return null;
    }
}
