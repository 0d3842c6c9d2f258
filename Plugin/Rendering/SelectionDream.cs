using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;
using DeepDream.Plugin.Dialog;
using PaintDotNet.Effects;
using PaintDotNet.Imaging;
using PaintDotNet.Rendering;

namespace DeepDream.Plugin.Rendering;

/// <summary>
/// The dream of the selection's bounding box, with a margin of surrounding pixels as context, by
/// Core's <see cref="Dreamer"/>. A user's mistake (no model installed, a selection too small for
/// the model, all weights at 0, a damaged model file) leaves the layer as it was and is kept in
/// the notes for the dialog; it never reaches Paint.NET's error dialog.
/// </summary>
public sealed class SelectionDream(DreamDialog dialog, ModelCatalog catalog, ModelCache models, DialogNotes notes)
{
    /// <summary>Pixels around the selection the network sees as context; they are not changed.</summary>
    public const int ContextMargin = 32;

    /// <param name="adapter">The adapter a DirectML dream runs on.</param>
    public DreamedRegion Compute(PropertyBasedEffectConfigToken token, IEffectInputBitmap<ColorBgra32> source, RectInt32 selection, GpuAdapter adapter,
        CancellationToken cancel)
    {
        var layer = new RectInt32(0, 0, source.Size.Width, source.Size.Height);
        var region = RectInt32.Intersect(
            new RectInt32(selection.X - ContextMargin, selection.Y - ContextMargin, selection.Width + 2 * ContextMargin, selection.Height + 2 * ContextMargin), layer);
        notes.Started();
        try
        {
            var request = dialog.Read(token);
            var settings = request.Settings with { Adapter = adapter };
            DirectMLLoader.BeforeDream(settings.Device);
            using var model = models.Acquire(catalog, request.ModelId);
            var image = LayerPixels.Read(source, region);
            return new DreamedRegion(region, new Dreamer(model.Model, model.Sessions).Dream(image, settings, notes, cancel));
        }
        catch (Exception e) when (e is ModelException or DreamSettingsException)
        {
            notes.Refused(e.Message);
            return new DreamedRegion(region, null);
        }
    }
}
