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

    [Fact]
    public void The_plugin_references_only_paint_net_members_that_paint_net_has()
    {
        var listing = SignatureListing.Load(TestData.Path("api-5.1.9-signatures.txt"));
        using var stream = File.OpenRead(PluginAssembly);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var problems = new List<string>();
        var checkedReferences = 0;
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (ParentType(metadata, member.Parent) is not { } type || !type.StartsWith("PaintDotNet."))
                continue;
            checkedReferences++;
            var name = metadata.GetString(member.Name);
            if (!listing.Types.TryGetValue(type, out var entry))
                problems.Add($"{type}: not a type of Paint.NET 5.1.9");
            else if (name == "<Clone>$" ? !entry.Declaration.Contains(" record ") : !entry.Members.Any(m => Declares(m, name, type)))
                problems.Add($"{type}.{name}: not a member of Paint.NET 5.1.9");
        }
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            var full = $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}".Replace('`', '-');
            if (full.StartsWith("PaintDotNet.") && !listing.Types.ContainsKey(full))
                problems.Add($"{full}: not a type of Paint.NET 5.1.9");
        }
        output.WriteLine($"{checkedReferences} member references to Paint.NET checked");
        Assert.True(checkedReferences > 20);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
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

    /// <summary>
    /// Whether a listing line declares a member that metadata names <paramref name="name"/>
    /// (accessors, constructors and operators included). A record's clone method, which `with`
    /// calls, has no C# name and is not listed; records have it.
    /// </summary>
    private static bool Declares(string line, string name, string type)
    {
        var simple = type.Split('.')[^1].Split('-')[0];
        var candidates = name switch
        {
            ".ctor" => [$" {simple}("],
            "op_Equality" => ["operator =="],
            "op_Inequality" => ["operator !="],
            _ when name.StartsWith("get_") || name.StartsWith("set_") => [$" {name[4..]} {{", name[4..] == "Item" ? " this[" : "\u0000"],
            _ when name.StartsWith("add_") || name.StartsWith("remove_") => [$" {name[(name.IndexOf('_') + 1)..]}"],
            _ => new[] { $" {name}(", $" {name}<" },
        };
        return candidates.Any(c => line.Contains(c, StringComparison.Ordinal));
    }

    private static string? ParentType(MetadataReader metadata, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => TypeName(metadata, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => GenericTypeName(metadata, metadata.GetTypeSpecification((TypeSpecificationHandle)parent)),
        _ => null,
    };

    private static string TypeName(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var reference = metadata.GetTypeReference(handle);
        return $"{metadata.GetString(reference.Namespace)}.{metadata.GetString(reference.Name)}".Replace('`', '-');
    }

    /// <summary>The generic type definition behind a type specification such as BitmapEffect`1&lt;Token&gt;.</summary>
    private static string? GenericTypeName(MetadataReader metadata, TypeSpecification spec)
    {
        var blob = metadata.GetBlobReader(spec.Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance)
            return null;
        blob.ReadSignatureTypeCode();
        var handle = blob.ReadTypeHandle();
        return handle.Kind == HandleKind.TypeReference ? TypeName(metadata, (TypeReferenceHandle)handle) : null;
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
