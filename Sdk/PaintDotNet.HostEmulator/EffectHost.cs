using System.Diagnostics;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace PaintDotNet.HostEmulator;

/// <summary>
/// Runs a property-based bitmap effect the way Paint.NET 5.1 does: render info once; a token per
/// dialog change, never while tiles render (a render in flight is cancelled first); tiles on
/// several threads in any order, following the effect's schedule and flags; the output clipped to
/// the selection by a mask-weighted overwrite. It checks that the effect never writes to the source.
/// </summary>
public sealed class EffectHost : IDisposable
{
    private readonly PropertyBasedBitmapEffect effect;
    private readonly EmulatedBitmap<ColorBgra32> source;
    private readonly EmulatedSelection selection;
    private readonly EmulatedRenderInfo renderInfo = new();
    private readonly int tileSize;
    private CancellationTokenSource? rendering;
    private Task? inFlight;

    public EffectHost(PropertyBasedBitmapEffect effect, EmulatedBitmap<ColorBgra32> source, EmulatedSelection? selection = null, int tileSize = 128)
    {
        this.effect = effect;
        this.source = source;
        this.tileSize = tileSize;
        this.selection = selection ?? WholeLayer(source.Size);
        effect.HostSetEnvironment(new EmulatedEnvironment(source, this.selection));
        effect.HostInitializeRenderInfo(renderInfo);
    }

    public IReadOnlyBitmapEffectRenderInfo RenderInfo => renderInfo;

    /// <summary>Where Paint.NET lists the effect: its name, its Effects submenu (null: the menu itself) and its icon.</summary>
    public (string Name, string? Submenu, IBitmapSource? Icon) MenuEntry => (effect.Name, effect.SubmenuName, effect.Image);

    /// <summary>How long the last token change waited for the render it cancelled.</summary>
    public TimeSpan LastCancelLatency { get; private set; }

    public PropertyCollection CreatePropertyCollection() => effect.CreatePropertyCollection();

    public ControlInfo CreateConfigUI(PropertyCollection properties) => effect.CreateConfigUI(properties);

    /// <summary>The dialog window's settings (title, help button and text) after the effect customised them.</summary>
    public PropertyCollection CreateWindowProperties() => effect.HostCreateWindowProperties();

    /// <summary>What the dialog does on every change: cancel the render in flight, then hand the effect a new token.</summary>
    public void SetToken(PropertyCollection properties)
    {
        if (rendering is not null && inFlight is not null)
        {
            var clock = Stopwatch.StartNew();
            rendering.Cancel();
            try { inFlight.Wait(); } catch (AggregateException) { }
            LastCancelLatency = clock.Elapsed;
        }
        effect.HostSetToken(new PropertyBasedEffectConfigToken(properties.Clone()));
    }

    /// <summary>Renders every tile (shuffled by <paramref name="tileOrderSeed"/> when given) and returns the layer as it would look after the effect.</summary>
    public Task<ColorBgra32[]?> RenderAsync(int threads = 4, int? tileOrderSeed = null)
    {
        var cancel = new CancellationTokenSource();
        rendering = cancel;
        var task = Task.Run(() => Render(threads, tileOrderSeed, cancel.Token));
        inFlight = task;
        return task;
    }

    public ColorBgra32[]? Render(int threads = 4, int? tileOrderSeed = null) => RenderAsync(threads, tileOrderSeed).GetAwaiter().GetResult();

    private ColorBgra32[]? Render(int threads, int? tileOrderSeed, CancellationToken cancel)
    {
        var before = source.Pixels.ToArray();
        using var output = new EmulatedBitmap<ColorBgra32>(source.Size.Width, source.Size.Height, PixelFormats.Bgra32);
        if (!renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.UninitializedOutputBuffer))
            source.Pixels.CopyTo(output.Pixels);
        effect.HostSetCancellationToken(cancel);

        var tiles = Tiles(selection.RenderBounds).ToList();
        if (tileOrderSeed is { } seed)
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tiles));
        var singleThreaded = renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.SingleThreaded) || renderInfo.Schedule == BitmapEffectRenderingSchedule.None;
        var barrier = renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.FirstTileIsRenderedWithBarrier);
        try
        {
            var first = barrier || singleThreaded ? 1 : 0;
            for (var i = 0; i < first && i < tiles.Count; i++)
                effect.HostRender(new EmulatedOutput(output, tiles[i]));
            Parallel.ForEach(tiles.Skip(first), new ParallelOptions { MaxDegreeOfParallelism = singleThreaded ? 1 : threads, CancellationToken = cancel },
                tile => effect.HostRender(new EmulatedOutput(output, tile)));
        }
        catch (Exception e) when (cancel.IsCancellationRequested && e is OperationCanceledException or AggregateException)
        {
            return null;
        }
        if (cancel.IsCancellationRequested)
            return null;
        if (!source.Pixels.SequenceEqual(before))
            throw new InvalidOperationException("The effect wrote to the source bitmap; only the output may be written.");
        return Composite(output);
    }

    private IEnumerable<RectInt32> Tiles(RectInt32 bounds)
    {
        var (width, height) = renderInfo.Schedule switch
        {
            BitmapEffectRenderingSchedule.None => (bounds.Width, bounds.Height),
            BitmapEffectRenderingSchedule.HorizontalStrips => (bounds.Width, Math.Max(1, tileSize / 4)),
            _ => (tileSize, tileSize),
        };
        for (var y = bounds.Y; y < bounds.Bottom; y += height)
            for (var x = bounds.X; x < bounds.Right; x += width)
                yield return new RectInt32(x, y, Math.Min(width, bounds.Right - x), Math.Min(height, bounds.Bottom - y));
    }

    /// <summary>Selection clipping: each pixel becomes source + (output - source) * mask / 255.</summary>
    private ColorBgra32[] Composite(EmulatedBitmap<ColorBgra32> output)
    {
        var result = source.Pixels.ToArray();
        var mask = selection.Mask.Pixels;
        var rendered = output.Pixels;
        for (var i = 0; i < result.Length; i++)
        {
            var m = mask[i].A;
            if (m == 0) continue;
            if (m == 255) { result[i] = rendered[i]; continue; }
            var (s, o) = (result[i], rendered[i]);
            result[i] = new ColorBgra32(Mix(s.B, o.B, m), Mix(s.G, o.G, m), Mix(s.R, o.R, m), Mix(s.A, o.A, m));
        }
        return result;
    }

    private static byte Mix(byte from, byte to, byte weight) => (byte)((from * (255 - weight) + to * weight + 127) / 255);

    private static EmulatedSelection WholeLayer(SizeInt32 size)
    {
        var mask = new EmulatedBitmap<ColorAlpha8>(size.Width, size.Height, PixelFormats.Alpha8);
        mask.Pixels.Fill(ColorAlpha8.Opaque);
        return new EmulatedSelection(new RectInt32(0, 0, size.Width, size.Height), mask);
    }

    public void Dispose()
    {
        rendering?.Cancel();
        try { inFlight?.Wait(); } catch (AggregateException) { }
        effect.Dispose();
    }
}
