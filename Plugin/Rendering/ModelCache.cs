using DeepDream.Core.Inference;
using DeepDream.Core.Models;
using DeepDream.Core.Onnx;

namespace DeepDream.Plugin.Rendering;

/// <summary>
/// The models the plugin has loaded, each with its ONNX Runtime sessions, shared by every instance
/// of the effect (Paint.NET makes one per dialog). Only the <c>capacity</c> most recently used
/// models are kept, a model unused for <c>idleTime</c> is released with its sessions, and a
/// model's sessions are started afresh once they outnumber <c>maxSessions</c> (a GPU session per
/// image size adds up). A load that fails is not remembered, so a model installed or repaired
/// while Paint.NET runs is found on the next try. Nothing is released while a dream holds it.
/// </summary>
public sealed class ModelCache : IDisposable
{
    private readonly object gate = new();
    /// <summary>Least recently used first.</summary>
    private readonly List<Entry> entries = [];
    private readonly int capacity;
    private readonly TimeSpan idleTime;
    private readonly int maxSessions;
    private readonly Timer idleTimer;

    public ModelCache(int capacity, TimeSpan idleTime, int maxSessions = 16)
    {
        this.capacity = capacity;
        this.idleTime = idleTime;
        this.maxSessions = maxSessions;
        idleTimer = new Timer(_ => ReleaseIdle());
    }

    public static ModelCache Shared { get; } = new(capacity: 1, idleTime: TimeSpan.FromMinutes(3));

    /// <summary>Models held, in use or not.</summary>
    public int Count
    {
        get
        {
            lock (gate)
                return entries.Count;
        }
    }

    /// <summary>The model, loaded unless held, and its sessions, for one dream; dispose the lease when the dream ends.</summary>
    public Lease Acquire(ModelCatalog catalog, string modelId)
    {
        var path = Path.GetFullPath(catalog.Find(modelId) is { } spec ? catalog.PathOf(spec) : modelId);
        lock (gate)
        {
            var entry = entries.Find(e => e.Path == path);
            if (entry is null)
                entry = new Entry(path, ImageClassifier.Load(catalog, modelId), NewSessions());
            else
                entries.Remove(entry);
            entries.Add(entry);
            entry.Leases++;
            Trim();
            return new Lease(entry.Model, entry.Sessions, () => Release(entry));
        }
    }

    private static DreamSessionCache NewSessions() => new() { Profile = HostProfile.Embedded };

    private void Release(Entry entry)
    {
        lock (gate)
        {
            entry.Leases--;
            entry.LastUsed = Environment.TickCount64;
            if (entry.Leases == 0 && entry.Sessions.Count > maxSessions)
            {
                entry.Sessions.Dispose();
                entry.Sessions = NewSessions();
            }
            Trim();
            idleTimer.Change(idleTime, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Drops the least recently used models beyond the capacity, unless a dream holds them.</summary>
    private void Trim()
    {
        foreach (var entry in entries.Take(Math.Max(0, entries.Count - capacity)).Where(e => e.Leases == 0).ToList())
            Drop(entry);
    }

    private void ReleaseIdle()
    {
        lock (gate)
        {
            var now = Environment.TickCount64;
            foreach (var entry in entries.Where(e => e.Leases == 0 && now - e.LastUsed >= (long)idleTime.TotalMilliseconds).ToList())
                Drop(entry);
            if (entries.Count > 0)
                idleTimer.Change(idleTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void Drop(Entry entry)
    {
        entries.Remove(entry);
        entry.Sessions.Dispose();
    }

    public void Dispose()
    {
        lock (gate)
        {
            idleTimer.Dispose();
            foreach (var entry in entries.ToList())
                Drop(entry);
        }
    }

    private sealed class Entry(string path, ImageClassifier model, DreamSessionCache sessions)
    {
        public string Path { get; } = path;
        public ImageClassifier Model { get; } = model;
        public DreamSessionCache Sessions { get; set; } = sessions;
        public int Leases { get; set; }
        public long LastUsed { get; set; } = Environment.TickCount64;
    }

    /// <summary>A model held for one dream, with the sessions to dream with.</summary>
    public sealed class Lease : IDisposable
    {
        private Action? release;

        internal Lease(ImageClassifier model, DreamSessionCache sessions, Action release)
        {
            Model = model;
            Sessions = sessions;
            this.release = release;
        }

        public ImageClassifier Model { get; }
        public DreamSessionCache Sessions { get; }

        public void Dispose() => Interlocked.Exchange(ref release, null)?.Invoke();
    }
}
