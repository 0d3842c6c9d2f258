using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;
using PaintDotNet.Effects;
using PaintDotNet.IndirectUI;
using PaintDotNet.PropertySystem;

namespace DeepDream.Plugin.Dialog;

/// <summary>
/// The dialog: its properties and controls, and the translation of a token into the model to
/// use and the engine's <see cref="DreamSettings"/>. Layer weights are shown as depth bands
/// (Textures, Patterns, Parts, Objects) that the catalog maps to layers of each model, so the
/// dialog is the same for every model.
/// </summary>
public sealed class DreamDialog(ModelCatalog catalog)
{
    public static readonly string[] Bands = ["Textures", "Patterns", "Parts", "Objects"];

    /// <summary>Models whose file is present beside the plugin, the default (first in the catalog) first.</summary>
    public IReadOnlyList<ModelSpec> InstalledModels => catalog.Models.Where(catalog.IsInstalled).ToList();

    public PropertyCollection CreateProperties()
    {
        var models = InstalledModels;
        var defaults = models.FirstOrDefault();
        var properties = new List<Property>
        {
            new StaticListChoiceProperty(DreamProperty.Model, models.Count > 0 ? models.Select(m => (object)m.Id).ToArray() : ["(no model installed)"], 0),
        };
        var settings = defaults?.Recommended ?? new RecommendedSettings();
        foreach (var band in Bands)
            properties.Add(Slider(band, DefaultBandWeight(defaults, band), Objective.WeightRange));
        properties.AddRange(
        [
            Slider(DreamProperty.Octaves, settings.Octaves, DreamSettings.OctavesRange),
            Slider(DreamProperty.OctaveScale, settings.OctaveScale, DreamSettings.OctaveScaleRange),
            Slider(DreamProperty.Iterations, settings.Iterations, DreamSettings.IterationsRange),
            Slider(DreamProperty.Step, settings.Step, DreamSettings.StepRange),
            Slider(DreamProperty.MaxLoss, settings.MaxLoss ?? 0, DreamSettings.MaxLossRange),
            Slider(DreamProperty.Jitter, settings.Jitter, DreamSettings.JitterRange),
            new Int32Property(DreamProperty.Seed, 0, 0, 999_999),
            StaticListChoiceProperty.CreateForEnum(DreamProperty.Device, DeviceChoice.Auto),
            new BooleanProperty(DreamProperty.Draft, false),
        ]);
        return new PropertyCollection(properties);
    }

    /// <summary>A slider over the span of the engine's range that editors offer.</summary>
    private static DoubleProperty Slider(object name, double value, SettingRange<double> range) =>
        new(name, Math.Clamp(value, range.SliderMin, range.SliderMax), range.SliderMin, range.SliderMax);

    private static Int32Property Slider(object name, int value, SettingRange<int> range) =>
        new(name, Math.Clamp(value, range.SliderMin, range.SliderMax), range.SliderMin, range.SliderMax);

