using System.Runtime.CompilerServices;
using DeepDream.Core.Caching;

namespace DeepDream.Tests.Support;

/// <summary>
/// Points the engine's default cache (and that of the CLI processes the tests start) at a folder
/// of this test run, so that tests neither read nor fill the user's.
/// </summary>
internal static class CacheFolder
{
#pragma warning disable CA2255 // The setting must be in place before any test touches the default cache.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void UseTemporaryFolder()
    {
        var folder = Directory.CreateTempSubdirectory("deepdream-cache-").FullName;
        Environment.SetEnvironmentVariable(DiskCache.EnvironmentVariable, folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
