using System.Numerics;

namespace DeepDream.Tests.Support;

/// <summary>The power spectrum of a square image, to measure the size of the patterns in it.</summary>
public static class Spectrum
{
    /// <summary>
    /// The typical period of the image's patterns, in pixels: 1 / the mean spatial frequency
    /// (cycles per pixel, radially), weighted by the power at each frequency (the mean, at frequency 0, left out). The side must be a power of 2.
    /// </summary>
    public static double MeanPeriod(float[] values, int side)
    {
        var data = values.Select(v => new Complex(v, 0)).ToArray();
        var line = new Complex[side];
        for (var y = 0; y < side; y++)
        {
            data.AsSpan(y * side, side).CopyTo(line);
            Fft(line);
            line.CopyTo(data.AsSpan(y * side, side));
        }
        for (var x = 0; x < side; x++)
        {
            for (var y = 0; y < side; y++)
                line[y] = data[y * side + x];
            Fft(line);
            for (var y = 0; y < side; y++)
                data[y * side + x] = line[y];
        }
        double power = 0, weighted = 0;
        for (var ky = 0; ky < side; ky++)
            for (var kx = 0; kx < side; kx++)
            {
                if (kx == 0 && ky == 0)
                    continue;
                var p = Math.Pow(data[ky * side + kx].Magnitude, 2);
                power += p;
                weighted += p * Math.Sqrt(Math.Pow(Frequency(kx, side), 2) + Math.Pow(Frequency(ky, side), 2));
            }
        return power / weighted;
    }

    private static double Frequency(int k, int side) => (double)(k <= side / 2 ? k : k - side) / side;

    /// <summary>In-place radix-2 fast Fourier transform.</summary>
    private static void Fft(Complex[] a)
    {
        var n = a.Length;
        for (int i = 1, j = 0; i < n; i++)
        {
            var bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1)
                j ^= bit;
            j ^= bit;
            if (i < j)
                (a[i], a[j]) = (a[j], a[i]);
        }
        for (var length = 2; length <= n; length <<= 1)
        {
            var root = Complex.FromPolarCoordinates(1, -2 * Math.PI / length);
            for (var start = 0; start < n; start += length)
            {
                var w = Complex.One;
                for (var k = 0; k < length / 2; k++)
                {
                    var (even, odd) = (a[start + k], a[start + k + length / 2] * w);
                    a[start + k] = even + odd;
                    a[start + k + length / 2] = even - odd;
                    w *= root;
                }
            }
        }
    }
}
