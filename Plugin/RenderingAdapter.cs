using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using DeepDream.Core.Inference;
using PaintDotNet.AppModel;
using PaintDotNet.Dxgi;

namespace DeepDream.Plugin;

/// <summary>
/// The GPU Paint.NET renders with (Settings → Graphics), for DirectML: Paint.NET 5.1.9 and later
/// name it through IDxgiAdapterService2, whose adapter gives its index in IDXGIFactory::EnumAdapters
/// order, DirectML's device id. Earlier 5.1 releases lack that service (their IDxgiAdapterService
/// hands out a bare IDXGIAdapter), and there adapter 0 is used (<see cref="GpuAdapter.Choose"/>).
/// </summary>
internal static class RenderingAdapter
{
    public static GpuAdapter Of(IServiceProvider services)
    {
        try
        {
            return GpuAdapter.Choose(HostIndex(services));
        }
        catch (Exception e) when (e is TypeLoadException or MissingMemberException or ExternalException or ObjectDisposedException)
        {
            return GpuAdapter.Default;
        }
    }

    // Not inlined: before 5.1.9 the service's types are missing, and compiling this method throws
    // TypeLoadException, which Of catches.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int? HostIndex(IServiceProvider services)
    {
        if (services.GetService(typeof(IDxgiAdapterService2)) is not IDxgiAdapterService2 service)
            return null;
        using var adapter = service.GetRenderingAdapter();
        return adapter.GetEnumAdapterIndex(DxgiGpuPreference.Unspecified);
    }
}
