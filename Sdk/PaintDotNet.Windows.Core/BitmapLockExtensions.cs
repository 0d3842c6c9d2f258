namespace PaintDotNet.Imaging
{
    public static class BitmapLockExtensions
    {
        public static unsafe RegionPtr<TPixel> AsRegionPtr<TPixel>(this IBitmapLock<TPixel> bitmapLock) where TPixel : unmanaged, INaturalPixelInfo =>
            new(bitmapLock.Buffer, bitmapLock.Size.Width, bitmapLock.Size.Height, bitmapLock.BufferStride);
    }
}
