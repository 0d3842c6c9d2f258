using System;
using System.IO;
using System.Runtime.InteropServices;
using PaintDotNet.ComponentModel;
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    public static class ImagingFactory
    {
        public static IImagingFactory CreateRef() => new ManagedImagingFactory();
    }

    /// <summary>
    /// Bitmaps in unmanaged memory, 32 bits per pixel, and conversion to BGRA32, standing in for
    /// Paint.NET's WIC factory. It has no decoders: the host emulator's factory, which an effect
    /// gets from its environment as in Paint.NET, adds them.
    /// </summary>
    internal sealed class ManagedImagingFactory : RefTrackedObject, IImagingFactory
    {
        public IBitmap CreateBitmap(int width, int height, in PixelFormat pixelFormat) => new ManagedBitmap(width, height, pixelFormat);

        public IBitmapDecoder CreateDecoderFromStream(Stream stream, BitmapDecodeOptions metadataOptions, in ContainerFormat? containerFormat, in VendorID? preferredVendor) =>
            throw new NotSupportedException("The stand-alone factory has no decoders; use the environment's (IBitmapEffectEnvironment.ImagingFactory).");

        public IBitmapSource CreateFormatConvertedBitmap(IBitmapSource source, in PixelFormat dstFormat, BitmapDitherType dither, IPalette? palette, double alphaThresholdPercent, BitmapPaletteType paletteTranslate) =>
            new Bgra32ConvertedBitmap(source, dstFormat);
    }

    internal sealed unsafe class ManagedBitmap : RefTrackedObject, IBitmap
    {
        private readonly byte* pixels;

        public ManagedBitmap(int width, int height, PixelFormat format)
        {
            Size = new SizeInt32(width, height);
            PixelFormat = format;
            pixels = (byte*)NativeMemory.AllocZeroed((nuint)(4 * width * height));
        }

        public PixelFormat PixelFormat { get; }
        public SizeInt32 Size { get; }

        public IBitmapLock Lock(RectInt32 rect, BitmapLockOptions lockOptions)
        {
            if (rect.X < 0 || rect.Y < 0 || rect.Right > Size.Width || rect.Bottom > Size.Height)
                throw new ArgumentOutOfRangeException(nameof(rect));
            return new Window(pixels + 4 * ((nint)rect.Y * Size.Width + rect.X), rect.Size, 4 * Size.Width, PixelFormat);
        }

        public void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect) =>
            PixelCopy.Copy(pixels, 4 * Size.Width, Size, 4, srcRect, pBuffer, bufferStride, bufferSize);

        protected override void Dispose(bool disposing) => NativeMemory.Free(pixels);

        private sealed class Window(byte* buffer, SizeInt32 size, int stride, PixelFormat format) : RefTrackedObject, IBitmapLock
        {
            public void* Buffer => buffer;
            public uint BufferSize => (uint)(stride * (size.Height - 1) + 4 * size.Width);
            public int BufferStride => stride;
            public PixelFormat PixelFormat => format;
            public SizeInt32 Size => size;
        }
    }

    /// <summary>
    /// A bitmap's pixels in BGRA32, converted as they are copied out: from 24-bit BGR (opaque) or
    /// BGRA32, the formats the emulator's decoders give. Other conversions are not emulated.
    /// </summary>
    internal sealed unsafe class Bgra32ConvertedBitmap : RefTrackedObject, IBitmapSource
    {
        private readonly IBitmapSource source;

        public Bgra32ConvertedBitmap(IBitmapSource source, PixelFormat format)
        {
            if (format != PixelFormats.Bgra32 || (source.PixelFormat != PixelFormats.Bgr24 && source.PixelFormat != PixelFormats.Bgra32))
                throw new NotSupportedException("The emulated factory converts 24-bit BGR and 32-bit BGRA to 32-bit BGRA only.");
            this.source = source;
        }

        public PixelFormat PixelFormat => PixelFormats.Bgra32;
        public SizeInt32 Size => source.Size;

        public void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect)
        {
            if (source.PixelFormat == PixelFormats.Bgra32)
            {
                source.CopyPixels(pBuffer, bufferStride, bufferSize, srcRect);
                return;
            }
            var rect = srcRect ?? new RectInt32(0, 0, Size.Width, Size.Height);
            var bgr = new byte[3 * rect.Width * rect.Height];
            fixed (byte* from = bgr)
            {
                source.CopyPixels(from, 3 * rect.Width, (uint)bgr.Length, rect);
                PixelCopy.CheckBuffer(rect, 4, bufferStride, bufferSize);
                for (var y = 0; y < rect.Height; y++)
                {
                    var row = from + 3 * y * rect.Width;
                    var to = (byte*)pBuffer + (nint)y * bufferStride;
                    for (var x = 0; x < rect.Width; x++)
                        (to[4 * x], to[4 * x + 1], to[4 * x + 2], to[4 * x + 3]) = (row[3 * x], row[3 * x + 1], row[3 * x + 2], (byte)255);
                }
            }
        }
    }

    /// <summary><see cref="IBitmapSource.CopyPixels"/> over pixels in memory, with its checks.</summary>
    internal static unsafe class PixelCopy
    {
        public static void Copy(byte* pixels, int stride, SizeInt32 size, int bytesPerPixel, in RectInt32? srcRect, void* buffer, int bufferStride, uint bufferSize)
        {
            var rect = srcRect ?? new RectInt32(0, 0, size.Width, size.Height);
            if (rect.X < 0 || rect.Y < 0 || rect.Width < 0 || rect.Height < 0 || rect.Right > size.Width || rect.Bottom > size.Height)
                throw new ArgumentOutOfRangeException(nameof(srcRect), $"{rect} is outside the {size} bitmap.");
            CheckBuffer(rect, bytesPerPixel, bufferStride, bufferSize);
            var row = rect.Width * bytesPerPixel;
            for (var y = 0; y < rect.Height; y++)
                Buffer.MemoryCopy(pixels + (nint)(rect.Y + y) * stride + rect.X * bytesPerPixel, (byte*)buffer + (nint)y * bufferStride, row, row);
        }

        /// <summary>Throws unless a buffer of that stride and size holds the rectangle's pixels.</summary>
        public static void CheckBuffer(RectInt32 rect, int bytesPerPixel, int bufferStride, uint bufferSize)
        {
            var row = (long)rect.Width * bytesPerPixel;
            if (rect.Height > 0 && (bufferStride < row || (long)bufferStride * (rect.Height - 1) + row > bufferSize))
                throw new ArgumentException($"A buffer of {bufferSize} bytes, rows {bufferStride} apart, cannot hold {rect.Width}x{rect.Height} pixels of {bytesPerPixel} bytes.");
        }
    }
}
