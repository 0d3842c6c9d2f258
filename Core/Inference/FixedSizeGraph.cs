using DeepDream.Core.Onnx.Graph;
using DeepDream.Core.Onnx.Normalization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Inference;

/// <summary>
/// A dream graph specialised to one image size: ONNX Runtime's provider-independent (basic)
/// optimisations fold every shape computed from the image's size into constants, so no shape
/// arithmetic is left to run and a GPU provider never reads a shape back from the device. What
/// those optimisations leave (NonZero of a constant, reductions over no axis) is folded here, and
/// the optimisations run again. The result is a standard ONNX graph that any execution provider
/// can load.
/// </summary>
public static class FixedSizeGraph
{
    private const int MaxRounds = 4;

    public static byte[] Specialise(byte[] dreamGraph, int height, int width)
    {
        var bytes = Optimise(dreamGraph, height, width);
        for (var round = 0; round < MaxRounds; round++)
        {
            var model = ModelProto.Parser.ParseFrom(bytes);
            if (!FoldWhatIsLeft(model.Graph))
                break;
            bytes = Optimise(model.ToByteArray(), height, width);
        }
        return bytes;
    }

    private static byte[] Optimise(byte[] graph, int height, int width)
    {
        var path = Path.Combine(Path.GetTempPath(), $"deepdream-{Guid.NewGuid():N}.onnx");
        try
        {
            using (var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OptimizedModelFilePath = path,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            })
            {
                options.AddFreeDimensionOverrideByName(ModelNormalizer.HeightParam, height);
                options.AddFreeDimensionOverrideByName(ModelNormalizer.WidthParam, width);
                using var session = new InferenceSession(graph, options);
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Replaces NonZero of a constant by its value and a ReduceSum over no axis (a no-op) by Identity; true if anything changed.</summary>
    private static bool FoldWhatIsLeft(GraphProto graph)
    {
        var constants = graph.Initializer.ToDictionary(t => t.Name);
        var changed = false;
        foreach (var node in graph.Node.ToList())
        {
            if (node.OpType == "NonZero" && constants.TryGetValue(node.Input[0], out var input))
            {
                var indices = NonZero(input);
                var t = Tensors.Create(node.Output[0], DataType.Int64, [input.Dims.Count, indices.Length / Math.Max(input.Dims.Count, 1)], indices);
                graph.Initializer.Add(t);
                graph.Node.Remove(node);
                changed = true;
            }
            else if (node.OpType == "ReduceSum" && node.Input.Count > 1 && constants.TryGetValue(node.Input[1], out var axes)
                && Tensors.ElementCount(axes) == 0 && node.GetInt("noop_with_empty_axes", 0) == 1)
            {
                node.OpType = "Identity";
                node.Input.RemoveAt(1);
                node.Attribute.Clear();
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>ONNX NonZero: the indices of the non-zero elements, [rank, count], one row per axis.</summary>
    private static double[] NonZero(TensorProto t)
    {
        var values = Tensors.ReadDoubles(t);
        var dims = t.Dims.ToArray();
        var hits = Enumerable.Range(0, values.Length).Where(i => values[i] != 0).ToArray();
        var result = new double[dims.Length * hits.Length];
        for (var h = 0; h < hits.Length; h++)
        {
            var rest = (long)hits[h];
            for (var axis = dims.Length - 1; axis >= 0; axis--)
            {
                result[axis * hits.Length + h] = rest % dims[axis];
                rest /= dims[axis];
            }
        }
        return result;
    }
}
