using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Min and Max, any number of broadcast inputs: g goes, element by element, to the last input that
/// equals the output, summed over that input's broadcast axes. Like ONNX Runtime's CPU kernel, which
/// on a tie returns the later operand (unless the earlier one is broadcast along the innermost axes),
/// this picks one input, so a tie never multiplies the gradient.
/// </summary>
internal sealed class MinMaxGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Min", "Max"];

    public void Backward(GradientContext c)
    {
        var g = c.Graph;
        var count = c.Node.Input.Count;
        var first = Enumerable.Range(0, count).FirstOrDefault(c.NeedsGradient, count);
        string? claimed = null; // where a later input equals the output
        for (var i = count - 1; i >= first; i--)
        {
            var equal = g.Op("Equal", [c.Input(i), c.Output(0)]);
            if (c.NeedsGradient(i))
            {
                var mine = claimed is null ? equal : g.Op("And", [equal, g.Op("Not", [claimed])]);
                c.SetInputGradient(i, g.Unbroadcast(g.Masked(mine, c.Gradient), c.Input(i), c.InputsOtherThan(i)));
            }
            if (i > first)
                claimed = claimed is null ? equal : g.Op("Or", [claimed, equal]);
        }
    }
}
