using DeepDream.Core.Imaging;
using SkiaSharp;

namespace DeepDream.Cli.Files;

/// <summary>Reads and writes PNG, JPEG and WebP through SkiaSharp; any failure is an <see cref="ImageFileException"/>.</summary>
public static class ImageFile
{
    public static RgbImage Read(string path)
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
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new ImageFileException($"Image '{path}' cannot be decoded ({result}): the file is damaged or truncated.");
        return RgbImage.FromRgba32(bitmap.GetPixelSpan(), info.Width, info.Height, bitmap.RowBytes);
    }

    /// <summary>Encodes by the file extension and replaces the file only once the whole image is written.</summary>
    public static void Write(RgbImage image, string path, int quality = 95)
    {
        var format = CheckWritable(path);
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        using var bitmap = new SKBitmap(info);
        image.ToRgba32(bitmap.GetPixelSpan(), bitmap.RowBytes);
        using var data = bitmap.Encode(format, quality)
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
