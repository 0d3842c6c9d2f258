using System.Runtime.InteropServices;
using PaintDotNet.ComponentModel;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace PaintDotNet.HostEmulator;

/// <summary>A bitmap in unmanaged memory that effects read through locks, as Paint.NET's layers are.</summary>
public sealed unsafe class EmulatedBitmap<TPixel> : RefTrackedObject, IEffectInputBitmap<TPixel> where TPixel : unmanaged, INaturalPixelInfo
{
    private readonly TPixel* pixels;

    public EmulatedBitmap(int width, int height, PixelFormat format)
    {
        Size = new SizeInt32(width, height);
        PixelFormat = format;
        pixels = (TPixel*)NativeMemory.AllocZeroed((nuint)(width * height), (nuint)sizeof(TPixel));
    }

    public SizeInt32 Size { get; }
    public PixelFormat PixelFormat { get; }
    public int Stride => Size.Width * sizeof(TPixel);

    public Span<TPixel> Pixels => new(pixels, Size.Width * Size.Height);

    public IBitmapLock<TPixel> Lock(RectInt32 rect)
    {
        if (rect.X < 0 || rect.Y < 0 || rect.Right > Size.Width || rect.Bottom > Size.Height)
            throw new ArgumentOutOfRangeException(nameof(rect), $"{rect} is outside the {Size} bitmap.");
        return new BitmapLock<TPixel>((TPixel*)((byte*)pixels + (nint)rect.Y * Stride + (nint)rect.X * sizeof(TPixel)), rect.Size, Stride, PixelFormat);
    }

    IBitmapLock IEffectInputBitmap.Lock(RectInt32 rect) => Lock(rect);

    public void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect) =>
        PixelCopy.Copy((byte*)pixels, Stride, Size, sizeof(TPixel), srcRect, pBuffer, bufferStride, bufferSize);

    /// <summary>A reference for an effect to use and dispose, as Paint.NET hands out; the bitmap itself stays.</summary>
    public IEffectInputBitmap<TPixel> CreateRef() => new Reference(this);

    protected override void Dispose(bool disposing) => NativeMemory.Free(pixels);

    private sealed class Reference(EmulatedBitmap<TPixel> bitmap) : RefTrackedObject, IEffectInputBitmap<TPixel>
    {
        public SizeInt32 Size => bitmap.Size;
        public PixelFormat PixelFormat => bitmap.PixelFormat;
        public IBitmapLock<TPixel> Lock(RectInt32 rect) => IsDisposed ? throw new ObjectDisposedException(nameof(Reference)) : bitmap.Lock(rect);
        IBitmapLock IEffectInputBitmap.Lock(RectInt32 rect) => Lock(rect);
        public void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect) => bitmap.CopyPixels(pBuffer, bufferStride, bufferSize, srcRect);
    }
}

/// <summary>A window of a bitmap's memory.</summary>
public sealed unsafe class BitmapLock<TPixel>(TPixel* buffer, SizeInt32 size, int stride, PixelFormat format)
    : RefTrackedObject, IBitmapLock<TPixel> where TPixel : unmanaged, INaturalPixelInfo
{
    public TPixel* Buffer => buffer;
    void* IBitmapLock.Buffer => buffer;
    public uint BufferSize => (uint)(stride * (size.Height - 1) + size.Width * sizeof(TPixel));
    public int BufferStride => stride;
    public PixelFormat PixelFormat => format;
    public SizeInt32 Size => size;
}
