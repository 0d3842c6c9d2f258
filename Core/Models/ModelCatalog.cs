using System.Text.Json;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Models;

/// <summary>The models described in models.json, with their files looked up beside it.</summary>
public sealed class ModelCatalog
{
    public const string FileName = "models.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private ModelCatalog(string directory, IReadOnlyList<ModelSpec> models)
    {
        Directory = directory;
        Models = models;
    }

    /// <summary>The folder that holds models.json and the model files.</summary>
    public string Directory { get; }
    public IReadOnlyList<ModelSpec> Models { get; }

    /// <summary>The catalog in the models folder beside the running assemblies.</summary>
    public static ModelCatalog Default => Load(Path.Combine(AppContext.BaseDirectory, "models"));

    public static ModelCatalog Load(string directory)
    {
        var path = Path.Combine(directory, FileName);
        try
        {
            var file = JsonSerializer.Deserialize<CatalogFile>(File.ReadAllText(path), Json)
                ?? throw new ModelException($"Model catalog '{path}' is empty.");
            return new ModelCatalog(directory, file.Models);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ModelException($"Model catalog '{path}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>A catalog with no models, for a host that must keep working when models.json is missing or broken.</summary>
    public static ModelCatalog Empty(string directory) => new(directory, []);

    public ModelSpec? Find(string id) =>
        Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    public string PathOf(ModelSpec spec) => Path.Combine(Directory, spec.File);

    public bool IsInstalled(ModelSpec spec) => File.Exists(PathOf(spec));

    private sealed record CatalogFile(IReadOnlyList<ModelSpec> Models);
}
