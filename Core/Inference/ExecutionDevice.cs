namespace DeepDream.Core.Inference;

/// <summary>Where ONNX Runtime runs the dream graph.</summary>
public enum ExecutionDevice
{
    /// <summary>DirectML on Windows, CUDA where its provider is present, else the CPU.</summary>
    Auto,
    Cpu,
    Cuda,
    DirectML,
}
