using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using DeepDream.Core.Caching;
using DeepDream.Core.Onnx;

namespace DeepDream.Core.Models;

/// <summary>
/// Checks a catalog model's file against the catalog's size and SHA-256 before it is used; a file
/// is hashed once for as long as its path, size and time stamp stay the same: once per process,
/// or once in all with a <see cref="DiskCache"/>.
/// </summary>
public static class ModelFileCheck
{
    /// <summary>
    /// File systems stamp times in ticks (milliseconds on Linux, two seconds on FAT), so a file
    /// written twice within a tick keeps its time stamp. Only a file left alone for longer than a
    /// tick is sure to get a new time stamp when it is written again.
    /// </summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    private static readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> Hashes = new();

    public static void Verify(string path, ModelSpec spec, DiskCache? cache = null)
    {
        var file = new FileInfo(path);
        if (spec.SizeBytes is { } size && file.Length != size)
            throw new ModelException($"Model file '{path}' has {file.Length:N0} bytes, not the {size:N0} the catalog gives for '{spec.Id}': it is damaged or another file. Reinstall it.");
        if (spec.Sha256 is not { } expected)
            return;
        var actual = Sha256(file, cache);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            throw new ModelException($"Model file '{path}' does not match the catalog's SHA-256 for '{spec.Id}' (it is {actual}): it is damaged or another file. Reinstall it.");
    }

    /// <summary>Whether the file's size and time stamp will change if it is written again: until then, nothing is remembered of it.</summary>
    internal static bool IsSettled(FileInfo file) => DateTime.UtcNow - file.LastWriteTimeUtc > SettleTime;

    /// <summary>The file's SHA-256 in lower-case hex, for the size and time stamp that <paramref name="file"/> read first.</summary>
    internal static string Sha256(FileInfo file, DiskCache? cache)
    {
        try
        {
            var identity = (file.FullName, file.Length, file.LastWriteTimeUtc);
            if (Hashes.TryGetValue(identity, out var known))
                return known;
            var key = $"sha256\n{identity.FullName}\n{identity.Length}\n{identity.LastWriteTimeUtc.Ticks}";
            if (cache?.Read(key) is { Length: 2 * SHA256.HashSizeInBytes } stored)
                return Hashes[identity] = Encoding.ASCII.GetString(stored);
            string actual;
            using (var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20))
                actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            // A file written while it was hashed has another time stamp now; its hash is not remembered.
            var now = new FileInfo(file.FullName);
            if (IsSettled(file) && now.Length == identity.Length && now.LastWriteTimeUtc == identity.LastWriteTimeUtc)
            {
                Hashes[identity] = actual;
                cache?.Write(key, Encoding.ASCII.GetBytes(actual));
            }
            return actual;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelException($"Model file '{file.FullName}' cannot be read: {e.Message}", e);
        }
    }
}
