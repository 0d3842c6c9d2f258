using DeepDream.Core.Inference;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.DreamGraph;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace DeepDream.Cli.Commands;

/// <summary>
/// The plain forward pass that a dream step is measured against: an inference session of the
/// normalised model cut after the target layers, on the same provider, with all of ONNX
/// Runtime's optimisations.
/// </summary>
internal sealed class ForwardPass : IDisposable
{
    private readonly InferenceSession session;
    private readonly List<string> targets;

    /// <summary>A GPU provider that cannot start falls back to the CPU, as dream sessions do (<see cref="DevicePolicy.Start"/>).</summary>
    public ForwardPass(ImageClassifier model, IReadOnlyList<string> targets, ExecutionDevice device, Action<DeviceFallback> report)
    {
        this.targets = targets.ToList();
        var bytes = ForwardGraph.Cut(model.Model, targets, model.Name).ToByteArray();
        session = DevicePolicy.Start(DevicePolicy.Resolve(device), on => Start(bytes, on), report);
    }

    private static InferenceSession Start(byte[] bytes, ExecutionDevice device)
    {
        using var options = ExecutionProviders.CreateOptions(device, 0);
        return new InferenceSession(bytes, options);
    }

    public void Run(float[] image, int size)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 3, size, size]);
        using var outputs = session.Run(new RunOptions(), [ModelNormalizer.ImageInput], [input], targets);
    }

    public void Dispose() => session.Dispose();
}
