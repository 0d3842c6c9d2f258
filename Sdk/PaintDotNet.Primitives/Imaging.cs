using System;

namespace PaintDotNet.Imaging
{
    public interface IPixelInfo : IInternalImpl
    {
    }

    public interface INaturalPixelInfo : IPixelInfo, IInternalImpl
    {
    }

    public interface INaturalPixelInfo<TPixel> : INaturalPixelInfo, IPixelInfo, IInternalImpl, IEquatable<TPixel>
        where TPixel : unmanaged, INaturalPixelInfo<TPixel>
    {
    }

    public readonly struct PixelFormat : IEquatable<PixelFormat>
    {
        public PixelFormat(in Guid guid) => Guid = guid;

        public Guid Guid { get; }

        public bool Equals(PixelFormat other) => Guid == other.Guid;
        public override bool Equals(object? obj) => obj is PixelFormat p && Equals(p);
        public override int GetHashCode() => Guid.GetHashCode();
        public static bool operator ==(in PixelFormat a, in PixelFormat b) => a.Guid == b.Guid;
        public static bool operator !=(in PixelFormat a, in PixelFormat b) => a.Guid != b.Guid;
    }

    /// <summary>32-bit BGRA with straight alpha, B in the lowest byte.</summary>
    public struct ColorBgra32 : INaturalPixelInfo<ColorBgra32>, INaturalPixelInfo, IPixelInfo, IInternalImpl, IEquatable<ColorBgra32>
    {
        public ColorBgra32(byte b, byte g, byte r, byte a)
        {
            B = b;
            G = g;
            R = r;
            A = a;
        }

        public byte B { readonly get; set; }
        public byte G { readonly get; set; }
        public byte R { readonly get; set; }
        public byte A { readonly get; set; }

        public uint Bgra
        {
            readonly get => (uint)(B | G << 8 | R << 16 | A << 24);
            set => (B, G, R, A) = ((byte)value, (byte)(value >> 8), (byte)(value >> 16), (byte)(value >> 24));
        }

        public static ColorBgra32 FromBgra(byte b, byte g, byte r, byte a) => new(b, g, r, a);

        public readonly bool Equals(ColorBgra32 other) => Bgra == other.Bgra;
        public override readonly bool Equals(object? obj) => obj is ColorBgra32 c && Equals(c);
        public override readonly int GetHashCode() => (int)Bgra;
        public override readonly string ToString() => $"B={B}, G={G}, R={R}, A={A}";
        public static bool operator ==(ColorBgra32 a, ColorBgra32 b) => a.Equals(b);
        public static bool operator !=(ColorBgra32 a, ColorBgra32 b) => !a.Equals(b);
    }

    /// <summary>8-bit alpha (selection masks).</summary>
    public struct ColorAlpha8 : INaturalPixelInfo<ColorAlpha8>, INaturalPixelInfo, IPixelInfo, IInternalImpl, IEquatable<ColorAlpha8>
    {
        public ColorAlpha8(byte a) => A = a;

        public byte A { readonly get; set; }

        public static ColorAlpha8 Opaque => new(255);
        public static ColorAlpha8 Transparent => new(0);

        public readonly bool Equals(ColorAlpha8 other) => A == other.A;
        public override readonly bool Equals(object? obj) => obj is ColorAlpha8 c && Equals(c);
        public override readonly int GetHashCode() => A;
        public static bool operator ==(ColorAlpha8 a, ColorAlpha8 b) => a.A == b.A;
        public static bool operator !=(ColorAlpha8 a, ColorAlpha8 b) => a.A != b.A;
    }
}

namespace PaintDotNet
{
    using PaintDotNet.Rendering;

    /// <summary>A 2-D window over unmanaged memory: Width x Height elements, rows Stride bytes apart.</summary>
    public readonly unsafe struct RegionPtr<T> : IEquatable<RegionPtr<T>> where T : unmanaged
    {
        public RegionPtr(T* ptr, int width, int height, int stride)
        {
            if (width < 0 || height < 0 || stride < width * sizeof(T))
                throw new ArgumentOutOfRangeException(nameof(stride), "The region does not fit its stride.");
            Ptr = ptr;
            Width = width;
            Height = height;
            Stride = stride;
        }

        public RegionPtr(T* ptr, SizeInt32 size, int stride)
            : this(ptr, size.Width, size.Height, stride)
        {
        }

        public T* Ptr { get; }
        public int Width { get; }
        public int Height { get; }
        public int Stride { get; }
        public SizeInt32 Size => new(Width, Height);
        public bool IsEmpty => Width == 0 || Height == 0;

        public ref T this[int x, int y]
        {
            get
            {
                if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
                    throw new ArgumentOutOfRangeException(nameof(x), $"({x}, {y}) is outside {Width}x{Height}.");
                return ref *(T*)((byte*)Ptr + (nint)y * Stride + (nint)x * sizeof(T));
            }
        }

        public RegionPtr<T> Slice(RectInt32 bounds)
        {
            if (bounds.X < 0 || bounds.Y < 0 || bounds.Right > Width || bounds.Bottom > Height)
                throw new ArgumentOutOfRangeException(nameof(bounds), $"{bounds} is outside {Width}x{Height}.");
            return new RegionPtr<T>((T*)((byte*)Ptr + (nint)bounds.Y * Stride + (nint)bounds.X * sizeof(T)), bounds.Width, bounds.Height, Stride);
        }

        public void CopyTo(RegionPtr<T> dst)
        {
            if (dst.Width != Width || dst.Height != Height)
                throw new ArgumentException("The destination has another size.", nameof(dst));
            for (var y = 0; y < Height; y++)
                new ReadOnlySpan<T>((byte*)Ptr + (nint)y * Stride, Width).CopyTo(new Span<T>((byte*)dst.Ptr + (nint)y * dst.Stride, Width));
        }

        public bool Equals(RegionPtr<T> other) => Ptr == other.Ptr && Width == other.Width && Height == other.Height && Stride == other.Stride;
        public override bool Equals(object? obj) => obj is RegionPtr<T> r && Equals(r);
        public override int GetHashCode() => HashCode.Combine((nint)Ptr, Width, Height, Stride);
        public static bool operator ==(in RegionPtr<T> region1, in RegionPtr<T> region2) => region1.Equals(region2);
        public static bool operator !=(in RegionPtr<T> region1, in RegionPtr<T> region2) => !region1.Equals(region2);
    }
}

namespace PaintDotNet.Imaging
{
    public static class PixelFormats
    {
        public static PixelFormat Bgr24 { get; } = new(new Guid("6fddc324-4e03-4bfe-b185-3d77768dc90c"));
        public static PixelFormat Bgra32 { get; } = new(new Guid("6fddc324-4e03-4bfe-b185-3d77768dc90f"));
        public static PixelFormat Alpha8 { get; } = new(new Guid("e6cd0116-eeba-4161-aa85-27dd9fb3a895"));
    }
}
