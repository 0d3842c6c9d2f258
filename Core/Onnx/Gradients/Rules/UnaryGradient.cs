using DeepDream.Core.Onnx.Graph;
using Onnx;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>An elementwise op y = f(x) whose gradient is g * f'(x), with f' written from x or y.</summary>
internal abstract class UnaryGradient : IGradientRule
{
    public abstract IReadOnlyList<string> OpTypes { get; }

    public void Backward(GradientContext c) =>
        c.SetInputGradient(0, c.Graph.Op("Mul", [c.Gradient, Slope(c.Graph, c.Node, c.Input(0), c.Output(0))]));

    /// <summary>f' at every element, from the input x or the output y.</summary>
    protected abstract string Slope(GraphEditor g, NodeProto node, string x, string y);
}
