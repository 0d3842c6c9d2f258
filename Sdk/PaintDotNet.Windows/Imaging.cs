using System;
using System.Collections.Generic;
using System.IO;
using PaintDotNet.ComponentModel;
using PaintDotNet.Rendering;

namespace PaintDotNet.Imaging
{
    public unsafe interface IBitmapSource : IObjectRef, IIsDisposed, IDisposable
    {
        /// <summary>Copies the pixels of <paramref name="srcRect"/> (null: all of them) into the buffer, rows <paramref name="bufferStride"/> bytes apart, in <see cref="PixelFormat"/>.</summary>
        void CopyPixels(void* pBuffer, int bufferStride, uint bufferSize, in RectInt32? srcRect);
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

    /// <summary>Creates, decodes and converts bitmaps; Paint.NET's is backed by WIC. The Sdk declares the members the plugin uses.</summary>
    public interface IImagingFactory : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IBitmap CreateBitmap(int width, int height, in PixelFormat pixelFormat);

        IBitmapDecoder CreateDecoderFromStream(Stream stream, BitmapDecodeOptions metadataOptions = BitmapDecodeOptions.MetadataCacheOnDemand, in ContainerFormat? containerFormat = null, in VendorID? preferredVendor = null);

        IBitmapSource CreateFormatConvertedBitmap(IBitmapSource source, in PixelFormat dstFormat, BitmapDitherType dither, IPalette? palette, double alphaThresholdPercent, BitmapPaletteType paletteTranslate);
    }

    /// <summary>An image file opened for reading: its frames (a GIF or TIFF may have several).</summary>
    public interface IBitmapDecoder : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IReadOnlyList<IBitmapFrameDecode> Frames { get; }
    }

    public interface IBitmapFrameDecode : IBitmapSource, IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
    }

    public interface IPalette : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
    }

    public enum BitmapDecodeOptions
    {
        MetadataCacheOnDemand = 0,
        MetadataCacheOnLoad = 1,
    }

    public enum BitmapDitherType
    {
        None = 0,
        Solid = 0,
        Ordered4x4 = 1,
        Ordered8x8 = 2,
        Ordered16x16 = 3,
        Spiral4x4 = 4,
        Spiral8x8 = 5,
        DualSpiral4x4 = 6,
        DualSpiral8x8 = 7,
        ErrorDiffusion = 8,
    }

    public enum BitmapPaletteType
    {
        Custom = 0,
        MedianCut = 1,
        FixedBW = 2,
        FixedHalftone8 = 3,
        FixedHalftone27 = 4,
        FixedHalftone64 = 5,
        FixedHalftone125 = 6,
        FixedHalftone216 = 7,
        FixedWebPalette = 7,
        FixedHalftone252 = 8,
        FixedHalftone256 = 9,
        FixedGray4 = 10,
        FixedGray16 = 11,
        FixedGray256 = 12,
    }

    /// <summary>An image file format (WIC's container format GUID).</summary>
    public readonly struct ContainerFormat
    {
        public ContainerFormat(in Guid guid) => Guid = guid;

        public Guid Guid { get; }
    }

    /// <summary>The maker of an imaging component (WIC's vendor GUID).</summary>
    public readonly struct VendorID
    {
        public VendorID(in Guid guid) => Guid = guid;

        public Guid Guid { get; }
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
