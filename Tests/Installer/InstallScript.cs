using System.Diagnostics;

namespace DeepDream.Tests.Installer;

/// <summary>Runs install.ps1 and build-release.ps1 under PowerShell 7 (the repository's local dotnet tool), as a Windows user would run them.</summary>
public static class InstallScript
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string All => Output + Error;
    }

    /// <summary>The dotnet executable running the tests, so that a test may take dotnet off the PATH of what it runs.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static readonly Lazy<string> Root = new(() =>
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "install.ps1")))
            folder = folder.Parent;
        var root = folder?.FullName ?? throw new DirectoryNotFoundException("install.ps1 was not found above the test folder.");
        var restore = Run(root, DotnetHost, ["tool", "restore"]);
        if (restore.ExitCode != 0)
            throw new InvalidOperationException($"dotnet tool restore failed: {restore.All}");
        return root;
    });

    public static string RepositoryRoot => Root.Value;

    public static Result Install(params string[] args) => Pwsh(Path.Combine(RepositoryRoot, "install.ps1"), null, args);

    /// <summary>Runs a script (any path; the tool manifest is found from the repository root) with extra environment variables.</summary>
    public static Result Pwsh(string script, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Run(RepositoryRoot, DotnetHost, ["pwsh", "-NoLogo", "-NoProfile", "-NonInteractive", "-File", script, .. args], environment);

    public static Result Run(string folder, string program, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

/// <summary>Tests that build the plugin with dotnet publish run one at a time: they share the build folders.</summary>
[CollectionDefinition(Name)]
public sealed class PublishCollection
{
    public const string Name = "dotnet publish";
}
