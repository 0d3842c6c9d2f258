using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;

namespace DeepDream.Cli.Commands;

/// <summary>What every engine command starts from: the catalog and the chosen model.</summary>
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

    public static string SamplePath => Path.Combine(AppContext.BaseDirectory, "Samples", "astronaut.png");
}
