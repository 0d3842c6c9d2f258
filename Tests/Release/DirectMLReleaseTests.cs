using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using DeepDream.Plugin;
using DeepDream.Tests.Installer;
using Xunit.Abstractions;

namespace DeepDream.Tests.Release;

/// <summary>
/// build-release.ps1 with DirectML, restored from a local feed of stand-ins for ONNX Runtime's
/// DirectML packages (see <see cref="StandInPackages"/>), into a temporary NuGet packages folder.
/// </summary>
[Collection(PublishCollection.Name)]
public sealed class DirectMLReleaseTests(ITestOutputHelper log) : IDisposable
{
    private static readonly string[] Architectures = ["x64", "arm64"];
    private readonly string scratch = Directory.CreateTempSubdirectory("deepdream-dml-release-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private InstallScript.Result BuildRelease(string config, params string[] args)
    {
        var packages = Path.Combine(scratch, "packages");
        var result = InstallScript.Pwsh(Path.Combine(InstallScript.RepositoryRoot, "build-release.ps1"),
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, ["-NuGetConfig", config, .. args]);
        log.WriteLine($"build-release.ps1 {string.Join(' ', args)} -> {result.ExitCode}\n{result.All}");
        return result;
    }

    [Fact]
    public void The_plugin_folder_holds_DirectML_and_ONNX_Runtime_for_x64_and_ARM64_where_they_are_loaded_from()
    {
        var feed = Path.Combine(scratch, "feed");
        StandInPackages.Write(feed);
        var realCache = Path.Combine(StandInPackages.GlobalPackages, "microsoft.ai.directml", StandInPackages.DirectMLVersion);
        var realCacheHadIt = Directory.Exists(realCache);
        var output = Path.Combine(scratch, "out");

        var result = BuildRelease(StandInPackages.Config(scratch, feed), "-OutputDirectory", output);

        Assert.Equal(0, result.ExitCode);
        using var zip = ZipFile.OpenRead(Assert.Single(Directory.GetFiles(output, "DeepDream-*.zip")));
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName);
        string Text(string path)
        {
            using var reader = new StreamReader(Assert.Contains(path, entries).Open());
            return reader.ReadToEnd();
        }

        foreach (var architecture in Architectures)
        {
            var process = architecture == "arm64" ? Architecture.Arm64 : Architecture.X64;
            var loaderPath = DirectMLLoader.LibraryPath("DeepDream", process).Replace('\\', '/');
            Assert.Equal($"DeepDream/runtimes/win-{architecture}/native/DirectML.dll", loaderPath);
            Assert.Equal(StandInPackages.DirectMLLibrary(architecture), Text(loaderPath));
            Assert.Equal(StandInPackages.OnnxRuntimeLibrary(architecture), Text($"DeepDream/runtimes/win-{architecture}/native/onnxruntime.dll"));
        }

        // Nothing that Windows would look up by name and could find in System32 instead: every
        // native library is in a folder of its architecture, and the load context finds
        // onnxruntime.dll there through the .deps.json.
        Assert.Equal(Architectures.Select(a => $"DeepDream/runtimes/win-{a}/native/DirectML.dll").Order(),
            entries.Keys.Where(k => Path.GetFileName(k).StartsWith("DirectML", StringComparison.OrdinalIgnoreCase)).Order());
        Assert.DoesNotContain(entries.Keys, k => k.Count(c => c == '/') == 1 && Path.GetFileName(k).StartsWith("onnxruntime", StringComparison.Ordinal));
        Assert.All(entries.Keys.Where(k => k.StartsWith("DeepDream/runtimes/", StringComparison.Ordinal)),
            k => Assert.Matches("^DeepDream/runtimes/win-(x64|arm64)/native/", k));
        using var deps = JsonDocument.Parse(Text("DeepDream/DeepDreamEffect.deps.json"));
        var native = deps.RootElement.GetProperty("targets").EnumerateObject().Single().Value.EnumerateObject()
            .Where(p => p.Value.TryGetProperty("runtimeTargets", out _))
            .SelectMany(p => p.Value.GetProperty("runtimeTargets").EnumerateObject())
            .ToDictionary(t => t.Name, t => (Rid: t.Value.GetProperty("rid").GetString(), Type: t.Value.GetProperty("assetType").GetString()));
        foreach (var architecture in Architectures)
            Assert.Equal(($"win-{architecture}", "native"), native[$"runtimes/win-{architecture}/native/onnxruntime.dll"]);

        Assert.Contains("DirectML", Text("VERSION.txt"));
        Assert.Contains("licences/Microsoft.AI.DirectML/LICENSE.txt", entries.Keys);
        Assert.Contains("licences/Microsoft.ML.OnnxRuntime.DirectML/LICENSE", entries.Keys);
        Assert.Contains($"Microsoft.AI.DirectML {StandInPackages.DirectMLVersion} (DirectML.dll)", Text("licences/THIRD-PARTY-NOTICES.txt"));

        // The stand-ins were restored into the temporary packages folder, never into the user's.
        Assert.True(Directory.Exists(Path.Combine(scratch, "packages", "microsoft.ai.directml", StandInPackages.DirectMLVersion)));
        Assert.Equal(realCacheHadIt, Directory.Exists(realCache));
    }

    [Fact]
    public void Without_the_DirectML_packages_the_error_says_so_and_suggests_Cpu()
    {
        var empty = Directory.CreateDirectory(Path.Combine(scratch, "empty-feed")).FullName;
        var output = Path.Combine(scratch, "out");

        var result = BuildRelease(StandInPackages.Config(scratch, empty), "-OutputDirectory", output);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Microsoft.ML.OnnxRuntime.DirectML", result.All);
        Assert.Contains("-Cpu", result.All);
        Assert.Empty(Directory.GetFiles(output));
    }
}
