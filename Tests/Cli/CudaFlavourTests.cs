using System.Diagnostics;
using System.Reflection;
using DeepDream.Cli.Commands;
using DeepDream.Cli.Files;
using DeepDream.Core.Inference;
using DeepDream.Tests.Support;
using Xunit.Abstractions;

namespace DeepDream.Tests.Cli;

/// <summary>
/// The CLI built with -p:OnnxRuntimeFlavor=Cuda (Linux): it carries ONNX Runtime's CUDA build and
/// its managed API of the same version, and where CUDA cannot start it says so and uses the CPU.
/// The build goes into its own artifacts folder, away from the solution's bin/ and obj/.
/// </summary>
public sealed class CudaFlavourTests(ITestOutputHelper log) : IDisposable
{
    private const string CudaVersion = "1.31.0";

    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-cuda-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_cuda_build_carries_the_cuda_provider_and_falls_back_to_the_cpu_with_a_note()
    {
        var clock = Stopwatch.StartNew();
        var artifacts = Path.Combine(folder, "artifacts");
        // Hard links: the native libraries come to over 500 MB, and the NuGet cache already holds them.
        var build = Run("dotnet", "build", Path.Combine(RepositoryRoot, "Cli", "Cli.csproj"), "-c", "Debug", "-p:OnnxRuntimeFlavor=Cuda",
            "--artifacts-path", artifacts, "-p:CreateHardLinksForCopyLocalIfPossible=true", "-nodeReuse:false", "-nologo", "-v", "q");
        Assert.True(build.ExitCode == 0, build.Output + build.Error);
        log.WriteLine($"build: {clock.Elapsed.TotalSeconds:F1} s");

        var cli = Path.Combine(artifacts, "bin", "Cli", "debug");
        Assert.True(File.Exists(Path.Combine(cli, "runtimes", "linux-x64", "native", "libonnxruntime_providers_cuda.so")));
        Assert.Equal(Version.Parse(CudaVersion + ".0"), AssemblyName.GetAssemblyName(Path.Combine(cli, "Microsoft.ML.OnnxRuntime.dll")).Version);
        var deps = File.ReadAllText(Path.Combine(cli, "deepdream.deps.json"));
        Assert.Contains($"\"Microsoft.ML.OnnxRuntime.Gpu/{CudaVersion}\"", deps);
        Assert.DoesNotContain("\"Microsoft.ML.OnnxRuntime/", deps);

        var input = Path.Combine(folder, "crop.png");
        ImageFile.Write(TestData.Bytes(TestData.Crop(TestData.Photo("chelsea.png"), 100, 50, 224, 224)), input);
        var onCuda = Path.Combine(folder, "cuda.npy");
        clock.Restart();
        var run = Run("dotnet", Path.Combine(cli, "deepdream.dll"), "gradient", input, "-o", onCuda, "--layers", "layer3.1", "--device", "cuda");
        log.WriteLine($"gradient --device cuda: {clock.Elapsed.TotalSeconds:F1} s, exit code {run.ExitCode}\n{run.Error}");
        Assert.Equal(0, run.ExitCode);
        var (gradient, shape) = NpyReader.Read(onCuda);
        Assert.Equal([3L, 224, 224], shape);

        if (NvidiaDriverPresent)
        {
            Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
            return;
        }
        Assert.Contains(run.Error.Split('\n'), line => line.StartsWith("Cuda could not start, so the CPU is used: "));
        var onCpu = Path.Combine(folder, "cpu.npy");
        Assert.Equal(0, CliRunner.Run("gradient", input, "-o", onCpu, "--layers", "layer3.1", "--device", "cpu").ExitCode);
        var (expected, _) = NpyReader.Read(onCpu);
        var error = Math.Sqrt(gradient.Zip(expected, (a, b) => (a - b) * (a - b)).Sum() / expected.Sum(b => b * b));
        log.WriteLine($"relative L2 difference from the default build's CPU gradient: {error:E2}");
        Assert.True(error < 1e-4, $"relative L2 difference {error:E2}");
    }

    /// <summary>bench's forward pass where CUDA cannot start (this build has no CUDA, or no GPU is here): the dream sessions' fallback.</summary>
    [Fact]
    public void The_bench_forward_pass_falls_back_to_the_cpu_with_the_event()
    {
        if (NvidiaDriverPresent && ExecutionProviders.Available().Contains("CUDAExecutionProvider"))
            return;
        var fallbacks = new List<DeviceFallback>();
        var model = TestData.ResNet18;
        using var forward = new ForwardPass(model, [model.ResolveLayer("layer3.1")], ExecutionDevice.Cuda, fallbacks.Add);
        forward.Run(new float[3 * 224 * 224], 224);
        var fallback = Assert.Single(fallbacks);
        Assert.Equal((ExecutionDevice.Cuda, ExecutionDevice.Cpu, FallbackStage.StartUp), (fallback.From, fallback.To, fallback.Stage));
        Assert.StartsWith("Cuda could not start, so the CPU is used: ", fallback.Message);
    }

    /// <summary>Where the NVIDIA driver is present CUDA may start, and then there is no note to expect.</summary>
    private static bool NvidiaDriverPresent => File.Exists("/dev/nvidiactl");

    private static string RepositoryRoot
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "DeepDreamEffect.sln")))
                root = root.Parent;
            return root?.FullName ?? throw new DirectoryNotFoundException("The repository root was not found above the test folder.");
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish in 10 minutes");
        }
        return (process.ExitCode, output.Result, error.Result);
    }
}
