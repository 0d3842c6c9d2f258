using System.Globalization;
using System.Text;
using DeepDream.Core.Caching;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx.Normalization;
using Onnx;

namespace DeepDream.Core.Onnx;

/// <summary>
/// A classifier loaded and normalised (see <see cref="ModelNormalizer"/>), with its catalog entry if it has one.
/// Loaded with a <see cref="DiskCache"/>, a file that loaded before (the same path, size and time
/// stamp) is parsed only when something needs its graph, which a dream graph found in the cache does not.
/// </summary>
public sealed class ImageClassifier
{
    private readonly Lazy<ModelProto> model;

    private ImageClassifier(string name, string path, Lazy<ModelProto> model, ModelSpec? spec, IReadOnlyList<string> notes, DiskCache? cache, string? cacheKey)
    {
        Name = name;
        Path = path;
        this.model = model;
        Spec = spec;
        Notes = notes;
        Cache = cache;
        CacheKey = cacheKey;
    }

    /// <summary>The file name (or catalog id), used in messages and as the session-cache key.</summary>
    public string Name { get; }
    public string Path { get; }
    public ModelProto Model => model.Value;
    public ModelSpec? Spec { get; }
    /// <summary>What loading changed that a user should know (a half-precision model widened, for instance).</summary>
    public IReadOnlyList<string> Notes { get; }
    public ValidSizeRule ValidSize => Spec?.ValidSize ?? ValidSizeRule.Any;

    /// <summary>Where graphs built from this model are kept between runs; null: nowhere.</summary>
    public DiskCache? Cache { get; }
    /// <summary>What the normalised model depends on: the file's SHA-256 and the input convention folded into it. Null without a cache.</summary>
    internal string? CacheKey { get; }
    internal bool IsParsed => model.IsValueCreated;

    public static ImageClassifier Load(string path, ModelSpec? spec = null) => Load(path, spec, DiskCache.Default);

    public static ImageClassifier Load(string path, ModelSpec? spec, DiskCache? cache)
    {
        var name = System.IO.Path.GetFileName(path);
        var input = spec?.Input ?? InputSpec.ImageNetDefault;
        var file = new FileInfo(path);
        if (cache is null || !ModelFileCheck.IsSettled(file))
        {
            var notes = new List<string>();
            var normalized = Normalize(OnnxModelFile.Read(path), input, name, notes);
            return new ImageClassifier(name, file.FullName, new Lazy<ModelProto>(normalized), spec, notes, null, null);
        }

        var key = $"{ModelFileCheck.Sha256(file, cache)}\n{Describe(input)}";
        var notesKey = $"notes\n{key}";
        if (cache.Read(notesKey) is { } stored)
        {
            var lazy = new Lazy<ModelProto>(() => Normalize(ReadUnchanged(file), input, name, null));
            return new ImageClassifier(name, file.FullName, lazy, spec, DecodeNotes(stored), cache, key);
        }
        var loadNotes = new List<string>();
        var loaded = Normalize(ReadUnchanged(file), input, name, loadNotes);
        cache.Write(notesKey, Encoding.UTF8.GetBytes(string.Join('\n', loadNotes)));
        return new ImageClassifier(name, file.FullName, new Lazy<ModelProto>(loaded), spec, loadNotes, cache, key);
    }

    /// <summary>Loads a catalog model by id, or a model file by path.</summary>
    public static ImageClassifier Load(ModelCatalog catalog, string idOrPath) => Load(catalog, idOrPath, DiskCache.Default);

    public static ImageClassifier Load(ModelCatalog catalog, string idOrPath, DiskCache? cache)
    {
        if (catalog.Find(idOrPath) is { } spec)
        {
            var path = catalog.PathOf(spec);
            if (!File.Exists(path))
                throw new ModelException($"Model '{spec.Id}' is in the catalog but its file '{path}' is missing. " +
                    (spec.Source?.Nuget is { } package ? $"It comes from the NuGet package {package}: rebuild to restore it." : "Install it first."));
            ModelFileCheck.Verify(path, spec, cache);
            return Load(path, spec, cache);
        }
        if (File.Exists(idOrPath))
            return Load(idOrPath, null, cache);
        throw new ModelException($"Unknown model '{idOrPath}': not a catalog id ({string.Join(", ", catalog.Models.Select(m => m.Id))}) and no such file.");
    }

    private static ModelProto Normalize(ModelProto model, InputSpec input, string name, List<string>? notes) =>
        ModelException.Guard(name, () => ModelNormalizer.Normalize(model, input, name, notes));

    /// <summary>
    /// Reads the file whose size and time stamp <paramref name="file"/> holds (those its hash and
    /// cache key were made from), so that nothing built from another content is stored under that key.
    /// </summary>
    private static ModelProto ReadUnchanged(FileInfo file)
    {
        var model = OnnxModelFile.Read(file.FullName);
        var now = new FileInfo(file.FullName);
        if (!now.Exists || now.Length != file.Length || now.LastWriteTimeUtc != file.LastWriteTimeUtc)
            throw new ModelException($"Model file '{file.FullName}' changed after it was loaded: load the model again.");
        return model;
    }

    private static string Describe(InputSpec input) => string.Join('|',
        input.Name, input.Layout, input.ChannelOrder, Number(input.Scale),
        string.Join(',', input.Mean.Select(Number)), string.Join(',', input.Std.Select(Number)));

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string[] DecodeNotes(byte[] stored) =>
        stored.Length == 0 ? [] : Encoding.UTF8.GetString(stored).Split('\n');

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
    public int StrideOf(string tensor) =>
        Spec?.Layers.FirstOrDefault(l => l.Tensor == tensor) is { } known ? known.Stride : Measured(tensor).Stride;

    /// <summary>The channel count of a target tensor: from the catalog, else measured once.</summary>
    public int ChannelsOf(string tensor) =>
        Spec?.Layers.FirstOrDefault(l => l.Tensor == tensor) is { } known ? known.Channels : Measured(tensor).Channels;

    private (int Channels, int Stride) Measured(string tensor)
    {
        lock (measured)
        {
            if (!measured.TryGetValue(tensor, out var shape))
                measured[tensor] = shape = Inference.LayerProbe.Measure(this, [tensor])[0]
                    ?? throw new ModelException($"Layer '{tensor}' of model '{Name}' is not a 4-D feature map, so it cannot be dreamed with.");
            return shape;
        }
    }

    private readonly Dictionary<string, (int Channels, int Stride)> measured = new();
}
