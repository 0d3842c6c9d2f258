using System.Diagnostics;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using DeepDream.Tests.Sdk;
using DeepDream.Tests.Support;
using PaintDotNet.Effects;
using PaintDotNet.HostEmulator;
using PaintDotNet.Imaging;
using PaintDotNet.PropertySystem;
using Xunit.Abstractions;

namespace DeepDream.Tests.Plugin;

/// <summary>
/// Paint.NET's DLLs are never shipped, the plugin binds only to API that Paint.NET 5.1.9 has, and
/// the emulator catches an effect that writes to the source.
/// </summary>
[Collection(DeepDream.Tests.Installer.PublishCollection.Name)]
public sealed class PackagingTests(ITestOutputHelper output)
{
    private static string PluginAssembly => typeof(DeepDream.Plugin.DeepDreamEffect).Assembly.Location;

    /// <summary>The plugin project's own build folder (bin/CONFIG/net9.0), found from this test build's configuration.</summary>
    private static string PluginBuildFolder
    {
        get
        {
            var testFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testFolder.Parent!.Name;
            return Path.Combine(RepositoryRoot, "Plugin", "bin", configuration, "net9.0");
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            var folder = new DirectoryInfo(AppContext.BaseDirectory);
            while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DeepDreamEffect.sln")))
                folder = folder.Parent;
            return folder?.FullName ?? throw new DirectoryNotFoundException("The repository root was not found above the test folder.");
        }
    }

    [Fact]
    public void No_paint_net_assembly_is_in_the_build_output_or_its_deps_json()
    {
        Assert.True(File.Exists(Path.Combine(PluginBuildFolder, "DeepDreamEffect.dll")), PluginBuildFolder);
        Assert.Empty(Directory.GetFiles(PluginBuildFolder, "PaintDotNet*.dll", SearchOption.AllDirectories));
        Assert.DoesNotContain("PaintDotNet", File.ReadAllText(Path.Combine(PluginBuildFolder, "DeepDreamEffect.deps.json")));
    }

