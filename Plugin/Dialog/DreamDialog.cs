using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
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
/// dialog is the same for every model. <paramref name="readGuide"/> reads the guide image file
/// that the Guide image property names.
/// </summary>
public sealed class DreamDialog(ModelCatalog catalog, Func<string, IRgbSource> readGuide)
{
    public static readonly string[] Bands = ["Textures", "Patterns", "Parts", "Objects"];

    /// <summary>The Class property's value for no class.</summary>
    public const int NoClass = -1;

    /// <summary>The settings that the model's recipe gives while Use the model's recommended settings is ticked.</summary>
    public static readonly DreamProperty[] RecipeProperties =
        [DreamProperty.Octaves, DreamProperty.OctaveScale, DreamProperty.Iterations, DreamProperty.Step, DreamProperty.MaxLoss, DreamProperty.Jitter];

    private const string NoModel = "(no model installed)";

    private readonly Lazy<IReadOnlyList<string>> classNames = new(() => ClassNames.ImageNet(catalog.Directory).Names);

    /// <summary>Models whose file is present beside the plugin, the default (first in the catalog) first.</summary>
    public IReadOnlyList<ModelSpec> InstalledModels => catalog.Models.Where(catalog.IsInstalled).ToList();

    public PropertyCollection CreateProperties()
    {
        var models = InstalledModels;
        var defaults = models.FirstOrDefault();
        object[] modelChoices = models.Count > 0 ? models.Select(m => (object)m.Id).ToArray() : [NoModel];
        var properties = new List<Property>
        {
            new StaticListChoiceProperty(DreamProperty.Model, modelChoices, 0),
        };
        var recipe = DreamSettings.FromRecipe(defaults, Objective.None);
        foreach (var band in Bands)
            properties.Add(Slider(band, DefaultBandWeight(defaults, band), Objective.WeightRange));
        properties.AddRange(
        [
            StaticListChoiceProperty.CreateForEnum(DreamProperty.Focus, FocusChoice.AllChannels),
            new Int32Property(DreamProperty.Channel, 0, 0, Math.Max(1, MostChannels(models)) - 1),
            new StaticListChoiceProperty(DreamProperty.Class, ClassChoices(), 0),
            new StringProperty(DreamProperty.Guide, ""),
            new BooleanProperty(DreamProperty.KeepColors, recipe.KeepColors),
            Slider(DreamProperty.Strength, recipe.Strength, DreamSettings.StrengthRange),
            Slider(DreamProperty.PatternSize, recipe.PatternSize, DreamSettings.PatternSizeRange),
            new BooleanProperty(DreamProperty.UseRecipe, true),
            Slider(DreamProperty.Octaves, recipe.Octaves, DreamSettings.OctavesRange),
            Slider(DreamProperty.OctaveScale, recipe.OctaveScale, DreamSettings.OctaveScaleRange),
            Slider(DreamProperty.Iterations, recipe.Iterations, DreamSettings.IterationsRange),
            Slider(DreamProperty.Step, recipe.Step, DreamSettings.StepRange),
            Slider(DreamProperty.MaxLoss, recipe.MaxLoss ?? 0, DreamSettings.MaxLossRange),
            Slider(DreamProperty.Jitter, recipe.Jitter, DreamSettings.JitterRange),
            new Int32Property(DreamProperty.Seed, 0, 0, 999_999),
            StaticListChoiceProperty.CreateForEnum(DreamProperty.Device, DeviceChoice.Auto),
            new BooleanProperty(DreamProperty.Draft, false),
        ]);
        var rules = new List<PropertyCollectionRule>
        {
            new ReadOnlyBoundToValueRule<object, StaticListChoiceProperty>(DreamProperty.Channel, DreamProperty.Focus, FocusChoice.AllChannels),
            new ReadOnlyBoundToValueRule<object, StaticListChoiceProperty>(DreamProperty.Class, DreamProperty.Model, modelChoices.Where(id => catalog.Find((string)id)?.Classes is null).ToArray()),
        };
        rules.AddRange(RecipeProperties.Select(p => new ReadOnlyBoundToBooleanRule(p, DreamProperty.UseRecipe, false)));
        return new PropertyCollection(properties, rules);
    }

