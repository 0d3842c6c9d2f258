using System.Collections.Concurrent;
using System.Security.Cryptography;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Models;

/// <summary>
/// Checks a catalog model's file against the catalog's size and SHA-256 before it is used; a file
/// is hashed once per process for as long as its size and time stamp stay the same.
/// </summary>
public static class ModelFileCheck
{
    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), bool> Verified = new();

    public static void Verify(string path, ModelSpec spec)
    {
        var file = new FileInfo(path);
        if (spec.SizeBytes is { } size && file.Length != size)
            throw new ModelException($"Model file '{path}' has {file.Length:N0} bytes, not the {size:N0} the catalog gives for '{spec.Id}': it is damaged or another file. Reinstall it.");
        if (spec.Sha256 is not { } expected || Verified.ContainsKey((file.FullName, file.Length, file.LastWriteTimeUtc)))
            return;
        string actual;
        using (var stream = file.OpenRead())
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new ModelException($"Model file '{path}' does not match the catalog's SHA-256 for '{spec.Id}' (it is {actual}): it is damaged or another file. Reinstall it.");
        Verified[(file.FullName, file.Length, file.LastWriteTimeUtc)] = true;
    }
}
