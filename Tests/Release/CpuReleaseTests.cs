using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using DeepDream.Tests.Installer;
using Xunit.Abstractions;

namespace DeepDream.Tests.Release;

/// <summary>build-release.ps1 -Cpu, run once for the tests of its zip, and unpacked.</summary>
public sealed class CpuRelease : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("deepdream-cpu-release-").FullName;
    public string Version { get; }
    public string Zip { get; }
    public string Unpacked => Path.Combine(Folder, "unpacked");
    public InstallScript.Result Build { get; }

    public CpuRelease()
    {
        Version = XDocument.Load(Path.Combine(InstallScript.RepositoryRoot, "Directory.Build.props")).Descendants("Version").Single().Value;
        Build = InstallScript.Pwsh(Path.Combine(InstallScript.RepositoryRoot, "build-release.ps1"), null, "-OutputDirectory", Path.Combine(Folder, "out"), "-Cpu");
        Zip = Path.Combine(Folder, "out", $"DeepDream-{Version}.zip");
        if (File.Exists(Zip))
            ZipFile.ExtractToDirectory(Zip, Unpacked);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <summary>The release zip with ONNX Runtime's CPU build, and install.ps1 run from it as a user without the .NET SDK would.</summary>
[Collection(PublishCollection.Name)]
public sealed class CpuReleaseTests(CpuRelease release, ITestOutputHelper log) : IClassFixture<CpuRelease>, IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("deepdream-release-install-").FullName;
    private string Plugin => Path.Combine(release.Unpacked, "DeepDream");

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private void AssertBuilt()
    {
        log.WriteLine($"build-release.ps1 -Cpu -> {release.Build.ExitCode}\n{release.Build.All}");
        Assert.Equal(0, release.Build.ExitCode);
        Assert.True(File.Exists(release.Zip), release.Zip);
    }

    /// <summary>
    /// Runs the unpacked release's install.ps1 with a PATH whose first dotnet only fails, and with
    /// Program Files and administrator rights as given.
    /// </summary>
    private InstallScript.Result Install(string script, string programFiles, bool elevated, params string[] args)
    {
        var bin = Directory.CreateDirectory(Path.Combine(scratch, "no-sdk")).FullName;
        File.WriteAllText(Path.Combine(bin, "dotnet"), "#!/bin/sh\necho \"the SDK was called: dotnet $*\" >&2\nexit 97\n");
        File.WriteAllText(Path.Combine(bin, "dotnet.cmd"), "@echo the SDK was called: dotnet %* 1>&2\r\n@exit /b 97\r\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(bin, "dotnet"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["ProgramFiles"] = programFiles,
            ["ProgramW6432"] = programFiles,
            ["ProgramFiles(x86)"] = programFiles,
            ["DEEPDREAM_ELEVATED"] = elevated ? "1" : "0",
        };
        var result = InstallScript.Pwsh(script, environment, args);
        log.WriteLine($"{script} {string.Join(' ', args)} (elevated: {elevated}) -> {result.ExitCode}\n{result.All}");
        return result;
    }

    private static Dictionary<string, string> Files(string folder) => Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void The_zip_holds_the_plugin_for_x64_and_ARM64_the_catalog_ResNet18_licences_a_readme_and_the_installer()
    {
        AssertBuilt();
        var files = Files(release.Unpacked);
        foreach (var file in new[]
        {
            "install.ps1", "README.txt", "VERSION.txt", "licences/THIRD-PARTY-NOTICES.txt",
            "DeepDream/DeepDreamEffect.dll", "DeepDream/DeepDreamEffect.deps.json", "DeepDream/DeepDream.Core.dll",
            "DeepDream/models/models.json", "DeepDream/models/imagenet-classes.txt", "DeepDream/models/ResNet18.onnx",
            "DeepDream/runtimes/win-x64/native/onnxruntime.dll", "DeepDream/runtimes/win-arm64/native/onnxruntime.dll",
        })
            Assert.Contains(file, files.Keys);
        Assert.All(files.Keys.Where(f => f.StartsWith("DeepDream/runtimes/", StringComparison.Ordinal)),
            f => Assert.Matches("^DeepDream/runtimes/win-(x64|arm64)/native/", f));
        Assert.DoesNotContain(files.Keys, f => Path.GetFileName(f).StartsWith("PaintDotNet", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files.Keys, f => Path.GetFileName(f).StartsWith("DirectML", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("CPU", File.ReadAllText(Path.Combine(release.Unpacked, "VERSION.txt")));
        Assert.Equal(File.ReadAllText(Path.Combine(InstallScript.RepositoryRoot, "install.ps1")), File.ReadAllText(Path.Combine(release.Unpacked, "install.ps1")));
        Assert.Contains("install.ps1", File.ReadAllText(Path.Combine(release.Unpacked, "README.txt")));

        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(Plugin, "models", "models.json")))!;
        var resnet = catalog["models"]!.AsArray().Single(m => (string)m!["id"]! == "resnet18")!;
        Assert.Equal((string)resnet["sha256"]!, files["DeepDream/models/ResNet18.onnx"].ToLowerInvariant());

        // Every package whose files the plugin holds has its licence beside the index.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(Plugin, "DeepDreamEffect.deps.json")));
        var packages = deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Where(l => l.Value.GetProperty("type").GetString() == "package").Select(l => l.Name.Split('/')[0])
            .Append("Microsoft.ML.DnnImageFeaturizer.ResNet18").ToList();
        Assert.Contains("Microsoft.ML.OnnxRuntime", packages);
        var index = File.ReadAllText(Path.Combine(release.Unpacked, "licences", "THIRD-PARTY-NOTICES.txt"));
        foreach (var package in packages)
        {
            Assert.Contains(package + " ", index);
            Assert.Contains(files.Keys, f => f.StartsWith($"licences/{package}/LICENSE", StringComparison.OrdinalIgnoreCase));
        }
        var protobuf = File.ReadAllText(Path.Combine(release.Unpacked, "licences", "Google.Protobuf", "LICENSE.txt"));
        Assert.Contains("BSD 3-Clause", protobuf);
        Assert.Contains("Google", protobuf);
    }

    [Fact]
    public void Installs_from_the_unpacked_zip_without_the_SDK_or_administrator_rights_and_uninstalls()
    {
        AssertBuilt();
        var effects = Directory.CreateDirectory(Path.Combine(scratch, "Documents", "paint.net App Files", "Effects")).FullName;
        var programFiles = Directory.CreateDirectory(Path.Combine(scratch, "Program Files")).FullName;
        File.WriteAllText(Path.Combine(effects, "OtherPlugin.dll"), "another plugin");

        // The PATH really has no working SDK: a clone, which must build, fails on it.
        var clone = Install(Path.Combine(InstallScript.RepositoryRoot, "install.ps1"), programFiles, elevated: false, "-Destination", effects);
        Assert.NotEqual(0, clone.ExitCode);
        Assert.Contains("the SDK was called", clone.All);
        Assert.False(Directory.Exists(Path.Combine(effects, "DeepDream")));

        var install = Install(Path.Combine(release.Unpacked, "install.ps1"), programFiles, elevated: false, "-Destination", effects);
        Assert.Equal(0, install.ExitCode);
        Assert.Contains("prebuilt", install.Output);
        Assert.DoesNotContain("the SDK was called", install.All);
        var installed = Files(Path.Combine(effects, "DeepDream"));
        Assert.True(installed.Remove(".deepdream-install"));
        Assert.Equal(Files(Plugin), installed);

        var uninstall = Install(Path.Combine(release.Unpacked, "install.ps1"), programFiles, elevated: false, "-Destination", effects, "-Uninstall");
        Assert.Equal(0, uninstall.ExitCode);
        Assert.Equal(["OtherPlugin.dll"], Directory.GetFileSystemEntries(effects).Select(Path.GetFileName));
    }

    [Fact]
    public void Paint_NET_s_folder_under_Program_Files_needs_administrator_rights()
    {
        AssertBuilt();
        var programFiles = Directory.CreateDirectory(Path.Combine(scratch, "Program Files")).FullName;
        var effects = Directory.CreateDirectory(Path.Combine(programFiles, "paint.net", "Effects")).FullName;
        var script = Path.Combine(release.Unpacked, "install.ps1");

        var refused = Install(script, programFiles, elevated: false, "-Destination", effects);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("administrator", refused.All);
        Assert.Contains("paint.net App Files", refused.All);
        Assert.Empty(Directory.GetFileSystemEntries(effects));

        Assert.Equal(0, Install(script, programFiles, elevated: true, "-Destination", effects).ExitCode);
        Assert.True(File.Exists(Path.Combine(effects, "DeepDream", "DeepDreamEffect.dll")));

        var keep = Install(script, programFiles, elevated: false, "-Destination", effects, "-Uninstall");
        Assert.NotEqual(0, keep.ExitCode);
        Assert.Contains("administrator", keep.All);
        Assert.True(File.Exists(Path.Combine(effects, "DeepDream", "DeepDreamEffect.dll")));

        Assert.Equal(0, Install(script, programFiles, elevated: true, "-Destination", effects, "-Uninstall").ExitCode);
        Assert.Empty(Directory.GetFileSystemEntries(effects));
    }
}
