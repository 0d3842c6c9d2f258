using DeepDream.Core.Onnx.Graph;

namespace DeepDream.Core.Onnx.Gradients.Rules;

/// <summary>
/// Einsum without ellipses or repeated indices in one operand: the gradient of operand k is the
/// Einsum of g with the other operands whose output is operand k's indices ("ij,jk->ik" gives A
/// "ik,jk->ij" and B "ik,ij->jk"). Indices that only operand k has were summed away; the gradient
/// is the same along them, so it is computed without them and expanded.
/// </summary>
internal sealed class EinsumGradient : IGradientRule
{
    public IReadOnlyList<string> OpTypes => ["Einsum"];

    public void Backward(GradientContext c)
    {
        var equation = c.Node.GetString("equation", "").Replace(" ", "");
        if (equation.Contains("..."))
            throw c.Unsupported("equations with an ellipsis are not supported");
        var sides = equation.Split("->");
        var operands = sides[0].Split(',');
        var output = sides.Length > 1 ? sides[1] : ImplicitOutput(operands);
        if (operands.Append(output).Any(term => term.Distinct().Count() != term.Length))
            throw c.Unsupported($"equation '{equation}' repeats an index within one term (a diagonal or trace)");

        var g = c.Graph;
        for (var k = 0; k < operands.Length; k++)
        {
            if (!c.NeedsGradient(k))
                continue;
            var others = Enumerable.Range(0, operands.Length).Where(i => i != k).ToArray();
            var indices = operands[k];
            var kept = string.Concat(indices.Where(index => output.Contains(index) || others.Any(i => operands[i].Contains(index))));
            var terms = string.Join(",", others.Select(i => operands[i]).Prepend(output));
            var gradient = g.Op("Einsum", [c.Gradient, .. others.Select(c.Input)], Attributes.String("equation", $"{terms}->{kept}"));
            if (kept.Length < indices.Length)
            {
                var summed = Enumerable.Range(0, indices.Length).Where(a => !kept.Contains(indices[a])).Select(a => (long)a).ToArray();
                gradient = g.Op("Expand", [g.Op("Unsqueeze", [gradient, g.Int64s(summed)]), g.Shape(c.Input(k))]);
            }
            c.SetInputGradient(k, gradient);
        }
    }

    /// <summary>Without "->", the output holds the indices that occur once, in alphabetical order.</summary>
    private static string ImplicitOutput(string[] operands) =>
        string.Concat(string.Concat(operands).GroupBy(index => index).Where(group => group.Count() == 1).Select(group => group.Key).Order());
}
