using System.IO.Compression;
using System.Text;
using DeepDream.Tests.Installer;

namespace DeepDream.Tests.Release;

/// <summary>
/// A local NuGet feed with stand-ins for ONNX Runtime's DirectML packages, which the NuGet server
/// here does not serve: the real packages' ids, versions, dependencies, folders and build files,
/// with DLLs whose few bytes of text name the package and the file, so a test can tell which file
/// landed where.
/// </summary>
/// <remarks>
/// <para>Microsoft.ML.OnnxRuntime.DirectML 1.23.0, as microsoft/onnxruntime's
/// tools/nuget/generate_nuspec_for_native_nuget.py lays it out: runtimes/win-{x64,x86,arm64}/native
/// with onnxruntime.dll, onnxruntime_providers_shared.dll and their .lib;
/// build/{native,netstandard2.0,netstandard2.1} with Microsoft.ML.OnnxRuntime.DirectML.props and
/// .targets, which are csharp/src/Microsoft.ML.OnnxRuntime/targets/netstandard/props.xml and
/// targets.xml, the same files as in the CPU package (taken from it here);
/// build/native/include/dml_provider_factory.h; LICENSE and ThirdPartyNotices.txt. Its
/// dependencies: Microsoft.ML.OnnxRuntime.Managed 1.23.0 and Microsoft.AI.DirectML 1.15.4 for
/// .NETCoreApp, .NETStandard and .NETFramework; Microsoft.AI.DirectML alone for native.</para>
/// <para>Microsoft.AI.DirectML 1.15.4: bin/{x64,x86,arm,arm64}-win with DirectML.dll,
/// DirectML.Debug.dll, DirectML.lib and DirectML.pdb; include/DirectML.h; LICENSE.txt,
/// ThirdPartyNotices.txt; build/Microsoft.AI.DirectML.props and .targets. Those build files are not
/// published as source, so the stand-in's do what they are documented to do (ONNX Runtime issue
/// 13429, onnxruntime-genai issue 855; the Microsoft_AI_DirectML_Skip* switches): copy the DLLs of
/// the build's platform to the output, and none when the platform is AnyCPU.</para>
/// <para>Microsoft.ML.OnnxRuntime.Managed 1.23.0 is not served here either; its stand-in carries the
/// managed assembly these tests run with, so that Core compiles.</para>
/// </remarks>
public static class StandInPackages
{
    public const string OnnxRuntimeVersion = "1.23.0";
    public const string DirectMLVersion = "1.15.4";
    public static readonly string[] Ids = ["Microsoft.ML.OnnxRuntime.DirectML", "Microsoft.AI.DirectML", "Microsoft.ML.OnnxRuntime.Managed"];

    /// <summary>The text a stand-in file holds: its package and path.</summary>
    public static string Content(string package, string path) => $"stand-in {package} {path}";

    public static string OnnxRuntimeLibrary(string architecture) =>
        Content("Microsoft.ML.OnnxRuntime.DirectML", $"runtimes/win-{architecture}/native/onnxruntime.dll");

    public static string DirectMLLibrary(string architecture) => Content("Microsoft.AI.DirectML", $"bin/{architecture}-win/DirectML.dll");

