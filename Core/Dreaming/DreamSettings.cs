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
    /// <summary>The adapter DirectML runs on.</summary>
    public GpuAdapter Adapter { get; init; }

    public static readonly (int Min, int Max) OctavesRange = (1, 12);
    public static readonly (double Min, double Max) OctaveScaleRange = (1.0, 4.0);
    public static readonly (int Min, int Max) IterationsRange = (1, 1000);
    public static readonly (double Min, double Max) StepRange = (0.0001, 1.0);
    public static readonly (int Min, int Max) JitterRange = (0, 512);
    public static readonly (int Min, int Max) TileSizeRange = (64, 4096);
    public static readonly (int Min, int Max) BorderRange = (0, 16);

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
        Check("octaves", Octaves, OctavesRange);
        Check("octave scale", OctaveScale, OctaveScaleRange);
        Check("iterations", Iterations, IterationsRange);
        Check("step", Step, StepRange);
        Check("jitter", Jitter, JitterRange);
        Check("tile size", TileSize, TileSizeRange);
        Check("border", Border, BorderRange);
        if (MaxLoss is { } max && !(max > 0 && double.IsFinite(max)))
            throw new DreamSettingsException($"max loss must be a positive number (got {max}).");
        Objective.Validate();
        return this;
    }

    private static void Check<T>(string name, T value, (T Min, T Max) range) where T : IComparable<T>
    {
        if (value is double d && !double.IsFinite(d) || value.CompareTo(range.Min) < 0 || value.CompareTo(range.Max) > 0)
            throw new DreamSettingsException($"{name} must be between {range.Min} and {range.Max} (got {value}).");
    }
}

/// <summary>A setting outside its range; the message names the setting and the range.</summary>
public sealed class DreamSettingsException(string message) : Exception(message);
