using System;
using PaintDotNet.ComponentModel;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace PaintDotNet.Effects
{
    [Flags]
    public enum BitmapEffectRenderingFlags : ulong
    {
        None = 0,
        SingleThreaded = 1,
        DisableSelectionClipping = 2,
        ForceAliasedSelectionQuality = 4,
        FirstTileIsRenderedWithBarrier = 8,
        UninitializedOutputBuffer = 16,
    }

    public enum BitmapEffectRenderingSchedule : long
    {
        None = 0,
        HorizontalStrips = 1,
        SquareTiles = 2,
    }

    public interface IReadOnlyBitmapEffectRenderInfo : IInternalImpl
    {
        BitmapEffectRenderingFlags Flags { get; }
        PixelFormat OutputPixelFormat { get; }
        BitmapEffectRenderingSchedule Schedule { get; }
    }

    public interface IBitmapEffectRenderInfo : IReadOnlyBitmapEffectRenderInfo, IInternalImpl
    {
        new BitmapEffectRenderingFlags Flags { get; set; }
        new PixelFormat OutputPixelFormat { get; set; }
        new BitmapEffectRenderingSchedule Schedule { get; set; }
    }

    /// <summary>One tile of the effect's output: Bounds in image coordinates; the lock's (0, 0) is Bounds' top-left.</summary>
    public interface IBitmapEffectOutput : IInternalImpl
    {
        RectInt32 Bounds { get; }
        PixelFormat PixelFormat { get; }
        IBitmapLock Lock(in PixelFormat pixelFormat);
    }

    public static class BitmapEffectOutputExtensions
    {
        public static IBitmapLock<ColorBgra32> LockBgra32(this IBitmapEffectOutput output) =>
            (IBitmapLock<ColorBgra32>)output.Lock(PixelFormats.Bgra32);
    }

    public interface IEffectInputBitmap : IBitmapSource, IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IBitmapLock Lock(RectInt32 rect);
    }

    public interface IEffectInputBitmap<TPixel> : IEffectInputBitmap, IInternalImpl, IBitmapSource<TPixel>, IBitmapSource, IObjectRef, IIsDisposed, IDisposable
        where TPixel : unmanaged, INaturalPixelInfo
    {
        new IBitmapLock<TPixel> Lock(RectInt32 rect);
    }

    public interface IEffectSelectionInfo : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IEffectInputBitmap<ColorAlpha8> MaskBitmap { get; }
        RectInt32 RenderBounds { get; }
    }

    public interface IBitmapEffectSelectionInfo : IEffectSelectionInfo, IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
    }

    public interface IEffectEnvironment : IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        IEffectSelectionInfo Selection { get; }
    }

    public interface IEffectEnvironment2 : IEffectEnvironment, IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
    }

    public interface IBitmapEffectEnvironment : IEffectEnvironment2, IEffectEnvironment, IObjectRef, IIsDisposed, IDisposable, IInternalImpl
    {
        /// <summary>Paint.NET's own imaging (WIC): decoders for every format Paint.NET opens, format conversion.</summary>
        IImagingFactory ImagingFactory { get; }
        new IBitmapEffectSelectionInfo Selection { get; }
    }

    /// <summary>How a host hands an effect the current layer; Paint.NET's own host does it through its internals.</summary>
    internal interface ISourceBitmapProvider
    {
        IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32();
    }

    public static class EffectEnvironmentExtensions
    {
        public static IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32(this IEffectEnvironment environment) =>
            environment is ISourceBitmapProvider provider
                ? provider.GetSourceBitmapBgra32()
                : throw new NotSupportedException("This environment does not provide the source bitmap.");
    }

    public interface IEffectConfigForm : IIsDisposed, IDisposable
    {
    }
}
