using DeepDream.Core.Onnx.Normalization;
using DeepDream.Tests.Support;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using A = DeepDream.Core.Onnx.Graph.Attributes;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Tests.Onnx;

/// <summary>The standard-op expansion used for even-size LRN computes what ONNX Runtime's LRN computes.</summary>
public sealed class LrnExpansionTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void The_expansion_matches_onnx_runtime_lrn_on_odd_sizes(long size)
    {
        var graph = new TestGraph(DataType.Float, channels: 3);
        var scaled = graph.Op("Mul", [graph.Input, graph.Constant([], [7])]);
        var reference = graph.Op("LRN", [scaled], A.Int("size", size), A.Float("alpha", 0.3f), A.Float("beta", 0.75f), A.Float("bias", 2f));
        var expanded = graph.Op("LRN", [scaled], A.Int("size", size), A.Float("alpha", 0.3f), A.Float("beta", 0.75f), A.Float("bias", 2f));
        EvenLrnExpansion.Expand(graph.Editor, graph.Editor.Producer(expanded)!);
        graph.Model.Graph.Output.Add(new global::Onnx.ValueInfoProto { Name = reference });
        graph.Model.Graph.Output.Add(new global::Onnx.ValueInfoProto { Name = expanded });

        using var session = new InferenceSession(graph.Model.ToByteArray());
        var x = Enumerable.Range(0, 3 * 5 * 4).Select(i => (float)Math.Sin(i)).ToArray();
        using var input = OrtValue.CreateTensorValueFromMemory(x, [1, 3, 5, 4]);
        using var outputs = session.Run(new RunOptions(), ["image"], [input], [reference, expanded]);
        var (a, b) = (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
        for (var i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5f * Math.Max(1f, Math.Abs(a[i])), $"element {i}: {a[i]} vs {b[i]}");
    }
}
