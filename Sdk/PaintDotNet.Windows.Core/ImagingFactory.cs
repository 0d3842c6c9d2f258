using System;
using System.Runtime.InteropServices;
using PaintDotNet.ComponentModel;
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    public static class ImagingFactory
    {
        public static IImagingFactory CreateRef() => new ManagedImagingFactory();
    }

    /// <summary>Bitmaps in unmanaged memory, 32 bits per pixel, standing in for Paint.NET's WIC factory.</summary>
    internal sealed class ManagedImagingFactory : RefTrackedObject, IImagingFactory
    {
        public IBitmap CreateBitmap(int width, int height, in PixelFormat pixelFormat) => new ManagedBitmap(width, height, pixelFormat);
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
}
