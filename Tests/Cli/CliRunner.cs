using System.Diagnostics;

namespace DeepDream.Tests.Cli;

/// <summary>Runs the built deepdream CLI as a separate process, as a user would.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args) => Run(args, interruptAfter: null);

    /// <summary>Runs the CLI; with <paramref name="interruptAfter"/>, sends it SIGINT (Ctrl+C) after that long.</summary>
    public static Result Run(string[] args, TimeSpan? interruptAfter)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "deepdream.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (interruptAfter is { } delay)
        {
            Thread.Sleep(delay);
            Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        }
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"deepdream {string.Join(' ', args)} did not finish in 3 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
