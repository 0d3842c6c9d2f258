using DeepDream.Core.Dreaming;
using DeepDream.Core.Inference;
using DeepDream.Core.Models;
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
    public const double MaxWeight = 2;

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
            properties.Add(new DoubleProperty(band, DefaultBandWeight(defaults, band), 0, MaxWeight));
        properties.AddRange(
        [
            new Int32Property(DreamProperty.Octaves, settings.Octaves, 1, 8),
            new DoubleProperty(DreamProperty.OctaveScale, settings.OctaveScale, 1.1, 2.0),
            new Int32Property(DreamProperty.Iterations, settings.Iterations, 1, 100),
            new DoubleProperty(DreamProperty.Step, settings.Step, 0.001, 0.05),
            new DoubleProperty(DreamProperty.MaxLoss, settings.MaxLoss ?? 0, 0, 100),
            new Int32Property(DreamProperty.Jitter, settings.Jitter, 0, 128),
            new Int32Property(DreamProperty.Seed, 0, 0, 999_999),
            StaticListChoiceProperty.CreateForEnum(DreamProperty.Device, DeviceChoice.Auto),
            new BooleanProperty(DreamProperty.Draft, false),
        ]);
        return new PropertyCollection(properties);
    }

    /// <param name="deviceNote">Why the GPU was not used last time, if it was not; shown under the device choice.</param>
    public ControlInfo CreateControls(PropertyCollection properties, string? deviceNote = null)
    {
        var ui = PropertyBasedBitmapEffect.CreateDefaultConfigUI(properties);
        void Label(object property, string name, string? description = null)
        {
            ui.SetPropertyControlValue(property, ControlInfoPropertyNames.DisplayName, name);
            if (description is not null)
                ui.SetPropertyControlValue(property, ControlInfoPropertyNames.Description, description);
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
        Label(DreamProperty.Device, "Device", deviceNote ?? "GPU uses DirectML; if it cannot start, the CPU is used");
        Label(DreamProperty.Draft, "", "Draft: a quarter of the iterations, for quick previews (applies to OK too)");
        foreach (var band in Bands)
        {
            ui.SetPropertyControlValue(band, ControlInfoPropertyNames.DecimalPlaces, 2);
            ui.SetPropertyControlValue(band, ControlInfoPropertyNames.SliderSmallChange, 0.05);
        }
        ui.SetPropertyControlValue(DreamProperty.Step, ControlInfoPropertyNames.DecimalPlaces, 3);
        ui.SetPropertyControlType(DreamProperty.Seed, PropertyControlType.IncrementButton);
        ui.SetPropertyControlValue(DreamProperty.Seed, ControlInfoPropertyNames.ButtonText, "Reseed");
        ui.SetPropertyControlType(DreamProperty.Device, PropertyControlType.RadioButton);
        var device = ui.FindControlForPropertyName(DreamProperty.Device)!;
        device.SetValueDisplayName(DeviceChoice.Gpu, "GPU");
        device.SetValueDisplayName(DeviceChoice.Cpu, "CPU");
        return ui;
    }

    /// <summary>The model id and the engine settings a token stands for.</summary>
    public (string ModelId, DreamSettings Settings) Read(PropertyBasedEffectConfigToken token)
    {
        var modelId = (string)token.GetProperty<StaticListChoiceProperty>(DreamProperty.Model)!.Value;
        var spec = catalog.Find(modelId)
            ?? throw new InvalidOperationException($"No DeepDream model is installed beside the plugin (looked in '{catalog.Directory}'). Run install.ps1 again.");
        var weights = new Dictionary<string, double>();
        foreach (var band in Bands)
        {
            var weight = Double(token, band);
            if (weight > 0 && spec.Bands.TryGetValue(band, out var layer))
                weights[layer] = weights.GetValueOrDefault(layer) + weight;
        }
        var iterations = Int(token, DreamProperty.Iterations);
        var maxLoss = Double(token, DreamProperty.MaxLoss);
        var settings = new DreamSettings
        {
            LayerWeights = weights,
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
                DeviceChoice.Gpu => OperatingSystem.IsWindows() ? ExecutionDevice.DirectML : ExecutionDevice.Cuda,
                _ => ExecutionDevice.Auto,
            },
        };
        return (spec.Id, settings);
    }

    private static double DefaultBandWeight(ModelSpec? spec, string band) =>
        spec is not null && spec.Bands.TryGetValue(band, out var layer) ? spec.DefaultWeights.GetValueOrDefault(layer) : 0;

    private static double Double(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<DoubleProperty>(name)!.Value;

    private static int Int(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<Int32Property>(name)!.Value;
}
