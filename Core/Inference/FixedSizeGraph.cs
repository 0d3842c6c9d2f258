using Microsoft.ML.OnnxRuntime;
using DeepDream.Core.Onnx.Normalization;

namespace DeepDream.Core.Inference;

/// <summary>
/// A dream graph specialised to one image size: ONNX Runtime's provider-independent (basic)
/// optimisations fold every shape computed from the image's size into constants, so no shape
/// arithmetic is left to run, and a GPU provider never reads a shape back from the device.
/// The result is a standard ONNX graph that any execution provider can load.
/// </summary>
public static class FixedSizeGraph
{
    public static byte[] Specialise(byte[] dreamGraph, int height, int width)
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
                using var session = new InferenceSession(dreamGraph, options);
            }
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
