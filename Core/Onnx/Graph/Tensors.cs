using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Graph;

/// <summary>Creates constant tensors and reads their values, whatever storage field the exporter used.</summary>
public static class Tensors
{
    public static TensorProto Create(string name, DataType type, long[] dims, double[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)type };
        t.Dims.AddRange(dims);
        switch (type)
        {
            case DataType.Float:
                var floats = new float[values.Length];
                for (var i = 0; i < values.Length; i++)
                    floats[i] = (float)values[i];
                t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()));
                break;
            case DataType.Double:
                t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                break;
            case DataType.Int64:
                t.Int64Data.AddRange(values.Select(v => (long)v));
                break;
            case DataType.Int32:
                t.Int32Data.AddRange(values.Select(v => (int)v));
                break;
            default:
                throw new ArgumentException($"Constants of type {type} are not supported.", nameof(type));
        }
        return t;
    }

    public static long ElementCount(TensorProto t) => t.Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>The tensor's values as doubles (float, double, int32, int64 and bool tensors), as many as its dims say.</summary>
    public static double[] ReadDoubles(TensorProto t)
    {
        var values = ReadStored(t);
        if (t.Dims.Any(d => d < 0) || values.Length != ElementCount(t))
            throw new ModelException($"Tensor '{t.Name}' holds {values.Length} values but its shape [{string.Join(", ", t.Dims)}] calls for {ElementCount(t)}.");
        return values;
    }

    private static double[] ReadStored(TensorProto t)
    {
        var type = (DataType)t.DataType;
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new ModelException($"Tensor '{t.Name}' is stored in an external file, which is not supported.");
        var raw = t.RawData.Span;
        return type switch
        {
            DataType.Float when raw.Length > 0 => Widen(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw)),
            DataType.Float => t.FloatData.Select(v => (double)v).ToArray(),
            DataType.Double when raw.Length > 0 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(raw).ToArray(),
            DataType.Double => t.DoubleData.ToArray(),
            DataType.Int64 when raw.Length > 0 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(raw).ToArray().Select(v => (double)v).ToArray(),
            DataType.Int64 => t.Int64Data.Select(v => (double)v).ToArray(),
            DataType.Int32 when raw.Length > 0 => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(raw).ToArray().Select(v => (double)v).ToArray(),
            DataType.Int32 => t.Int32Data.Select(v => (double)v).ToArray(),
            DataType.Bool when raw.Length > 0 => raw.ToArray().Select(v => (double)v).ToArray(),
            DataType.Bool => t.Int32Data.Select(v => (double)v).ToArray(),
            _ => throw new ModelException($"Tensor '{t.Name}' has element type {type}, which is not supported here."),
        };
    }

    private static double[] Widen(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
            result[i] = values[i];
        return result;
    }

    public static long[] ReadInt64s(TensorProto t) => ReadDoubles(t).Select(v => (long)v).ToArray();
}
