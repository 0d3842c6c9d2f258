using DeepDream.Core.Inference;

namespace DeepDream.Core.Dreaming;

/// <summary>
/// Everything a dream depends on besides the model and the pixels. Immutable; <see cref="Validate"/>
/// refuses values outside their ranges with a message that names the setting and its range.
/// </summary>
public sealed record DreamSettings
{
    /// <summary>Layer (catalog name or tensor name) to weight; 0 turns a layer off.</summary>
    public required IReadOnlyDictionary<string, double> LayerWeights { get; init; }
    public int Octaves { get; init; } = 3;
    public double OctaveScale { get; init; } = 1.4;
    public int Iterations { get; init; } = 20;
    /// <summary>Gradient-ascent step in [0, 1] pixel units: x += Step * g / mean|g|.</summary>
    public double Step { get; init; } = 0.01;
    /// <summary>An octave stops early once its loss exceeds this; null never stops early.</summary>
    public double? MaxLoss { get; init; }
    /// <summary>Largest random roll, in pixels, applied before each step.</summary>
    public int Jitter { get; init; } = 32;
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

    public static readonly (int Min, int Max) OctavesRange = (1, 12);
    public static readonly (double Min, double Max) OctaveScaleRange = (1.0, 4.0);
    public static readonly (int Min, int Max) IterationsRange = (1, 1000);
    public static readonly (double Min, double Max) StepRange = (0.0001, 1.0);
    public static readonly (double Min, double Max) WeightRange = (0.0, 100.0);
    public static readonly (int Min, int Max) JitterRange = (0, 512);
    public static readonly (int Min, int Max) TileSizeRange = (64, 4096);
    public static readonly (int Min, int Max) BorderRange = (0, 16);
    public static readonly (double Min, double Max) StrengthRange = (0.0, 2.0);
    /// <summary>Pattern size lies above Min (which it cannot equal) and at most Max.</summary>
    public static readonly (double Min, double Max) PatternSizeRange = (0.0, 1.0);

    /// <summary>The layers whose weight is not zero.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> ActiveLayers => LayerWeights.Where(p => p.Value != 0).ToList();

    public DreamSettings Validate()
    {
        Check("octaves", Octaves, OctavesRange);
        Check("octave scale", OctaveScale, OctaveScaleRange);
        Check("iterations", Iterations, IterationsRange);
        Check("step", Step, StepRange);
        Check("jitter", Jitter, JitterRange);
        Check("tile size", TileSize, TileSizeRange);
        Check("border", Border, BorderRange);
        Check("strength", Strength, StrengthRange);
        if (!(PatternSize > PatternSizeRange.Min && PatternSize <= PatternSizeRange.Max))
            throw new DreamSettingsException($"pattern size must be above {PatternSizeRange.Min} and at most {PatternSizeRange.Max} (got {PatternSize}).");
        if (MaxLoss is { } max && !(max > 0 && double.IsFinite(max)))
            throw new DreamSettingsException($"max loss must be a positive number (got {max}).");
        if (LayerWeights.Count == 0)
            throw new DreamSettingsException("layers: at least one layer is needed.");
        foreach (var (layer, weight) in LayerWeights)
            Check($"weight of layer {layer}", weight, WeightRange);
        if (ActiveLayers.Count == 0)
            throw new DreamSettingsException("layers: all layer weights are zero, so nothing would dream; give at least one layer a weight above 0.");
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
