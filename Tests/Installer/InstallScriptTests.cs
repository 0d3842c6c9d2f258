using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace DeepDream.Tests.Installer;

/// <summary>install.ps1 into a temporary Effects folder, under PowerShell 7.</summary>
[Collection(PublishCollection.Name)]
public sealed class InstallScriptTests(ITestOutputHelper log) : IDisposable
{
    private readonly string effects = Directory.CreateTempSubdirectory("deepdream-effects-").FullName;
    private readonly string scratch = Directory.CreateTempSubdirectory("deepdream-install-scratch-").FullName;
    private string Plugin => Path.Combine(effects, "DeepDream");

    public void Dispose()
    {
        Directory.Delete(effects, recursive: true);
        Directory.Delete(scratch, recursive: true);
    }

    private InstallScript.Result Install(params string[] args)
    {
        var result = InstallScript.Install(["-Destination", effects, .. args]);
        log.WriteLine($"install.ps1 {string.Join(' ', args)} -> {result.ExitCode}\n{result.All}");
        return result;
    }

    private Dictionary<string, string> Snapshot() => Directory.GetFiles(effects, "*", SearchOption.AllDirectories)
        .ToDictionary(f => Path.GetRelativePath(effects, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void Install_twice_then_uninstall()
    {
        File.WriteAllText(Path.Combine(effects, "OtherPlugin.dll"), "another plugin");
        var before = Snapshot();

        Assert.Equal(0, Install().ExitCode);
        foreach (var file in new[] { "DeepDreamEffect.dll", "DeepDreamEffect.deps.json", "DeepDream.Core.dll", "models/models.json", "models/ResNet18.onnx", ".deepdream-install" })
            Assert.True(File.Exists(Path.Combine(Plugin, file)), file);
        Assert.Empty(Directory.GetFiles(effects, "PaintDotNet*.dll", SearchOption.AllDirectories));
        var installed = Snapshot();

        var again = Install();
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(installed.Keys.Order(), Snapshot().Keys.Order());
        Assert.Contains("Restart Paint.NET", again.Output);

        Assert.Equal(0, Install("-Uninstall").ExitCode);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public void WhatIf_changes_nothing()
    {
        var before = Snapshot();
        var result = Install("-WhatIf", "-Model", "googlenet");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("What if", result.All);
        Assert.Equal(before, Snapshot());
        Assert.False(Directory.Exists(Plugin));
    }

    [Fact]
    public void A_folder_the_installer_did_not_create_is_neither_replaced_nor_removed()
    {
        Directory.CreateDirectory(Plugin);
        File.WriteAllText(Path.Combine(Plugin, "mine.txt"), "keep me");
        var install = Install();
        Assert.NotEqual(0, install.ExitCode);
        Assert.Contains("-Force", install.All);
        var uninstall = Install("-Uninstall");
        Assert.NotEqual(0, uninstall.ExitCode);
        Assert.True(File.Exists(Path.Combine(Plugin, "mine.txt")));
    }

    [Fact]
    public void A_missing_effects_folder_is_a_clear_error()
    {
        var result = InstallScript.Install("-Destination", Path.Combine(effects, "no-such-folder"));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("does not exist", result.All);
    }

    [Fact]
    public void A_model_download_is_checked_and_a_bad_one_leaves_nothing_behind()
    {
        var fake = Path.Combine(scratch, "googlenet.onnx");
        File.WriteAllBytes(fake, RandomNumberGenerator.GetBytes(2_000_000));
        var good = Catalog(fake, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(fake))));
        var bad = Catalog(fake, new string('0', 64));
        var model = Path.Combine(Plugin, "models", "googlenet-12.onnx");

        var refused = Install("-Model", "googlenet", "-Catalog", bad);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("SHA-256", refused.All);
        Assert.False(File.Exists(model));
        Assert.Empty(Directory.GetFiles(Path.Combine(Plugin, "models"), "*.partial"));

        var accepted = Install("-Model", "googlenet", "-Catalog", good);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Equal(File.ReadAllBytes(fake), File.ReadAllBytes(model));
    }

    /// <summary>A copy of the catalog whose GoogLeNet entry points at a local file through a file:// URL.</summary>
    private string Catalog(string file, string sha256)
    {
        var catalog = JsonNode.Parse(File.ReadAllText(Path.Combine(InstallScript.RepositoryRoot, "models", "models.json")))!;
        var entry = catalog["models"]!.AsArray().Single(m => (string)m!["id"]! == "googlenet")!;
        entry["source"] = new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri };
        entry["sha256"] = sha256;
        entry["sizeBytes"] = new FileInfo(file).Length;
        var path = Path.Combine(scratch, $"catalog-{sha256[..8]}.json");
        File.WriteAllText(path, catalog.ToJsonString());
        return path;
    }
}
