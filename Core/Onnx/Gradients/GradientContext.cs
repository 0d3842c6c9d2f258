using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients;

/// <summary>What a rule sees of one forward node while the backward graph is written.</summary>
public sealed class GradientContext
{
    private readonly Func<string, string?> outputGradient;
    private readonly Func<string, bool> needsGradient;
    private readonly Action<string, string> addGradient;

    internal GradientContext(GraphEditor graph, NodeProto node, Func<string, string?> outputGradient,
        Func<string, bool> needsGradient, Action<string, string> addGradient)
    {
        Graph = graph;
        Node = node;
        this.outputGradient = outputGradient;
        this.needsGradient = needsGradient;
        this.addGradient = addGradient;
    }

    public GraphEditor Graph { get; }
    public NodeProto Node { get; }

    public string Input(int index) => Node.Input[index];
    public string Output(int index) => Node.Output[index];
    public bool HasInput(int index) => index < Node.Input.Count && Node.Input[index].Length > 0;

    /// <summary>The node's inputs but one: the operands an input was broadcast against.</summary>
    public string[] InputsOtherThan(int index) => Node.Input.Where((_, i) => i != index).ToArray();

    /// <summary>The summed gradient of an output, or null when nothing downstream depends on it.</summary>
    public string? OutputGradient(int index) => index < Node.Output.Count ? outputGradient(Node.Output[index]) : null;

    public string OutputGradientOrZeros(int index) => OutputGradient(index) ?? Graph.ZerosLike(Output(index));

    /// <summary>The gradient of output 0, which every single-output rule differentiates.</summary>
    public string Gradient => OutputGradient(0) ?? throw Unsupported("its first output has no gradient");

    /// <summary>True when the input lies on a path from the image to a target.</summary>
    public bool NeedsGradient(int index) => HasInput(index) && needsGradient(Node.Input[index]);

    public void SetInputGradient(int index, string gradient) => addGradient(Node.Input[index], gradient);

    /// <summary>Refuses inputs that the rule treats as constants (weights, shapes) when they depend on the image.</summary>
    public void RequireConstant(params int[] indices)
    {
        foreach (var i in indices)
            if (NeedsGradient(i))
                throw Unsupported($"input {i} ('{Input(i)}') depends on the image; only a constant is supported there");
    }

    public TensorProto RequireConstantValue(int index) =>
        Graph.Constant(Input(index)) ?? throw Unsupported($"input {index} ('{Input(index)}') must be a constant");

    public long[] Ints(string name, long[] fallback) => Node.GetInts(name) ?? fallback;

    public ModelException Unsupported(string why) =>
        new($"Cannot differentiate {Node.OpType} node '{Node.Name}' in model '{Graph.ModelName}': {why}.");
}
