using System;

namespace PaintDotNet.Rendering
{
    public struct Point2Int32 : IEquatable<Point2Int32>
    {
        public Point2Int32(int x, int y)
        {
            X = x;
            Y = y;
        }

        public int X { readonly get; set; }
        public int Y { readonly get; set; }

        public readonly bool Equals(Point2Int32 other) => X == other.X && Y == other.Y;
        public override readonly bool Equals(object? obj) => obj is Point2Int32 p && Equals(p);
        public override readonly int GetHashCode() => HashCode.Combine(X, Y);
        public static bool operator ==(Point2Int32 a, Point2Int32 b) => a.Equals(b);
        public static bool operator !=(Point2Int32 a, Point2Int32 b) => !a.Equals(b);
    }

    public struct SizeInt32 : IEquatable<SizeInt32>
    {
        public SizeInt32(int width, int height)
        {
            Width = width;
            Height = height;
        }

        public int Width { readonly get; set; }
        public int Height { readonly get; set; }

        public readonly bool Equals(SizeInt32 other) => Width == other.Width && Height == other.Height;
        public override readonly bool Equals(object? obj) => obj is SizeInt32 s && Equals(s);
        public override readonly int GetHashCode() => HashCode.Combine(Width, Height);
        public override readonly string ToString() => $"{Width}x{Height}";
        public static bool operator ==(SizeInt32 a, SizeInt32 b) => a.Equals(b);
        public static bool operator !=(SizeInt32 a, SizeInt32 b) => !a.Equals(b);
    }

    public struct RectInt32 : IEquatable<RectInt32>
    {
        public RectInt32(int x, int y, int width, int height)
        {
            X = x;
            Y = y;
            Width = width;
            Height = height;
        }

        public RectInt32(Point2Int32 location, SizeInt32 size)
            : this(location.X, location.Y, size.Width, size.Height)
        {
        }

        public int X { readonly get; set; }
        public int Y { readonly get; set; }
        public int Width { readonly get; set; }
        public int Height { readonly get; set; }
        public readonly int Left => X;
        public readonly int Top => Y;
        public readonly int Right => X + Width;
        public readonly int Bottom => Y + Height;
        public readonly bool HasArea => Width > 0 && Height > 0;
        public readonly bool IsEmpty => Width == 0 && Height == 0;

        public Point2Int32 Location
        {
            readonly get => new(X, Y);
            set => (X, Y) = (value.X, value.Y);
        }

        public SizeInt32 Size
        {
            readonly get => new(Width, Height);
            set => (Width, Height) = (value.Width, value.Height);
        }

        public readonly bool Contains(int x, int y) => x >= X && y >= Y && x < Right && y < Bottom;
        public readonly bool Contains(RectInt32 rect) => rect.X >= X && rect.Y >= Y && rect.Right <= Right && rect.Bottom <= Bottom;
        public readonly bool IntersectsWith(RectInt32 rect) => rect.X < Right && X < rect.Right && rect.Y < Bottom && Y < rect.Bottom;

        public static RectInt32 Intersect(RectInt32 a, RectInt32 b)
        {
            var left = Math.Max(a.X, b.X);
            var top = Math.Max(a.Y, b.Y);
            var right = Math.Min(a.Right, b.Right);
            var bottom = Math.Min(a.Bottom, b.Bottom);
            return right <= left || bottom <= top ? default : new RectInt32(left, top, right - left, bottom - top);
        }

        public readonly bool Equals(RectInt32 other) => X == other.X && Y == other.Y && Width == other.Width && Height == other.Height;
        public override readonly bool Equals(object? obj) => obj is RectInt32 r && Equals(r);
        public override readonly int GetHashCode() => HashCode.Combine(X, Y, Width, Height);
        public override readonly string ToString() => $"{X},{Y},{Width},{Height}";
        public static bool operator ==(RectInt32 a, RectInt32 b) => a.Equals(b);
        public static bool operator !=(RectInt32 a, RectInt32 b) => !a.Equals(b);
    }
}
