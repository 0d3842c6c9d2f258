using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Core.Inference;

/// <summary>Chooses and configures ONNX Runtime execution providers, falling back to the CPU with a reason.</summary>
public static class ExecutionProviders
{
    /// <summary>The GPU provider that Auto tries first on this machine, or CPU: CUDA where this ONNX Runtime build has it, else DirectML on Windows.</summary>
    public static ExecutionDevice Resolve(ExecutionDevice requested)
    {
        if (requested != ExecutionDevice.Auto)
            return requested;
        if (Available().Contains("CUDAExecutionProvider"))
            return ExecutionDevice.Cuda;
        return OperatingSystem.IsWindows() ? ExecutionDevice.DirectML : ExecutionDevice.Cpu;
    }

    public static IReadOnlyList<string> Available()
    {
        try
        {
            return OrtEnv.Instance().GetAvailableProviders();
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or TypeInitializationException)
        {
            return [];
        }
    }

    /// <summary>The note given when a GPU provider could not start and the CPU is used in its place.</summary>
    public static string CpuFallbackNote(ExecutionDevice device, Exception reason) =>
        $"{device} could not start, so the CPU is used: {reason.Message.Split('\n')[0]}";

    /// <summary>
    /// The intra-op thread count: <paramref name="requested"/> when positive, else every logical
    /// processor (ONNX Runtime's own default counts physical cores, which leaves one of two vCPUs
    /// idle), less one for the host's UI when embedded.
    /// </summary>
    public static int Threads(HostProfile profile, int requested) =>
        requested > 0 ? requested
        : profile == HostProfile.Embedded ? Math.Max(1, Environment.ProcessorCount - 1)
        : Environment.ProcessorCount;

    /// <summary>The session configuration entries the profile adds.</summary>
    public static IReadOnlyDictionary<string, string> ConfigEntries(HostProfile profile) => profile switch
    {
        HostProfile.Embedded => new Dictionary<string, string>
        {
            ["session.intra_op.allow_spinning"] = "0",
            ["session.inter_op.allow_spinning"] = "0",
        },
        _ => new Dictionary<string, string>(),
    };

    /// <summary>Session options for the device and host; throws <see cref="ProviderUnavailableException"/> when the provider cannot be added.</summary>
    public static SessionOptions CreateOptions(ExecutionDevice device, int threads, HostProfile profile = HostProfile.Standalone)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Threads(profile, threads),
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
            foreach (var (key, value) in ConfigEntries(profile))
                options.AddSessionConfigEntry(key, value);
            switch (device)
            {
                case ExecutionDevice.DirectML:
                    // DirectML needs sequential execution without memory patterns.
                    options.EnableMemoryPattern = false;
                    options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
                    options.AppendExecutionProvider_DML(0);
                    break;
                case ExecutionDevice.Cuda:
                    options.AppendExecutionProvider_CUDA(0);
                    break;
            }
            return options;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            options.Dispose();
            throw new ProviderUnavailableException(device, e);
        }
    }
}

/// <summary>A GPU execution provider that this ONNX Runtime build or machine cannot start.</summary>
public sealed class ProviderUnavailableException(ExecutionDevice device, Exception inner)
    : Exception($"The {device} execution provider is not available: {FirstLine(inner.Message)}", inner)
{
    public ExecutionDevice Device { get; } = device;

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