    [Fact]
    public async Task No_paint_net_assembly_is_in_the_publish_output()
    {
        var publish = Directory.CreateTempSubdirectory("deepdream-publish-").FullName;
        try
        {
            var start = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepositoryRoot, "Plugin", "Plugin.csproj"), "-o", publish, "--nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var log = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token);
            output.WriteLine(await log + await errors);
            Assert.Equal(0, process.ExitCode);
            Assert.True(File.Exists(Path.Combine(publish, "DeepDreamEffect.dll")));
            Assert.True(File.Exists(Path.Combine(publish, "models", "ResNet18.onnx")));
            Assert.Empty(Directory.GetFiles(publish, "PaintDotNet*.dll", SearchOption.AllDirectories));
            Assert.DoesNotContain("PaintDotNet", File.ReadAllText(Path.Combine(publish, "DeepDreamEffect.deps.json")));
        }
        finally
        {
            Directory.Delete(publish, recursive: true);
        }
    }

    /// <summary>
    /// Every reference to a Paint.NET member must bind to Paint.NET 5.1.9's member of that name,
    /// parameter types, return type and in/ref: a name alone would let an overload or a changed
    /// return type through, which fails only when Paint.NET loads the plugin. A record's clone
    /// method, which `with` calls, has no C# name and is not listed; records have it.
    /// </summary>
    [Fact]
    public void The_plugin_references_only_paint_net_members_that_paint_net_has_with_their_full_signatures()
    {
        var listing = SignatureListing.Load(TestData.Path("api-5.1.9-signatures.txt"));
        using var stream = File.OpenRead(PluginAssembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var problems = new List<string>();
        var references = ReferenceSignatures.Read(metadata).Where(r => r.Type.StartsWith("PaintDotNet.")).ToList();
        foreach (var reference in references)
        {
            if (!listing.Types.TryGetValue(reference.Type, out var entry))
                problems.Add($"{reference.Type}: not a type of Paint.NET 5.1.9");
            else if (reference.Name == "<Clone>$" ? !entry.Declaration.Contains(" record ") : !ReferenceSignatures.Declares(entry, reference))
                problems.Add($"{reference.Type}: '{reference.Signature}' is not a member of Paint.NET 5.1.9");
        }
        foreach (var handle in metadata.TypeReferences)
        {
            var full = ReferenceSignatures.TypeName(metadata, handle);
            if (full.StartsWith("PaintDotNet.") && !listing.Types.ContainsKey(full))
                problems.Add($"{full}: not a type of Paint.NET 5.1.9");
        }
        foreach (var reference in references)
            output.WriteLine($"{reference.Type}: {reference.Signature}");
        Assert.True(references.Count > 20);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_reference_matches_only_the_signature_paint_net_declares()
    {
        var listing = SignatureListing.Load(TestData.Path("api-5.1.9-signatures.txt"));
        bool Declares(string type, string name, string signature) =>
            ReferenceSignatures.Declares(listing.Types[type], new ReferenceSignatures.Reference(type, name, signature));

        Assert.True(Declares("PaintDotNet.Effects.BitmapEffect", "OnRender", "void OnRender(IBitmapEffectOutput)"));
        Assert.False(Declares("PaintDotNet.Effects.BitmapEffect", "OnRender", "bool OnRender(IBitmapEffectOutput)"));
        Assert.False(Declares("PaintDotNet.Effects.BitmapEffect", "OnRender", "void OnRender(IBitmapEffectOutput, int)"));
        Assert.True(Declares("PaintDotNet.Effects.BitmapEffect-1", "OnSetToken", "void OnSetToken(!0)"));
        Assert.True(Declares("PaintDotNet.Effects.IBitmapEffectOutput", "Lock", "IBitmapLock Lock(in PixelFormat)"));
        Assert.False(Declares("PaintDotNet.Effects.IBitmapEffectOutput", "Lock", "IBitmapLock Lock(PixelFormat)"));
        Assert.True(Declares("PaintDotNet.Imaging.BitmapLockExtensions", "AsRegionPtr", "RegionPtr<!!0> AsRegionPtr<!!0>(IBitmapLock<!!0>)"));
        Assert.True(Declares("PaintDotNet.RegionPtr-1", "get_Item", "ref !0 this[int, int] { get;"));
        Assert.False(Declares("PaintDotNet.RegionPtr-1", "get_Item", "!0 this[int, int] { get;"));
        Assert.True(Declares("PaintDotNet.Effects.IBitmapEffectOutput", "get_Bounds", "RectInt32 Bounds { get;"));
        Assert.False(Declares("PaintDotNet.Effects.IBitmapEffectOutput", "get_Bounds", "SizeInt32 Bounds { get;"));
        Assert.False(Declares("PaintDotNet.Effects.IBitmapEffectOutput", "set_Bounds", "RectInt32 Bounds { set;"));
        Assert.True(Declares("PaintDotNet.Imaging.IBitmapSource", "CopyPixels", "void CopyPixels(void*, int, uint, in RectInt32?)"));
        Assert.False(Declares("PaintDotNet.Imaging.IBitmapSource", "CopyPixels", "void CopyPixels(void*, int, uint, in RectInt32)"));
    }

    [Fact]
    public void The_emulator_catches_an_effect_that_writes_to_the_source()
    {
        using var layer = PluginHost.Layer(TestData.Crop(TestData.Photo("chelsea.png"), 0, 0, 64, 64));
        using var host = new EffectHost(new VandalEffect(), layer);
        host.SetToken(host.CreatePropertyCollection());
        var e = Assert.Throws<InvalidOperationException>(() => host.Render());
        Assert.Contains("source", e.Message);
    }

    private sealed class VandalEffect() : PropertyBasedBitmapEffect("Vandal", null, BitmapEffectOptions.Create())
    {
        protected override PropertyCollection OnCreatePropertyCollection() => new([]);

        protected override unsafe void OnRender(IBitmapEffectOutput output)
        {
            using var source = Environment.GetSourceBitmapBgra32();
            using var locked = source.Lock(output.Bounds);
            locked.AsRegionPtr()[0, 0] = new ColorBgra32(1, 2, 3, 4);
        }
    }
}
