using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Tests.Inference;

/// <summary>The device policy: what each choice means on each platform, and when a GPU gives way to the CPU, with which event.</summary>
public sealed class DevicePolicyTests
{
    private const ExecutionDevice Auto = ExecutionDevice.Auto, Gpu = ExecutionDevice.Gpu, Cpu = ExecutionDevice.Cpu,
        Cuda = ExecutionDevice.Cuda, DirectML = ExecutionDevice.DirectML;

    [Theory]
    //         choice    Windows  CUDA build  provider
    [InlineData(Auto, true, false, DirectML)]
    [InlineData(Auto, true, true, Cuda)]
    [InlineData(Auto, false, false, Cpu)]
    [InlineData(Auto, false, true, Cuda)]
    [InlineData(Gpu, true, false, DirectML)]
    [InlineData(Gpu, true, true, Cuda)]
    [InlineData(Gpu, false, false, Cuda)]
    [InlineData(Gpu, false, true, Cuda)]
    [InlineData(Cpu, true, false, Cpu)]
    [InlineData(Cpu, true, true, Cpu)]
    [InlineData(Cpu, false, false, Cpu)]
    [InlineData(Cpu, false, true, Cpu)]
    [InlineData(Cuda, true, false, Cuda)]
    [InlineData(Cuda, false, false, Cuda)]
    [InlineData(DirectML, true, true, DirectML)]
    [InlineData(DirectML, false, false, DirectML)]
    public void A_choice_means_one_provider_per_platform(ExecutionDevice choice, bool windows, bool cuda, ExecutionDevice provider) =>
        Assert.Equal(provider, DevicePolicy.Resolve(choice, new DevicePlatform(windows, cuda)));

    [Fact]
    public void The_current_platform_is_this_process_and_its_onnx_runtime_build()
    {
        Assert.Equal(new DevicePlatform(OperatingSystem.IsWindows(), ExecutionProviders.Available().Contains("CUDAExecutionProvider")), DevicePlatform.Current);
        Assert.Equal(DevicePolicy.Resolve(Auto, DevicePlatform.Current), DevicePolicy.Resolve(Auto));
    }

    [Fact]
    public void A_gpu_that_cannot_start_gives_way_to_the_cpu_with_a_start_up_event()
    {
        var fallbacks = new List<DeviceFallback>();
        var started = DevicePolicy.Start(DirectML,
            device => device == Cpu ? "on the CPU" : throw new ProviderUnavailableException(device, new DllNotFoundException("DirectML.dll\nsecond line")),
            fallbacks.Add);
        Assert.Equal("on the CPU", started);
        var fallback = Assert.Single(fallbacks);
        Assert.Equal(new DeviceFallback(DirectML, Cpu, FallbackStage.StartUp, "The DirectML execution provider is not available: DirectML.dll"), fallback);
        Assert.Equal("DirectML could not start, so the CPU is used: The DirectML execution provider is not available: DirectML.dll", fallback.Message);
    }

    [Fact]
    public void Only_a_provider_failure_on_a_gpu_is_a_start_up_fallback()
    {
        var fallbacks = new List<DeviceFallback>();
        Assert.Throws<ModelException>(() => DevicePolicy.Start<string>(Cuda, _ => throw new ModelException("damaged"), fallbacks.Add));
        Assert.Throws<OnnxRuntimeException>(() => DevicePolicy.Start<string>(Cpu, _ => throw OrtError(), fallbacks.Add));
        Assert.Equal("started", DevicePolicy.Start(Cuda, _ => "started", fallbacks.Add));
        Assert.Empty(fallbacks);
    }

    [Fact]
    public void A_gpu_failing_at_run_time_gives_way_to_the_cpu_with_an_event()
    {
        var fallbacks = new List<DeviceFallback>();
        var error = OrtError();
        var ran = DevicePolicy.Run(Cuda, device => device == Cpu ? 1f : throw error, fallbacks.Add, CancellationToken.None);
        Assert.Equal(1f, ran);
        var fallback = Assert.Single(fallbacks);
        Assert.Equal((Cuda, Cpu, FallbackStage.WhileDreaming), (fallback.From, fallback.To, fallback.Stage));
        Assert.Equal(error.Message.Split('\n')[0].Trim(), fallback.Reason);
        Assert.Equal($"Cuda failed while dreaming, so the CPU is used from now on: {fallback.Reason}", fallback.Message);
    }

    [Fact]
    public void A_run_failing_on_the_cpu_or_while_the_dream_is_cancelled_is_no_fallback()
    {
        var fallbacks = new List<DeviceFallback>();
        Assert.Throws<OnnxRuntimeException>(() => DevicePolicy.Run<float>(Cpu, _ => throw OrtError(), fallbacks.Add, CancellationToken.None));
        Assert.Throws<OnnxRuntimeException>(() => DevicePolicy.Run<float>(DirectML, _ => throw OrtError(), fallbacks.Add, new CancellationToken(canceled: true)));
        Assert.Empty(fallbacks);
    }

    [Fact]
    public void The_host_names_the_adapter_or_it_is_adapter_0()
    {
        Assert.Equal(new GpuAdapter(2, true), GpuAdapter.Choose(2));
        Assert.Equal(new GpuAdapter(0, true), GpuAdapter.Choose(0));
        Assert.Equal(new GpuAdapter(0, false), GpuAdapter.Choose(null));
        Assert.Equal(GpuAdapter.Default, GpuAdapter.Choose(-1));
    }

    /// <summary>A real error out of ONNX Runtime: its exception type cannot be made otherwise.</summary>
    private static OnnxRuntimeException OrtError()
    {
        try
        {
            using var session = new InferenceSession(new byte[] { 1, 2, 3 });
        }
        catch (OnnxRuntimeException e)
        {
            return e;
        }
        throw new InvalidOperationException("ONNX Runtime took three bytes for a model.");
    }
}