    /// <summary>The most channels a band's layer has in any of the models: the Channel slider's span.</summary>
    private static int MostChannels(IEnumerable<ModelSpec> models) =>
        models.SelectMany(m => m.Bands.Values.Select(layer => ChannelsOf(m, layer) ?? 0)).DefaultIfEmpty(0).Max();

    private static int? ChannelsOf(ModelSpec spec, string layer) => spec.Layers.FirstOrDefault(l => l.Name == layer)?.Channels;

    /// <summary>(none), then the classes by name, so a long list can be searched by its first letters.</summary>
    private object[] ClassChoices() =>
        [NoClass, .. classNames.Value.Select((name, index) => (name, index)).OrderBy(c => c.name, StringComparer.OrdinalIgnoreCase).Select(c => (object)c.index)];

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
        Label(DreamProperty.Focus, "Focus", "What the deepest band in use dreams");
        Label(DreamProperty.Channel, "Channel", "The channel of that band's layer, when Focus is on one channel");
        Label(DreamProperty.Class, "Class", "Dream toward an ImageNet class (GoogLeNet and Inception V3 only)");
        Label(DreamProperty.Guide, "Guide image", "Dream toward what this picture shows; empty for none");
        Label(DreamProperty.KeepColors, "", "Keep the original colours (the dream changes light and shade only)");
        Label(DreamProperty.Strength, "Strength", "0 leaves the picture as it is, 1 is the full dream, above 1 exaggerates");
        Label(DreamProperty.PatternSize, "Pattern size", "Below 1, dreams at that fraction of the size: larger patterns, faster");
        Label(DreamProperty.UseRecipe, "Recipe", "Use the model's recommended settings (the six sliders below are then ignored)");
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
        Steps(DreamProperty.Strength, 2, 0.05, 0.25);
        Steps(DreamProperty.PatternSize, 2, 0.05, 0.1);
        ui.SetPropertyControlValue(DreamProperty.Channel, ControlInfoPropertyNames.SliderLargeChange, 16);
        Steps(DreamProperty.OctaveScale, 2, 0.05, 0.1);
        Steps(DreamProperty.Step, 3, 0.001, 0.005);
        Steps(DreamProperty.MaxLoss, 1, 1, 10);
        ui.SetPropertyControlValue(DreamProperty.Jitter, ControlInfoPropertyNames.SliderLargeChange, 16);
        var model = ui.FindControlForPropertyName(DreamProperty.Model)!;
        foreach (var spec in InstalledModels)
            model.SetValueDisplayName(spec.Id, spec.DisplayName);
        ui.SetPropertyControlType(DreamProperty.Focus, PropertyControlType.RadioButton);
        var focus = ui.FindControlForPropertyName(DreamProperty.Focus)!;
        focus.SetValueDisplayName(FocusChoice.AllChannels, "All channels");
        focus.SetValueDisplayName(FocusChoice.OneChannel, "One channel");
        var classes = ui.FindControlForPropertyName(DreamProperty.Class)!;
        classes.SetValueDisplayName(NoClass, "(none)");
        for (var i = 0; i < classNames.Value.Count; i++)
            classes.SetValueDisplayName(i, classNames.Value[i]);
        ui.SetPropertyControlType(DreamProperty.Guide, PropertyControlType.FileChooser);
        ui.SetPropertyControlValue(DreamProperty.Guide, ControlInfoPropertyNames.FileTypes, GuideFileTypes);
        ui.SetPropertyControlValue(DreamProperty.Guide, ControlInfoPropertyNames.AllowAllFiles, true);
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

