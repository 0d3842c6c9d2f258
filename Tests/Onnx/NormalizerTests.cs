using DeepDream.Core.Models;
using DeepDream.Core.Onnx.Normalization;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>
/// Normalisation keeps the network's meaning: an old-opset model with auto_pad, a batch
/// normalisation after a convolution, attribute-style Clip, Dropout, coerced Softmax and BGR mean/std preprocessing computes, after normalisation
/// and given RGB in [0, 1], exactly what the original computes on its own preprocessed input.
/// </summary>
public sealed class NormalizerTests
{
    private static readonly InputSpec Bgr = new()
    {
        Name = "data",
        ChannelOrder = "BGR",
        Scale = 255,
        Mean = [104, 117, 123],
        Std = [58, 57, 59],
    };

    /// <summary>An opset-10 classifier written the way old exporters wrote them, with a batch normalisation to fold.</summary>
    private static ModelProto OldModel()
    {
        var model = new ModelProto { IrVersion = 5, Graph = new GraphProto { Name = "old" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 10 });
        var g = new DeepDream.Core.Onnx.Graph.GraphEditor(model.Graph, "old");
        var input = new ValueInfoProto { Name = "data", Type = ModelNormalizer.ImageValueInfo(DataType.Float).Type.Clone() };
        input.Type.TensorType.Shape.Dim[2] = new TensorShapeProto.Types.Dimension { DimValue = 32 };
        input.Type.TensorType.Shape.Dim[3] = new TensorShapeProto.Types.Dimension { DimValue = 32 };
        model.Graph.Input.Add(input);
        var random = new Random(3);
        string Weights(params long[] dims) => g.AddConstant(DataType.Float, dims, Enumerable.Range(0, (int)dims.Aggregate(1L, (a, d) => a * d)).Select(_ => random.NextDouble() - 0.5).ToArray());
        var conv = g.Op("Conv", ["data", Weights(4, 3, 3, 3)], A.String("auto_pad", "SAME_UPPER"), A.Ints("strides", 2, 2), A.Ints("kernel_shape", 3, 3));
        var normalized = g.Op("BatchNormalization", [conv, Weights(4), Weights(4), Weights(4), g.AddConstant(DataType.Float, [4], [0.5, 1.5, 0.25, 2])], A.Float("epsilon", 1e-3f));
        var clip = g.Op("Clip", [normalized], A.Float("min", 0f), A.Float("max", 0.8f));
        var dropout = g.Op("Dropout", [clip], A.Float("ratio", 0.3f));
        var pool = g.Op("MaxPool", [dropout], A.String("auto_pad", "SAME_LOWER"), A.Ints("kernel_shape", 3, 3), A.Ints("strides", 2, 2));
        var softmax = g.Op("Softmax", [pool]);
        model.Graph.Output.Add(new ValueInfoProto { Name = pool });
        model.Graph.Output.Add(new ValueInfoProto { Name = softmax });
        return model;
    }

