using System.CommandLine;
using System.Diagnostics;
using DeepDream.Cli.Files;
using DeepDream.Core.Dreaming;
using DeepDream.Core.Imaging;
using DeepDream.Core.Inference;
using DeepDream.Core.Objectives;
using DeepDream.Core.Onnx;

namespace DeepDream.Cli.Commands;

/// <summary>deepdream bench: the speed and memory figures the project tracks, measured on this machine.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var model = Options.Model();
        var device = Options.Device();
        var large = new Option<int?>("--large") { Description = "Instead, dream an NxN image (3 octaves, --iterations steps) and report peak memory." };
        var iterations = new Option<int>("--iterations") { Description = "Steps per octave for --large.", DefaultValueFactory = _ => 2 };
        var cancels = new Option<int>("--cancels") { Description = "With --large: also cancel this many dreams at random moments and report how long each took to stop.", DefaultValueFactory = _ => 0 };
        var profile = new Option<string?>("--profile") { Description = "Also write ONNX Runtime's profiles of 512x512 and 1024x1024 steps into this folder and print the ops that take the most time." };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Instead, run two dream graphs (written by 'deepdream graph', e.g. by two builds) on the CPU in turn and report how their steps compare.",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("bench", "Measure cold start, forward pass against gradient step, the default dream, or peak memory (--large).")
        {
            model, device, large, iterations, cancels, profile, compare,
        };
        command.SetAction((result, cancel) =>
        {
            if (result.GetValue(compare) is [var first, var second])
            {
                GraphComparison.Run(first, second, cancel);
                return Task.FromResult(0);
            }
            var clock = Stopwatch.StartNew();
            var classifier = Session.LoadModel(result.GetValue(model)!);
            var loadTime = clock.Elapsed;
            Console.WriteLine($"model load and normalise: {loadTime.TotalMilliseconds:F0} ms");
            var objective = Objective.Recommended(classifier.Spec)
                ?? throw new CliException($"Model '{classifier.Name}' has no recommended layers to benchmark with.");
            var settings = DreamSettings.FromRecipe(classifier.Spec, objective) with { Device = result.GetValue(device) };
            var notes = new Notes();
            if (result.GetValue(large) is { } size)
                Large(classifier, settings with { Iterations = result.GetValue(iterations) }, size, result.GetValue(cancels), notes, cancel);
            else
            {
                Speed(classifier, settings, loadTime, notes, cancel);
                if (result.GetValue(profile) is { } folder)
                    Profile(classifier, settings, folder, notes, cancel);
            }
            return Task.FromResult(0);
        });
        return command;
    }

    private static readonly (int Size, int Runs)[] StepSizes = [(224, 20), (512, 10), (1024, 5)];

    private static void Speed(ImageClassifier model, DreamSettings settings, TimeSpan loadTime, Notes notes, CancellationToken cancel)
    {
        var objective = settings.Objective.Active.Resolve(model);
        var weights = objective.Weights;
        Console.WriteLine($"objective: {settings.Objective}");
        using (var sessions = new DreamSessionCache())
        {
            var session = sessions.Get(model, objective, settings.Border, settings.Device, 224, 224, notes.Add);
            var graph = sessions.GraphFromCache ? $"read from the cache {model.Cache!.Directory}" : "built";
            Console.WriteLine($"dream graph build: {sessions.GraphBuildTime.TotalMilliseconds:F0} ms ({graph}); session creation ({session.Device}): {sessions.SessionCreateTime.TotalMilliseconds:F0} ms");
            Console.WriteLine($"cold start (load, normalise, build, session): {(loadTime + sessions.GraphBuildTime + sessions.SessionCreateTime).TotalMilliseconds:F0} ms");
            // Only now: the forward graph needs the parsed model, which a cached dream graph does not.
            using var forward = new ForwardPass(model, objective.Terms.Select(t => t.Term.Tensor).Distinct().ToList(), settings.Device, notes.Add);
            Console.WriteLine("size       forward (ms)  step (ms)  step/forward  first step (ms)");
            foreach (var (size, runs) in StepSizes)
            {
                var s = sessions.Get(model, objective, settings.Border, settings.Device, size, size, notes.Add);
                var image = TestPattern(size);
                var gradient = new float[image.Length];
                var first = Stopwatch.StartNew();
                s.Run(image, size, size, weights, gradient, cancel);
                var firstMs = first.Elapsed.TotalMilliseconds;
                forward.Run(image, size);
                // Each in a run of its own, so that neither evicts the other's weights from the caches between runs.
                var step = Median(Enumerable.Range(0, runs).Select(_ => Time(() => s.Run(image, size, size, weights, gradient, cancel))).ToList());
                var pass = Median(Enumerable.Range(0, runs).Select(_ => Time(() => forward.Run(image, size))).ToList());
                Console.WriteLine($"{size}x{size,-6} {pass,12:F1} {step,10:F1} {step / pass,13:F2} {firstMs,16:F0}");
            }
        }

        using (var sessions = new DreamSessionCache())
        {
            var photo = ImageFile.Read(Session.SamplePath);
            var clock = Stopwatch.StartNew();
            var losses = new List<DreamProgress>();
            new Dreamer(model, sessions).Dream(photo, settings, new Collect(losses, notes), cancel);
            var firstOctave = losses.First();
            var lastOctave = losses.Where(p => p.Octave == p.OctaveCount).ToList();
            Console.WriteLine($"default dream of astronaut.png ({photo.Width}x{photo.Height}, {settings.Octaves} octaves x {settings.Iterations} steps, cold sessions): {clock.Elapsed.TotalSeconds:F2} s");
            Console.WriteLine($"loss: first step {firstOctave.Loss:F3}; last octave {lastOctave.First().Loss:F3} -> {lastOctave.Last().Loss:F3}");
        }
    }

    private static void Profile(ImageClassifier model, DreamSettings settings, string folder, Notes notes, CancellationToken cancel)
    {
        Directory.CreateDirectory(folder);
        var objective = settings.Objective.Active.Resolve(model);
        foreach (var size in new[] { 512, 1024 })
        {
            using var sessions = new DreamSessionCache { ProfilePrefix = Path.Combine(folder, $"step{size}") };
            var session = sessions.Get(model, objective, settings.Border, settings.Device, size, size, notes.Add);
            var image = TestPattern(size);
            var gradient = new float[image.Length];
            for (var r = 0; r < 4; r++)
                session.Run(image, size, size, objective.Weights, gradient, cancel);
            var path = session.EndProfiling();
            Console.WriteLine($"profile of {size}x{size} steps (first run left out): {path}");
            ProfileSummary.Print(path, skipRuns: 1);
        }
    }

    internal static float[] TestPattern(int size) =>
        Enumerable.Range(0, 3 * size * size).Select(i => (float)((i * 7919 % 1000) / 1000.0)).ToArray();

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static void Large(ImageClassifier model, DreamSettings settings, int size, int cancels, Notes notes, CancellationToken cancel)
    {
        var image = LargePhoto(size);
        using var sessions = new DreamSessionCache();
        var dreamer = new Dreamer(model, sessions);
        var seconds = DreamInto(dreamer, image, settings, notes, cancel);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"dream of {size}x{size} ({settings.Octaves} octaves x {settings.Iterations} steps, tile {settings.TileSize}): {seconds:F1} s, peak RSS {process.PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");

        var random = new Random(1);
        for (var i = 0; i < cancels; i++)
        {
            var after = TimeSpan.FromSeconds(0.2 + random.NextDouble() * Math.Min(seconds * 0.9, 30));
            using var stop = new CancellationTokenSource();
            var stopped = Stopwatch.StartNew();
            stop.CancelAfter(after);
            try
            {
                dreamer.Dream(image, settings, notes, stop.Token);
                Console.WriteLine($"cancel at {after.TotalSeconds:F2} s: the dream had already finished");
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine($"cancel at {after.TotalSeconds:F2} s: stopped {(stopped.Elapsed - after).TotalMilliseconds:F0} ms later");
            }
        }
    }

    /// <summary>
    /// Dreams the image and writes the dream back into it, as the dream command does. A method of
    /// its own so that the float dream is garbage when it returns: left in a temporary of the
    /// caller, it stayed alive through the cancelled dreams (768 MiB at 8192x8192).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double DreamInto(Dreamer dreamer, ByteImage image, DreamSettings settings, IProgress<DreamProgress> progress, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        image.SetRgb(dreamer.Dream(image, settings, progress, cancel));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The sample photo enlarged and held as the dream command holds a photo it read: 8-bit, the
    /// dream written back into it. The float enlargement must be garbage before the dream starts,
    /// hence a method of its own.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static ByteImage LargePhoto(int size)
    {
        var image = new ByteImage(size, size, ChannelOrder.Rgba);
        image.SetRgb(Bilinear.Resize(ImageFile.Read(Session.SamplePath), size, size));
        return image;
    }

    private sealed class Collect(List<DreamProgress> into, Notes notes) : IProgress<DreamProgress>
    {
        public void Report(DreamProgress value)
        {
            into.Add(value);
            notes.Report(value);
        }
    }

    /// <summary>Notes (a GPU that could not start) on stderr, each once: every session the bench starts would repeat it.</summary>
    private sealed class Notes : IProgress<DreamProgress>
    {
        private readonly HashSet<string> seen = [];

        public void Report(DreamProgress value)
        {
            if (value.Note is not null)
                Add(value.Note);
        }

        public void Add(DeviceFallback fallback) => Add(fallback.Message);

        private void Add(string note)
        {
            lock (seen)
                if (seen.Add(note))
                    Console.Error.WriteLine($"note: {note}");
        }
    }
}
