using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using PaintDotNet.Imaging;

namespace DeepDream.Plugin.Rendering;

/// <summary>
/// Guide images, read from their files by Paint.NET's own decoders (every format Paint.NET
/// opens) as BGRA. The last one read is kept while its file stays the same, so moving another
/// slider does not decode it again. A file that cannot be read is the user's mistake: a
/// <see cref="DreamSettingsException"/> names the file and the reason.
/// </summary>
public sealed class GuideFiles(Func<IImagingFactory> imaging)
{
    private readonly object gate = new();
    private (string Path, DateTime Written, long Length, ByteImage Image)? last;

    public ByteImage Read(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            throw new DreamSettingsException($"The guide image '{path}' does not exist: choose another file, or clear Guide image.");
        lock (gate)
        {
            if (last is { } hit && hit.Path == file.FullName && hit.Written == file.LastWriteTimeUtc && hit.Length == file.Length)
                return hit.Image;
            var image = Decode(file.FullName);
            last = (file.FullName, file.LastWriteTimeUtc, file.Length, image);
            return image;
        }
    }

    private unsafe ByteImage Decode(string path)
    {
        try
        {
            var factory = imaging();
            using var stream = File.OpenRead(path);
            using var decoder = factory.CreateDecoderFromStream(stream);
            if (decoder.Frames.Count == 0)
                throw new InvalidDataException("the file holds no image.");
            using var frame = decoder.Frames[0];
            using var bgra = factory.CreateFormatConvertedBitmap(frame, PixelFormats.Bgra32, BitmapDitherType.None, null, 0, BitmapPaletteType.Custom);
            var (width, height) = (bgra.Size.Width, bgra.Size.Height);
            if (!ByteImage.CanHold(width, height))
                throw new InvalidDataException($"at {width}x{height} it is larger than a guide can be.");
            var image = new ByteImage(width, height, ChannelOrder.Bgra);
            fixed (byte* pixels = image.Pixels)
                bgra.CopyPixels(pixels, image.Stride, (uint)image.Pixels.Length, null);
            return image;
        }
        // Paint.NET's decoders report a damaged or unknown file with exceptions of their own.
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DreamSettingsException($"The guide image '{path}' cannot be read ({e.Message.TrimEnd('.')}): choose a PNG, JPEG, BMP, WebP or TIFF image, or clear Guide image.");
        }
    }
}