    /// <summary>The dialog's controls; <paramref name="notes"/> from the last dream, and the GPU's <paramref name="adapter"/>, are shown at its foot.</summary>
    public ControlInfo CreateControls(PropertyCollection properties, DialogNotes notes, GpuAdapter adapter)
    {
        var ui = PropertyBasedBitmapEffect.CreateDefaultConfigUI(properties);
        void Label(object property, string name, string? description = null)
        {
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.DisplayName, name);
            if (description is not null)
                ui.SetPropertyControlValue(property, ControlInfoPropertyNames.Description, description);
        }
        void Steps(object property, int decimals, double small, double large)
        {
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.DecimalPlaces, decimals);
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.SliderSmallChange, small);
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.SliderLargeChange, large);
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.UpDownIncrement, small);
        }
        Label(DreamProperty.Model, "Model");
        Label(DreamProperty.Textures, "Layer weights", "Textures (early layers)");
        Label(DreamProperty.Patterns, "", "Patterns");
        Label(DreamProperty.Parts, "", "Parts: eyes, fur, faces");
        Label(DreamProperty.Objects, "", "Objects (deep layers); 0 turns a band off");
        Label(DreamProperty.Octaves, "Octaves", "Scales dreamed, smallest first");
        Label(DreamProperty.OctaveScale, "Octave scale");
        Label(DreamProperty.Iterations, "Iterations per octave");
        Label(DreamProperty.Step, "Step size");
        Label(DreamProperty.MaxLoss, "Max loss", "An octave stops early above this loss; 0 never stops early");
        Label(DreamProperty.Jitter, "Jitter (pixels)");
        Label(DreamProperty.Seed, "Random seed");
        Label(DreamProperty.Device, "Device", "GPU uses DirectML; if it cannot start, the CPU is used");
        Label(DreamProperty.Draft, "", "Draft: a quarter of the iterations, for quick previews (applies to OK too)");
        foreach (var band in Bands)
            Steps(band, 2, 0.05, 0.25);
        Steps(DreamProperty.OctaveScale, 2, 0.05, 0.1);
        Steps(DreamProperty.Step, 3, 0.001, 0.005);
        Steps(DreamProperty.MaxLoss, 1, 1, 10);
        ui.SetPropertyControlValue(DreamProperty.Jitter, ControlInfoPropertyNames.SliderLargeChange, 16);
        var model = ui.FindControlForPropertyName(DreamProperty.Model)!;
        foreach (var spec in InstalledModels)
            model.SetValueDisplayName(spec.Id, spec.DisplayName);
        ui.SetPropertyControlType(DreamProperty.Seed, PropertyControlType.IncrementButton);
        ui.SetPropertyControlValue(DreamProperty.Seed, ControlInfoPropertyNames.ButtonText, "Reseed");
        ui.SetPropertyControlType(DreamProperty.Device, PropertyControlType.RadioButton);
        var device = ui.FindControlForPropertyName(DreamProperty.Device)!;
        device.SetValueDisplayName(DeviceChoice.Gpu, "GPU");
        device.SetValueDisplayName(DeviceChoice.Cpu, "CPU");
        // Paint.NET shows a footnote under a check box only; the draft box is the dialog's last control.
        ui.SetPropertyControlValue(DreamProperty.Draft, ControlInfoPropertyNames.Footnote, Footnote(notes, adapter));
        return ui;
    }

    /// <summary>The dialog window: its help button shows <see cref="HelpText"/>.</summary>
    public static void CustomizeWindow(PropertyCollection window)
    {
        window[ControlInfoPropertyNames.WindowHelpContentType]!.Value = WindowHelpContentType.PlainText;
        window[ControlInfoPropertyNames.WindowHelpContent]!.Value = HelpText;
    }

    public const string HelpText =
        "DeepDream exaggerates what an image classifier sees in the selection: patterns, eyes, fur, faces.\n\n" +
        "Layer weights: how strongly each depth of the network dreams. Textures and Patterns give fine ornaments; Parts and Objects give eyes, " +
        "animal faces and shapes. 0 turns a band off.\n" +
        "Octaves and octave scale: the image is dreamed at several scales, smallest first; more octaves give larger structures.\n" +
        "Iterations and step size: how long and how hard each octave dreams.\n" +
        "Max loss: an octave stops early once the network's response passes it (0: never).\n" +
        "Jitter and seed: the random shifts between steps; another seed gives another dream.\n" +
        "Device: the GPU (DirectML, on the adapter named at the foot of the dialog) is much faster; if it cannot start, the CPU is used and the dialog says why the next time it opens.\n" +
        "Draft: a quarter of the iterations, for a quick look.\n\n" +
        "The pixels around the selection are seen as context but not changed; transparency is kept. " +
        "If nothing happens (no model installed, a selection too small for the model, all weights at 0), the reason is shown at the foot of the dialog the next time it opens.";

    private string Footnote(DialogNotes notes, GpuAdapter adapter)
    {
        var lines = new List<string>();
        if (InstalledModels.Count == 0)
            lines.Add(NoModelMessage);
        if (notes.Problem is { } problem && problem != NoModelMessage)
            lines.Add($"Last time the layer was left as it was: {problem}");
        lines.Add(DeviceNote(adapter));
        if (notes.Fallback is { } fallback)
            lines.Add($"Last time: {fallback.Message}");
        return string.Join("\n", lines);
    }

    /// <summary>The adapter a GPU dream runs on, and why that one.</summary>
    private static string DeviceNote(GpuAdapter adapter) => adapter.FromHost
        ? $"GPU: adapter {adapter.Index}, the one Paint.NET renders with (Settings → Graphics)."
        : $"GPU: adapter {adapter.Index}, Windows' default: this Paint.NET does not tell effects which GPU it renders with (5.1.9 and later do).";

    private string NoModelMessage => $"No DeepDream model is installed beside the plugin (looked in '{catalog.Directory}'). Run install.ps1 again.";

    /// <summary>The model and the engine settings a token stands for; a user's mistake throws <see cref="ModelException"/> or <see cref="DreamSettingsException"/>.</summary>
    public DreamRequest Read(PropertyBasedEffectConfigToken token)
    {
        var modelId = (string)token.GetProperty<StaticListChoiceProperty>(DreamProperty.Model)!.Value;
        var spec = catalog.Find(modelId) ?? throw new ModelException(NoModelMessage);
        var weights = new Dictionary<string, double>();
        foreach (var band in Bands)
        {
            var weight = Double(token, band);
            if (weight > 0 && spec.Bands.TryGetValue(band, out var layer))
                weights[layer] = weights.GetValueOrDefault(layer) + weight;
        }
        if (weights.Count == 0)
            throw new DreamSettingsException($"All layer weights are 0, so {spec.DisplayName} has nothing to dream: give at least one band a weight above 0.");
        var iterations = Int(token, DreamProperty.Iterations);
        var maxLoss = Double(token, DreamProperty.MaxLoss);
        var settings = new DreamSettings
        {
            Objective = Objective.Layers(weights),
            Octaves = Int(token, DreamProperty.Octaves),
            OctaveScale = Double(token, DreamProperty.OctaveScale),
            Iterations = token.GetProperty<BooleanProperty>(DreamProperty.Draft)!.Value ? Math.Max(1, iterations / 4) : iterations,
            Step = Double(token, DreamProperty.Step),
            MaxLoss = maxLoss > 0 ? maxLoss : null,
            Jitter = Int(token, DreamProperty.Jitter),
            Seed = Int(token, DreamProperty.Seed),
            Device = (DeviceChoice)token.GetProperty<StaticListChoiceProperty>(DreamProperty.Device)!.Value switch
            {
                DeviceChoice.Cpu => ExecutionDevice.Cpu,
                DeviceChoice.Gpu => ExecutionDevice.Gpu,
                _ => ExecutionDevice.Auto,
            },
        };
        return new DreamRequest(spec.Id, settings);
    }

    private static double DefaultBandWeight(ModelSpec? spec, string band) =>
        spec is not null && spec.Bands.TryGetValue(band, out var layer) ? spec.DefaultWeights.GetValueOrDefault(layer) : 0;

    private static double Double(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<DoubleProperty>(name)!.Value;

    private static int Int(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<Int32Property>(name)!.Value;
}

/// <summary>What a token asks for: a catalog model and the engine's settings.</summary>
public sealed record DreamRequest(string ModelId, DreamSettings Settings);
