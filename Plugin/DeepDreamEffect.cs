using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Plugin.Dialog;
using DeepDream.Plugin.Rendering;
using PaintDotNet;
using PaintDotNet.Effects;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;

namespace DeepDream.Plugin;

/// <summary>
/// Effects → Artistic → DeepDream. Thin: the dialog (<see cref="DreamDialog"/>) turns the token
/// into engine settings; the dream of the selection (<see cref="SelectionDream"/>) is computed
/// once per token (<see cref="DreamCache"/>); every tile is then copied out of it with the
/// source's alpha.
/// </summary>
[PluginSupportInfo<PluginSupportInfo>]
public sealed class DeepDreamEffect : PropertyBasedBitmapEffect
{
    private readonly DreamCache cache = new();
    private readonly DreamDialog dialog;
    private readonly DialogNotes notes;
    private readonly SelectionDream dream;

    public DeepDreamEffect()
        : this(Path.Combine(Path.GetDirectoryName(typeof(DeepDreamEffect).Assembly.Location)!, "models"), ModelCache.Shared, DialogNotes.Shared)
    {
    }

    internal DeepDreamEffect(string modelsFolder, ModelCache models, DialogNotes notes)
        : base("DeepDream", MenuIcon.Create(), SubmenuNames.Artistic, BitmapEffectOptions.Create() with { IsConfigurable = true })
    {
        // A missing or broken catalog must not keep Paint.NET from loading the effect: the dialog
        // then offers no model and says why.
        ModelCatalog catalog;
        try
        {
            catalog = ModelCatalog.Load(modelsFolder);
        }
        catch (ModelException)
        {
            catalog = ModelCatalog.Empty(modelsFolder);
        }
        var guides = new GuideFiles(() => Environment.ImagingFactory);
        dialog = new DreamDialog(catalog, guides.Read);
        this.notes = notes;
        dream = new SelectionDream(dialog, catalog, models, notes);
    }

    /// <summary>Whether the effect holds a computed dream (it lets go of it when disposed).</summary>
    internal bool HoldsDream => cache.HasResult;

    protected override PropertyCollection OnCreatePropertyCollection() => dialog.CreateProperties();

    protected override void OnCustomizeConfigUIWindowProperties(PropertyCollection props)
    {
        DialogHelp.CustomizeWindow(props);
        base.OnCustomizeConfigUIWindowProperties(props);
    }

    protected override ControlInfo OnCreateConfigUI(PropertyCollection props) => dialog.CreateControls(props, notes, RenderingAdapter.Of(Services));

    protected override void OnInitializeRenderInfo(IBitmapEffectRenderInfo renderInfo)
    {
        // The dream of the whole selection must exist before any tile can be written.
        renderInfo.Schedule = BitmapEffectRenderingSchedule.SquareTiles;
        renderInfo.Flags |= BitmapEffectRenderingFlags.FirstTileIsRenderedWithBarrier;
        base.OnInitializeRenderInfo(renderInfo);
    }

    protected override void OnSetToken(PropertyBasedEffectConfigToken? newToken)
    {
        cache.Invalidate();
        base.OnSetToken(newToken);
    }

    protected override void OnRender(IBitmapEffectOutput output)
    {
        var token = Token;
        using var source = Environment.GetSourceBitmapBgra32();
        DreamedRegion dreamed;
        try
        {
            dreamed = cache.GetOrCompute(token, () => dream.Compute(token, source, Environment.Selection.RenderBounds, RenderingAdapter.Of(Services), CancellationToken));
        }
        catch (OperationCanceledException) when (IsCancelRequested)
        {
            return;
        }
        LayerPixels.Write(output, source, dreamed);
    }

    protected override void OnDispose(bool disposing)
    {
        if (disposing)
            cache.Invalidate();
        base.OnDispose(disposing);
    }
}
