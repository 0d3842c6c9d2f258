using DeepDream.Core.Onnx.DreamGraph;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Core.Inference;

/// <summary>What decides Auto and GPU: the operating system, and whether this ONNX Runtime build has CUDA.</summary>
public readonly record struct DevicePlatform(bool IsWindows, bool HasCuda)
{
    private static readonly Lazy<DevicePlatform> Here = new(() =>
        new(OperatingSystem.IsWindows(), ExecutionProviders.Available().Contains("CUDAExecutionProvider")));

    public static DevicePlatform Current => Here.Value;
}

/// <summary>
/// The one place that decides where a dream runs: what the user's choice (Auto, GPU, CPU, or a
/// provider by name) means on this platform, and when a GPU provider gives way to the CPU, at
/// start-up or in the middle of a dream, with a <see cref="DeviceFallback"/> reported each time.
/// The DirectML adapter is the caller's <see cref="GpuAdapter"/>.
/// </summary>
public static class DevicePolicy
{
    public static ExecutionDevice Resolve(ExecutionDevice choice) => Resolve(choice, DevicePlatform.Current);

    /// <summary>The provider a choice means: CUDA where the build has it, else DirectML on Windows; Auto takes the CPU where neither applies, GPU takes CUDA.</summary>
    public static ExecutionDevice Resolve(ExecutionDevice choice, DevicePlatform platform) => choice switch
    {
        ExecutionDevice.Auto => platform.HasCuda ? ExecutionDevice.Cuda : platform.IsWindows ? ExecutionDevice.DirectML : ExecutionDevice.Cpu,
        ExecutionDevice.Gpu => platform.HasCuda || !platform.IsWindows ? ExecutionDevice.Cuda : ExecutionDevice.DirectML,
        _ => choice,
    };

    /// <summary>
    /// Starts what runs on <paramref name="device"/> (a provider); a GPU provider that cannot start
    /// (missing from this build, no GPU, a driver or library missing) is reported and the CPU
    /// started instead.
    /// </summary>
    public static T Start<T>(ExecutionDevice device, Func<ExecutionDevice, T> start, Action<DeviceFallback>? report)
    {
        try
        {
            return start(device);
        }
        catch (Exception e) when (device != ExecutionDevice.Cpu && e is ProviderUnavailableException or OnnxRuntimeException)
        {
            report?.Invoke(new DeviceFallback(device, ExecutionDevice.Cpu, FallbackStage.StartUp, FirstLine(e)));
            return start(ExecutionDevice.Cpu);
        }
    }

    /// <summary>
    /// Runs a step on <paramref name="device"/>; a GPU provider that fails at run time (a lost
    /// device, memory), unless the dream is being cancelled, is reported and the step run again on
    /// the CPU, which the caller keeps for the rest of the dream.
    /// </summary>
    public static T Run<T>(ExecutionDevice device, Func<ExecutionDevice, T> run, Action<DeviceFallback> report, CancellationToken cancel)
    {
        try
        {
            return run(device);
        }
        catch (OnnxRuntimeException e) when (device != ExecutionDevice.Cpu && !cancel.IsCancellationRequested)
        {
            report(new DeviceFallback(device, ExecutionDevice.Cpu, FallbackStage.WhileDreaming, FirstLine(e)));
            return run(ExecutionDevice.Cpu);
        }
    }

    /// <summary>The kind of dream graph a provider runs (<see cref="GraphTarget"/>).</summary>
    public static GraphTarget GraphTargetOf(ExecutionDevice provider) =>
        provider == ExecutionDevice.Cpu ? GraphTarget.Cpu : GraphTarget.Gpu;

    private static string FirstLine(Exception e) => e.Message.Split('\n')[0].Trim();
}