    [Fact]
    public void An_old_bgr_model_computes_the_same_after_normalisation()
    {
        var original = OldModel();
        var outputs = original.Graph.Output.Select(o => o.Name).ToList();
        var normalized = ModelNormalizer.Normalize(original.Clone(), Bgr, "old.onnx");
        Assert.Equal(13, normalized.OpsetImport.Single().Version);
        Assert.DoesNotContain(normalized.Graph.Node, n => n.Attribute.Any(a => a.Name == "auto_pad"));
        Assert.DoesNotContain(normalized.Graph.Node, n => n.OpType is "Dropout" or "BatchNormalization");

        var rgb = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)((Math.Sin(i * 0.37) + 1) / 2)).ToArray();
        var raw = new float[rgb.Length];
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < 32 * 32; i++)
                raw[c * 1024 + i] = (float)((rgb[(2 - c) * 1024 + i] * Bgr.Scale - Bgr.Mean[c]) / Bgr.Std[c]);

        var expected = Run(original, "data", raw, outputs);
        var actual = Run(normalized, ModelNormalizer.ImageInput, rgb, outputs);
        for (var o = 0; o < outputs.Count; o++)
        {
            Assert.Equal(expected[o].Length, actual[o].Length);
            for (var i = 0; i < expected[o].Length; i++)
                Assert.True(Math.Abs(expected[o][i] - actual[o][i]) <= 1e-4f, $"{outputs[o]}[{i}]: {expected[o][i]} vs {actual[o][i]}");
        }
    }

    /// <summary>A small opset-17 network stored in float16 (weights, input, a Constant node and a Cast to float16).</summary>
    private static ModelProto HalfModel(DataType storage)
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "half" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        var g = new DeepDream.Core.Onnx.Graph.GraphEditor(model.Graph, "half");
        var input = ModelNormalizer.ImageValueInfo(DataType.Float);
        input.Name = "data";
        input.Type.TensorType.ElemType = (int)storage;
        model.Graph.Input.Add(input);
        var random = new Random(5);
        TensorProto Half(string name, long[] dims, IEnumerable<double> values)
        {
            var t = new TensorProto { Name = name, DataType = (int)storage };
            t.Dims.AddRange(dims);
            var bits = values.Select(v => storage == DataType.Float16
                ? BitConverter.HalfToUInt16Bits((Half)v)
                : (ushort)(BitConverter.SingleToInt32Bits((float)v) >> 16)).ToArray();
            t.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan()));
            return t;
        }
        model.Graph.Initializer.Add(Half("w", [4, 3, 3, 3], Enumerable.Range(0, 108).Select(_ => random.NextDouble() - 0.5)));
        var shift = g.Op("Constant", [], A.Tensor("value", Half("shift", [1, 4, 1, 1], [0.25, -0.5, 0.125, 0])));
        var conv = g.Op("Conv", ["data", "w"], A.Ints("pads", 1, 1, 1, 1));
        var relu = g.Op("Relu", [g.Op("Add", [conv, shift])]);
        var roundTrip = g.Op("Cast", [g.Op("Cast", [relu], A.Int("to", (long)DataType.Float))], A.Int("to", (long)storage));
        model.Graph.Output.Add(new ValueInfoProto { Name = roundTrip, Type = input.Type.Clone() });
        return model;
    }

    [Theory]
    [InlineData(DataType.Float16)]
    [InlineData(DataType.Bfloat16)]
    public void A_half_precision_model_is_widened_to_float32_with_a_note(DataType storage)
    {
        var notes = new List<string>();
        var normalized = ModelNormalizer.Normalize(HalfModel(storage), InputSpec.ImageNetDefault with { Name = "data", Mean = [0, 0, 0], Std = [1, 1, 1] }, "half.onnx", notes);
        Assert.Contains(notes, n => n.Contains("half precision") && n.Contains("half.onnx"));
        Assert.All(normalized.Graph.Initializer, t => Assert.Equal((int)DataType.Float, t.DataType));
        Assert.DoesNotContain(normalized.Graph.Node, n => n.Attribute.Any(a => a.T is { } t && t.DataType != (int)DataType.Float || a.Name == "to" && a.I != (long)DataType.Float));

        // The widened weights keep the stored values exactly, so the output equals a float32 evaluation of them.
        var rgb = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)((Math.Cos(i * 0.21) + 1) / 2)).ToArray();
        var output = normalized.Graph.Output[0].Name;
        var actual = Run(normalized, ModelNormalizer.ImageInput, rgb, [output])[0];
        var w = DeepDream.Core.Onnx.Graph.Tensors.ReadDoubles(normalized.Graph.Initializer.Single(t => t.Name == "w"));
        var shift = new[] { 0.25, -0.5, 0.125, 0 };
        for (var o = 0; o < 4; o++)
            for (int y = 0, i = 0; y < 32; y++)
                for (var x = 0; x < 32; x++, i++)
                {
                    var sum = shift[o];
                    for (var c = 0; c < 3; c++)
                        for (var ky = 0; ky < 3; ky++)
                            for (var kx = 0; kx < 3; kx++)
                                if (y + ky - 1 is >= 0 and < 32 && x + kx - 1 is >= 0 and < 32)
                                    sum += w[((o * 3 + c) * 3 + ky) * 3 + kx] * rgb[c * 1024 + (y + ky - 1) * 32 + x + kx - 1];
                    Assert.True(Math.Abs(Math.Max(sum, 0) - actual[o * 1024 + i]) < 1e-5, $"output {o},{y},{x}");
                }
    }

    /// <summary>Upsample (scales an attribute at opset 7, an input at 9) and Resize 10 upgraded to Resize 13 resample alike.</summary>
    [Theory]
    [InlineData(7, "Upsample", "nearest", new[] { 1f, 1, 2, 3 })]
    [InlineData(7, "Upsample", "linear", new[] { 1f, 1, 2.5f, 1.5f })]
    [InlineData(9, "Upsample", "nearest", new[] { 1f, 1, 1.5f, 2 })]
    [InlineData(10, "Resize", "nearest", new[] { 1f, 1, 0.6f, 0.45f })]
    [InlineData(10, "Resize", "linear", new[] { 1f, 1, 1.7f, 0.6f })]
    public void An_old_resampling_node_computes_the_same_after_the_upgrade(long opset, string op, string mode, float[] scales)
    {
        var original = new ModelProto { IrVersion = 5, Graph = new GraphProto { Name = "resampling" } };
        original.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        var g = new DeepDream.Core.Onnx.Graph.GraphEditor(original.Graph, "resampling");
        original.Graph.Input.Add(new ValueInfoProto { Name = "data", Type = ModelNormalizer.ImageValueInfo(DataType.Float).Type.Clone() });
        var y = opset < 9
            ? g.Op(op, ["data"], A.String("mode", mode), A.Floats("scales", scales))
            : g.Op(op, ["data", g.AddConstant(DataType.Float, [4], scales.Select(f => (double)f).ToArray())], A.String("mode", mode));
        original.Graph.Output.Add(new ValueInfoProto { Name = y });

        var upgraded = original.Clone();
        OpsetUpgrade.Apply(upgraded, new DeepDream.Core.Onnx.Graph.GraphEditor(upgraded.Graph, "resampling"));
        Assert.Equal("Resize", Assert.Single(upgraded.Graph.Node).OpType);

        var values = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)Math.Sin(i * 0.37)).ToArray();
        var expected = Run(original, "data", values, [y])[0];
        var actual = Run(upgraded, "data", values, [y])[0];
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// The folded convolution computes bit for bit what ONNX Runtime computed when it fused the
    /// batch normalisation itself, so folding changes no dream.
    /// </summary>
    [Fact]
    public void Folding_batch_normalisation_matches_onnx_runtime_own_fusion_exactly()
    {
        var model = new ModelProto { IrVersion = 8, Graph = new GraphProto { Name = "bn" } };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        var g = new DeepDream.Core.Onnx.Graph.GraphEditor(model.Graph, "bn");
        var input = ModelNormalizer.ImageValueInfo(DataType.Float);
        input.Name = "data";
        model.Graph.Input.Add(input);
        var random = new Random(11);
        string Weights(double lo, double hi, params long[] dims) =>
            g.AddConstant(DataType.Float, dims, Enumerable.Range(0, (int)dims.Aggregate(1L, (a, d) => a * d)).Select(_ => lo + (hi - lo) * random.NextDouble()).ToArray());
        var withoutBias = g.Op("Conv", ["data", Weights(-1, 1, 16, 3, 3, 3)], A.Ints("pads", 1, 1, 1, 1));
        var first = g.Op("Relu", [g.Op("BatchNormalization", [withoutBias, Weights(0.5, 2, 16), Weights(-1, 1, 16), Weights(-1, 1, 16), Weights(0.1, 3, 16)], A.Float("epsilon", 1e-5f))]);
        var withBias = g.Op("Conv", [first, Weights(-0.3, 0.3, 16, 16, 3, 3), Weights(-1, 1, 16)], A.Ints("pads", 1, 1, 1, 1));
        var output = g.Op("BatchNormalization", [withBias, Weights(0.5, 2, 16), Weights(-1, 1, 16), Weights(-1, 1, 16), Weights(0.1, 3, 16)], A.Float("epsilon", 1e-3f));
        var relu = g.Op("Relu", [output]);
        model.Graph.Output.Add(new ValueInfoProto { Name = relu });

        var normalized = ModelNormalizer.Normalize(model.Clone(), new InputSpec { Name = "data" }, "bn.onnx");
        Assert.DoesNotContain(normalized.Graph.Node, n => n.OpType == "BatchNormalization");
        var rgb = Enumerable.Range(0, 3 * 32 * 32).Select(i => (float)((Math.Sin(i * 0.13) + 1) / 2)).ToArray();
        Assert.Equal(Run(model, "data", rgb, [relu])[0], Run(normalized, ModelNormalizer.ImageInput, rgb, [relu])[0]);
    }

    private static float[][] Run(ModelProto model, string input, float[] values, List<string> outputs)
    {
        using var session = new InferenceSession(model.ToByteArray());
        using var tensor = OrtValue.CreateTensorValueFromMemory(values, [1, 3, 32, 32]);
        using var results = session.Run(new RunOptions(), [input], [tensor], outputs);
        return results.Select(r => r.GetTensorDataAsSpan<float>().ToArray()).ToArray();
    }
}
