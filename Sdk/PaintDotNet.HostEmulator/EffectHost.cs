using System.Diagnostics;
using System.Runtime.ExceptionServices;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace PaintDotNet.HostEmulator;

/// <summary>
/// Runs a property-based bitmap effect the way Paint.NET 5.1 does: render info once; a token per
/// dialog change, never while tiles render (a render in flight is cancelled first); tiles on
/// several threads in any order, following the effect's schedule and flags, into an output
/// buffer that starts transparent black (or holds garbage, with UninitializedOutputBuffer); the
/// output clipped to the selection by a mask-weighted overwrite. A cancelled render is dropped;
/// an exception out of OnRender (OperationCanceledException included) ends the render in
/// Paint.NET's error dialog, here a <see cref="EffectErrorDialogException"/>. It checks that the
/// effect never writes to the source and that its OnSetToken and OnDispose call their base.
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

    /// <param name="services">What the effect's Services property offers (<see cref="EmulatedServices"/>); none when null.</param>
    public EffectHost(PropertyBasedBitmapEffect effect, EmulatedBitmap<ColorBgra32> source, EmulatedSelection? selection = null, int tileSize = 128,
        IServiceProvider? services = null)
    {
        this.effect = effect;
        this.source = source;
        this.tileSize = tileSize;
        this.selection = selection ?? WholeLayer(source.Size);
        effect.HostSetServices(services ?? new EmulatedServices());
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
        if (!effect.HostSetToken(new PropertyBasedEffectConfigToken(properties.Clone())))
            throw new InvalidOperationException("The effect's OnSetToken did not call the base implementation.");
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
        if (renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.UninitializedOutputBuffer))
            output.Pixels.Fill(new ColorBgra32(0xA5, 0x5A, 0xC3, 0x3C));
        effect.HostSetCancellationToken(cancel);

        var tiles = Tiles(selection.RenderBounds).ToList();
        if (tileOrderSeed is { } seed)
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(tiles));
        var singleThreaded = renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.SingleThreaded) || renderInfo.Schedule == BitmapEffectRenderingSchedule.None;
        var barrier = renderInfo.Flags.HasFlag(BitmapEffectRenderingFlags.FirstTileIsRenderedWithBarrier);
        var first = barrier || singleThreaded ? 1 : 0;
        for (var i = 0; i < first && i < tiles.Count && !cancel.IsCancellationRequested; i++)
            RenderTile(output, tiles[i]);
        try
        {
            // Tiles not yet started when the render is cancelled are never started.
            Parallel.ForEach(tiles.Skip(first), new ParallelOptions { MaxDegreeOfParallelism = singleThreaded ? 1 : threads },
                (tile, loop) =>
                {
                    if (cancel.IsCancellationRequested)
                        loop.Stop();
                    else
                        RenderTile(output, tile);
                });
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        if (cancel.IsCancellationRequested)
            return null;
        if (!source.Pixels.SequenceEqual(before))
            throw new InvalidOperationException("The effect wrote to the source bitmap; only the output may be written.");
        return Composite(output);
    }

    private void RenderTile(EmulatedBitmap<ColorBgra32> output, RectInt32 tile)
    {
        try
        {
            effect.HostRender(new EmulatedOutput(output, tile));
        }
        catch (Exception e)
        {
            throw new EffectErrorDialogException(e);
        }
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

    /// <summary>Closes the dialog: cancels a render in flight and disposes the effect, which must reach the base OnDispose.</summary>
    public void Dispose()
    {
        rendering?.Cancel();
        try { inFlight?.Wait(); } catch (AggregateException) { }
        effect.Dispose();
        if (!effect.HostOnDisposeReachedBase)
            throw new InvalidOperationException("The effect's OnDispose did not call the base implementation.");
    }
}

/// <summary>
/// An exception that escaped the effect's OnRender: Paint.NET stops the render and shows it in its
/// error dialog, blaming the plugin. Effects return from OnRender when cancelled and report a
/// user's mistake themselves.
/// </summary>
public sealed class EffectErrorDialogException(Exception inner)
    : Exception($"Paint.NET's error dialog: the effect threw {inner.GetType().Name} from OnRender: {inner.Message}", inner);
