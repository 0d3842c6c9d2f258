using DeepDream.Core.Onnx.Graph;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// Turns a model stored in float16 or bfloat16 into float32: its constants are widened and its
/// declared types and casts are retargeted, so the dream graph is computed in float32 (ONNX
/// Runtime's CPU provider has few half-precision kernels, and an ascent in half precision
/// would lose the small gradient steps).
/// </summary>
internal static class HalfToFloat
{
    /// <summary>Converts the model in place; returns how many constants were widened (0 when it was float32 already).</summary>
    public static int Apply(GraphProto graph)
    {
        var widened = 0;
        foreach (var t in graph.Initializer)
            widened += Widen(t);
        foreach (var node in graph.Node)
        {
            foreach (var a in node.Attribute)
                if (a.T is { } t)
                    widened += Widen(t);
            if (node.OpType == "Cast" && node.Find("to") is { } to && IsHalf(to.I))
                to.I = (long)DataType.Float;
        }
        foreach (var info in graph.Input.Concat(graph.Output).Concat(graph.ValueInfo))
            if (info.Type?.TensorType is { } tensor && IsHalf(tensor.ElemType))
                tensor.ElemType = (int)DataType.Float;
        return widened;
    }

    private static bool IsHalf(long type) => type is (long)DataType.Float16 or (long)DataType.Bfloat16;

    private static int Widen(TensorProto t)
    {
        if (!IsHalf(t.DataType))
            return 0;
        var bits = t.RawData.Length > 0
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(t.RawData.Span).ToArray()
            : t.Int32Data.Select(v => (ushort)v).ToArray();
        if (bits.Length != Tensors.ElementCount(t))
            throw new ModelException($"Tensor '{t.Name}' holds {bits.Length} half-precision values but its shape [{string.Join(", ", t.Dims)}] calls for {Tensors.ElementCount(t)}.");
        var floats = t.DataType == (int)DataType.Float16
            ? bits.Select(b => (float)BitConverter.UInt16BitsToHalf(b)).ToArray()
            : bits.Select(b => BitConverter.Int32BitsToSingle(b << 16)).ToArray();
        t.DataType = (int)DataType.Float;
        t.Int32Data.Clear();
        t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()));
        return 1;
    }
}
