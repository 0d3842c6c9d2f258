using System.Collections.Frozen;
using DeepDream.Core.Onnx.Gradients.Rules;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients;

/// <summary>The table of backward rules, looked up by op type.</summary>
public sealed class GradientRules
{
    public static GradientRules Standard { get; } = new([
        new ConvGradient(), new ConvTransposeGradient(), new ReluGradient(), new LeakyReluGradient(),
        new ClipGradient(), new SigmoidGradient(), new AddSubGradient(), new MulGradient(), new DivGradient(),
        new BatchNormalizationGradient(), new MaxPoolGradient(), new AveragePoolGradient(),
        new GlobalAveragePoolGradient(), new ConcatGradient(), new SplitGradient(), new SliceGradient(),
        new PadGradient(), new ReshapeGradient(), new TransposeGradient(), new LrnGradient(),
        new IdentityGradient(), new GemmGradient(), new MatMulGradient(), new SoftmaxGradient(), new PowGradient(),
        new ReduceSumGradient(), new ReduceMaxGradient(), new ReduceL2Gradient(), new GlobalMaxPoolGradient(),
        new LayerNormalizationGradient(), new InstanceNormalizationGradient(), new GroupNormalizationGradient(),
        new DepthToSpaceGradient(), new EinsumGradient(),
        new ExpandGradient(), new TileGradient(), new GatherGradient(), new ResizeGradient(),
        new SqrtGradient(), new ReciprocalGradient(), new ExpGradient(), new LogGradient(), new TanhGradient(),
        new ErfGradient(), new AbsGradient(), new NegGradient(),
        new SoftplusGradient(), new ExponentialLinearGradient(), new HardSigmoidGradient(), new HardSwishGradient(),
        new MishGradient(), new GeluGradient(), new PReluGradient(), new ThresholdedReluGradient(),
        new MinMaxGradient(), new SumMeanGradient(), new CastGradient(), new WhereGradient(),
    ]);

    private readonly FrozenDictionary<string, IGradientRule> byOpType;

    public GradientRules(IEnumerable<IGradientRule> rules) =>
        byOpType = rules.SelectMany(r => r.OpTypes.Select(op => KeyValuePair.Create(op, r))).ToFrozenDictionary();

    public IEnumerable<string> SupportedOps => byOpType.Keys.Order();

    public IGradientRule For(NodeProto node, string modelName) =>
        node.Domain is "" or "ai.onnx" && byOpType.TryGetValue(node.OpType, out var rule)
            ? rule
            : throw new ModelException(
                $"Cannot differentiate {node.OpType} node '{node.Name}' in model '{modelName}': no backward rule exists for op '{node.OpType}'" +
                (node.Domain is "" or "ai.onnx" ? "" : $" in domain '{node.Domain}'") +
                $". Supported ops: {string.Join(", ", SupportedOps)}.");
}
