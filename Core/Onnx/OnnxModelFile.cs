using Google.Protobuf;
using Onnx;

namespace DeepDream.Core.Onnx;

/// <summary>Reads an ONNX file into protobuf classes, turning every way it can fail into a <see cref="ModelException"/>.</summary>
public static class OnnxModelFile
{
    public static ModelProto Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelException($"Model file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(bytes, Path.GetFileName(path));
    }

    public static ModelProto Parse(byte[] bytes, string name)
    {
        if (bytes.Length == 0)
            throw new ModelException($"Model file '{name}' is empty.");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelException($"Model file '{name}' is not a valid ONNX model (truncated or not ONNX): {e.Message}", e);
        }
        if (model.Graph is null || model.Graph.Node.Count == 0)
            throw new ModelException($"Model file '{name}' is not a valid ONNX model: it has no graph.");
        return model;
    }
}
