using System.Collections.Concurrent;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Plugin.Dialog;
using DeepDream.Plugin.Rendering;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace DeepDream.Plugin;

/// <summary>
/// Effects → DeepDream. Thin: the dialog (<see cref="DreamDialog"/>) turns the token into engine
/// settings; the dream of the selection's bounding box, with a margin of surrounding pixels as
/// context, is computed once per token (<see cref="DreamCache"/>) by Core's <see cref="Dreamer"/>;
/// every tile is then copied out of it with the source's alpha.
/// </summary>
[PluginSupportInfo<PluginSupportInfo>]
public sealed class DeepDreamEffect : PropertyBasedBitmapEffect
{
    /// <summary>Pixels around the selection the network sees as context; they are not changed.</summary>
    public const int ContextMargin = 32;

    private static readonly ConcurrentDictionary<string, Lazy<ImageClassifier>> Models = new();
    private readonly DreamCache cache = new();
    private readonly ModelCatalog catalog;
    private readonly DreamDialog dialog;

    public DeepDreamEffect()
        : base("DeepDream", null, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        // A missing or broken catalog must not keep Paint.NET from loading the effect: the dialog
        // then offers no model, and rendering says what is wrong.
        var folder = Path.Combine(Path.GetDirectoryName(typeof(DeepDreamEffect).Assembly.Location)!, "models");
        try
        {
            catalog = ModelCatalog.Load(folder);
        }
        catch (ModelException)
        {
            catalog = ModelCatalog.Empty(folder);
        }
        dialog = new DreamDialog(catalog);
        DirectMLLoader.EnsureLoaded();
    }

    protected override PropertyCollection OnCreatePropertyCollection() => dialog.CreateProperties();

    /// <summary>The last fallback from the GPU to the CPU, shown in the dialog the next time it opens.</summary>
    internal static string? LastDeviceNote { get; private set; }

    protected override ControlInfo OnCreateConfigUI(PropertyCollection props) => dialog.CreateControls(props, LastDeviceNote);

    protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
    {
        // The dream of the whole selection must exist before any tile can be written.
        renderInfo.Schedule = BitmapEffectRenderingSchedule.SquareTiles;
        renderInfo.Flags |= BitmapEffectRenderingFlags.FirstTileIsRenderedWithBarrier;
    }

    protected override void OnSetToken(PropertyBasedEffectConfigToken? newToken) => cache.Invalidate();

    protected override void OnRender(IBitmapEffectOutput output)
    {
        var token = Token;
        var dreamed = cache.GetOrCompute(token, () => Dream(token));
        using var source = Environment.GetSourceBitmapBgra32();
        LayerPixels.Write(output, source, dreamed);
    }

    /// <summary>Keeps the engine's notes about the device (Paint.NET has no message channel while an effect renders).</summary>
    private sealed class DeviceNotes : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value)
        {
            if (value.Note is { } note && note.Contains("CPU", StringComparison.Ordinal))
                LastDeviceNote = $"Last time: {note}";
        }
    }

    private DreamedRegion Dream(PropertyBasedEffectConfigToken token)
    {
        var (modelId, settings) = dialog.Read(token);
        using var source = Environment.GetSourceBitmapBgra32();
        var bounds = Environment.Selection.RenderBounds;
        var layer = new RectInt32(0, 0, source.Size.Width, source.Size.Height);
        var region = RectInt32.Intersect(new RectInt32(bounds.X - ContextMargin, bounds.Y - ContextMargin, bounds.Width + 2 * ContextMargin, bounds.Height + 2 * ContextMargin), layer);
        if (settings.ActiveLayers.Count == 0)
            return new DreamedRegion(region, null);
        var model = Models.GetOrAdd(catalog.PathOf(catalog.Find(modelId)!), path => new Lazy<ImageClassifier>(() => ImageClassifier.Load(catalog, modelId))).Value;
        var image = LayerPixels.Read(source, region);
        return new DreamedRegion(region, new Dreamer(model).Dream(image, settings, new DeviceNotes(), CancellationToken));
    }
}
