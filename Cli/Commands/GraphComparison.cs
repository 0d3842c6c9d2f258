using System.Diagnostics;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Cli.Commands;

/// <summary>
/// bench --compare A.onnx B.onnx: two dream graphs (written by <c>deepdream graph</c>, from two
/// builds) run on the CPU in turn, step for step, in one process, so that the host's drift falls on
/// both alike; each ratio is the median of the pairs'. Idle threads sleep: one session's
/// spinning threads would slow the other's steps. Graphs written for one size (graph --size) are
/// timed at that size only.
/// </summary>
internal static class GraphComparison
{
    private static readonly (int Size, int Pairs)[] Sizes = [(224, 40), (512, 20), (1024, 8)];

    public static void Run(string first, string second, CancellationToken cancel)
    {
        using var a = Open(first);
        using var b = Open(second);
        Console.WriteLine($"A: {first}\nB: {second}");
        Console.WriteLine("size       A (ms)   B (ms)   B/A, median of pairs");
        var fixedSizes = new[] { a, b }.Select(FixedSize).OfType<int>().Distinct().ToList();
        if (fixedSizes.Count > 1)
            throw new CliException($"'{first}' and '{second}' were written for different sizes; write both for the same --size, or neither.");
        var sizes = fixedSizes is [var only] ? [(only, Sizes.MinBy(t => Math.Abs(t.Size - only)).Pairs)] : Sizes;
        foreach (var (size, pairs) in sizes)
        {
            var image = BenchCommand.TestPattern(size);
            Step(a, image, size, first);
            Step(b, image, size, second);
            var times = new List<(double A, double B)>();
            for (var i = 0; i < pairs; i++)
            {
                cancel.ThrowIfCancellationRequested();
                times.Add((Step(a, image, size, first), Step(b, image, size, second)));
            }
            var (medianA, medianB) = (BenchCommand.Median([.. times.Select(t => t.A)]), BenchCommand.Median([.. times.Select(t => t.B)]));
            Console.WriteLine($"{size}x{size,-6} {medianA,7:F1} {medianB,8:F1} {BenchCommand.Median([.. times.Select(t => t.B / t.A)]),9:F3}");
        }
    }

    private static InferenceSession Open(string path)
    {
        if (!File.Exists(path))
            throw new CliException($"No dream graph at '{path}' (write one with 'deepdream graph -o FILE').");
        using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0);
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        try
        {
            var session = new InferenceSession(path, options);
            if (!session.InputMetadata.ContainsKey(DreamGraphBuilder.WeightsInput) || !session.OutputMetadata.ContainsKey(DreamGraphBuilder.GradientOutput))
            {
                session.Dispose();
                throw new CliException($"'{path}' is not a dream graph: it lacks the input '{DreamGraphBuilder.WeightsInput}' or the output '{DreamGraphBuilder.GradientOutput}'.");
            }
            return session;
        }
        catch (OnnxRuntimeException e)
        {
            throw new CliException($"ONNX Runtime cannot load '{path}': {e.Message.Split('\n')[0]}");
        }
    }

    /// <summary>The edge of a graph written for one square size; null for a graph of any size.</summary>
    private static int? FixedSize(InferenceSession session) =>
        session.InputMetadata[ModelNormalizer.ImageInput].Dimensions is [_, _, var h, var w] && h > 0
            ? h == w ? h : throw new CliException($"bench --compare times square images; this graph was written for {w}x{h}.")
            : null;

    /// <summary>One step of the graph on the image, every objective weight 1; its time in milliseconds.</summary>
    private static double Step(InferenceSession session, float[] image, int size, string path)
    {
        var terms = session.InputMetadata[DreamGraphBuilder.WeightsInput].Dimensions[0];
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 3, size, size]);
        using var weights = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1f, terms).ToArray(), [terms]);
        using var options = new RunOptions();
        var clock = Stopwatch.StartNew();
        try
        {
            using var outputs = session.Run(options, [ModelNormalizer.ImageInput, DreamGraphBuilder.WeightsInput], [input, weights], [DreamGraphBuilder.GradientOutput]);
        }
        catch (OnnxRuntimeException e)
        {
            throw new CliException($"The dream graph '{path}' cannot run at {size}x{size} ): {e.Message.Split('\n')[0]}");
        }
        return clock.Elapsed.TotalMilliseconds;
    }
}
