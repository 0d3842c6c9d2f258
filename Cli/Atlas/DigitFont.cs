namespace DeepDream.Cli.Atlas;

/// <summary>
/// The digits 0 to 9 as 5x7 pixel glyphs. Labels are drawn with this rather than a typeface:
/// SkiaSharp's Linux build without dependencies finds no typeface where the system has no fonts,
/// and then draws nothing at all.
/// </summary>
internal static class DigitFont
{
    public const int GlyphWidth = 5;
    public const int GlyphHeight = 7;
    /// <summary>Blank columns between two glyphs.</summary>
    public const int Spacing = 1;

    // One row per string, '#' for an inked pixel.
    private static readonly string[][] Glyphs =
    [
        [".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###."],
        ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###."],
        [".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####"],
        ["#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###."],
        ["...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#."],
        ["#####", "#....", "####.", "....#", "....#", "#...#", ".###."],
        ["..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###."],
        ["#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#..."],
        [".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###."],
        [".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##.."],
    ];

    /// <summary>Width in font pixels of a number's digits.</summary>
    public static int Width(string digits) => digits.Length * (GlyphWidth + Spacing) - Spacing;

    /// <summary>Calls <paramref name="ink"/> with each inked pixel (x, y) of the digits, in font pixels from their top left.</summary>
    public static void Draw(string digits, Action<int, int> ink)
    {
        for (var i = 0; i < digits.Length; i++)
        {
            if (digits[i] is < '0' or > '9')
                throw new ArgumentException($"Only digits can be drawn, not '{digits[i]}'.", nameof(digits));
            var glyph = Glyphs[digits[i] - '0'];
            for (var y = 0; y < GlyphHeight; y++)
                for (var x = 0; x < GlyphWidth; x++)
                    if (glyph[y][x] == '#')
                        ink(i * (GlyphWidth + Spacing) + x, y);
        }
    }
}
