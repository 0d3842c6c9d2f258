using System.Buffers.Binary;
using System.IO.Compression;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace DeepDream.Plugin;

/// <summary>
/// The menu icon, Resources/Icon.png (drawn by tools/make_icon.py), in a bitmap of Paint.NET's
/// imaging factory. The effect is constructed before Paint.NET offers it any service, so the PNG
/// is decoded here: 8-bit RGBA, not interlaced.
/// </summary>
internal static class MenuIcon
{
    public static unsafe IBitmapSource Create()
    {
        using var stream = typeof(MenuIcon).Assembly.GetManifestResourceStream("DeepDream.Plugin.Icon.png")!;
        var (width, height, rgba) = DecodeRgba(stream);
        using var factory = ImagingFactory.CreateRef();
        var bitmap = factory.CreateBitmap(width, height, PixelFormats.Bgra32);
        using var locked = bitmap.Lock(new RectInt32(0, 0, width, height), BitmapLockOptions.Write);
        for (var y = 0; y < height; y++)
        {
            var row = (ColorBgra32*)((byte*)locked.Buffer + (long)y * locked.BufferStride);
            for (var x = 0; x < width; x++)
            {
                var i = 4 * (y * width + x);
                row[x] = new ColorBgra32(rgba[i + 2], rgba[i + 1], rgba[i], rgba[i + 3]);
            }
        }
        return bitmap;
    }

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static (int Width, int Height, byte[] Rgba) DecodeRgba(Stream png)
    {
        using var reader = new BinaryReader(png);
        if (!reader.ReadBytes(8).AsSpan().SequenceEqual(Signature))
            throw new InvalidDataException("Not a PNG file.");
        int width = 0, height = 0;
        using var compressed = new MemoryStream();
        while (true)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(reader.ReadBytes(4));
            var kind = System.Text.Encoding.ASCII.GetString(reader.ReadBytes(4));
            var data = reader.ReadBytes(length);
            reader.ReadBytes(4);
            if (kind == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(4)));
                if (data[8] != 8 || data[9] != 6 || data[12] != 0)
                    throw new InvalidDataException("Only 8-bit RGBA PNGs without interlacing are read.");
            }
            else if (kind == "IDAT")
                compressed.Write(data);
            else if (kind == "IEND")
                break;
        }
        compressed.Position = 0;
        using var inflated = new ZLibStream(compressed, CompressionMode.Decompress);
        var stride = 4 * width;
        var filtered = new byte[(stride + 1) * height];
        inflated.ReadExactly(filtered);
        var rgba = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = filtered[y * (stride + 1)];
            var source = filtered.AsSpan(y * (stride + 1) + 1, stride);
            var row = rgba.AsSpan(y * stride, stride);
            var above = y > 0 ? rgba.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (var i = 0; i < stride; i++)
            {
                int a = i >= 4 ? row[i - 4] : 0, b = above[i], c = i >= 4 ? above[i - 4] : 0;
                row[i] = (byte)(source[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"PNG filter type {filter} does not exist."),
                });
            }
        }
        return (width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var (pa, pb, pc) = (Math.Abs(p - a), Math.Abs(p - b), Math.Abs(p - c));
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