    /// <summary>Writes the three packages into the feed folder.</summary>
    public static void Write(string feed)
    {
        Directory.CreateDirectory(feed);
        var cpuPackage = LatestFolder("microsoft.ml.onnxruntime");
        var files = new Dictionary<string, byte[]>();
        foreach (var framework in new[] { "native", "netstandard2.0", "netstandard2.1" })
            foreach (var extension in new[] { "props", "targets" })
                files[$"build/{framework}/Microsoft.ML.OnnxRuntime.DirectML.{extension}"] =
                    File.ReadAllBytes(Path.Combine(cpuPackage, "build", "netstandard2.0", $"Microsoft.ML.OnnxRuntime.{extension}"));
        foreach (var architecture in new[] { "x64", "x86", "arm64" })
            foreach (var file in new[] { "onnxruntime.dll", "onnxruntime.lib", "onnxruntime_providers_shared.dll", "onnxruntime_providers_shared.lib" })
                files[$"runtimes/win-{architecture}/native/{file}"] = [];
        files["build/native/include/dml_provider_factory.h"] = [];
        files["LICENSE"] = [];
        files["ThirdPartyNotices.txt"] = [];
        Pack(feed, "Microsoft.ML.OnnxRuntime.DirectML", OnnxRuntimeVersion, "file", "LICENSE", $"""
            <group targetFramework=".NETCoreApp0.0">
              <dependency id="Microsoft.ML.OnnxRuntime.Managed" version="{OnnxRuntimeVersion}" />
              <dependency id="Microsoft.AI.DirectML" version="{DirectMLVersion}" />
            </group>
            <group targetFramework=".NETStandard0.0">
              <dependency id="Microsoft.ML.OnnxRuntime.Managed" version="{OnnxRuntimeVersion}" />
              <dependency id="Microsoft.AI.DirectML" version="{DirectMLVersion}" />
            </group>
            <group targetFramework=".NETFramework0.0">
              <dependency id="Microsoft.ML.OnnxRuntime.Managed" version="{OnnxRuntimeVersion}" />
              <dependency id="Microsoft.AI.DirectML" version="{DirectMLVersion}" />
            </group>
            <group targetFramework="native0.0">
              <dependency id="Microsoft.AI.DirectML" version="{DirectMLVersion}" />
            </group>
            """, files);

        files = new Dictionary<string, byte[]>
        {
            ["build/Microsoft.AI.DirectML.props"] = Encoding.UTF8.GetBytes("<Project />"),
            ["build/Microsoft.AI.DirectML.targets"] = Encoding.UTF8.GetBytes(DirectMLTargets),
            ["include/DirectML.h"] = [],
            ["LICENSE.txt"] = [],
            ["ThirdPartyNotices.txt"] = [],
        };
        foreach (var architecture in new[] { "x64", "x86", "arm", "arm64" })
            foreach (var file in new[] { "DirectML.dll", "DirectML.Debug.dll", "DirectML.lib", "DirectML.pdb" })
                files[$"bin/{architecture}-win/{file}"] = [];
        Pack(feed, "Microsoft.AI.DirectML", DirectMLVersion, "file", "LICENSE.txt", "", files);

        var managed = LatestFolder("microsoft.ml.onnxruntime.managed");
        files = new Dictionary<string, byte[]>
        {
            ["lib/net8.0/Microsoft.ML.OnnxRuntime.dll"] = File.ReadAllBytes(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location),
            ["build/netstandard2.0/Microsoft.ML.OnnxRuntime.Managed.targets"] =
                File.ReadAllBytes(Path.Combine(managed, "build", "netstandard2.0", "Microsoft.ML.OnnxRuntime.Managed.targets")),
            ["LICENSE.txt"] = [],
            ["ThirdPartyNotices.txt"] = [],
        };
        Pack(feed, "Microsoft.ML.OnnxRuntime.Managed", OnnxRuntimeVersion, "file", "LICENSE.txt", """
            <group targetFramework="net8.0">
              <dependency id="System.Memory" version="4.5.5" exclude="Build,Analyzers" />
              <dependency id="System.Numerics.Tensors" version="9.0.0" exclude="Build,Analyzers" />
            </group>
            <group targetFramework=".NETStandard2.0">
              <dependency id="System.Memory" version="4.5.5" exclude="Build,Analyzers" />
            </group>
            """, files);
    }

