using System;
using Microsoft.Win32.SafeHandles;

namespace PaintDotNet.Interop
{
    /// <summary>Holds a reference to a COM object. The Sdk declares the members the plugin uses; the host emulator makes stand-ins that own no COM object.</summary>
    public class SafeComObject : SafeHandleZeroOrMinusOneIsInvalid, IDisposable
    {
        internal SafeComObject(nint pointer)
            : base(ownsHandle: true) => SetHandle(pointer);

        /// <summary>Whether the reference was let go of, for the host emulator.</summary>
        internal bool HostReleased { get; private set; }

        protected override bool ReleaseHandle() => HostReleased = true;
    }
}

namespace PaintDotNet.Dxgi
{
    public enum DxgiGpuPreference
    {
        Unspecified = 0,
        MinimumPower = 1,
        HighPerformance = 2,
    }
}
