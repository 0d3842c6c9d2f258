using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Core.Inference;

/// <summary>Configures ONNX Runtime execution providers (which one, and when to fall back, is <see cref="DevicePolicy"/>'s).</summary>
public static class ExecutionProviders
{
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

    /// <summary>Session options for the provider and host; throws <see cref="ProviderUnavailableException"/> when the provider cannot be added.</summary>
    /// <param name="adapter">DirectML's adapter (<see cref="GpuAdapter.Index"/>); CUDA runs on its device 0.</param>
    public static SessionOptions CreateOptions(ExecutionDevice device, int threads, HostProfile profile = HostProfile.Standalone, int adapter = 0)
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
                    options.AppendExecutionProvider_DML(adapter);
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
