using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;

namespace DeepDream.Cli.Commands;

/// <summary>What every engine command starts from: the catalog, the chosen model, and the layer weights.</summary>
internal static class Session
{
    /// <summary>Loads a catalog model or a model file, telling on stderr what loading had to change.</summary>
    public static ImageClassifier LoadModel(string idOrPath)
    {
        var classifier = ImageClassifier.Load(ModelCatalog.Default, idOrPath);
        foreach (var note in classifier.Notes)
            Console.Error.WriteLine($"note: {note}");
        return classifier;
    }

    public static IReadOnlyDictionary<string, double> LayerWeights(ImageClassifier model, string? layers)
    {
        if (layers is not null)
            return Options.ParseLayers(layers);
        if (model.Spec is { DefaultWeights.Count: > 0 } spec)
            return spec.DefaultWeights;
        throw new CliException($"Model '{model.Name}' has no recommended layers: choose some with --layers (see 'deepdream layers --model {model.Path}').");
    }

    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Samples", "astronaut.png");
}
