namespace DeepDream.Core.Onnx.DreamGraph;

/// <summary>
/// What kind of provider a dream graph is written for. Both compute the same loss and gradient;
/// they differ where the fastest form on one kind of provider is slow or unsupported on the other.
/// </summary>
public enum GraphTarget
{
    /// <summary>
    /// ONNX Runtime's CPU provider: gradients may be scattered through int64 indices as large as
    /// the activations (MaxPool's Indices output and ScatterElements), which its CPU kernels run
    /// faster than the comparisons that replace them on GPUs.
    /// </summary>
    Cpu,

    /// <summary>
    /// GPU providers (DirectML, CUDA): no int64 tensors the size of activations, which DirectML runs
    /// on the CPU on GPUs without 64-bit integer support, and no data-dependent scatters.
    /// </summary>
    Gpu,
}
