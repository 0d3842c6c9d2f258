namespace DeepDream.Core.Models;

/// <summary>Everything the engine must know about one classifier beyond its ONNX file.</summary>
public sealed record ModelSpec
{
    public required string Id { get; init; }
    public required string DisplayName { get; init; }
    public string Description { get; init; } = "";
    public required string File { get; init; }
    public ModelSource? Source { get; init; }
    public long? SizeBytes { get; init; }
    public string? Sha256 { get; init; }
    public string Licence { get; init; } = "";
    public required InputSpec Input { get; init; }
    public ValidSizeRule ValidSize { get; init; } = ValidSizeRule.Any;
    public IReadOnlyList<LayerSpec> Layers { get; init; } = [];
    public IReadOnlyDictionary<string, string> Bands { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, double> DefaultWeights { get; init; } = new Dictionary<string, double>();
    public RecommendedSettings Recommended { get; init; } = new();
    /// <summary>The file in the catalog folder naming the classes of the model's output, for models that end in a classifier.</summary>
    public string? Classes { get; init; }
}

/// <summary>
/// The dream settings a model's recipe recommends (the classic GoogLeNet and Keras InceptionV3
/// ones, for instance); <see cref="Generic"/> is the recipe of a model without one, and the
/// defaults of every setting.
/// </summary>
public sealed record RecommendedSettings(int Octaves = 3, double OctaveScale = 1.4, int Iterations = 20, double Step = 0.01, double? MaxLoss = null, int Jitter = 32)
{
    public static RecommendedSettings Generic { get; } = new();
}

/// <summary>Where a model file comes from: a NuGet package restored at build time, or a download URL.</summary>
public sealed record ModelSource(string? Nuget = null, string? Version = null, string? Path = null, string? Url = null);

/// <summary>A named layer: a friendly name for a tensor, with its stride relative to the input and its channel count.</summary>
public sealed record LayerSpec(string Name, string Tensor, int Stride, int Channels);

/// <summary>
/// How the network expects its input. The engine feeds RGB in [0, 1]; the network sees
/// (x * Scale - Mean) / Std in <see cref="ChannelOrder"/>; Mean and Std are in that order too.
/// </summary>
public sealed record InputSpec
{
    public string? Name { get; init; }
    public string Layout { get; init; } = "NCHW";
    public string ChannelOrder { get; init; } = "RGB";
    public double Scale { get; init; } = 1;
    public double[] Mean { get; init; } = [0, 0, 0];
    public double[] Std { get; init; } = [1, 1, 1];

    /// <summary>torchvision's ImageNet convention, assumed for a model file that has no catalog entry.</summary>
    public static InputSpec ImageNetDefault { get; } = new()
    {
        Mean = [0.485, 0.456, 0.406],
        Std = [0.229, 0.224, 0.225],
    };
}
