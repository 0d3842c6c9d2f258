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
        var folder = Path.GetDirectoryName(typeof(DirectMLLoader).Assembly.Location)!;
        var architecture = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "arm64" : "x64";
        return new[] { Path.Combine(folder, "DirectML.dll"), Path.Combine(folder, "runtimes", $"win-{architecture}", "native", "DirectML.dll") }
            .Any(path => File.Exists(path) && NativeLibrary.TryLoad(path, out _));
    });

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
