using System.Diagnostics;
using DeepDream.Core.Inference;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Tests.Support;

namespace DeepDream.Tests.Inference;

/// <summary>
/// The GPU sessions' way of running (buffers that stay bound between runs, the caller's arrays
/// copied in and out), exercised on the CPU: it gives exactly the loss and gradient of runs on
/// the caller's arrays, from one thread or several, and cancelling still stops a run.
/// </summary>
public sealed class BoundBufferTests : IDisposable
{
    private static readonly string[] Layers = ["layer2.1", "layer3.1"];
    private static readonly float[] Weights = [0.5f, 1f];

    private readonly DreamSessionCache inPlace = new(threads: 1);
    private readonly DreamSessionCache bound = new(threads: 1) { BindBuffersOnCpu = true };

    public void Dispose()
    {
        inPlace.Dispose();
        bound.Dispose();
    }

    private static DreamSession Session(DreamSessionCache sessions, int height, int width)
    {
        var model = TestData.ResNet18;
        return sessions.Get(model, Objective.Layers(Layers).Resolve(model), DreamGraphBuilder.DefaultBorder, ExecutionDevice.Cpu, height, width);
    }

    private static float[] Window(string photo, int left, int top, int height, int width) =>
        TestData.Crop(TestData.Photo(photo), left, top, width, height).Rgb;

    private static (float Loss, float[] Gradient) Step(DreamSession session, float[] image, int height, int width, CancellationToken cancel = default)
    {
        var gradient = new float[image.Length];
        return (session.Run(image, height, width, Weights, gradient, cancel), gradient);
    }

    [Fact]
    public void Runs_on_bound_buffers_give_exactly_the_results_of_runs_in_place()
    {
        var images = new[]
        {
            (Window("astronaut.png", 150, 40, 96, 128), 96, 128),
            (Window("chelsea.png", 100, 40, 96, 128), 96, 128),
            (Window("camera.png", 60, 60, 96, 128), 96, 128),
            (Window("chelsea.png", 0, 0, 64, 64), 64, 64),
        };
        // Each image twice, interleaved, so that a bound buffer that kept an earlier image would show.
        foreach (var (image, height, width) in images.Concat(images))
        {
            var expected = Step(Session(inPlace, height, width), image, height, width);
            var actual = Step(Session(bound, height, width), image, height, width);
            Assert.Equal(expected.Loss, actual.Loss);
            Assert.Equal(expected.Gradient, actual.Gradient);
        }
    }

    [Fact]
    public void Threads_sharing_a_bound_session_each_get_their_own_results()
    {
        const int Size = 96;
        var images = Enumerable.Range(0, 4).Select(i => Window("astronaut.png", 40 * i, 30 * i, Size, Size)).ToList();
        var expected = images.Select(image => Step(Session(inPlace, Size, Size), image, Size, Size)).ToList();
        var session = Session(bound, Size, Size);
        var failures = new List<string>();
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (loss, gradient) = Step(session, images[i % 4], Size, Size);
            if (loss != expected[i % 4].Loss || !gradient.AsSpan().SequenceEqual(expected[i % 4].Gradient))
                lock (failures)
                    failures.Add($"run {i}: loss {loss}, expected {expected[i % 4].Loss}");
        });
        Assert.Empty(failures);
    }

    [Fact]
    public void Cancelling_stops_a_bound_run_which_then_runs_again_as_before()
    {
        const int Size = 512;
        var session = Session(bound, Size, Size);
        var image = TestData.Crop(TestData.Photo("astronaut.png"), 0, 0, Size, Size).Rgb;
        var before = Step(session, image, Size, Size);

        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => Step(session, image, Size, Size, cancel.Token));
        Thread.Sleep(50);
        cancel.Cancel();
        var stopping = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
        Assert.True(stopping.ElapsedMilliseconds < 1000, $"the run stopped {stopping.ElapsedMilliseconds} ms after the cancel");

        var after = Step(session, image, Size, Size);
        Assert.Equal(before.Loss, after.Loss);
        Assert.Equal(before.Gradient, after.Gradient);
    }
}