    /// <summary>The extensions the guide image's file chooser offers; Paint.NET's decoders read every format it opens.</summary>
    public static readonly string[] GuideFileTypes = ["png", "jpg", "jpeg", "bmp", "webp", "tif", "tiff"];

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
        var objective = ReadObjective(token, spec);
        var recipe = Bool(token, DreamProperty.UseRecipe) ? DreamSettings.FromRecipe(spec, objective) : null;
        var iterations = recipe?.Iterations ?? Int(token, DreamProperty.Iterations);
        var maxLoss = recipe is null ? Double(token, DreamProperty.MaxLoss) : recipe.MaxLoss ?? 0;
        var settings = new DreamSettings
        {
            Objective = objective,
            Octaves = recipe?.Octaves ?? Int(token, DreamProperty.Octaves),
            OctaveScale = recipe?.OctaveScale ?? Double(token, DreamProperty.OctaveScale),
            Iterations = token.GetProperty<BooleanProperty>(DreamProperty.Draft)!.Value ? Math.Max(1, iterations / 4) : iterations,
            Step = recipe?.Step ?? Double(token, DreamProperty.Step),
            MaxLoss = maxLoss > 0 ? maxLoss : null,
            Jitter = recipe?.Jitter ?? Int(token, DreamProperty.Jitter),
            KeepColors = Bool(token, DreamProperty.KeepColors),
            Strength = Double(token, DreamProperty.Strength),
            PatternSize = Double(token, DreamProperty.PatternSize),
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

    /// <summary>
    /// Each band in use (weight above 0) dreams its layer at its weight. Focus on one channel makes
    /// the deepest band in use dream that channel of its layer instead, at the band's weight. A
    /// class and a guide image (matched at the deepest band in use) are added at weight 1: a
    /// layer's term is a mean over all its channels and positions and theirs are not, so at equal
    /// weight they pull much harder, lead the dream, and the bands add their textures.
    /// </summary>
    private Objective ReadObjective(PropertyBasedEffectConfigToken token, ModelSpec spec)
    {
        var inUse = Bands.Where(b => Double(token, b) > 0 && spec.Bands.ContainsKey(b)).ToList();
        var deepest = inUse.LastOrDefault();
        int? channel = (FocusChoice)token.GetProperty<StaticListChoiceProperty>(DreamProperty.Focus)!.Value == FocusChoice.OneChannel
            ? Int(token, DreamProperty.Channel)
            : null;
        var classIndex = (int)token.GetProperty<StaticListChoiceProperty>(DreamProperty.Class)!.Value;
        var guide = token.GetProperty<StringProperty>(DreamProperty.Guide)!.Value.Trim().Trim('"');

        var objective = Objective.None;
        foreach (var band in inUse)
        {
            var layer = spec.Bands[band];
            var term = band == deepest && channel is { } c ? Objective.Channels(layer, CheckChannel(spec, band, layer, c)) : Objective.Layer(layer);
            objective += Double(token, band) * term;
        }
        if (deepest is null && (channel is not null || guide.Length > 0))
            throw new DreamSettingsException($"All layer weights are 0, but {(channel is not null ? "Focus on one channel takes its channel" : "the guide image is matched")} " +
                "from the deepest band in use: give at least one band a weight above 0.");
        if (classIndex != NoClass)
        {
            if (spec.Classes is null)
                throw new DreamSettingsException($"{spec.DisplayName} has no classifier head, so it cannot dream toward the class '{new ClassNames(classNames.Value).NameOf(classIndex)}': " +
                    $"choose {string.Join(" or ", catalog.Models.Where(m => m.Classes is not null).Select(m => m.DisplayName))}, " +
                    "or set Class back to (none), which can be done while such a model is chosen.");
            objective += Objective.Class(classIndex);
        }
        if (guide.Length > 0)
            objective += Objective.Guide(readGuide(guide), spec.Bands[deepest!]);
        if (objective.Terms.Count == 0)
            throw new DreamSettingsException($"All layer weights are 0, so {spec.DisplayName} has nothing to dream: give at least one band a weight above 0.");
        return objective;
    }

    private static int CheckChannel(ModelSpec spec, string band, string layer, int channel) =>
        ChannelsOf(spec, layer) is int count && count > 0 && channel >= count
            ? throw new DreamSettingsException($"Channel {channel} does not exist in the {band} band of {spec.DisplayName}: its layer {layer} has channels 0 to {count - 1}. " +
                "Choose a channel in that range.")
            : channel;

    private static double DefaultBandWeight(ModelSpec? spec, string band) =>
        spec is not null && spec.Bands.TryGetValue(band, out var layer) ? spec.DefaultWeights.GetValueOrDefault(layer) : 0;

    private static double Double(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<DoubleProperty>(name)!.Value;

    private static int Int(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<Int32Property>(name)!.Value;

    private static bool Bool(PropertyBasedEffectConfigToken token, object name) => token.GetProperty<BooleanProperty>(name)!.Value;
}

/// <summary>What a token asks for: a catalog model and the engine's settings.</summary>
public sealed record DreamRequest(string ModelId, DreamSettings Settings);
