using DeepDream.Core.Imaging;
using PaintDotNet.Rendering;

namespace DeepDream.Plugin.Rendering;

/// <summary>The dreamed pixels of a region of the layer (null: the region stays as it is).</summary>
public sealed record DreamedRegion(RectInt32 Region, RgbImage? Image);

/// <summary>
/// Computes the dream once per token, whichever tile asks first, and serves every tile of that
/// token from it. A computation that throws (cancelled included) caches nothing.
/// </summary>
public sealed class DreamCache
{
    private readonly object gate = new();
    private (object Token, DreamedRegion Result)? cached;

    public DreamedRegion GetOrCompute(object token, Func<DreamedRegion> compute)
    {
        lock (gate)
        {
            if (cached is { } hit && ReferenceEquals(hit.Token, token))
                return hit.Result;
            cached = null;
            var result = compute();
            cached = (token, result);
            return result;
        }
    }

    public bool HasResult
    {
        get
        {
            lock (gate)
                return cached is not null;
        }
    }

    public void Invalidate()
    {
        lock (gate)
            cached = null;
    }
}
