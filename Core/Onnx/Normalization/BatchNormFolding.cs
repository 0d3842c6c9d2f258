using System.Numerics;
using DeepDream.Core.Onnx.Graph;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DeepDream.Core.Onnx.Normalization;

/// <summary>
/// Folds each inference-mode BatchNormalization that follows a Conv into the Conv's weights and
/// bias: W' = W * s, b' = (b - mean) * s + beta (or beta - mean * s without a bias), with
/// s = gamma / sqrt(var + epsilon) per output channel, computed in the weights' own precision in
/// the order ONNX Runtime's Conv+BatchNormalization fusion uses. The forward pass therefore runs
/// exactly as ONNX Runtime ran it before, and the backward pass needs no per-channel multiply
/// after each convolution's input gradient.
/// </summary>
internal static class BatchNormFolding
{
    public static void Apply(GraphEditor g)
    {
        var consumers = g.Graph.Node.SelectMany(n => n.Input).GroupBy(i => i).ToDictionary(x => x.Key, x => x.Count());
        var outputs = g.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var bn in g.Graph.Node.Where(n => n.OpType == "BatchNormalization").ToList())
        {
            if (g.Producer(bn.Input[0]) is not { OpType: "Conv" } conv || !Foldable(g, conv, bn, consumers, outputs))
                continue;
            var w = g.Constant(conv.Input[1])!;
            var type = (DataType)w.DataType;
            var (weights, bias) = type == DataType.Float
                ? Fold<float>(g, conv, bn, w)
                : Fold<double>(g, conv, bn, w);
            var channels = w.Dims[0];
            conv.Input[1] = g.AddConstant(type, w.Dims.ToArray(), weights, "folded_weights");
            if (conv.Input.Count < 3) conv.Input.Add("");
            conv.Input[2] = g.AddConstant(type, [channels], bias, "folded_bias");
            g.Remove(bn);
            conv.Output[0] = bn.Output[0];
            g.Reindex(conv);
        }
        g.RemoveUnusedInitializers();
    }

    private static bool Foldable(GraphEditor g, NodeProto conv, NodeProto bn, Dictionary<string, int> consumers, HashSet<string> outputs) =>
        bn.GetInt("training_mode", 0) == 0
        && bn.Output.Skip(1).All(o => o.Length == 0)
        && consumers.GetValueOrDefault(conv.Output[0]) == 1
        && !outputs.Contains(conv.Output[0])
        && g.Constant(conv.Input[1]) is { Dims.Count: >= 3 } w && w.DataType is (int)DataType.Float or (int)DataType.Double
        && (conv.Input.Count < 3 || conv.Input[2].Length == 0 || g.Constant(conv.Input[2]) is not null)
        && Enumerable.Range(1, 4).All(i => g.Constant(bn.Input[i]) is { } t && Tensors.ElementCount(t) == w.Dims[0]);

    /// <summary>The folded weights and bias, computed in T (the tensors' element type) step by step.</summary>
    private static (double[] Weights, double[] Bias) Fold<T>(GraphEditor g, NodeProto conv, NodeProto bn, TensorProto w)
        where T : IFloatingPointIeee754<T>
    {
        T[] Read(string name) => Tensors.ReadDoubles(g.Constant(name)!).Select(T.CreateChecked).ToArray();
        var (gamma, beta, mean, variance) = (Read(bn.Input[1]), Read(bn.Input[2]), Read(bn.Input[3]), Read(bn.Input[4]));
        var epsilon = T.CreateChecked(bn.GetFloat("epsilon", 1e-5f));
        var weights = Read(conv.Input[1]);
        var hasBias = conv.Input.Count > 2 && conv.Input[2].Length > 0;
        var bias = hasBias ? Read(conv.Input[2]) : null;
        var channels = (int)w.Dims[0];
        var perChannel = weights.Length / channels;
        var folded = new T[channels];
        for (var c = 0; c < channels; c++)
        {
            var scale = gamma[c] / T.Sqrt(variance[c] + epsilon);
            for (var i = 0; i < perChannel; i++)
                weights[c * perChannel + i] *= scale;
            folded[c] = bias is null ? beta[c] - mean[c] * scale : (bias[c] - mean[c]) * scale + beta[c];
        }
        return (weights.Select(double.CreateChecked).ToArray(), folded.Select(double.CreateChecked).ToArray());
    }
}
