using System.Text;

namespace DeepDream.Cli.Files;

/// <summary>Writes a float32 array in NumPy's .npy format (version 1.0, little-endian, C order).</summary>
public static class NpyFile
{
    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape)
    {
        if (shape.Aggregate(1L, (a, d) => a * d) != values.Length)
            throw new ArgumentException("The shape does not match the number of values.");
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")}), }}";
        var unpadded = 10 + dict.Length + 1;
        var header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        try
        {
            using var stream = File.Create(path);
            using var writer = new BinaryWriter(stream);
            writer.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            writer.Write((ushort)header.Length);
            writer.Write(Encoding.ASCII.GetBytes(header));
            foreach (var v in values)
                writer.Write(v);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFileException($"Cannot write '{path}': {e.Message}");
        }
    }
}
