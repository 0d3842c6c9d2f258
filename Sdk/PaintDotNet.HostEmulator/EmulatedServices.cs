using PaintDotNet.AppModel;
using PaintDotNet.Dxgi;

namespace PaintDotNet.HostEmulator;

/// <summary>What an effect finds through its Services property: the services given here, by type.</summary>
public sealed class EmulatedServices(params object[] services) : IServiceProvider
{
    public object? GetService(Type serviceType) => services.FirstOrDefault(serviceType.IsInstanceOfType);
}

/// <summary>
/// Paint.NET 5.1.9's adapter service: Paint.NET renders with the adapter at <paramref name="adapterIndex"/>
/// in DXGI's enumeration order. It counts the adapters it hands out that were not disposed, since each
/// holds a COM reference in Paint.NET.
/// </summary>
public sealed class EmulatedDxgiAdapterService(int adapterIndex) : IDxgiAdapterService2
{
    private readonly List<SafeDxgiAdapter> handedOut = [];

    public SafeDxgiAdapter GetRenderingAdapter()
    {
        var adapter = new SafeDxgiAdapter(adapterIndex);
        lock (handedOut)
            handedOut.Add(adapter);
        return adapter;
    }

    public int HandedOut
    {
        get
        {
            lock (handedOut)
                return handedOut.Count;
        }
    }

    public int NotReleased
    {
        get
        {
            lock (handedOut)
                return handedOut.Count(a => !a.HostReleased);
        }
    }
}
