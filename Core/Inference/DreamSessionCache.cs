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
/// to start falls back to the CPU (<see cref="DevicePolicy.Start"/>), and the fallback is reported to
/// every caller that gets that session, not only the first. A session that fails to build is not cached.
/// </summary>
public sealed class DreamSessionCache(int threads = 0) : IDisposable
{
    private readonly ConcurrentDictionary<Key, Lazy<Started>> sessions = new();

    public static DreamSessionCache Shared { get; } = new();

    /// <summary>Sessions built and cached (a failed build leaves none).</summary>
    public int Count => sessions.Values.Count(l => l.IsValueCreated);

    /// <summary>
    /// Starts a GPU session (of the graph, on the provider and DirectML adapter, for the shape) in
    /// place of the provider's own start: tests use it to stand in for a GPU that starts but then
    /// fails, as no GPU is at hand where they run. Null: ONNX Runtime's.
    /// </summary>
    internal Func<byte[], ExecutionDevice, int, (int Height, int Width), InferenceSession>? StartGpuSession { get; init; }

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
    /// <param name="device">A choice or a provider (<see cref="DevicePolicy.Resolve(ExecutionDevice)"/>).</param>
    /// <param name="report">Told when the session runs on the CPU because the GPU provider could not start.</param>
    /// <param name="adapter">The adapter of a DirectML session.</param>
    public DreamSession Get(ImageClassifier model, Objective objective, int border, ExecutionDevice device,
        int height, int width, Action<DeviceFallback>? report = null, GpuAdapter adapter = default)
    {
        var resolved = DevicePolicy.Resolve(device);
        var fixedShape = resolved is ExecutionDevice.Cpu ? ((int, int)?)null : (height, width);
        var key = new Key(model.Path, objective.Key, border, resolved, resolved is ExecutionDevice.DirectML ? adapter.Index : 0, fixedShape);
        var lazy = sessions.GetOrAdd(key, k => new Lazy<Started>(() => Create(model, objective, border, k)));
        Started started;
        try
        {
            started = lazy.Value;
        }
        catch
        {
            sessions.TryRemove(new KeyValuePair<Key, Lazy<Started>>(key, lazy));
            throw;
        }
        if (started.Fallback is { } fallback)
            report?.Invoke(fallback);
        return started.Session;
    }

    private Started Create(ImageClassifier model, Objective objective, int border, Key key)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            DeviceFallback? fallback = null;
            var (session, device) = DevicePolicy.Start(key.Device, on =>
            {
                var target = DevicePolicy.GraphTargetOf(on);
                var graphKey = model.CacheKey is { } modelKey ? $"dream graph\n{modelKey}\n{border}\n{objective.Key}\n{target}" : null;
                var bytes = DreamGraph(model, graphKey, objective, border, target);
                GraphBuildTime = clock.Elapsed;
                clock.Restart();
                return on == ExecutionDevice.Cpu ? CreateSession(bytes, on, null, model) : GpuSession(bytes, graphKey, key, model);
            }, f => fallback = f);
            return new Started(new DreamSession(session, device, objective.Terms.Count, BindBuffersOnCpu || device != ExecutionDevice.Cpu), fallback);
        }
        finally
        {
            SessionCreateTime = clock.Elapsed;
        }
    }

    /// <summary>The serialised dream graph for the target, from the model's cache when it holds it.</summary>
    private byte[] DreamGraph(ImageClassifier model, string? graphKey, Objective objective, int border, GraphTarget target)
    {
        (var bytes, GraphFromCache) = Cached(model, graphKey,
            () => ModelException.Guard(model.Name, () => DreamGraphBuilder.Build(model.Model, model.Name, objective, target, border).ToByteArray()));
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

    /// <summary>A GPU session of the graph specialised to the tile's size (<see cref="FixedSizeGraph"/>, kept in the model's cache too).</summary>
    private (InferenceSession Session, ExecutionDevice Device) GpuSession(byte[] bytes, string? graphKey, Key key, ImageClassifier model)
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
        return StartGpuSession is { } start
            ? (start(specialised, key.Device, key.Adapter, (height, width)), key.Device)
            : CreateSession(specialised, key.Device, key.FixedShape, model, key.Adapter);
    }

    private (InferenceSession Session, ExecutionDevice Device) CreateSession(byte[] bytes, ExecutionDevice device, (int H, int W)? shape, ImageClassifier model,
        int adapter = 0)
    {
        using var options = ExecutionProviders.CreateOptions(device, threads, Profile, adapter);
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
                lazy.Value.Session.Dispose();
        sessions.Clear();
    }

    /// <summary>A session, and the fallback that made it a CPU session in place of the key's GPU provider.</summary>
    private sealed record Started(DreamSession Session, DeviceFallback? Fallback);

    /// <param name="Adapter">DirectML's adapter index; 0 for other providers.</param>
    private sealed record Key(string ModelPath, string Objective, int Border, ExecutionDevice Device, int Adapter, (int, int)? FixedShape);
}
