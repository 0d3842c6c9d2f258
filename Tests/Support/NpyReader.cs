using System.Text;
using System.Text.RegularExpressions;

namespace DeepDream.Tests.Support;

/// <summary>Reads a little-endian float32 or float64 array in C order from NumPy's .npy format (versions 1 to 3).</summary>
public static partial class NpyReader
{
    public static (double[] Values, long[] Shape) Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var magic = reader.ReadBytes(6);
        if (magic[0] != 0x93 || Encoding.ASCII.GetString(magic, 1, 5) != "NUMPY")
            throw new InvalidDataException($"{path} is not a .npy file");
        var major = reader.ReadByte();
        reader.ReadByte();
        var headerLength = major == 1 ? reader.ReadUInt16() : (int)reader.ReadUInt32();
        var header = Encoding.ASCII.GetString(reader.ReadBytes(headerLength));
        if (header.Contains("'fortran_order': True"))
            throw new InvalidDataException($"{path} is in Fortran order");
        var descr = Descr().Match(header).Groups[1].Value;
        var shape = Shape().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        var count = (int)shape.Aggregate(1L, (a, d) => a * d);
        var values = new double[count];
        for (var i = 0; i < count; i++)
            values[i] = descr switch
            {
                "<f4" => reader.ReadSingle(),
                "<f8" => reader.ReadDouble(),
                _ => throw new InvalidDataException($"{path} holds '{descr}', not float32 or float64"),
            };
        return (values, shape);
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex Descr();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex Shape();
}