    /// <summary>
    /// A NuGet.config whose only sources are the stand-in feed, for the stand-ins' ids, and the
    /// user's global packages folder, for everything else the plugin needs (restored there by the
    /// ordinary build). Pair it with a temporary NUGET_PACKAGES folder, so that nothing under the
    /// real ids reaches the user's cache.
    /// </summary>
    public static string Config(string folder, string feed)
    {
        var path = Path.Combine(folder, "NuGet.config");
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="stand-ins" value="{feed}" />
                <add key="global-packages" value="{GlobalPackages}" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="stand-ins">
                  {string.Join("\n      ", Ids.Select(id => $"<package pattern=\"{id}\" />"))}
                </packageSource>
                <packageSource key="global-packages">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        return path;
    }

    /// <summary>The user's NuGet global packages folder, where the ordinary build restored everything.</summary>
    public static string GlobalPackages => globalPackages.Value;

    private static readonly Lazy<string> globalPackages = new(() =>
    {
        var result = InstallScript.Run(InstallScript.RepositoryRoot, InstallScript.DotnetHost, ["nuget", "locals", "global-packages", "--list"]);
        var line = result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("global-packages:", StringComparison.Ordinal));
        if (result.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"dotnet nuget locals global-packages --list: {result.All}");
        return line["global-packages:".Length..].Trim();
    });

    private static string LatestFolder(string id) =>
        Directory.GetDirectories(Path.Combine(GlobalPackages, id)).MaxBy(d => Version.TryParse(Path.GetFileName(d), out var v) ? v : new Version())
        ?? throw new DirectoryNotFoundException($"{id} is not in {GlobalPackages}; build the solution first.");

    private static void Pack(string feed, string id, string version, string licenceType, string licence, string dependencies, Dictionary<string, byte[]> files)
    {
        using var zip = ZipFile.Open(Path.Combine(feed, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        Add(zip, $"{id}.nuspec", Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>Microsoft</authors>
                <license type="{licenceType}">{licence}</license>
                <description>Stand-in for a test: the real package's layout, tiny files.</description>
                <copyright>© Microsoft Corporation. All rights reserved.</copyright>
                <dependencies>
            {dependencies}
                </dependencies>
              </metadata>
            </package>
            """));
        foreach (var (path, bytes) in files)
            Add(zip, path, bytes.Length > 0 ? bytes : Encoding.UTF8.GetBytes(Content(id, path)));
    }

    private static void Add(ZipArchive zip, string path, byte[] bytes)
    {
        using var entry = zip.CreateEntry(path).Open();
        entry.Write(bytes);
    }

    private const string DirectMLTargets = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project ToolsVersion="4.0" xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
          <PropertyGroup>
            <DirectMLPlatform Condition="'$(PlatformTarget)' == 'x64'">x64</DirectMLPlatform>
            <DirectMLPlatform Condition="'$(PlatformTarget)' == 'x86' or '$(PlatformTarget)' == 'Win32'">x86</DirectMLPlatform>
            <DirectMLPlatform Condition="'$(PlatformTarget)' == 'ARM'">arm</DirectMLPlatform>
            <DirectMLPlatform Condition="'$(PlatformTarget)' == 'ARM64' or '$(PlatformTarget)' == 'arm64'">arm64</DirectMLPlatform>
            <DirectMLBinPath>$(MSBuildThisFileDirectory)../bin/$(DirectMLPlatform)-win/</DirectMLBinPath>
          </PropertyGroup>
          <ItemGroup Condition="'$(DirectMLPlatform)' != '' and '$(Microsoft_AI_DirectML_SkipLibraryCopy)' != 'true'">
            <None Include="$(DirectMLBinPath)DirectML.dll" Link="DirectML.dll" CopyToOutputDirectory="PreserveNewest" Visible="false" />
          </ItemGroup>
          <ItemGroup Condition="'$(DirectMLPlatform)' != '' and '$(Microsoft_AI_DirectML_SkipDebugLayerCopy)' != 'true'">
            <None Include="$(DirectMLBinPath)DirectML.Debug.dll" Link="DirectML.Debug.dll" CopyToOutputDirectory="PreserveNewest" Visible="false" />
          </ItemGroup>
        </Project>
        """;
}
