using DeepDream.Core.Imaging;

namespace DeepDream.Cli.Atlas;

/// <summary>
/// The picture of a channel atlas: square cells in a near-square grid, in channel order, row by
/// row, each with its channel number in a strip beneath it, on a dark background.
/// </summary>
internal sealed class AtlasSheet
{
    public static readonly (byte R, byte G, byte B) Background = (24, 24, 24);
    public static readonly (byte R, byte G, byte B) LabelColour = (255, 255, 255);

    public AtlasSheet(IReadOnlyList<int> channels, int cellSize)
    {
        if (channels.Count == 0)
            throw new ArgumentException("An atlas needs at least one channel.", nameof(channels));
        ArgumentOutOfRangeException.ThrowIfLessThan(cellSize, 1);
        Channels = channels;
        CellSize = cellSize;
        (Scale, Gap, LabelHeight, Columns, Rows) = Layout(channels.Count, cellSize);
        var (width, height) = SizeOf(channels.Count, cellSize);
        Image = new ByteImage(checked((int)width), checked((int)height), ChannelOrder.Rgba);
        Fill((0, 0, Image.Width, Image.Height), Background);
        for (var i = 0; i < channels.Count; i++)
            DrawLabel(i);
    }

    /// <summary>The sheet's size in pixels (as longs: a large atlas may exceed what an image can hold).</summary>
    public static (long Width, long Height) SizeOf(int channels, int cellSize)
    {
        var (_, gap, labelHeight, columns, rows) = Layout(channels, cellSize);
        return (gap + columns * ((long)cellSize + gap), gap + rows * ((long)cellSize + labelHeight + gap));
    }

    private static (int Scale, int Gap, int LabelHeight, int Columns, int Rows) Layout(int channels, int cellSize)
    {
        var scale = Math.Clamp(cellSize / 64, 1, 4);
        var columns = (int)Math.Ceiling(Math.Sqrt(channels));
        return (scale, 2 * scale, (DigitFont.GlyphHeight + 4) * scale, columns, (channels + columns - 1) / columns);
    }

    public IReadOnlyList<int> Channels { get; }
    public int CellSize { get; }
    /// <summary>Screen pixels per font pixel of the labels.</summary>
    public int Scale { get; }
    public int Gap { get; }
    public int LabelHeight { get; }
    public int Columns { get; }
    public int Rows { get; }
    public ByteImage Image { get; }

    /// <summary>Where the dream of the index-th channel goes.</summary>
    public (int X, int Y, int Width, int Height) Cell(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Channels.Count);
        var (row, column) = Math.DivRem(index, Columns);
        return (Gap + column * (CellSize + Gap), Gap + row * (CellSize + LabelHeight + Gap), CellSize, CellSize);
    }

    /// <summary>The strip beneath a cell that holds its channel number.</summary>
    public (int X, int Y, int Width, int Height) Label(int index)
    {
        var cell = Cell(index);
        return (cell.X, cell.Y + CellSize, CellSize, LabelHeight);
    }

    /// <summary>Copies a dream of the cell's size into the index-th cell, rounded to 8 bits.</summary>
    public void Place(int index, RgbImage dream)
    {
        if ((dream.Width, dream.Height) != (CellSize, CellSize))
            throw new ArgumentException($"A cell is {CellSize}x{CellSize}; the dream is {dream.Width}x{dream.Height}.", nameof(dream));
        var cell = Cell(index);
        for (var c = 0; c < 3; c++)
        {
            var plane = dream.Plane(c);
            for (var y = 0; y < CellSize; y++)
                for (var x = 0; x < CellSize; x++)
                    Image.Pixels[Offset(cell.X + x, cell.Y + y) + c] = ByteImage.ToByte(plane[y * CellSize + x]);
        }
    }

    private void DrawLabel(int index)
    {
        var label = Label(index);
        var digits = Channels[index].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var left = label.X + (label.Width - DigitFont.Width(digits) * Scale) / 2;
        var top = label.Y + (label.Height - DigitFont.GlyphHeight * Scale) / 2;
        DigitFont.Draw(digits, (x, y) => Fill((left + x * Scale, top + y * Scale, Scale, Scale), LabelColour));
    }

    private void Fill((int X, int Y, int Width, int Height) area, (byte R, byte G, byte B) colour)
    {
        for (var y = area.Y; y < area.Y + area.Height; y++)
            for (var x = area.X; x < area.X + area.Width; x++)
            {
                var i = Offset(x, y);
                (Image.Pixels[i], Image.Pixels[i + 1], Image.Pixels[i + 2], Image.Pixels[i + 3]) = (colour.R, colour.G, colour.B, 255);
            }
    }

    private int Offset(int x, int y) => y * Image.Stride + 4 * x;
}
