using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;

namespace DeepDream.Core.Inference;

/// <summary>
/// One ONNX Runtime session of a dream graph: an RGB image in [0, 1], planar [3, H, W], goes in;
/// the loss and dLoss/dImage come out. Safe to call from several threads; runs that the
/// provider cannot overlap (DirectML) are serialised.
/// </summary>
/// <remarks>
/// On the CPU a run reads the caller's image and writes the caller's gradient in place. A GPU
/// session instead keeps, per shape and per concurrent caller, buffers that stay bound to the
/// session between runs (<see cref="BoundBuffers"/>): the caller's arrays are copied in and out.
/// </remarks>
public sealed class DreamSession : IDisposable
{
    private static readonly string[] InputNames = [ModelNormalizer.ImageInput, DreamGraphBuilder.WeightsInput];
    private static readonly string[] OutputNames = [DreamGraphBuilder.LossOutput, DreamGraphBuilder.GradientOutput];

    private readonly InferenceSession session;
    private readonly object? runLock;
    /// <summary>Idle bound buffers by shape; null where runs use the caller's arrays.</summary>
    private readonly ConcurrentDictionary<(int Height, int Width), ConcurrentBag<BoundBuffers>>? idle;

    internal DreamSession(InferenceSession session, ExecutionDevice device, int termCount, bool bindBuffers)
    {
        this.session = session;
        Device = device;
        TermCount = termCount;
        runLock = device == ExecutionDevice.DirectML ? new object() : null;
        idle = bindBuffers ? new() : null;
    }

    public ExecutionDevice Device { get; }
    public int TermCount { get; }

    /// <summary>Computes the loss and writes dLoss/dImage into <paramref name="gradient"/> (length 3*H*W).</summary>
    public float Run(float[] image, int height, int width, float[] weights, float[] gradient, CancellationToken cancel = default)
    {
        var planeCount = 3L * height * width;
        if (image.Length < planeCount || gradient.Length < planeCount)
            throw new ArgumentException($"Buffers must hold 3 x {height} x {width} values.");
        if (weights.Length != TermCount)
            throw new ArgumentException($"Expected {TermCount} objective weights, got {weights.Length}.", nameof(weights));
        cancel.ThrowIfCancellationRequested();

        using var options = new RunOptions();
        using var stop = cancel.Register(() => options.Terminate = true);
        try
        {
            return idle is null
                ? RunInPlace(image, height, width, weights, gradient, options)
                : RunBound(image, height, width, weights, gradient, options);
        }
        catch (OnnxRuntimeException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }
    }

    private float RunInPlace(float[] image, int height, int width, float[] weights, float[] gradient, RunOptions options)
    {
        var planeCount = 3 * height * width;
        long[] shape = [1, 3, height, width];
        var loss = new float[1];
        using var imageValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, image.AsMemory(0, planeCount), shape);
        using var weightsValue = OrtValue.CreateTensorValueFromMemory(weights, [weights.Length]);
        using var lossValue = OrtValue.CreateTensorValueFromMemory(loss, []);
        using var gradientValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, gradient.AsMemory(0, planeCount), shape);
        if (runLock is null)
            session.Run(options, InputNames, [imageValue, weightsValue], OutputNames, [lossValue, gradientValue]);
        else
            lock (runLock)
                session.Run(options, InputNames, [imageValue, weightsValue], OutputNames, [lossValue, gradientValue]);
        return loss[0];
    }

    private float RunBound(float[] image, int height, int width, float[] weights, float[] gradient, RunOptions options)
    {
        var pool = idle!.GetOrAdd((height, width), _ => []);
        if (!pool.TryTake(out var buffers))
            buffers = new BoundBuffers(session, height, width, TermCount);
        try
        {
            image.AsSpan(0, buffers.Image.Length).CopyTo(buffers.Image);
            weights.CopyTo(buffers.Weights, 0);
            if (runLock is null)
                buffers.Run(session, options);
            else
                lock (runLock)
                    buffers.Run(session, options);
            buffers.Gradient.CopyTo(gradient, 0);
            return buffers.Loss[0];
        }
        finally
        {
            pool.Add(buffers);
        }
    }

    /// <summary>Stops ONNX Runtime's profiling (enabled by <see cref="DreamSessionCache.ProfilePrefix"/>) and returns the profile's path.</summary>
    public string EndProfiling() => session.EndProfiling();

    public void Dispose()
    {
        if (idle is not null)
            foreach (var buffers in idle.Values.SelectMany(pool => pool))
                buffers.Dispose();
        session.Dispose();
    }

    /// <summary>
    /// The inputs and outputs of one run of one shape, in arrays of their own with OrtValues over
    /// them, and an I/O binding of the session that writes the outputs into them.
    /// </summary>
    private sealed class BoundBuffers : IDisposable
    {
        private readonly OrtValue imageValue;
        private readonly OrtValue weightsValue;
        private readonly OrtValue lossValue;
        private readonly OrtValue gradientValue;
        private readonly OrtIoBinding binding;

        public BoundBuffers(InferenceSession session, int height, int width, int termCount)
        {
            long[] shape = [1, 3, height, width];
            imageValue = OrtValue.CreateTensorValueFromMemory(Image = new float[3 * height * width], shape);
            weightsValue = OrtValue.CreateTensorValueFromMemory(Weights = new float[termCount], [termCount]);
            lossValue = OrtValue.CreateTensorValueFromMemory(Loss = new float[1], []);
            gradientValue = OrtValue.CreateTensorValueFromMemory(Gradient = new float[3 * height * width], shape);
            binding = session.CreateIoBinding();
            binding.BindOutput(DreamGraphBuilder.LossOutput, lossValue);
            binding.BindOutput(DreamGraphBuilder.GradientOutput, gradientValue);
        }

        public float[] Image { get; }
        public float[] Weights { get; }
        public float[] Loss { get; }
        public float[] Gradient { get; }

        public void Run(InferenceSession session, RunOptions options)
        {
            // A provider on another device copies an input when it is bound, not when the graph
            // runs: the inputs are bound again with what the arrays hold now.
            binding.BindInput(ModelNormalizer.ImageInput, imageValue);
            binding.BindInput(DreamGraphBuilder.WeightsInput, weightsValue);
            session.RunWithBinding(options, binding);
        }

        public void Dispose()
        {
            binding.Dispose();
            imageValue.Dispose();
            weightsValue.Dispose();
            lossValue.Dispose();
            gradientValue.Dispose();
        }
    }
}
