using Microsoft.ML.OnnxRuntime;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;

namespace DeepDream.Core.Inference;

/// <summary>
/// One ONNX Runtime session of a dream graph: an RGB image in [0, 1], planar [3, H, W], goes in;
/// the loss and dLoss/dImage come out. Safe to call from several threads; runs that the
/// provider cannot overlap (DirectML) are serialised.
/// </summary>
public sealed class DreamSession : IDisposable
{
    private static readonly string[] InputNames = [ModelNormalizer.ImageInput, DreamGraphBuilder.LayerWeightsInput];
    private static readonly string[] OutputNames = [DreamGraphBuilder.LossOutput, DreamGraphBuilder.GradientOutput];

    private readonly InferenceSession session;
    private readonly object? runLock;

    internal DreamSession(InferenceSession session, ExecutionDevice device, int layerCount)
    {
        this.session = session;
        Device = device;
        LayerCount = layerCount;
        runLock = device == ExecutionDevice.DirectML ? new object() : null;
    }

    public ExecutionDevice Device { get; }
    public int LayerCount { get; }

    /// <summary>Computes the loss and writes dLoss/dImage into <paramref name="gradient"/> (length 3*H*W).</summary>
    public float Run(float[] image, int height, int width, float[] layerWeights, float[] gradient, CancellationToken cancel = default)
    {
        var planeCount = 3L * height * width;
        if (image.Length < planeCount || gradient.Length < planeCount)
            throw new ArgumentException($"Buffers must hold 3 x {height} x {width} values.");
        if (layerWeights.Length != LayerCount)
            throw new ArgumentException($"Expected {LayerCount} layer weights, got {layerWeights.Length}.", nameof(layerWeights));
        cancel.ThrowIfCancellationRequested();

        long[] shape = [1, 3, height, width];
        var loss = new float[1];
        using var imageValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, image.AsMemory(0, (int)planeCount), shape);
        using var weightsValue = OrtValue.CreateTensorValueFromMemory(layerWeights, [layerWeights.Length]);
        using var lossValue = OrtValue.CreateTensorValueFromMemory(loss, []);
        using var gradientValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, gradient.AsMemory(0, (int)planeCount), shape);
        using var options = new RunOptions();
        using var stop = cancel.Register(() => options.Terminate = true);
        try
        {
            if (runLock is null)
                session.Run(options, InputNames, [imageValue, weightsValue], OutputNames, [lossValue, gradientValue]);
            else
                lock (runLock)
                    session.Run(options, InputNames, [imageValue, weightsValue], OutputNames, [lossValue, gradientValue]);
        }
        catch (OnnxRuntimeException) when (cancel.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancel);
        }
        return loss[0];
    }

    /// <summary>Stops ONNX Runtime's profiling (enabled by <see cref="DreamSessionCache.ProfilePrefix"/>) and returns the profile's path.</summary>
    public string EndProfiling() => session.EndProfiling();

    public void Dispose() => session.Dispose();
}
