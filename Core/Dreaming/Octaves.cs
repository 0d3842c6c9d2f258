namespace DeepDream.Core.Dreaming;

/// <summary>The sizes a dream visits, smallest first, ending at the image's own size; sizes the model cannot take are left out.</summary>
public static class Octaves
{
    public static IReadOnlyList<(int Width, int Height)> Sizes(int width, int height, int count, double scale, int minimumSide)
    {
        var sizes = new List<(int, int)>();
        for (var i = count - 1; i >= 0; i--)
        {
            var factor = Math.Pow(scale, i);
            var size = ((int)Math.Round(width / factor), (int)Math.Round(height / factor));
            if (Math.Min(size.Item1, size.Item2) >= minimumSide && !sizes.Contains(size))
                sizes.Add(size);
        }
        return sizes;
    }
}
