using System;
using PaintDotNet.Interop;

namespace PaintDotNet.Dxgi
{
    /// <summary>An IDXGIAdapter. In the host emulator it stands for the adapter at a given enumeration index and owns no COM object.</summary>
    public sealed class SafeDxgiAdapter : SafeComObject, IDisposable
    {
        private readonly int enumAdapterIndex;

        internal SafeDxgiAdapter(int enumAdapterIndex)
            : base(1) => this.enumAdapterIndex = enumAdapterIndex;

        /// <summary>The adapter's index in IDXGIFactory::EnumAdapters order (Unspecified), the device id of ONNX Runtime's DirectML provider.</summary>
        public int GetEnumAdapterIndex(DxgiGpuPreference gpuPreference = DxgiGpuPreference.Unspecified)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return enumAdapterIndex;
        }
    }
}

namespace PaintDotNet.AppModel
{
    public interface IDxgiAdapterService : IInternalImpl
    {
    }

    /// <summary>The adapter Paint.NET renders with, the one chosen in Settings → Graphics (Paint.NET 5.1.9 and later).</summary>
    public interface IDxgiAdapterService2 : IDxgiAdapterService, IInternalImpl
    {
        PaintDotNet.Dxgi.SafeDxgiAdapter GetRenderingAdapter();
    }
}
