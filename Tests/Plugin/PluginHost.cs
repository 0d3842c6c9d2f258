using DeepDream.Core.Imaging;
using DeepDream.Plugin;
using DeepDream.Core.Models;
using DeepDream.Plugin.Dialog;
using DeepDream.Plugin.Rendering;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;
using PaintDotNet.Rendering;

namespace DeepDream.Tests.Plugin;

/// <summary>Layers, selections and quick dialog settings for driving the plugin through the host emulator.</summary>
public static class PluginHost
{
    public static EmulatedBitmap<ColorBgra32> Layer(RgbImage image, Func<int, int, byte>? alpha = null)
    {
        var layer = new EmulatedBitmap<ColorBgra32>(image.Width, image.Height, PixelFormats.Bgra32);
        var pixels = layer.Pixels;
        var n = image.PlaneSize;
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var i = y * image.Width + x;
                pixels[i] = new ColorBgra32(ByteImage.ToByte(image.Rgb[2 * n + i]), ByteImage.ToByte(image.Rgb[n + i]), ByteImage.ToByte(image.Rgb[i]), alpha?.Invoke(x, y) ?? 255);
            }
        return layer;
    }

    public static EmulatedSelection Rectangle(SizeInt32 size, RectInt32 rect) =>
        Selection(size, (x, y) => rect.Contains(x, y) ? (byte)255 : (byte)0);

    /// <summary>An ellipse inscribed in the rectangle, anti-aliased over about one pixel.</summary>
    public static EmulatedSelection Ellipse(SizeInt32 size, RectInt32 rect) => Selection(size, (x, y) =>
    {
        var (cx, cy, rx, ry) = (rect.X + rect.Width / 2.0, rect.Y + rect.Height / 2.0, rect.Width / 2.0, rect.Height / 2.0);
        var distance = Math.Sqrt(Math.Pow((x + 0.5 - cx) / rx, 2) + Math.Pow((y + 0.5 - cy) / ry, 2));
        var coverage = Math.Clamp((1 - distance) * Math.Min(rx, ry) + 0.5, 0, 1);
        return (byte)Math.Round(coverage * 255);
    });

    private static EmulatedSelection Selection(SizeInt32 size, Func<int, int, byte> coverage)
    {
        var mask = new EmulatedBitmap<ColorAlpha8>(size.Width, size.Height, PixelFormats.Alpha8);
        int left = size.Width, top = size.Height, right = 0, bottom = 0;
        for (var y = 0; y < size.Height; y++)
            for (var x = 0; x < size.Width; x++)
            {
                var a = coverage(x, y);
                mask.Pixels[y * size.Width + x] = new ColorAlpha8(a);
                if (a == 0) continue;
                (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x + 1), Math.Max(bottom, y + 1));
            }
        return new EmulatedSelection(new RectInt32(left, top, right - left, bottom - top), mask);
    }

    /// <summary>The dialog's properties, set for a quick dream (the model's recipe off, so its own sliders apply).</summary>
    public static PropertyCollection QuickSettings(EffectHost host, int iterations = 2, int octaves = 2, int seed = 0)
    {
        var properties = host.CreatePropertyCollection();
        properties[DreamProperty.UseRecipe]!.Value = false;
        properties[DreamProperty.Iterations]!.Value = iterations;
        properties[DreamProperty.Octaves]!.Value = octaves;
        properties[DreamProperty.Seed]!.Value = seed;
        properties[DreamProperty.Device]!.Value = DeviceChoice.Cpu;
        return properties;
    }

    /// <summary>
    /// The effect as Paint.NET makes it, but with its own dialog notes (several tests run at once)
    /// and, when given, its own model cache, models folder and Paint.NET services.
    /// </summary>
    public static EffectHost Host(EmulatedBitmap<ColorBgra32> layer, EmulatedSelection? selection = null,
        DialogNotes? notes = null, ModelCache? models = null, string? modelsFolder = null, IServiceProvider? services = null) =>
        new(Effect(notes, models, modelsFolder), layer, selection, services: services);

    /// <summary>The footnote of the dialog as it opens next, with the notes the last dream left.</summary>
    public static string NextDialogFootnote(EmulatedBitmap<ColorBgra32> layer, DialogNotes notes)
    {
        using var next = Host(layer, notes: notes);
        return Footnote(next.CreateConfigUI(next.CreatePropertyCollection()));
    }

    public static string Footnote(ControlInfo ui) =>
        (string?)ui.FindControlForPropertyName(DreamProperty.Draft)!.ControlProperties[ControlInfoPropertyNames.Footnote]!.Value ?? "";

    /// <summary>The effect's dialog over a catalog, reading guide images as the effect does, through the emulator's imaging factory.</summary>
    public static DreamDialog Dialog(ModelCatalog? catalog = null) =>
        new(catalog ?? ModelCatalog.Default, new GuideFiles(() => new EmulatedImagingFactory()).Read);

    public static DeepDreamEffect Effect(DialogNotes? notes = null, ModelCache? models = null, string? modelsFolder = null) =>
        new(modelsFolder ?? ModelCatalog.Default.Directory, models ?? ModelCache.Shared, notes ?? new DialogNotes());
}
