using System.Security.Cryptography;
using DeepDream.Core.Models;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Models;

/// <summary>models/models.json: every entry complete and consistent; the ResNet18 entry is the restored file.</summary>
public sealed class CatalogTests
{
    private static ModelCatalog Catalog => ModelCatalog.Default;

    public static TheoryData<string> Ids() => new(ModelCatalog.Default.Models.Select(m => m.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_entry_is_complete(string id)
    {
        var m = Catalog.Find(id)!;
        Assert.False(string.IsNullOrWhiteSpace(m.DisplayName));
        Assert.False(string.IsNullOrWhiteSpace(m.Description));
        Assert.False(string.IsNullOrWhiteSpace(m.Licence));
        Assert.Matches("^[^/\\\\]+\\.onnx$", m.File);
        Assert.True(m.Source is { Nuget: not null, Version: not null, Path: not null } or { Url: not null }, "a NuGet package or a download URL");
        Assert.Matches("^[0-9a-f]{64}$", m.Sha256!);
        Assert.True(m.SizeBytes > 1_000_000);
        Assert.NotNull(m.Input.Name);
        Assert.Equal("NCHW", m.Input.Layout);
        Assert.Contains(m.Input.ChannelOrder, new[] { "RGB", "BGR" });
        Assert.Equal(3, m.Input.Mean.Length);
        Assert.Equal(3, m.Input.Std.Length);
        Assert.All(m.Input.Std, s => Assert.True(s > 0));
        Assert.True(m.Input.Scale > 0);
        Assert.True(m.ValidSize.Nominal >= m.ValidSize.Minimum);
        Assert.NotEmpty(m.Layers);
        Assert.Equal(m.Layers.Count, m.Layers.Select(l => l.Name).Distinct().Count());
        Assert.All(m.Layers, l => Assert.True(l.Stride is 1 or 2 or 4 or 8 or 16 or 32 && l.Channels > 0 && l.Tensor.Length > 0));
        var names = m.Layers.Select(l => l.Name).ToHashSet();
        Assert.Equal(["Objects", "Parts", "Patterns", "Textures"], m.Bands.Keys.Order());
        Assert.All(m.Bands.Values, layer => Assert.Contains(layer, names));
        Assert.NotEmpty(m.DefaultWeights);
        Assert.All(m.DefaultWeights, w => Assert.True(names.Contains(w.Key) && w.Value > 0));
        var settings = new Core.Dreaming.DreamSettings
        {
            Objective = Objective.Layers(m.DefaultWeights),
            Octaves = m.Recommended.Octaves,
            OctaveScale = m.Recommended.OctaveScale,
            Iterations = m.Recommended.Iterations,
            Step = m.Recommended.Step,
            MaxLoss = m.Recommended.MaxLoss,
            Jitter = m.Recommended.Jitter,
        };
        settings.Validate();
    }

    [Fact]
    public void The_resnet18_entry_is_the_file_restored_from_nuget()
    {
        var spec = Catalog.Find("resnet18")!;
        var path = Catalog.PathOf(spec);
        Assert.True(File.Exists(path), path);
        Assert.Equal(spec.SizeBytes, new FileInfo(path).Length);
        using var stream = File.OpenRead(path);
        Assert.Equal(spec.Sha256, Convert.ToHexStringLower(SHA256.HashData(stream)));
        foreach (var layer in spec.Layers)
            Assert.Equal(layer.Tensor, TestData.ResNet18.ResolveLayer(layer.Name));
    }
}
