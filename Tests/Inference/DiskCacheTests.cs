using DeepDream.Core.Caching;

namespace DeepDream.Tests.Inference;

/// <summary>The disk cache on its own: entries, their bound, damage, and several writers at once.</summary>
public sealed class DiskCacheTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("deepdream-cache-test-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static byte[] Content(string key, int length) =>
        Enumerable.Range(0, length).Select(i => (byte)(key.GetHashCode() + i * 31)).ToArray();

    [Fact]
    public void An_entry_reads_back_under_its_key_only()
    {
        var cache = new DiskCache(folder);
        var content = Content("a", 1000);
        cache.Write("a", content);
        Assert.Equal(content, cache.Read("a"));
        Assert.Null(cache.Read("b"));
        Assert.Equal(content, new DiskCache(folder).Read("a"));
        cache.Write("empty", []);
        Assert.Empty(cache.Read("empty")!);
    }

    [Fact]
    public void The_folder_stays_within_its_bound_keeping_the_entries_used_last()
    {
        var cache = new DiskCache(folder, maxBytes: 10_000);
        for (var i = 0; i < 10; i++)
        {
            cache.Write($"entry {i}", Content($"entry {i}", 3000));
            Thread.Sleep(20);
            // Entry 0 is used all along, so it stays.
            Assert.NotNull(cache.Read("entry 0"));
            Thread.Sleep(20);
            Assert.True(Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length) <= 10_000);
        }
        Assert.Equal(Content("entry 0", 3000), cache.Read("entry 0"));
        Assert.Equal(Content("entry 9", 3000), cache.Read("entry 9"));
        Assert.Null(cache.Read("entry 1"));
        Assert.Equal(3, Directory.GetFiles(folder).Length);

        cache.Write("too large", new byte[10_000]);
        Assert.Null(cache.Read("too large"));
        Assert.NotNull(cache.Read("entry 9"));
    }

    [Fact]
    public void A_damaged_entry_reads_as_missing_and_is_replaced()
    {
        var cache = new DiskCache(folder);
        cache.Write("key", Content("key", 5000));
        var entry = Directory.GetFiles(folder).Single();
        var bytes = File.ReadAllBytes(entry);
        bytes[^10] ^= 1;
        File.WriteAllBytes(entry, bytes);
        Assert.Null(cache.Read("key"));
        Assert.False(File.Exists(entry));
        cache.Write("key", Content("key", 5000));
        Assert.Equal(Content("key", 5000), cache.Read("key"));
    }

    [Fact]
    public void A_folder_that_cannot_be_written_leaves_entries_uncached()
    {
        var blocked = Path.Combine(folder, "file");
        File.WriteAllText(blocked, "a file where the cache folder should be");
        var cache = new DiskCache(blocked);
        cache.Write("key", Content("key", 100));
        Assert.Null(cache.Read("key"));
    }

    [Fact]
    public void Writers_and_readers_at_once_see_whole_entries_or_none()
    {
        // Each cache object stands for a process: they share nothing but the folder.
        var failures = new List<string>();
        var threads = Enumerable.Range(0, 6).Select(t => new Thread(() =>
        {
            var cache = new DiskCache(folder, maxBytes: 400_000);
            var random = new Random(t);
            for (var i = 0; i < 60; i++)
            {
                var key = $"key {random.Next(8)}";
                var content = Content(key, 20_000 + key.Length * 1000);
                if (random.Next(2) == 0)
                    cache.Write(key, content);
                else if (cache.Read(key) is { } read && !read.AsSpan().SequenceEqual(content))
                    lock (failures)
                        failures.Add($"{key}: {read.Length} bytes that differ");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
        Assert.True(Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length) <= 400_000);
    }
}
