using System.Runtime.InteropServices;
using DeepDream.Core.Imaging;
using SkiaSharp;

namespace DeepDream.Cli.Files;

/// <summary>Reads and writes PNG, JPEG and WebP through SkiaSharp; any failure is an <see cref="ImageFileException"/>.</summary>
public static class ImageFile
{
    /// <summary>Decodes to 8-bit straight-alpha RGBA in sRGB (16-bit, grey and palette images are converted).</summary>
    public static ByteImage Read(string path)
    {
        if (!File.Exists(path))
            throw new ImageFileException($"Image '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException($"Image '{path}' cannot be read: {e.Message}");
        }
        if (bytes.Length == 0)
            throw new ImageFileException($"Image '{path}' is empty.");
        using var codec = SKCodec.Create(new SKMemoryStream(bytes))
            ?? throw new ImageFileException($"Image '{path}' cannot be read: it is damaged or truncated, or not a PNG, JPEG or WebP image.");
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (!ByteImage.CanHold(width, height))
            throw new ImageFileException($"Image '{path}' is {width}x{height}: larger than this program can dream.");
        var image = new ByteImage(width, height, ChannelOrder.Rgba);
        using var pin = Pin(image);
        var result = codec.GetPixels(Info(image), pin.Address);
        if (result != SKCodecResult.Success)
            throw new ImageFileException($"Image '{path}' cannot be decoded ({result}): the file is damaged or truncated.");
        return image;
    }

    /// <summary>Encodes by the file extension and replaces the file only once the whole image is written.</summary>
    public static void Write(ByteImage image, string path, int quality = 95)
    {
        if (image.Order != ChannelOrder.Rgba)
            throw new ArgumentException("Images are written from RGBA pixels.", nameof(image));
        var format = CheckWritable(path);
        using var pin = Pin(image);
        using var pixels = new SKPixmap(Info(image), pin.Address, image.Stride);
        using var data = pixels.Encode(format, quality)
            ?? throw new ImageFileException($"Cannot encode '{path}' as {format}.");
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = File.Create(temporary))
                data.SaveTo(stream);
            File.Move(temporary, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
            throw new ImageFileException($"Cannot write '{path}': {e.Message}");
        }
    }

    private static SKImageInfo Info(ByteImage image) =>
        new(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());

    /// <summary>Skia reads and writes the image's own bytes in place, so no second copy of a large image is made.</summary>
    private static PinnedPixels Pin(ByteImage image) => new(GCHandle.Alloc(image.Pixels, GCHandleType.Pinned));

    private readonly struct PinnedPixels(GCHandle handle) : IDisposable
    {
        public nint Address => handle.AddrOfPinnedObject();
        public void Dispose() => handle.Free();
    }

    /// <summary>The format for the path's extension, once its folder is known to exist; checked before long work starts.</summary>
    public static SKEncodedImageFormat CheckWritable(string path)
    {
        var format = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => SKEncodedImageFormat.Png,
            ".jpg" or ".jpeg" => SKEncodedImageFormat.Jpeg,
            ".webp" => SKEncodedImageFormat.Webp,
            var other => throw new ImageFileException($"Cannot write '{path}': unknown image format '{other}' (use .png, .jpg or .webp)."),
        };
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder))
            throw new ImageFileException($"Cannot write '{path}': the folder '{folder}' does not exist.");
        return format;
    }
}

public sealed class ImageFileException(string message) : Exception(message);
