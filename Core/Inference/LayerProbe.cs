using DeepDream.Core.Imaging;
using DeepDream.Core.Onnx;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace DeepDream.Core.Inference;

/// <summary>A layer a user can dream with.</summary>
public sealed record LayerInfo(string Tensor, string? Name, string Op, int Channels, int Stride);

/// <summary>
/// Lists candidate layers (activations, merges, pools, LRN) of a classifier with their channel
/// count and stride, measured by one forward run at the model's nominal size on the CPU.
/// </summary>
public static class LayerProbe
{
    private static readonly HashSet<string> CandidateOps =
        ["Relu", "LeakyRelu", "PRelu", "Clip", "Elu", "Selu", "Celu", "HardSwish", "Gelu", "Mish", "Concat", "LRN", "MaxPool", "AveragePool", "Add", "Sum"];

    public static IReadOnlyList<LayerInfo> List(ImageClassifier model)
    {
        var graph = model.Model.Graph;
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
        // A merge followed straight by an activation is listed through the activation only.
        var candidates = graph.Node
            .Where(n => CandidateOps.Contains(n.OpType))
            .Where(n => n.OpType is not ("Add" or "Sum") || !consumers[n.Output[0]].All(c => c.OpType is "Relu" or "LeakyRelu" or "PRelu" or "Clip"))
            .Select(n => (Tensor: n.Output[0], n.OpType))
            .ToList();

        var shapes = Measure(model, candidates.Select(c => c.Tensor).ToList());
        var names = model.Spec?.Layers.ToDictionary(l => l.Tensor, l => l.Name) ?? [];
        var layers = new List<LayerInfo>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (shapes[i] is { } shape)
                layers.Add(new LayerInfo(candidates[i].Tensor, names.GetValueOrDefault(candidates[i].Tensor), candidates[i].OpType, shape.Channels, shape.Stride));
        }
        return layers;
    }

    /// <summary>The channel count and stride of each tensor (null for one that is not a 4-D feature map).</summary>
    public static IReadOnlyList<(int Channels, int Stride)?> Measure(ImageClassifier model, IReadOnlyList<string> tensors)
    {
        var size = model.ValidSize.Nominal;
        return Forward(model, tensors, new RgbImage(size, size), values: false)
            .Select(o => o.Shape is [_, var c, var h, _] && h >= 1 ? ((int)c, (int)Math.Round((double)size / h)) : ((int, int)?)null)
            .ToList();
    }

    /// <summary>One CPU forward run: the values and shape of a tensor for an image (the nominal size's zeros when none is given).</summary>
    public static (float[] Values, long[] Shape) Run(ImageClassifier model, string tensor, RgbImage? image = null)
    {
        var size = model.ValidSize.Nominal;
        return Forward(model, [tensor], image ?? new RgbImage(size, size), values: true)[0];
    }

    /// <summary>The model cut after the tensors, run once on the CPU: each tensor's shape, and its values when asked.</summary>
    private static List<(float[] Values, long[] Shape)> Forward(ImageClassifier model, IReadOnlyList<string> tensors, RgbImage image, bool values)
    {
        var bytes = Onnx.DreamGraph.ForwardGraph.Cut(model.Model, tensors, model.Name).ToByteArray();
        using var options = ExecutionProviders.CreateOptions(ExecutionDevice.Cpu, 0);
        using var session = new InferenceSession(bytes, options);
        using var input = OrtValue.CreateTensorValueFromMemory(image.Rgb, [1, 3, image.Height, image.Width]);
        using var outputs = session.Run(new RunOptions(), [ModelNormalizer.ImageInput], [input], tensors.ToList());
        return outputs.Select(o => (values ? o.GetTensorDataAsSpan<float>().ToArray() : [], o.GetTensorTypeAndShape().Shape)).ToList();
    }
}
