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

    public ForwardPass(ImageClassifier model, IReadOnlyList<string> targets, ExecutionDevice device)
    {
        this.targets = targets.ToList();
        var bytes = ForwardGraph.Cut(model.Model, targets, model.Name).ToByteArray();
        using var options = ExecutionProviders.CreateOptions(ExecutionProviders.Resolve(device), 0);
        session = new InferenceSession(bytes, options);
    }

    public void Run(float[] image, int size)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image, [1, 3, size, size]);
        using var outputs = session.Run(new RunOptions(), [ModelNormalizer.ImageInput], [input], targets);
    }

    public void Dispose() => session.Dispose();
}
