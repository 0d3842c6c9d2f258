using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Objectives;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// Everything a dream depends on besides the model and the pixels. Immutable; <see cref="Validate"/>
/// refuses values outside their ranges with a message that names the setting and its range.
/// </summary>
public sealed record DreamSettings
{
    /// <summary>What the dream maximises; a term whose weight is 0 is off.</summary>
    public required Objective Objective { get; init; }
    public int Octaves { get; init; } = RecommendedSettings.Generic.Octaves;
    public double OctaveScale { get; init; } = RecommendedSettings.Generic.OctaveScale;
    public int Iterations { get; init; } = RecommendedSettings.Generic.Iterations;
    /// <summary>Gradient-ascent step in [0, 1] pixel units: x += Step * g / mean|g|.</summary>
    public double Step { get; init; } = RecommendedSettings.Generic.Step;
    /// <summary>An octave stops early once its loss exceeds this; null never stops early.</summary>
    public double? MaxLoss { get; init; }
    /// <summary>Largest random roll, in pixels, applied before each step.</summary>
    public int Jitter { get; init; } = RecommendedSettings.Generic.Jitter;
    /// <summary>Square tile edge in pixels; larger images are dreamed in overlapping tiles.</summary>
    public int TileSize { get; init; } = 512;
    public int Seed { get; init; }
    /// <summary>Activation border (pixels at each layer's own resolution) left out of the loss.</summary>
    public int Border { get; init; } = 2;
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;
    /// <summary>The dream changes luminance only; the colours (chroma) stay the original's.</summary>
    public bool KeepColors { get; init; }
    /// <summary>original + Strength × (dream − original): 0 leaves the image as it was, above 1 exaggerates.</summary>
    public double Strength { get; init; } = 1;
    /// <summary>Fraction of the image's resolution the dream runs at, in (0, 1]: smaller gives larger patterns, and is faster.</summary>
    public double PatternSize { get; init; } = 1;
    /// <summary>The adapter DirectML runs on.</summary>
    public GpuAdapter Adapter { get; init; }

    public static readonly SettingRange<int> OctavesRange = new("octaves", 1, 12, 1, 8);
    public static readonly SettingRange<double> OctaveScaleRange = new("octave scale", 1.0, 4.0, 1.1, 2.0);
    public static readonly SettingRange<int> IterationsRange = new("iterations", 1, 1000, 1, 100);
    public static readonly SettingRange<double> StepRange = new("step", 0.0001, 1.0, 0.001, 0.05);
    /// <summary>Any positive loss; the slider's 0 stands for "never stop early" (<see cref="MaxLoss"/> null).</summary>
    public static readonly SettingRange<double> MaxLossRange = new("max loss", double.Epsilon, double.MaxValue, 0, 100);
    public static readonly SettingRange<int> JitterRange = new("jitter", 0, 512, 0, 128);
    public static readonly SettingRange<int> TileSizeRange = new("tile size", 64, 4096, 64, 4096);
    public static readonly SettingRange<int> BorderRange = new("border", 0, 16, 0, 16);
    public static readonly SettingRange<double> StrengthRange = new("strength", 0.0, 2.0, 0.0, 2.0);
    /// <summary>Pattern size lies above 0, which it cannot equal, and at most 1.</summary>
    public static readonly SettingRange<double> PatternSizeRange = new("pattern size", double.Epsilon, 1.0, 0.1, 1.0);

    /// <summary>The settings a model's recipe recommends (the generic one for a model without), dreaming <paramref name="objective"/>.</summary>
    public static DreamSettings FromRecipe(ModelSpec? spec, Objective objective)
    {
        var recipe = spec?.Recommended ?? RecommendedSettings.Generic;
        return new DreamSettings
        {
            Objective = objective,
            Octaves = recipe.Octaves,
            OctaveScale = recipe.OctaveScale,
            Iterations = recipe.Iterations,
            Step = recipe.Step,
            MaxLoss = recipe.MaxLoss,
            Jitter = recipe.Jitter,
        };
    }

    public DreamSettings Validate()
    {
        OctavesRange.Check(Octaves);
        OctaveScaleRange.Check(OctaveScale);
        IterationsRange.Check(Iterations);
        StepRange.Check(Step);
        JitterRange.Check(Jitter);
        TileSizeRange.Check(TileSize);
        BorderRange.Check(Border);
        StrengthRange.Check(Strength);
        if (!(PatternSize > 0 && PatternSize <= PatternSizeRange.Max))
            throw new DreamSettingsException($"pattern size must be above 0 and at most {PatternSizeRange.Max} (got {PatternSize}).");
        if (MaxLoss is { } max && !(max > 0 && double.IsFinite(max)))
            throw new DreamSettingsException($"max loss must be a positive number (got {max}).");
        Objective.Validate();
        return this;
    }
}

/// <summary>A setting outside its range; the message names the setting and the range.</summary>
public sealed class DreamSettingsException(string message) : Exception(message);
