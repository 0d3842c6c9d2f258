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

    /// <summary>Session options for the device; throws <see cref="ProviderUnavailableException"/> when the provider cannot be added.</summary>
    public static SessionOptions CreateOptions(ExecutionDevice device, int threads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // ONNX Runtime's own default counts physical cores, which leaves one of two vCPUs idle here.
            IntraOpNumThreads = threads > 0 ? threads : Environment.ProcessorCount,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        try
        {
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
