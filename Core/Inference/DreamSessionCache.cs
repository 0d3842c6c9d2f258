using System.Collections.Concurrent;
using System.Diagnostics;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Core.Inference;

/// <summary>
/// Builds dream graphs and their sessions once per (model, objective terms, border, device, shape)
/// and shares them between callers and threads. On the CPU one session with symbolic H and W
/// serves every size; GPU providers get one session per fixed shape, of the graph with every
/// shape folded for that size, so that nothing is read back from the device. A GPU provider that fails
/// to start falls back to the CPU, and the reason is reported. A session that fails to build is
/// not cached.
/// </summary>
public sealed class DreamSessionCache(int threads = 0) : IDisposable
{
    private readonly ConcurrentDictionary<Key, Lazy<DreamSession>> sessions = new();

    public static DreamSessionCache Shared { get; } = new();

    /// <summary>Sessions built and cached (a failed build leaves none).</summary>
    public int Count => sessions.Values.Count(l => l.IsValueCreated);

    /// <summary>
    /// Starts a GPU session in place of the provider's own start: tests use it to stand in for a
    /// GPU that starts but then fails, as no GPU is at hand where they run. Null: ONNX Runtime's.
    /// </summary>
    internal Func<byte[], ExecutionDevice, (int Height, int Width), InferenceSession>? StartGpuSession { get; init; }

    /// <summary>The process the sessions, and the dreams that use them, run in (see <see cref="HostProfile"/>).</summary>
    public HostProfile Profile { get; init; }

    /// <summary>
    /// Makes CPU sessions keep buffers bound between runs as GPU sessions do (see <see cref="DreamSession"/>):
    /// tests use it to check that path where no GPU is at hand.
    /// </summary>
    internal bool BindBuffersOnCpu { get; init; }

    /// <summary>When set, sessions write ONNX Runtime's profile to files starting with this path (see <see cref="DreamSession.EndProfiling"/>).</summary>
    public string? ProfilePrefix { get; init; }

    /// <summary>Time spent building (or reading) graphs and creating sessions, for benchmarks.</summary>
    public TimeSpan GraphBuildTime { get; private set; }
    public TimeSpan SessionCreateTime { get; private set; }
    /// <summary>Whether the last graph came from the model's <see cref="ImageClassifier.Cache"/> rather than being built.</summary>
    public bool GraphFromCache { get; private set; }

    /// <param name="objective">Resolved (<see cref="Objective.Resolve"/>); its weights are fed at run time and are not part of the session.</param>
    public DreamSession Get(ImageClassifier model, Objective objective, int border, ExecutionDevice device,
        int height, int width, Action<string>? notify = null)
    {
        var resolved = ExecutionProviders.Resolve(device);
        var fixedShape = resolved is ExecutionDevice.Cpu ? ((int, int)?)null : (height, width);
        var key = new Key(model.Path, objective.Key, border, resolved, fixedShape);
        var lazy = sessions.GetOrAdd(key, k => new Lazy<DreamSession>(() => Create(model, objective, border, k, notify)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            sessions.TryRemove(new KeyValuePair<Key, Lazy<DreamSession>>(key, lazy));
            throw;
        }
    }

    private DreamSession Create(ImageClassifier model, Objective objective, int border, Key key, Action<string>? notify)
    {
        var clock = Stopwatch.StartNew();
        var graphKey = model.CacheKey is { } modelKey ? $"dream graph\n{modelKey}\n{border}\n{objective.Key}" : null;
        var bytes = DreamGraph(model, graphKey, objective, border);
        GraphBuildTime = clock.Elapsed;
        clock.Restart();
        try
        {
            var session = key.Device == ExecutionDevice.Cpu
                ? CreateSession(bytes, ExecutionDevice.Cpu, null, model)
                : TryGpu(bytes, graphKey, key, model, notify) ?? CreateSession(bytes, ExecutionDevice.Cpu, null, model);
            return new DreamSession(session.Session, session.Device, objective.Terms.Count, BindBuffersOnCpu || session.Device != ExecutionDevice.Cpu);
        }
        finally
        {
            SessionCreateTime = clock.Elapsed;
        }
    }

    /// <summary>The serialised dream graph, from the model's cache when it holds it. Device and shape do not change the graph.</summary>
    private byte[] DreamGraph(ImageClassifier model, string? graphKey, Objective objective, int border)
    {
        (var bytes, GraphFromCache) = Cached(model, graphKey,
            () => ModelException.Guard(model.Name, () => DreamGraphBuilder.Build(model.Model, model.Name, objective, border).ToByteArray()));
        return bytes;
    }

    /// <summary>What the model's cache holds under the key, else made and kept there (without a key, just made).</summary>
    private static (byte[] Bytes, bool FromCache) Cached(ImageClassifier model, string? key, Func<byte[]> make)
    {
        if (key is not null && model.Cache!.Read(key) is { } cached)
            return (cached, true);
        var bytes = make();
        if (key is not null)
            model.Cache!.Write(key, bytes);
        return (bytes, false);
    }

    /// <summary>A GPU session of the graph specialised to the tile's size (<see cref="FixedSizeGraph"/>, kept in the model's cache too), or null after a note.</summary>
    private (InferenceSession Session, ExecutionDevice Device)? TryGpu(byte[] bytes, string? graphKey, Key key, ImageClassifier model, Action<string>? notify)
    {
        var (height, width) = key.FixedShape!.Value;
        byte[] specialised;
        try
        {
            specialised = Cached(model, graphKey is null ? null : $"{graphKey}\nspecialised to {width}x{height}",
                () => FixedSizeGraph.Specialise(bytes, height, width)).Bytes;
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelException($"ONNX Runtime cannot specialise the dream graph of model '{model.Name}' to {width}x{height}: {e.Message.Split('\n')[0]}", e);
        }
        try
        {
            return StartGpuSession is { } start
                ? (start(specialised, key.Device, (height, width)), key.Device)
                : CreateSession(specialised, key.Device, key.FixedShape, model);
        }
        catch (Exception e) when (e is ProviderUnavailableException or OnnxRuntimeException)
        {
            notify?.Invoke(ExecutionProviders.CpuFallbackNote(key.Device, e));
            return null;
        }
    }

    private (InferenceSession Session, ExecutionDevice Device) CreateSession(byte[] bytes, ExecutionDevice device, (int H, int W)? shape, ImageClassifier model)
    {
        using var options = ExecutionProviders.CreateOptions(device, threads, Profile);
        if (ProfilePrefix is not null)
        {
            // The prefix must be set first: enabling profiling reads it.
            options.ProfileOutputPathPrefix = ProfilePrefix;
            options.EnableProfiling = true;
        }
        if (shape is { } s)
        {
            options.AddFreeDimensionOverrideByName(ModelNormalizer.HeightParam, s.H);
            options.AddFreeDimensionOverrideByName(ModelNormalizer.WidthParam, s.W);
        }
        try
        {
            return (new InferenceSession(bytes, options), device);
        }
        catch (OnnxRuntimeException e) when (device == ExecutionDevice.Cpu)
        {
            throw new ModelException($"ONNX Runtime cannot run the dream graph of model '{model.Name}': {e.Message.Split('\n')[0]}", e);
        }
    }

    public void Dispose()
    {
        foreach (var lazy in sessions.Values)
            if (lazy.IsValueCreated)
                lazy.Value.Dispose();
        sessions.Clear();
    }

    private sealed record Key(string ModelPath, string Objective, int Border, ExecutionDevice Device, (int, int)? FixedShape);
}
