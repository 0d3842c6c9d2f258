using System;
using PaintDotNet.ComponentModel;
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    public interface IBitmapSource : IObjectRef, IIsDisposed, IDisposable
    {
        PixelFormat PixelFormat { get; }
        SizeInt32 Size { get; }
    }

    public interface IBitmapSource<TPixel> : IBitmapSource, IObjectRef, IIsDisposed, IDisposable
        where TPixel : unmanaged, INaturalPixelInfo
    {
    }

    public interface IBitmap : IBitmapSource, IObjectRef, IIsDisposed, IDisposable
    {
        IBitmapLock Lock(RectInt32 rect, BitmapLockOptions lockOptions);
    }

    /// <summary>Creates bitmaps; Paint.NET's is backed by WIC. The Sdk declares the members the plugin uses.</summary>
    public interface IImagingFactory : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IBitmap CreateBitmap(int width, int height, in PixelFormat pixelFormat);
    }

    public unsafe interface IBitmapLock : IObjectRef, IIsDisposed, IDisposable
    {
        void* Buffer { get; }
        uint BufferSize { get; }
        int BufferStride { get; }
        PixelFormat PixelFormat { get; }
        SizeInt32 Size { get; }
    }

    public unsafe interface IBitmapLock<TPixel> : IBitmapLock, IObjectRef, IIsDisposed, IDisposable
        where TPixel : unmanaged, INaturalPixelInfo
    {
        new TPixel* Buffer { get; }
    }

    [Flags]
    public enum BitmapLockOptions
    {
        Read = 1,
        Write = 2,
        ReadWrite = Read | Write,
    }
}
