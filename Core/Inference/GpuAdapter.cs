namespace DeepDream.Core.Inference;

/// <summary>
/// The DXGI adapter a DirectML session runs on, by its index in IDXGIFactory::EnumAdapters order,
/// which is DirectML's device id. <see cref="FromHost"/>: the host named it as the GPU it renders
/// with; otherwise it is adapter 0, Windows' default (the primary display's GPU). CUDA always uses its device 0.
/// </summary>
public readonly record struct GpuAdapter(int Index, bool FromHost)
{
    public static GpuAdapter Default => default;

    /// <summary>The adapter the host renders with where it names one, else <see cref="Default"/>.</summary>
    public static GpuAdapter Choose(int? hostIndex) => hostIndex is int index && index >= 0 ? new(index, true) : Default;
}
