using PaintDotNet.ComponentModel;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace PaintDotNet.HostEmulator;

/// <summary>The selection an effect sees: its bounding box and its anti-aliased mask over the whole layer.</summary>
public sealed class EmulatedSelection(RectInt32 renderBounds, EmulatedBitmap<ColorAlpha8> mask) : RefTrackedObject, IBitmapEffectSelectionInfo
{
    public RectInt32 RenderBounds => renderBounds;
    public IEffectInputBitmap<ColorAlpha8> MaskBitmap => mask.CreateRef();
    public EmulatedBitmap<ColorAlpha8> Mask => mask;
}

internal sealed class EmulatedEnvironment(EmulatedBitmap<ColorBgra32> source, EmulatedSelection selection)
    : RefTrackedObject, IBitmapEffectEnvironment, ISourceBitmapProvider
{
    public IImagingFactory ImagingFactory { get; } = new EmulatedImagingFactory();
    public IBitmapEffectSelectionInfo Selection => selection;
    IEffectSelectionInfo IEffectEnvironment.Selection => selection;
    public IEffectInputBitmap<ColorBgra32> GetSourceBitmapBgra32() => source.CreateRef();
}

internal sealed class EmulatedRenderInfo : IBitmapEffectRenderInfo
{
    public BitmapEffectRenderingFlags Flags { get; set; }
    public PixelFormat OutputPixelFormat { get; set; } = PixelFormats.Bgra32;
    public BitmapEffectRenderingSchedule Schedule { get; set; } = BitmapEffectRenderingSchedule.SquareTiles;
}

/// <summary>One output tile, backed by the host's output buffer.</summary>
internal sealed unsafe class EmulatedOutput(EmulatedBitmap<ColorBgra32> buffer, RectInt32 bounds) : IBitmapEffectOutput
{
    public RectInt32 Bounds => bounds;
    public PixelFormat PixelFormat => PixelFormats.Bgra32;

    public IBitmapLock Lock(in PixelFormat pixelFormat)
    {
        if (pixelFormat != PixelFormats.Bgra32)
            throw new NotSupportedException("The emulated host renders Bgra32 only.");
        return buffer.Lock(bounds);
    }
}
