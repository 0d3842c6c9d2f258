using System.Runtime.InteropServices;

namespace DeepDream.Plugin;

/// <summary>
/// Windows has an older DirectML.dll in System32; ONNX Runtime needs the redistributable one that
/// ships beside it, so it is loaded by full path before the first DirectML session.
/// </summary>
internal static class DirectMLLoader
{
    private static readonly Lazy<bool> Loaded = new(() =>
    {
        if (!OperatingSystem.IsWindows())
            return false;
        var folder = Path.GetDirectoryName(typeof(DirectMLLoader).Assembly.Location)!;
        var architecture = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return new[] { Path.Combine(folder, "DirectML.dll"), Path.Combine(folder, "runtimes", $"win-{architecture}", "native", "DirectML.dll") }
            .Any(path => File.Exists(path) && NativeLibrary.TryLoad(path, out _));
    });

    public static bool EnsureLoaded() => Loaded.Value;
}
