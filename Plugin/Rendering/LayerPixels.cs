using DeepDream.Core.Imaging;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace DeepDream.Plugin.Rendering;

/// <summary>Moves pixels between Paint.NET's BGRA32 bitmaps and the engine's images.</summary>
public static unsafe class LayerPixels
{
    /// <summary>A copy of the region's pixels, 8-bit as the layer holds them (a float copy would be four times larger).</summary>
    public static ByteImage Read(IEffectInputBitmap<ColorBgra32> source, RectInt32 region)
    {
        using var locked = source.Lock(region);
        var pixels = locked.AsRegionPtr();
        var image = new ByteImage(pixels.Width, pixels.Height, ChannelOrder.Bgra);
        for (var y = 0; y < pixels.Height; y++)
            new ReadOnlySpan<byte>((byte*)pixels.Ptr + (long)y * pixels.Stride, image.Stride).CopyTo(image.Pixels.AsSpan(y * image.Stride, image.Stride));
        return image;
    }

    /// <summary>
    /// Writes the output tile: dreamed colour where the dream covers it, the source elsewhere,
    /// and the source's alpha everywhere, unchanged.
    /// </summary>
    public static void Write(IBitmapEffectOutput output, IEffectInputBitmap<ColorBgra32> source, DreamedRegion dreamed)
    {
        var bounds = output.Bounds;
        using var sourceLock = source.Lock(bounds);
        using var outputLock = output.LockBgra32();
        var from = sourceLock.AsRegionPtr();
        var to = outputLock.AsRegionPtr();
        var image = dreamed.Image;
        var region = dreamed.Region;
        for (var y = 0; y < bounds.Height; y++)
            for (var x = 0; x < bounds.Width; x++)
            {
                var original = from[x, y];
                var (ix, iy) = (bounds.X + x - region.X, bounds.Y + y - region.Y);
                if (image is null || ix < 0 || iy < 0 || ix >= image.Width || iy >= image.Height)
                {
                    to[x, y] = original;
                    continue;
                }
                var i = iy * image.Width + ix;
                to[x, y] = new ColorBgra32(
                    ByteImage.ToByte(image.Rgb[2 * image.PlaneSize + i]),
                    ByteImage.ToByte(image.Rgb[image.PlaneSize + i]),
                    ByteImage.ToByte(image.Rgb[i]),
                    original.A);
            }
    }
}
