using DeepDream.Core.Models;
using DeepDream.Core.Onnx.Normalization;
using Onnx;

namespace DeepDream.Core.Onnx;

/// <summary>A classifier loaded and normalised (see <see cref="ModelNormalizer"/>), with its catalog entry if it has one.</summary>
public sealed class ImageClassifier
{
    private ImageClassifier(string name, string path, ModelProto model, ModelSpec? spec, IReadOnlyList<string> notes)
    {
        Name = name;
        Path = path;
        Model = model;
        Spec = spec;
        Notes = notes;
    }

    /// <summary>The file name (or catalog id), used in messages and as the session-cache key.</summary>
    public string Name { get; }
    public string Path { get; }
    public ModelProto Model { get; }
    public ModelSpec? Spec { get; }
    /// <summary>What loading changed that a user should know (a half-precision model widened, for instance).</summary>
    public IReadOnlyList<string> Notes { get; }
    public ValidSizeRule ValidSize => Spec?.ValidSize ?? ValidSizeRule.Any;

    public static ImageClassifier Load(string path, ModelSpec? spec = null)
    {
        var name = System.IO.Path.GetFileName(path);
        var model = OnnxModelFile.Read(path);
        var notes = new List<string>();
        var normalized = ModelException.Guard(name, () => ModelNormalizer.Normalize(model, spec?.Input ?? InputSpec.ImageNetDefault, name, notes));
        return new ImageClassifier(name, System.IO.Path.GetFullPath(path), normalized, spec, notes);
    }

    /// <summary>Loads a catalog model by id, or a model file by path.</summary>
    public static ImageClassifier Load(ModelCatalog catalog, string idOrPath)
    {
        if (catalog.Find(idOrPath) is { } spec)
        {
            var path = catalog.PathOf(spec);
            if (!File.Exists(path))
                throw new ModelException($"Model '{spec.Id}' is in the catalog but its file '{path}' is missing. " +
                    (spec.Source?.Nuget is { } package ? $"It comes from the NuGet package {package}: rebuild to restore it." : "Install it first."));
            ModelFileCheck.Verify(path, spec);
            return Load(path, spec);
        }
        if (File.Exists(idOrPath))
            return Load(idOrPath);
        throw new ModelException($"Unknown model '{idOrPath}': not a catalog id ({string.Join(", ", catalog.Models.Select(m => m.Id))}) and no such file.");
    }

    /// <summary>The tensor behind a layer name: a catalog name such as layer3.1, or a tensor name of the graph.</summary>
    public string ResolveLayer(string layer)
    {
        if (Spec?.Layers.FirstOrDefault(l => string.Equals(l.Name, layer, StringComparison.OrdinalIgnoreCase)) is { } named)
            return named.Tensor;
        if (Model.Graph.Node.Any(n => n.Output.Contains(layer)))
            return layer;
        var known = Spec?.Layers.Select(l => l.Name).ToList() ?? [];
        throw new ModelException($"Model '{Name}' has no layer '{layer}'." +
            (known.Count > 0 ? $" Named layers: {string.Join(", ", known)}; any tensor name of the graph also works." : " Use a tensor name of the graph (see the layers command)."));
    }

    /// <summary>The stride of a target tensor relative to the image: from the catalog, else measured once.</summary>
    public int StrideOf(string tensor)
    {
        if (Spec?.Layers.FirstOrDefault(l => l.Tensor == tensor) is { } known)
            return known.Stride;
        lock (measuredStrides)
        {
            if (!measuredStrides.TryGetValue(tensor, out var stride))
                measuredStrides[tensor] = stride = Inference.LayerProbe.Measure(this, [tensor])[0]?.Stride
                    ?? throw new ModelException($"Layer '{tensor}' of model '{Name}' is not a 4-D feature map, so it cannot be dreamed with.");
            return stride;
        }
    }

    private readonly Dictionary<string, int> measuredStrides = new();
}
