namespace DeepDream.Core.Inference;

/// <summary>Where ONNX Runtime runs the dream graph: a choice (Auto, Gpu) or a provider. <see cref="DevicePolicy.Resolve(ExecutionDevice)"/> turns a choice into a provider.</summary>
public enum ExecutionDevice
{
    /// <summary>A GPU where this ONNX Runtime build and operating system have one (CUDA, else DirectML on Windows), else the CPU.</summary>
    Auto,
    /// <summary>The GPU provider Auto would take; where Auto would take the CPU, CUDA, so that its failure to start is reported.</summary>
    Gpu,
    Cpu,
    Cuda,
    DirectML,
}
