namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// What the Reduce* rules share: the node's <see cref="ReductionAttributes"/>, and the gradient
/// passed through unchanged when the node reduces nothing.
/// </summary>
internal abstract class ReductionGradient : IGradientRule
{
    public abstract IReadOnlyList<string> OpTypes { get; }

    public void Backward(GradientContext c)
    {
        var reduction = ReductionAttributes.Read(c);
        c.SetInputGradient(0, reduction is null ? c.Gradient : InputGradient(c, reduction, reduction.Kept(c.Graph, c.Gradient)));
    }

    /// <param name="gradient">The output's gradient with the reduced axes kept as size 1.</param>
    protected abstract string InputGradient(GradientContext c, ReductionAttributes reduction, string gradient);
}
