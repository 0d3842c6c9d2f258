using System.Runtime.InteropServices;
using DeepDream.Core.Inference;

namespace DeepDream.Plugin;

/// <summary>
/// Windows has an older DirectML.dll in System32; ONNX Runtime needs the redistributable one that
/// ships beside it, so it is loaded by full path before the first DirectML session, and not
/// before: Paint.NET constructs every effect at start-up to build its menus.
/// </summary>
internal static class DirectMLLoader
{
    private static int requests;

    private static readonly Lazy<bool> Loaded = new(() =>
    {
        if (!OperatingSystem.IsWindows())
            return false;
        var path = LibraryPath(Path.GetDirectoryName(typeof(DirectMLLoader).Assembly.Location)!, RuntimeInformation.ProcessArchitecture);
        return File.Exists(path) && NativeLibrary.TryLoad(path, out _);
    });

    /// <summary>
    /// Where the plugin folder holds DirectML.dll for a process of this architecture; Plugin.csproj
    /// puts each architecture's copy there (Paint.NET 5 runs on x64 and ARM64).
    /// </summary>
    internal static string LibraryPath(string pluginFolder, Architecture architecture) =>
        Path.Combine(pluginFolder, "runtimes", architecture == Architecture.Arm64 ? "win-arm64" : "win-x64", "native", "DirectML.dll");

    /// <summary>How often a dream asked for the library, for tests.</summary>
    internal static int Requests => Volatile.Read(ref requests);

    /// <summary>Loads the library once, if the dream is about to run on DirectML.</summary>
    public static void BeforeDream(ExecutionDevice device)
    {
        if (DevicePolicy.Resolve(device) != ExecutionDevice.DirectML)
            return;
        Interlocked.Increment(ref requests);
        _ = Loaded.Value;
    }
}
