using System.Runtime.InteropServices;
using PaintDotNet.ComponentModel;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;
using SkiaSharp;

namespace PaintDotNet.HostEmulator;

/// <summary>
/// The imaging factory an effect's environment hands out: the Sdk's bitmaps and conversions, and
/// decoders through SkiaSharp (PNG, JPEG, BMP, GIF, WebP, ICO) where Paint.NET has WIC's. WIC's
/// decoders give each file in a format of its own (24-bit BGR for a JPEG, 32-bit BGRA for a PNG
/// with alpha, grey, palette, 48-bit); these give an image that Skia finds opaque as 24-bit BGR
/// and any other as 32-bit BGRA, so an effect has to convert what it decodes here too. A stream
/// that no decoder takes throws WIC's COMException.
/// </summary>
public sealed class EmulatedImagingFactory : RefTrackedObject, IImagingFactory
{
    private const int ComponentNotFound = unchecked((int)0x88982F50);
    private const int BadImage = unchecked((int)0x88982F60);

    private readonly IImagingFactory bitmaps = ImagingFactory.CreateRef();

    public IBitmap CreateBitmap(int width, int height, in PixelFormat pixelFormat) => bitmaps.CreateBitmap(width, height, pixelFormat);

    public IBitmapSource CreateFormatConvertedBitmap(IBitmapSource source, in PixelFormat dstFormat, BitmapDitherType dither, IPalette? palette, double alphaThresholdPercent, BitmapPaletteType paletteTranslate) =>
        bitmaps.CreateFormatConvertedBitmap(source, dstFormat, dither, palette, alphaThresholdPercent, paletteTranslate);

    public IBitmapDecoder CreateDecoderFromStream(Stream stream, BitmapDecodeOptions metadataOptions, in ContainerFormat? containerFormat, in VendorID? preferredVendor)
    {
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        using var codec = bytes.Length == 0 ? null : SKCodec.Create(new SKMemoryStream(bytes.ToArray()));
        if (codec is null)
            throw new COMException("No imaging component suitable to complete this operation was found.", ComponentNotFound);
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var bgra = new byte[4L * width * height];
        var handle = GCHandle.Alloc(bgra, GCHandleType.Pinned);
        try
        {
            var info = new SKImageInfo(width, height, SKColorType.Bgra8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
            if (codec.GetPixels(info, handle.AddrOfPinnedObject()) != SKCodecResult.Success)
                throw new COMException("The image is unrecognized.", BadImage);
        }
        finally
        {
            handle.Free();
        }
        return new Decoder(codec.Info.AlphaType == SKAlphaType.Opaque ? Frame.Bgr24(width, height, bgra) : new Frame(width, height, PixelFormats.Bgra32, 4, bgra));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            bitmaps.Dispose();
    }

    private sealed class Decoder(Frame frame) : RefTrackedObject, IBitmapDecoder
    {
        public IReadOnlyList<IBitmapFrameDecode> Frames { get; } = [frame];
    }

    private sealed unsafe class Frame(int width, int height, PixelFormat format, int bytesPerPixel, byte[] pixels) : RefTrackedObject, IBitmapFrameDecode
    {
        public static Frame Bgr24(int width, int height, byte[] bgra)
        {
            var bgr = new byte[3L * width * height];
            for (long i = 0; i < (long)width * height; i++)
                (bgr[3 * i], bgr[3 * i + 1], bgr[3 * i + 2]) = (bgra[4 * i], bgra[4 * i + 1], bgra[4 * i + 2]);
            return new Frame(width, height, PixelFormats.Bgr24, 3, bgr);
        }

        public PixelFormat PixelFormat => format;
        public SizeInt32 Size => new(width, height);

        public void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect)
        {
            fixed (byte* from = pixels)
                PixelCopy.Copy(from, bytesPerPixel * width, Size, bytesPerPixel, srcRect, pBuffer, bufferStride, bufferSize);
        }
    }
}
