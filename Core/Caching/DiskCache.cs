using System.Buffers.Binary;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace DeepDream.Core.Caching;

/// <summary>
/// Files the engine derives from model files (dream graphs, file hashes), kept between runs so
/// that a model loaded before starts without being parsed and rebuilt. Keys are text and include
/// this build of Core, so a new build never reads an older one's entries. Each entry is written
/// to a temporary file and renamed into place, so several processes may share the folder; an
/// entry is checked against its SHA-256 when read, and a damaged one reads as missing. The
/// folder is kept under <see cref="MaxBytes"/> by removing the entries used longest ago.
/// Failing to read or write the folder never fails the caller: the entry is just not cached.
/// </summary>
public sealed class DiskCache
{
    /// <summary>Names the folder to use in place of the user's local application data.</summary>
    public const string EnvironmentVariable = "DEEPDREAM_CACHE";
    public const long DefaultMaxBytes = 512L * 1024 * 1024;

    private const string EntryExtension = ".entry";
    private const string TempExtension = ".tmp";
    private static readonly byte[] Magic = "DeepDreamCache1\n"u8.ToArray();
    private static readonly TimeSpan AbandonedTempAge = TimeSpan.FromHours(1);
    private static readonly Lazy<DiskCache?> DefaultCache = new(CreateDefault);

    public DiskCache(string directory, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
    }

    public string Directory { get; }
    public long MaxBytes { get; }

    /// <summary>
    /// The folder named by <see cref="EnvironmentVariable"/>, else DeepDream/graphs in the user's
    /// local application data; null where there is neither.
    /// </summary>
    public static DiskCache? Default => DefaultCache.Value;

    /// <summary>This build of Core: its informational version and the id of its module, which a deterministic build derives from its content.</summary>
    internal static string ProgramVersion { get; } =
        $"{typeof(DiskCache).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion} {typeof(DiskCache).Module.ModuleVersionId}";

    /// <summary>The entry's content, or null when there is none or it is damaged.</summary>
    public byte[]? Read(string key)
    {
        var path = PathOf(key);
        try
        {
            byte[]? content;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0))
                content = ReadEntry(stream, FullKey(key));
            if (content is null)
                TryDelete(path);
            else
                Touch(path);
            return content;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores the entry (replacing any under the same key), then trims the folder to <see cref="MaxBytes"/>.</summary>
    public void Write(string key, ReadOnlySpan<byte> content)
    {
        var header = Header(FullKey(key), content);
        if (header.Length + content.Length > MaxBytes)
            return;
        var path = PathOf(key);
        var temp = $"{path}.{Environment.ProcessId}-{Guid.NewGuid():N}{TempExtension}";
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
            {
                stream.Write(header);
                stream.Write(content);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process may hold the entry open (Windows) or the folder may be read-only: leave it uncached.
            TryDelete(temp);
            return;
        }
        Trim();
    }

    private string PathOf(string key) =>
        Path.Combine(Directory, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(FullKey(key))), 0, 20) + EntryExtension);

    private static string FullKey(string key) => $"{ProgramVersion}\n{key}";

    /// <summary>Magic, key length and key, content length, content SHA-256.</summary>
    private static byte[] Header(string fullKey, ReadOnlySpan<byte> content)
    {
        var key = Encoding.UTF8.GetBytes(fullKey);
        var header = new byte[Magic.Length + 4 + key.Length + 8 + SHA256.HashSizeInBytes];
        var span = header.AsSpan();
        Magic.CopyTo(span);
        span = span[Magic.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(span, key.Length);
        key.CopyTo(span[4..]);
        span = span[(4 + key.Length)..];
        BinaryPrimitives.WriteInt64LittleEndian(span, content.Length);
        SHA256.HashData(content, span[8..]);
        return header;
    }

    private static byte[]? ReadEntry(FileStream stream, string fullKey)
    {
        var key = Encoding.UTF8.GetBytes(fullKey);
        var header = new byte[Magic.Length + 4 + key.Length + 8 + SHA256.HashSizeInBytes];
        if (stream.Length < header.Length)
            return null;
        stream.ReadExactly(header);
        var span = header.AsSpan();
        if (!span.StartsWith(Magic))
            return null;
        span = span[Magic.Length..];
        // The file name is a prefix of the key's hash: compare the whole key.
        if (BinaryPrimitives.ReadInt32LittleEndian(span) != key.Length || !span.Slice(4, key.Length).SequenceEqual(key))
            return null;
        span = span[(4 + key.Length)..];
        var length = BinaryPrimitives.ReadInt64LittleEndian(span);
        if (length != stream.Length - header.Length || length > Array.MaxLength)
            return null;
        var content = new byte[length];
        stream.ReadExactly(content);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return hash.SequenceEqual(span[8..]) ? content : null;
    }

    /// <summary>Marks the entry as just used, for <see cref="Trim"/>.</summary>
    private static void Touch(string path)
    {
        try
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Removes the entries used longest ago until the rest fit in <see cref="MaxBytes"/>, and temporary files that a process left behind.</summary>
    private void Trim()
    {
        var entries = new List<(string Path, long Length, DateTime Used)>();
        try
        {
            foreach (var file in new DirectoryInfo(Directory).EnumerateFiles())
            {
                // Another process may remove a file while this one looks at it.
                try
                {
                    if (file.Extension == EntryExtension)
                        entries.Add((file.FullName, file.Length, file.LastWriteTimeUtc));
                    else if (file.Extension == TempExtension && DateTime.UtcNow - file.LastWriteTimeUtc > AbandonedTempAge)
                        TryDelete(file.FullName);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }
        var kept = 0L;
        foreach (var (path, length, _) in entries.OrderByDescending(e => e.Used))
        {
            if (kept + length <= MaxBytes)
                kept += length;
            else
                TryDelete(path);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static DiskCache? CreateDefault()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } folder)
            return new DiskCache(folder);
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return local.Length > 0 ? new DiskCache(Path.Combine(local, "DeepDream", "graphs")) : null;
    }
}
